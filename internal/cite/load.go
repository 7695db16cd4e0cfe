package cite

import (
	"context"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Source is what Load reads of an archive.
type Source interface {
	Versions(ctx context.Context, id string) ([]transcript.Version, error)
	DocumentVersion(ctx context.Context, id string, n int) (*transcript.Document, error)
	transcript.CrawlLog
	archive.PersonSource
}

// VersionError is Load's error for a version the document does not have.
type VersionError struct {
	ID             string
	Version, Count int // the version asked for, and how many there are
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("%s has no version %d; it has %d", e.ID, e.Version, e.Count)
}

// Load reads what a citation of turn (0: the whole document) of version
// (0: the current one) of document id needs from src: the document as it
// was, its permalink under base, when it was accessed, and for a turn the
// speaker's name as the person registry shows it. An unknown id is
// transcript.ErrNotFound, a version the document lacks a *VersionError.
func Load(ctx context.Context, src Source, id string, turn, version int, base string) (Work, error) {
	versions, err := src.Versions(ctx, id)
	if err != nil {
		return Work{}, err
	}
	if version == 0 {
		version = len(versions)
	}
	if version > len(versions) {
		return Work{}, &VersionError{ID: id, Version: version, Count: len(versions)}
	}
	doc, err := src.DocumentVersion(ctx, id, version)
	if err != nil {
		return Work{}, err
	}
	w := Work{Doc: doc, Turn: turn, Version: version, Permalink: Permalink(base, id, turn, version)}
	if w.Accessed, w.AccessedFrom, err = Accessed(ctx, src, doc, versions[version-1]); err != nil {
		return Work{}, err
	}
	for _, t := range doc.Turns {
		if t.Index == turn && t.Person != "" {
			people, err := archive.LoadPeople(ctx, src)
			if err != nil {
				return Work{}, err
			}
			w.Author = people.Registry.Canonical(t.Person)
		}
	}
	return w, nil
}
