package transcript

import "context"

// WordCount is how many words were spoken in the turns of one month, in
// one language, by one person: a row of a denominator for term trends. A
// word is a token of the index's tokenizer (package search), counted
// once per occurrence, whatever the turn's speaker.
type WordCount struct {
	Month    string // YYYY-MM of the document date; "" for undated documents
	Language string // the document's language
	Person   string // the turn's canonical person; "" when not asked for, or for anonymous turns
	Words    int64
}

// WordCounter is implemented by the engines that keep each turn's word
// count as derived data (computed when a version is stored).
type WordCounter interface {
	// WordCounts sums the words of the turns that q's filters and date
	// bounds select, as a search of q without its words would select
	// them (person: and speaker: select turns, other filters select
	// whole documents), by month and language, and also by person when
	// byPerson is set. q's words are ignored. It returns ErrInvalid for
	// a filter or date bound the archive cannot read.
	WordCounts(ctx context.Context, q *Query, byPerson bool) ([]WordCount, error)
}

// OccurrenceCount is how often a query's word or phrase occurs in the
// turns of one month, in one language, by one person: a row of the
// numerator of a term trend.
type OccurrenceCount struct {
	Month    string // YYYY-MM of the document date; "" for undated documents
	Language string // the document's language
	Person   string // the turn's canonical person; "" when not asked for, or for anonymous turns
	Hits     int64
	Turns    int64 // the matching turns
}

// OccurrenceCounter is implemented by the engines whose search index
// counts a word's occurrences in each unit, so that a trend need not
// read the text of every matching turn.
type OccurrenceCounter interface {
	// Occurrences counts the occurrences of q's word or phrase in the
	// turns q matches, as a concordance (package kwic) finds them, by
	// month and language, and by person when byPerson is set. ok is
	// false, with no error, when the engine cannot count q so (a query
	// of several words, a prefix, a phrase that may overlap itself, an
	// index not built yet): the caller then reads the turns.
	Occurrences(ctx context.Context, q *Query, byPerson bool) (counts []OccurrenceCount, ok bool, err error)
}
