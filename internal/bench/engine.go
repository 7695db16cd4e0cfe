package bench

import (
	"context"
	"fmt"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/transcript"
)

// openArchive opens the archive at dsn. With fresh it starts from an
// empty archive: a SQLite file is deleted first, while a PostgreSQL
// archive is never emptied by the benchmark (it may be somebody's data):
// it must hold no documents, or the run stops with a message saying how
// to give it an empty schema.
func openArchive(ctx context.Context, dsn string, fresh bool) (transcript.Archive, error) {
	if fresh && !engine.IsPostgres(dsn) {
		if err := engine.Remove(dsn); err != nil {
			return nil, err
		}
	}
	s, err := engine.Open(ctx, dsn, engine.Options{})
	if err != nil {
		return nil, err
	}
	if fresh && engine.IsPostgres(dsn) {
		st, err := s.Stats(ctx)
		if err != nil {
			s.Close()
			return nil, err
		}
		if st.Documents > 0 {
			s.Close()
			return nil, fmt.Errorf("%s already holds %d documents; bench will not delete them: give it an empty database, or an empty schema with ?search_path=NAME on the URL, or use --reuse to query them as they are",
				engine.Display(dsn), st.Documents)
		}
	}
	return s, nil
}
