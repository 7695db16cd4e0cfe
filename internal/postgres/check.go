package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// IntegrityCheck verifies that every derived table (units, taxonomy,
// persons, labels and first/last dates) matches the current versions it is
// derived from, that each document's current version is its latest, and
// that the search index is of this program's format and holds every unit.
// The server keeps its own pages and constraints; this checks Rostrum's.
// It reads the whole archive, so it takes time in proportion to its size.
// A problem is reported as an error listing what was found.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	problems, err := retryRead(ctx, s, s.read, func() ([]string, error) { return s.integrityCheck(ctx) })
	if err != nil {
		return fmt.Errorf("postgres: integrity check %s: %w", s.name, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("postgres: integrity check %s: %s", s.name, strings.Join(problems, "; "))
	}
	return nil
}

// sqlBaseKey is the key of a document's header unit, as archive.UnitKey computes
// it, for documents AS d.
const sqlBaseKey = `((CASE WHEN d.date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
		AND substr(d.date, 1, 4)::integer BETWEEN 1900 AND 2154
	THEN ((substr(d.date, 1, 4)::bigint - 1899) << 9) | (substr(d.date, 6, 2)::bigint << 5) | substr(d.date, 9, 2)::bigint
	ELSE 0 END << 46) | (d.doc << 14))`

// derivedChecks are queries that return one row per inconsistency.
var derivedChecks = []archive.Check{
	{Name: "units not keyed by their document's date", SQL: `SELECT 'unit ' || u.key FROM units AS u JOIN documents AS d ON d.doc = u.doc
		WHERE u.key <> ` + sqlBaseKey + ` | u.idx`},
	{Name: "documents without a header unit", SQL: `SELECT d.id FROM documents AS d
		WHERE NOT EXISTS (SELECT 1 FROM units AS u WHERE u.doc = d.doc AND u.idx = 0)`},
	{Name: "document counts differ from units", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN (SELECT doc, count(*) AS n, sum(paragraphs) AS p FROM units WHERE idx > 0 GROUP BY doc) AS t ON t.doc = d.doc
		WHERE d.turns <> coalesce(t.n, 0) OR d.paragraphs <> coalesce(t.p, 0)`},
	{Name: "current version is not the latest", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE v.hash IS DISTINCT FROM d.hash OR d.version <> (SELECT max(number) FROM versions WHERE doc = d.doc)`},
	{Name: "persons differ from units", SQL: `WITH t AS (
			SELECT u.person AS name, count(*) AS turns, count(DISTINCT u.doc) AS documents,
				min(d.date) AS first_date, max(d.date) AS last_date
			FROM units AS u JOIN documents AS d ON d.doc = u.doc WHERE u.person IS NOT NULL GROUP BY u.person)
		SELECT name FROM (
			(SELECT * FROM t EXCEPT SELECT name, turns, documents, first_date, last_date FROM persons)
			UNION (SELECT name, turns, documents, first_date, last_date FROM persons EXCEPT SELECT * FROM t)) AS x`},
	{Name: "person labels differ from units", SQL: `WITH t AS (
			SELECT person, speaker AS label, coalesce(role, '') AS role, count(*) AS turns
			FROM units WHERE person IS NOT NULL GROUP BY 1, 2, 3)
		SELECT person FROM (
			(SELECT * FROM t EXCEPT SELECT person, label, role, turns FROM person_labels)
			UNION (SELECT person, label, role, turns FROM person_labels EXCEPT SELECT * FROM t)) AS x`},
	{Name: "person documents differ from units", SQL: `WITH t AS (
			SELECT u.person, u.doc, d.date, count(*) AS turns
			FROM units AS u JOIN documents AS d ON d.doc = u.doc WHERE u.person IS NOT NULL GROUP BY u.person, u.doc, d.date)
		SELECT person FROM (
			(SELECT * FROM t EXCEPT SELECT person, doc, date, turns FROM person_documents)
			UNION (SELECT person, doc, date, turns FROM person_documents EXCEPT SELECT * FROM t)) AS x`},
}

func (s *Store) integrityCheck(ctx context.Context) ([]string, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	bad, err := archive.RunChecks(derivedChecks, func(query string) ([]string, error) { return column(ctx, tx, query) })
	if err != nil {
		return nil, err
	}
	vp, err := checkVersions(ctx, tx)
	if err != nil {
		return nil, err
	}
	bad = append(bad, vp...)
	ixp, err := s.checkIx(ctx, tx)
	if err != nil {
		return nil, err
	}
	return append(bad, ixp...), nil
}

// column runs a query of one text column.
func column(ctx context.Context, tx *sql.Tx, query string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return archive.Strings(rows)
}

// checkBatch is how many documents checkVersions reads at a time.
const checkBatch = 500

// checkVersions compares what is derived from each current version with
// the version itself, which SQL cannot read (it is packed): each turn is
// a unit with the same speaker, person, role and paragraph count, and no
// unit is more; a turn's span, where it has one, reads the turn's text
// as a snippet reads it (sqlSpanBytes); the taxonomy holds the version's
// terms and no others. It reads every current version once, a batch of
// documents at a time, and reports at most ten of each kind of problem.
func checkVersions(ctx context.Context, tx *sql.Tx) ([]string, error) {
	type unit struct {
		speaker, person, role string
		paragraphs            int
		sp                    *span
		b                     []byte
	}
	var units, spans, taxonomy []string
	for last := int64(0); ; {
		var keys []int64
		docs := map[int64]*transcript.Document{}
		ids := map[int64]string{}
		rows, err := tx.QueryContext(ctx, `SELECT d.doc, d.id, v.json FROM documents AS d
			JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			WHERE d.doc > $1 ORDER BY d.doc LIMIT $2`, last, checkBatch)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key int64
			var id string
			var js []byte
			if err := rows.Scan(&key, &id, &js); err != nil {
				rows.Close()
				return nil, err
			}
			keys, ids[key] = append(keys, key), id
			doc, err := archive.Decode(js)
			if err != nil {
				units = append(units, fmt.Sprintf("document %s: %v", id, err))
				continue
			}
			docs[key] = doc
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			break
		}
		last = keys[len(keys)-1]

		have := map[int64]map[int]*unit{}
		rows, err = tx.QueryContext(ctx, `SELECT u.doc, u.idx, coalesce(u.speaker, ''), coalesce(u.person, ''), coalesce(u.role, ''),
				u.paragraphs, u.text_at, u.text_skip, u.text_len, CASE WHEN u.text_at IS NULL THEN NULL ELSE `+sqlSpanBytes+` END
			FROM units AS u JOIN documents AS d ON d.doc = u.doc
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			WHERE u.doc = ANY ($1) AND u.idx > 0`, keys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key int64
			var idx int
			var at, skip, n sql.NullInt32
			u := new(unit)
			if err := rows.Scan(&key, &idx, &u.speaker, &u.person, &u.role, &u.paragraphs, &at, &skip, &n, &u.b); err != nil {
				rows.Close()
				return nil, err
			}
			if at.Valid != n.Valid {
				spans = append(spans, fmt.Sprintf("document %s turn %d: half a span", ids[key], idx))
			} else if at.Valid {
				u.sp = &span{at: at.Int32, skip: -1, n: n.Int32}
				if skip.Valid {
					u.sp.skip = skip.Int32
				}
			}
			if have[key] == nil {
				have[key] = map[int]*unit{}
			}
			have[key][idx] = u
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		terms := map[int64]map[archive.Term]bool{}
		rows, err = tx.QueryContext(ctx, `SELECT doc, kind, term FROM taxonomy WHERE doc = ANY ($1)`, keys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key int64
			var t archive.Term
			if err := rows.Scan(&key, &t.Kind, &t.Term); err != nil {
				rows.Close()
				return nil, err
			}
			if terms[key] == nil {
				terms[key] = map[archive.Term]bool{}
			}
			terms[key][t] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}

		for _, key := range keys {
			doc := docs[key]
			if doc == nil {
				continue
			}
			us := have[key]
			for _, t := range doc.Turns {
				u := us[t.Index]
				delete(us, t.Index)
				if u == nil || u.speaker != t.Speaker || u.person != t.Person || u.role != t.Role || u.paragraphs != len(t.Paragraphs) {
					units = append(units, fmt.Sprintf("document key %d turn %d", key, t.Index))
					continue
				}
				if u.sp == nil {
					continue
				}
				text, err := spanText(u.b, *u.sp, t.Index)
				if err != nil {
					spans = append(spans, fmt.Sprintf("document %s: %v", ids[key], err))
				} else if text != strings.Join(t.Paragraphs, "\n\n") {
					spans = append(spans, fmt.Sprintf("document %s turn %d: its span does not read its text", ids[key], t.Index))
				}
			}
			for idx := range us {
				units = append(units, fmt.Sprintf("document key %d turn %d", key, idx))
			}
			ts := terms[key]
			for _, t := range archive.Terms(doc) {
				if !ts[t] {
					taxonomy = append(taxonomy, fmt.Sprintf("document key %d %s %s", key, t.Kind, t.Term))
				}
				delete(ts, t)
			}
			for t := range ts {
				taxonomy = append(taxonomy, fmt.Sprintf("document key %d %s %s", key, t.Kind, t.Term))
			}
		}
	}
	var problems []string
	for _, c := range []struct {
		name  string
		found []string
	}{
		{"units differ from the current versions' turns", units},
		{"turns' spans do not hold them in the current versions", spans},
		{"taxonomy differs from the current versions", taxonomy},
	} {
		if len(c.found) > 0 {
			problems = append(problems, c.name+": "+strings.Join(c.found[:min(len(c.found), 10)], ", "))
		}
	}
	return problems, nil
}
