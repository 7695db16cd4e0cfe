package postgres

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// sqlUndoTextOnce takes an archive at schema 7 back to schema 6, as far
// as migration 0007 can tell: the units' text, tsvector and filter
// tokens (empty, as the tsvector was only ever read by searches of the
// tsvector), their indexes and the turns view as 0001 made them, and no
// spans of the turns' text. The
// schema_migrations row is left to the caller.
const sqlUndoTextOnce = `DROP VIEW turns;
	ALTER TABLE units DROP COLUMN text_at, DROP COLUMN text_len;
	ALTER TABLE units ADD COLUMN text text, ADD COLUMN tsv tsvector NOT NULL DEFAULT '', ADD COLUMN meta text[] NOT NULL DEFAULT '{}';
	ALTER TABLE units ALTER COLUMN tsv DROP DEFAULT, ALTER COLUMN meta DROP DEFAULT;
	CREATE INDEX units_search ON units USING gin (tsv, meta);
	CREATE INDEX units_headers ON units (key) WHERE idx = 0;
	CREATE VIEW turns AS
		SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, text FROM units WHERE idx > 0;
	INSERT INTO settings (key, value) VALUES ('search_tokenizer', 'old');
	DELETE FROM settings WHERE key = 'turn_spans'`

// TestTextOnceMigration: an archive of schema 6, whose units hold the
// turns' text, a tsvector and filter tokens, migrates to 7, keeps every
// unit, passes the integrity check and searches as before, snippets and
// facets included, with the text read from the whole versions; then
// ensureSpans, as Open runs it, records every turn's span, and searches
// still find the same.
func TestTextOnceMigration(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	queries := []string{"talks", `"strategic partnership"`, "person:Tokayev CSTO", "переговоры", "lang:en", "-topic:energy meeting"}
	run := func() []*transcript.SearchResult {
		t.Helper()
		var out []*transcript.SearchResult
		for _, q := range queries {
			parsed, err := search.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: parsed, Facets: true, Sort: transcript.SortNewest})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			out = append(out, res)
		}
		return out
	}
	before := run()
	snippets := 0
	for _, res := range before {
		for _, h := range res.Hits {
			snippets += len(h.Turns)
		}
	}
	if snippets < 5 {
		t.Fatalf("%d turn snippets in the searches; the comparison needs some", snippets)
	}
	var units int
	if err := s.db.QueryRowContext(t.Context(), `SELECT count(*) FROM units`).Scan(&units); err != nil {
		t.Fatal(err)
	}
	// Back to schema 6, with each turn's text in units as 0006 kept it.
	if _, err := s.db.ExecContext(t.Context(), sqlUndoTextOnce+`;
		UPDATE units AS u SET text = (SELECT string_agg(p.value, E'\n\n' ORDER BY p.ordinality)
			FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version,
				json_array_elements(v.json->'turns') AS j, json_array_elements_text(j.value->'paragraphs') WITH ORDINALITY AS p
			WHERE d.doc = u.doc AND (j.value->>'index')::integer = u.idx) WHERE u.idx > 0;
		DELETE FROM schema_migrations WHERE version >= 7`); err != nil {
		t.Fatal(err)
	}
	var texts, turns int
	if err := s.db.QueryRowContext(t.Context(), `SELECT count(text), count(*) FROM turns`).Scan(&texts, &turns); err != nil || texts == 0 {
		t.Fatalf("turns with text at schema 6: %d, %v; want some", texts, err)
	}
	if n, err := migrate(t.Context(), s.db, migrationFiles); err != nil || n != 1 {
		t.Fatalf("migrate of a schema 6 archive = %d, %v; want 1 migration applied", n, err)
	}
	var columns, settings, after int
	if err := s.db.QueryRowContext(t.Context(), `SELECT
			(SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'units'
				AND column_name IN ('text', 'tsv', 'meta')),
			(SELECT count(*) FROM settings WHERE key = 'search_tokenizer'),
			(SELECT count(*) FROM turns) + (SELECT count(*) FROM units WHERE idx = 0)`).Scan(&columns, &settings, &after); err != nil {
		t.Fatal(err)
	}
	if columns != 0 || settings != 0 || after != units {
		t.Errorf("after 0007: %d of units' text, tsv and meta left, %d search_tokenizer settings, %d units; want 0, 0, %d",
			columns, settings, after, units)
	}
	unspanned := func() int {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(t.Context(), `SELECT count(*) FROM turns WHERE text_at IS NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := unspanned(); n != turns {
		t.Errorf("after 0007: %d turns without a span, want all %d", n, turns)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
	if diff := cmp.Diff(before, run()); diff != "" {
		t.Errorf("searches after migration 0007 differ (-before +after):\n%s", diff)
	}
	for range 2 { // the second finds it done
		if err := s.ensureSpans(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := unspanned(); n != 0 {
		t.Errorf("after ensureSpans: %d turns without a span, want none", n)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
	if diff := cmp.Diff(before, run()); diff != "" {
		t.Errorf("searches after ensureSpans differ (-before +after):\n%s", diff)
	}
}
