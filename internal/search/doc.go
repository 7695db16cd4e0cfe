// Package search turns what users type into queries, tokenizes text for the
// full-text index and builds snippets.
//
// [ParseQuery] documents the query language; engines receive the
// resulting [transcript.Query].
package search
