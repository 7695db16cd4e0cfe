package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// termQueries count the documents of each term, most first, then by
// term; the dialect gives the one of sections.
func (s *Store) termQueries() map[string]string {
	return map[string]string{
		transcript.TermTopic: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'topic'
		GROUP BY term ORDER BY n DESC, term`,
		transcript.TermGeography: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'geography'
		GROUP BY term ORDER BY n DESC, term`,
		transcript.TermSection: s.d.TermSection,
	}
}

// Terms lists every term of a taxonomy kind with the number of current
// documents that carry it, as transcript.Catalog requires. An unknown
// kind is an error wrapping transcript.ErrInvalid.
func (s *Store) Terms(ctx context.Context, kind string) ([]transcript.FacetCount, error) {
	ts, err := Read(ctx, s, s.e.Read(), func() ([]transcript.FacetCount, error) { return s.listTerms(ctx, kind) })
	if err != nil {
		return nil, fmt.Errorf("%s: terms %q: %w", s.d.Name, kind, err)
	}
	return ts, nil
}

func (s *Store) listTerms(ctx context.Context, kind string) ([]transcript.FacetCount, error) {
	query, err := archive.TermQuery(s.termQueries(), kind)
	if err != nil {
		return nil, err
	}
	// The generation and the counts come from one snapshot, so a cached
	// list is never newer or older than the generation it is kept under.
	tx, err := s.e.ReadTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	gen, err := s.d.ReadGen(ctx, tx)
	if err != nil {
		return nil, err
	}
	return s.terms.Get(kind, gen, func() (archive.Rows, error) { return tx.QueryContext(ctx, query) })
}

// Generation returns the archive's change counter, which every Put that
// stores something moves (see transcript.Catalog).
func (s *Store) Generation(ctx context.Context) (int64, error) {
	db := s.e.Read()
	g, err := Read(ctx, s, db, func() (int64, error) { return s.d.ReadGen(ctx, db) })
	if err != nil {
		return 0, fmt.Errorf("%s: generation: %w", s.d.Name, err)
	}
	return g, nil
}

// ReadGen reads the archive's change counter.
func (d *Dialect) ReadGen(ctx context.Context, q Querier) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, d.ReadGeneration).Scan(&g)
	return g, err
}

// Persons lists every canonical person of the current versions, most
// turns first, then by name. Labels and roles are ordered by the number of
// turns that printed them, then alphabetically; First and Last are empty
// for a person seen only in undated documents.
func (s *Store) Persons(ctx context.Context) ([]transcript.Person, error) {
	ps, err := Read(ctx, s, s.e.Read(), func() ([]transcript.Person, error) { return s.persons(ctx, "") })
	if err != nil {
		return nil, fmt.Errorf("%s: persons: %w", s.d.Name, err)
	}
	return ps, nil
}

// Person returns the canonical person name, with the same fields as
// Persons gives, or an error wrapping transcript.ErrNotFound.
func (s *Store) Person(ctx context.Context, name string) (transcript.Person, error) {
	var ps []transcript.Person
	var err error
	if name != "" { // "" would list every person
		ps, err = Read(ctx, s, s.e.Read(), func() ([]transcript.Person, error) { return s.persons(ctx, name) })
	}
	if err == nil && len(ps) == 0 {
		err = transcript.ErrNotFound
	}
	if err != nil {
		return transcript.Person{}, fmt.Errorf("%s: person %q: %w", s.d.Name, name, err)
	}
	return ps[0], nil
}

// persons lists every person, or when name is not "" the person of that
// name only (none if there is no such person).
func (s *Store) persons(ctx context.Context, name string) ([]transcript.Person, error) {
	// One read transaction, so that labels match the persons listed.
	tx, err := s.e.ReadTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// is restricts a column to name, a seek in each table's primary key.
	is, args := func(string) string { return s.d.True }, []any{}
	if name != "" {
		is, args = func(column string) string { return column + " = ?" }, []any{name}
	}
	query := func(q string, args ...any) (archive.Rows, error) { return tx.QueryContext(ctx, s.d.Q(q), args...) }
	return archive.Persons(query, archive.PersonsSQL{
		Persons: `SELECT name, turns, documents, coalesce(first_date, ''), coalesce(last_date, '')
			FROM persons WHERE ` + is("name") + ` ORDER BY turns DESC, name`,
		Labels: `SELECT person, label FROM person_labels WHERE ` + is("person") + `
			GROUP BY person, label ORDER BY person, sum(turns) DESC, label`,
		Roles: `SELECT person, role FROM person_labels WHERE role <> '' AND ` + is("person") + ` GROUP BY person, role
			ORDER BY person, sum(turns) DESC, role`,
	}, args...)
}

// Stats summarises the archive's current versions, in one read
// transaction. ByYear is ordered by year with "unknown" last; BySection and
// ByLanguage are ordered by count, largest first, then by key.
func (s *Store) Stats(ctx context.Context) (transcript.Stats, error) {
	st, err := Read(ctx, s, s.e.Read(), func() (transcript.Stats, error) { return s.stats(ctx) })
	if err != nil {
		return transcript.Stats{}, fmt.Errorf("%s: stats: %w", s.d.Name, err)
	}
	return st, nil
}

func (s *Store) stats(ctx context.Context) (transcript.Stats, error) {
	tx, err := s.e.ReadTx(ctx)
	if err != nil {
		return transcript.Stats{}, err
	}
	defer tx.Rollback()

	query := func(q string, args ...any) (archive.Rows, error) { return tx.QueryContext(ctx, q, args...) }
	return archive.Stats(query, archive.StatsSQL{
		Totals:   `SELECT count(*), coalesce(sum(turns), 0), coalesce(sum(paragraphs), 0) FROM documents`,
		Versions: `SELECT count(*) FROM versions`,
		Persons:  `SELECT count(*) FROM persons`,
		RawBytes: `SELECT CAST(coalesce(sum(size), 0) AS bigint) FROM raw_inputs`,
		Unresolved: `SELECT speaker, count(*) FROM ` + s.d.Turns + `
			WHERE speaker IS NOT NULL AND person IS NULL GROUP BY speaker`,
		ByYear: `SELECT year, n FROM (SELECT coalesce(substr(date, 1, 4), 'unknown') AS year, count(*) AS n
			FROM documents GROUP BY 1) AS y ORDER BY year = 'unknown', year`,
		BySection: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'section'
			GROUP BY term ORDER BY n DESC, term`,
		ByLanguage: `SELECT language, count(*) AS n FROM documents
			GROUP BY language ORDER BY n DESC, language`,
	})
}

// distinct is a statement of the distinct values of an indexed column,
// which skips from one value to the next, one index seek each, instead of
// scanning every row.
func distinct(table, column, where string) string {
	return fmt.Sprintf(`WITH RECURSIVE v(x) AS (
		SELECT min(%[2]s) FROM %[1]s WHERE %[2]s IS NOT NULL AND %[3]s
		UNION ALL SELECT (SELECT min(%[2]s) FROM %[1]s WHERE %[2]s > v.x AND %[3]s) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL`, table, column, where)
}

// LoadVocab reads the archive's vocabulary (see archive.Vocab).
func (d *Dialect) LoadVocab(ctx context.Context, q Querier) (*search.Vocab, error) {
	query := func(s string, args ...any) (archive.Rows, error) { return q.QueryContext(ctx, s, args...) }
	return archive.LoadVocab(query, archive.VocabSQL{
		Names: `SELECT p.name, l.label FROM persons AS p
			LEFT JOIN person_labels AS l ON l.person = p.name ORDER BY p.turns DESC, p.name`,
		Labels:    distinct(d.Turns, "speaker", "person IS NULL"),
		Terms:     distinct("taxonomy", "term", d.Q("kind = ?1")),
		Sections:  distinct("documents", "section", d.True),
		Overrides: sqlPersonOverrides,
	})
}

const sqlPersonOverrides = `SELECT value FROM settings WHERE key = 'persons_overrides'`

// PersonOverrides returns the person registry's overrides file as the
// archive keeps it, "" when none was applied (transcript.Catalog).
func (s *Store) PersonOverrides(ctx context.Context) (string, error) {
	db := s.e.Read()
	text, err := Read(ctx, s, db, func() (string, error) {
		var text string
		err := db.QueryRowContext(ctx, sqlPersonOverrides).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return text, err
	})
	if err != nil {
		return "", fmt.Errorf("%s: person overrides: %w", s.d.Name, err)
	}
	return text, nil
}

// SetPersonOverrides keeps text as the person registry's overrides file
// ("" removes it) and moves the archive's generation, so that every
// reader's vocabulary and cached pages see the change
// (transcript.PersonEditor).
func (s *Store) SetPersonOverrides(ctx context.Context, text string) error {
	err := s.retryWrite(ctx, func() (err error) {
		tx, err := s.e.WriteTx(ctx)
		if err != nil {
			return err
		}
		defer func() {
			if err != nil {
				err = Rollback(tx, err)
			}
		}()
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'persons_overrides'`)
		} else {
			_, err = tx.ExecContext(ctx, s.d.Q(`INSERT INTO settings (key, value) VALUES ('persons_overrides', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`), s.d.text(text))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.Generation); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return fmt.Errorf("%s: set person overrides: %w", s.d.Name, err)
	}
	if s.e.Changed != nil {
		s.e.Changed()
	}
	return nil
}
