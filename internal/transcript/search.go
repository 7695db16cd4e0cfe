package transcript

import "context"

// Sort orders of search results.
const (
	SortRelevance = "relevance" // best match first (the default)
	SortNewest    = "newest"    // latest document date first
	SortOldest    = "oldest"    // earliest document date first
)

// Search limits.
const (
	DefaultSearchLimit = 20  // documents per page when Limit is 0
	MaxSearchLimit     = 100 // the largest Limit accepted
	DefaultTurnsPerDoc = 3   // matching turns shown per document
	MaxTurnsPerDoc     = 50
	FacetSize          = 20 // values per facet (persons, topics, …)
)

// SearchRequest asks for one page of the results of a query.
//
// The empty query, a Query with neither Text nor Filters, lists every
// current document, or with From or To those dated within them. It gives
// the same Total, Documents, hits in the same order, pages and Facets as
// the filters lang:en lang:ru, which every document passes (though their
// cursors are not interchangeable). Package search's parser rejects an
// empty string: this form is how a caller asks for everything, such as a
// home page for the latest documents.
type SearchRequest struct {
	Query *Query
	// Sort is SortRelevance, SortNewest or SortOldest. "" means
	// SortRelevance, or SortNewest for a query without words (filters
	// only, or empty), which has nothing to rank by: SortRelevance given
	// explicitly then orders its matches as the engine sees fit.
	Sort        string
	Limit       int    // documents per page; 0 means DefaultSearchLimit
	TurnsPerDoc int    // matching turns shown per document; 0 means DefaultTurnsPerDoc
	Cursor      string // Next of the previous page; "" for the first page
	Facets      bool   // compute Facets for the whole result
}

// SearchResult is one page of search results, grouped by document. Its
// JSON form (the field tags) is what `rostrum search --json` prints.
//
// A match is a searchable unit: a turn, or a document's header (its title
// and lead). Total and Documents count the whole result, not the page.
type SearchResult struct {
	Total     int           `json:"total"`     // matching units
	Documents int           `json:"documents"` // matching documents
	Hits      []DocumentHit `json:"hits"`      // this page, in the requested order
	Next      string        `json:"next"`      // cursor of the next page; "" on the last page
	// RankedNewest is set when a relevance sort ranked only the newest
	// RankedNewest matching units, because more matched than an engine
	// ranks in one request; 0 when every match was ranked.
	RankedNewest int     `json:"ranked_newest,omitempty"`
	Facets       *Facets `json:"facets,omitempty"` // nil unless requested
}

// DocumentHit is a matching document and its best matching turns.
type DocumentHit struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Lead     string `json:"lead"`
	Date     string `json:"date"`
	Time     string `json:"time"`
	Section  string `json:"section"`
	Language string `json:"language"`
	Place    string `json:"place"`
	URL      string `json:"url"`
	// Header holds the marked title when the title or lead matched.
	Header *Snippet `json:"header"`
	// Matches counts the document's matching turns; Turns lists the best
	// of them, at most the request's TurnsPerDoc: for relevance the best
	// one first, then the others in document order; in document order
	// for the date sorts.
	Matches int       `json:"matches"`
	Turns   []TurnHit `json:"turns"`
}

// TurnHit is one matching turn.
type TurnHit struct {
	Index     int     `json:"index"`
	Speaker   string  `json:"speaker"`
	Person    string  `json:"person"`
	Role      string  `json:"role"`
	Permalink string  `json:"permalink"` // DOCID#tN
	Snippet   Snippet `json:"snippet"`
}

// Snippet is an excerpt of a text with the matching words marked.
type Snippet struct {
	Text  string   `json:"text"`
	Marks [][2]int `json:"marks"` // byte offsets [start, end) into Text, in order, not overlapping
}

// Facets counts the values of a whole result. Persons counts matching
// turns per speaker; Topics, Geography, Sections and Years count matching
// documents; Months counts matching units per month (the histogram).
type Facets struct {
	// Sampled is set when Persons, Topics, Geography and Sections count
	// only the newest Sampled matching units, because more matched than
	// an engine joins in one request; 0 when they count every match.
	// Years and Months always count every match.
	Sampled   int          `json:"sampled,omitempty"`
	Persons   []FacetCount `json:"persons"`
	Topics    []FacetCount `json:"topics"`
	Geography []FacetCount `json:"geography"`
	Sections  []FacetCount `json:"sections"`
	Years     []FacetCount `json:"years"`  // oldest first, every year with a match
	Months    []FacetCount `json:"months"` // YYYY-MM, oldest first, every month with a match
}

// FacetCount is a facet value and the number of matches that have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Searcher answers queries over an archive's current versions.
//
// A query of filters only lists the documents that pass them (their
// headers), or with person: or speaker: their matching turns; the empty
// query lists every document (see SearchRequest).
//
// Search returns an error wrapping ErrInvalid for a request it cannot
// answer: no Query, an unknown sort, a limit out of range, a cursor that
// is not its own, or a filter value that matches nothing in the archive
// (the error names the value and suggests the nearest known one).
// Implementations are safe for concurrent use.
type Searcher interface {
	Search(ctx context.Context, req *SearchRequest) (*SearchResult, error)
}
