package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
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
	// Each turn of the current version's JSON is a unit with the same
	// speaker, person, role and paragraph count, and no unit is more. (A
	// turn's text is the version's own: nothing to compare.)
	{Name: "units differ from the current versions' turns", SQL: `WITH want AS (
			SELECT d.doc, (t.value->>'index')::integer AS idx, t.value->>'speaker' AS speaker,
				t.value->>'person' AS person, t.value->>'role' AS role,
				json_array_length(t.value->'paragraphs') AS paragraphs
			FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version,
				json_array_elements(v.json->'turns') AS t),
		have AS (SELECT doc, idx, speaker::text, person::text, role::text, paragraphs FROM units WHERE idx > 0)
		SELECT 'document key ' || doc || ' turn ' || idx FROM (
			(SELECT * FROM want EXCEPT SELECT * FROM have) UNION (SELECT * FROM have EXCEPT SELECT * FROM want)) AS x`},
	// A turn's span, where it has one, holds the turn's object in the
	// current version's JSON, byte for byte. Each version is read once
	// (OFFSET 0 keeps the subquery from being inlined for every turn).
	{Name: "turns' spans do not hold them in the current versions", SQL: `SELECT 'document key ' || d.doc || ' turn ' || u.idx
		FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			CROSS JOIN LATERAL (SELECT convert_to(v.json::text, 'UTF8') AS b OFFSET 0) AS x
			CROSS JOIN LATERAL json_array_elements(v.json->'turns') AS t
			JOIN units AS u ON u.doc = d.doc AND u.idx = (t.value->>'index')::integer
		WHERE (u.text_at IS NULL) <> (u.text_len IS NULL)
			OR u.text_at IS NOT NULL AND substring(x.b FROM u.text_at + 1 FOR u.text_len) <> convert_to(t.value::text, 'UTF8')`},
	{Name: "document counts differ from units", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN (SELECT doc, count(*) AS n, sum(paragraphs) AS p FROM units WHERE idx > 0 GROUP BY doc) AS t ON t.doc = d.doc
		WHERE d.turns <> coalesce(t.n, 0) OR d.paragraphs <> coalesce(t.p, 0)`},
	{Name: "current version is not the latest", SQL: `SELECT d.id FROM documents AS d
		LEFT JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE v.hash IS DISTINCT FROM d.hash OR d.version <> (SELECT max(number) FROM versions WHERE doc = d.doc)`},
	{Name: "taxonomy differs from the current versions", SQL: `WITH want AS (
			SELECT d.doc, k.kind, x.term FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version,
				(VALUES ('geography', 'geography'), ('topic', 'topics'), ('person', 'persons'), ('section', 'published_in'))
					AS k (kind, field),
				json_array_elements_text(v.json->k.field) AS x (term))
		SELECT 'document key ' || doc || ' ' || kind || ' ' || term FROM (
			(SELECT * FROM want EXCEPT SELECT doc, kind::text, term::text FROM taxonomy)
			UNION (SELECT doc, kind::text, term::text FROM taxonomy EXCEPT SELECT * FROM want)) AS x`},
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
