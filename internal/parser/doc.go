// Package parser holds what every source format's parser shares: the
// ParseError type, whitespace and date normalisation, speaker-label
// resolution (label → canonical person and role), stage-direction notes,
// language detection, and Finish, which turns a parser's raw turns into a
// valid transcript.Document the same way for every format.
//
// Each source format lives in its own subpackage (kremlintext, kremlinhtml,
// jsondoc) and imports this one; the subpackages never import each other.
package parser
