package transcript

import (
	"context"
	"iter"
	"time"
)

// Raw is the input a document was parsed from, kept so that a better parser
// can re-derive the document later without the original file.
type Raw struct {
	Origin string // file path, URL or "-" for standard input
	Format string // parser name, e.g. "kremlin-text"
	Bytes  []byte
	// StoredAt, when set, is the time to record as the stored time of the
	// version that a Put writes from this input; zero means now. A copy
	// of an archive sets it to keep each version's time. RawInput leaves
	// it zero.
	StoredAt time.Time
}

// StoredTime is the time to record for a version written from r: its
// StoredAt, or now() when that is zero.
func (r Raw) StoredTime(now func() time.Time) time.Time {
	if r.StoredAt.IsZero() {
		return now()
	}
	return r.StoredAt
}

// PutStatus says what a Put did.
type PutStatus int

// Put outcomes.
const (
	Inserted  PutStatus = iota + 1 // a new document
	Updated                        // a changed document: a new version, the old one kept in history
	Unchanged                      // identical to the current version: nothing written
)

func (s PutStatus) String() string {
	switch s {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// PutResult reports the outcome of a Put.
type PutResult struct {
	Status  PutStatus
	Version int // the document's current version number, from 1
}

// Version is one stored version of a document.
type Version struct {
	Number    int
	Hash      string // hex SHA-256 of the document's canonical JSON
	RawHash   string // hex SHA-256 of the raw input
	Origin    string
	Format    string
	StoredAt  time.Time
	Turns     int
	Paragraph int
	Cause     string // why it was stored: CauseFirst, CauseEdit, CauseRendering or CauseRederived
}

// The causes of a version. Only an edit means that the source changed what
// it publishes; the archive keeps the other versions too, since they
// keep a raw input or a better parse, but they are not edits.
const (
	CauseFirst     = "first"     // the document's first version
	CauseEdit      = "edit"      // the source changed its text or metadata
	CauseRendering = "rendering" // another rendering (text dump, HTML, print view) of the same content
	CauseRederived = "rederived" // the same raw input parsed again, by a newer parser
)

// Edit reports whether v records an edit at the source.
func (v Version) Edit() bool { return v.Cause == CauseEdit }

// Edit is a version that records an edit at the source (Version.Edit).
type Edit struct {
	ID       string    // the document
	Number   int       // the version
	StoredAt time.Time // when the archive stored it
}

// EditLog lists the edits of a whole archive. Both engines implement
// it; a caller that has a Store without it reads every document's
// Versions instead.
type EditLog interface {
	// Edits returns the archive's edits at the source, newest stored
	// first (then by id and number), at most limit of them (0: all).
	Edits(ctx context.Context, limit int) ([]Edit, error)
}

// Edits counts the versions that record an edit at the source.
func Edits(vs []Version) int {
	n := 0
	for _, v := range vs {
		if v.Edit() {
			n++
		}
	}
	return n
}

// Person is a canonical speaker with every label and role seen for them.
type Person struct {
	Name      string
	Variants  []string // other names the documents give this person (the person registry's merges), most turns first
	Labels    []string // distinct labels as printed, most used first
	Roles     []string // distinct roles, most used first
	Turns     int
	Documents int
	First     string // date of first appearance, YYYY-MM-DD or empty
	Last      string // date of last appearance
}

// Count is a named number, for the breakdowns in Stats.
type Count struct {
	Key string
	N   int
}

// Stats summarises an archive.
type Stats struct {
	Documents  int
	Versions   int // stored versions, current ones included
	Turns      int
	Paragraphs int
	Persons    int
	// UnresolvedTurns counts labelled turns whose speaker is neither an
	// anonymous one (Question, Remark, …) nor resolved to a person.
	UnresolvedTurns int
	ByYear          []Count // by event date; "unknown" for undated documents
	BySection       []Count // by published_in section
	ByLanguage      []Count
	RawBytes        int64 // raw input kept, uncompressed
}

// Store is an archive of documents. Implementations are safe for concurrent
// use by multiple goroutines.
type Store interface {
	// Put stores doc, parsed from raw, in one transaction. A document whose
	// canonical JSON equals the current version's is Unchanged; one that
	// differs becomes a new current version, the old one kept. It returns
	// ErrInvalid (wrapped) when doc fails Validate.
	Put(ctx context.Context, doc *Document, raw Raw) (PutResult, error)
	// PutBatch stores several documents, doc i parsed from raws[i], in one
	// transaction, each as Put would store it and under its own savepoint:
	// a document that fails is rolled back alone and the rest commit
	// together. It returns one result and one error (nil on success) per
	// document, in order. Bulk ingest uses it to commit once per batch.
	// Concurrent calls write in the order they were made (each may
	// prepare its documents meanwhile), so an ingest may keep a batch
	// being written while it hands over the next.
	PutBatch(ctx context.Context, docs []*Document, raws []Raw) ([]PutResult, []error)
	// Document returns the current version of a document, or ErrNotFound.
	Document(ctx context.Context, id string) (*Document, error)
	// Documents yields the current version of every document, ordered by
	// date then id. Stop early by breaking out of the loop.
	Documents(ctx context.Context) iter.Seq2[*Document, error]
	// Versions lists a document's versions, oldest first, or ErrNotFound.
	Versions(ctx context.Context, id string) ([]Version, error)
	// DocumentVersion returns version n of a document, or ErrNotFound.
	DocumentVersion(ctx context.Context, id string, n int) (*Document, error)
	// RawInput returns the raw input of version n of a document, or ErrNotFound.
	RawInput(ctx context.Context, id string, n int) (Raw, error)
	// Persons lists every canonical person, most turns first.
	Persons(ctx context.Context) ([]Person, error)
	// Stats summarises the archive.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store's resources.
	Close() error
}
