package transcript

import "context"

// Taxonomy kinds, for Catalog.Terms.
const (
	TermTopic     = "topic"
	TermGeography = "geography"
	TermSection   = "section" // a published_in entry or a breadcrumb section
)

// Catalog lists what an archive holds, for browsing it: the web site's
// index pages and the JSON API.
type Catalog interface {
	// Terms lists every taxonomy term of a kind (TermTopic, TermGeography
	// or TermSection) with the number of current documents that carry
	// it, most documents first, then by term. An unknown kind is
	// ErrInvalid.
	Terms(ctx context.Context, kind string) ([]FacetCount, error)
	// Person returns one canonical person by exact name, or ErrNotFound.
	Person(ctx context.Context, name string) (Person, error)
	// PersonOverrides returns the person registry's overrides file (see
	// package persons) as the archive keeps it, "" when none was applied.
	PersonOverrides(ctx context.Context) (string, error)
	// DocumentsAt maps source URLs to the ids of the current documents
	// published at them; URLs the archive does not hold are absent.
	DocumentsAt(ctx context.Context, urls []string) (map[string]string, error)
	// Generation returns the archive's change counter: a number that
	// moves whenever a document is added or changed, and stays when a
	// Put changes nothing. Readers that cache answers (the web server)
	// compare it to tell that an answer is stale.
	Generation(ctx context.Context) (int64, error)
}

// PersonEditor keeps the person registry's overrides file in the archive.
type PersonEditor interface {
	// SetPersonOverrides keeps text ("" for none), which the caller has
	// checked, and moves the archive's generation so that readers see it.
	SetPersonOverrides(ctx context.Context, text string) error
}
