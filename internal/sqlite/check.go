package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
)

// IntegrityCheck verifies the archive: SQLite's own integrity_check and
// foreign_key_check, then that every derived table (turns, taxonomy counts,
// persons, labels and first/last dates) matches the current versions it is
// derived from, and that each document's current version is its latest.
// It reads the whole archive, so it takes time in proportion to its size.
// A problem is reported as an error listing what was found.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	problems, err := s.integrityCheck(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: integrity check %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: integrity check %s: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// derivedChecks are queries that return one row per inconsistency.
var derivedChecks = []archive.Check{
	{Name: "turns not keyed by their search unit", SQL: `SELECT 'turn ' || t.turn FROM turns AS t JOIN documents AS d ON d.doc = t.doc
		WHERE t.turn <> (CASE WHEN d.date IS NOT NULL AND substr(d.date, 1, 4) BETWEEN '1900' AND '2154'
			THEN ((CAST(substr(d.date, 1, 4) AS INTEGER) - 1899) << 9) | (CAST(substr(d.date, 6, 2) AS INTEGER) << 5)
				| CAST(substr(d.date, 9, 2) AS INTEGER)
			ELSE 0 END << 46) | (d.doc << 14) | t.idx`},
	{Name: "document counts differ from turns", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN (SELECT doc, count(*) AS n, sum(paragraphs) AS p FROM turns GROUP BY doc) AS t ON t.doc = d.doc
		WHERE d.turns <> coalesce(t.n, 0) OR d.paragraphs <> coalesce(t.p, 0)`},
	{Name: "current version is not the latest", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE v.hash IS NOT d.hash OR d.version <> (SELECT max(number) FROM versions WHERE doc = d.doc)`},
	{Name: "persons differ from turns", SQL: `SELECT name FROM (
		SELECT t.person AS name, count(*), count(DISTINCT t.doc), min(d.date), max(d.date)
			FROM turns AS t JOIN documents AS d ON d.doc = t.doc WHERE t.person IS NOT NULL GROUP BY t.person
		EXCEPT SELECT name, turns, documents, first_date, last_date FROM persons)
		UNION SELECT name FROM (
		SELECT name, turns, documents, first_date, last_date FROM persons
		EXCEPT SELECT t.person, count(*), count(DISTINCT t.doc), min(d.date), max(d.date)
			FROM turns AS t JOIN documents AS d ON d.doc = t.doc WHERE t.person IS NOT NULL GROUP BY t.person)`},
	{Name: "person labels differ from turns", SQL: `SELECT person FROM (
		SELECT person, speaker, coalesce(role, ''), count(*) FROM turns WHERE person IS NOT NULL GROUP BY 1, 2, 3
		EXCEPT SELECT person, label, role, turns FROM person_labels)
		UNION SELECT person FROM (
		SELECT person, label, role, turns FROM person_labels
		EXCEPT SELECT person, speaker, coalesce(role, ''), count(*) FROM turns WHERE person IS NOT NULL GROUP BY 1, 2, 3)`},
	{Name: "person documents differ from turns", SQL: `SELECT person FROM (
		SELECT t.person, t.doc, d.date, count(*) FROM turns AS t JOIN documents AS d ON d.doc = t.doc
			WHERE t.person IS NOT NULL GROUP BY t.person, t.doc
		EXCEPT SELECT person, doc, date, turns FROM person_documents)
		UNION SELECT person FROM (
		SELECT person, doc, date, turns FROM person_documents
		EXCEPT SELECT t.person, t.doc, d.date, count(*) FROM turns AS t JOIN documents AS d ON d.doc = t.doc
			WHERE t.person IS NOT NULL GROUP BY t.person, t.doc)`},
}

func (s *Store) integrityCheck(ctx context.Context) (problems []string, err error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	lines, err := column(ctx, tx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	if len(lines) != 1 || lines[0] != "ok" {
		problems = append(problems, lines...)
	}
	fks, err := column(ctx, tx, `SELECT "table" || ' row ' || coalesce(rowid, '?') || ' references missing ' || parent
		FROM pragma_foreign_key_check`)
	if err != nil {
		return nil, err
	}
	problems = append(problems, fks...)
	bad, err := archive.RunChecks(derivedChecks, func(query string) ([]string, error) { return column(ctx, tx, query) })
	if err != nil {
		return nil, err
	}
	problems = append(problems, bad...)
	spans, err := checkSpans(ctx, tx)
	if err != nil {
		return nil, err
	}
	problems = append(problems, spans...)
	ix, err := s.checkIx(ctx, tx)
	if err != nil {
		return nil, err
	}
	return append(problems, ix...), nil
}

// checkSpans verifies that the text each turn's span (text_at, text_skip,
// text_len) reads from its document's current version is that turn's
// text in the version: what snippets show. Turns stored before spans
// were kept have none, and snippets read their whole version. It reads
// every current version, a batch of documents at a time.
func checkSpans(ctx context.Context, tx *sql.Tx) ([]string, error) {
	type span struct {
		idx int
		sp  archive.TextSpan
	}
	var problems []string
	const batch = 500
	for last := int64(-1); ; {
		var next sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(doc) FROM (SELECT doc FROM documents WHERE doc > ? ORDER BY doc LIMIT ?)`,
			last, batch).Scan(&next); err != nil {
			return nil, err
		}
		if !next.Valid {
			return problems, nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT doc, idx, text_at, text_skip, text_len FROM turns
			WHERE doc > ? AND doc <= ? AND text_at IS NOT NULL`, last, next.Int64)
		if err != nil {
			return nil, err
		}
		spans := map[int64][]span{}
		for rows.Next() {
			var doc int64
			var t span
			if err := rows.Scan(&doc, &t.idx, &t.sp.At, &t.sp.Skip, &t.sp.Len); err != nil {
				rows.Close()
				return nil, err
			}
			spans[doc] = append(spans[doc], t)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if len(spans) > 0 {
			rows, err := tx.QueryContext(ctx, `SELECT d.doc, d.id, v.json FROM documents AS d
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version WHERE d.doc > ? AND d.doc <= ?`, last, next.Int64)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var doc int64
				var id string
				var js []byte
				if err := rows.Scan(&doc, &id, &js); err != nil {
					rows.Close()
					return nil, err
				}
				if spans[doc] == nil {
					continue
				}
				texts, err := archive.TurnTexts(js)
				if err != nil {
					problems = append(problems, fmt.Sprintf("document %s: %v", id, err))
					continue
				}
				for _, t := range spans[doc] {
					got, err := archive.ReadTurnText(js, t.sp, t.idx)
					if err != nil {
						problems = append(problems, fmt.Sprintf("document %s turn %d: %v", id, t.idx, err))
					} else if want, ok := texts[t.idx]; !ok || got != want {
						problems = append(problems, fmt.Sprintf("document %s turn %d: its span does not read its text", id, t.idx))
					}
				}
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
		}
		last = next.Int64
	}
}

// checkIx verifies the archive's own search index (ix.go): built with
// this format, holding exactly one live unit per document (its header)
// and per turn, keyed as archive.UnitKey keys them, and every posting
// list decoding with its positions.
func (s *Store) checkIx(ctx context.Context, tx *sql.Tx) ([]string, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, sqlExpectedUnits)
	if err != nil {
		return nil, err
	}
	want, err := archive.Int64s(rows)
	if err != nil {
		return nil, err
	}
	slices.Sort(want)
	return s.ix.Check(ctx, ix, tx, gen, want)
}

// sqlExpectedUnits lists the unit keys of every document and turn.
const sqlExpectedUnits = `WITH dated(doc, base) AS (
		SELECT doc, (CASE WHEN date IS NOT NULL AND substr(date, 1, 4) BETWEEN '1900' AND '2154'
			THEN ((CAST(substr(date, 1, 4) AS INTEGER) - 1899) << 9) | (CAST(substr(date, 6, 2) AS INTEGER) << 5)
				| CAST(substr(date, 9, 2) AS INTEGER)
			ELSE 0 END << 46) | (doc << 14) FROM documents)
	SELECT base FROM dated UNION ALL SELECT base | t.idx FROM turns AS t JOIN dated AS d ON d.doc = t.doc`

// column runs a query of one text column.
func column(ctx context.Context, tx *sql.Tx, query string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return archive.Strings(rows)
}
