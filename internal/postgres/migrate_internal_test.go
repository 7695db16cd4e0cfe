package postgres

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
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

// undoPacking takes an archive at schema 8 back to schema 7, but for the
// spans: each version's JSON unpacked into a json column, no text_skip,
// no span. The schema_migrations row is left to the caller.
func undoPacking(t *testing.T, s *Store) {
	t.Helper()
	type version struct {
		doc    int64
		number int
		js     []byte
	}
	var vs []version
	rows, err := s.db.QueryContext(t.Context(), `SELECT doc, number, json FROM versions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.doc, &v.number, &v.js); err != nil {
			t.Fatal(err)
		}
		if v.js, err = archive.UnpackJSON(v.js); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(t.Context(), `DROP VIEW turns;
		ALTER TABLE units DROP COLUMN text_skip;
		UPDATE units SET text_at = NULL, text_len = NULL;
		ALTER TABLE versions ALTER COLUMN json SET STORAGE EXTENDED;
		ALTER TABLE versions ALTER COLUMN json TYPE json USING '{}';
		CREATE VIEW turns AS
			SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, words, text_at, text_len FROM units WHERE idx > 0`); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if _, err := s.db.ExecContext(t.Context(), `UPDATE versions SET json = $1::json WHERE doc = $2 AND number = $3`,
			string(v.js), v.doc, v.number); err != nil {
			t.Fatal(err)
		}
	}
}

// migrationsUpTo is the migrations of this program up to version n.
func migrationsUpTo(t *testing.T, n int) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	ms, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		var v int
		if _, err := fmt.Sscanf(path.Base(m), "%04d_", &v); err != nil {
			t.Fatal(err)
		}
		if v <= n {
			b, err := fs.ReadFile(migrationFiles, m)
			if err != nil {
				t.Fatal(err)
			}
			out[m] = &fstest.MapFile{Data: b}
		}
	}
	return out
}

// TestTextMigrations: an archive of schema 6, whose units hold the turns'
// text, a tsvector and filter tokens, and whose versions are json, keeps
// every unit and searches as before, snippets and facets included, and
// passes the integrity check, at each step to now: migrated to 7 (the
// text dropped), with spans of 0007 in the JSON as it is; migrated to 8
// (the versions bytea, still as they were), snippets read through those
// spans; then ensureSpans, as Open runs it, packs every version, the
// earlier ones too, and records every turn's span in the packed bytes.
func TestTextMigrations(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	// A transcript of many members, in two versions.
	long := *searchtest.Fixtures()[0]
	long.ID, long.Turns = "long-transcript", nil
	for i := 1; i <= 60; i++ {
		long.Turns = append(long.Turns, transcript.Turn{Index: i, Speaker: "Vladimir Putin", Person: "Vladimir Putin",
			Paragraphs: []string{strings.TrimSpace(strings.Repeat(fmt.Sprintf("talks in turn %d of a long transcript; ", i), i*7))}})
	}
	for _, v := range []string{"v1", "v2"} {
		long.Title = "A long transcript, " + v
		if _, err := s.Put(t.Context(), &long, transcript.Raw{Origin: v, Format: "json", Bytes: []byte(v)}); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"talks", `"strategic partnership"`, "person:Tokayev CSTO", "переговоры", "lang:en", "-topic:energy meeting",
		`"turn 59"`}
	run := func(stage string) []*transcript.SearchResult {
		t.Helper()
		var out []*transcript.SearchResult
		for _, q := range queries {
			parsed, err := search.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: parsed, Facets: true, Sort: transcript.SortNewest, TurnsPerDoc: 50})
			if err != nil {
				t.Fatalf("%s: %q: %v", stage, q, err)
			}
			out = append(out, res)
		}
		return out
	}
	before := run("before")
	snippets := 0
	for _, res := range before {
		for _, h := range res.Hits {
			snippets += len(h.Turns)
		}
	}
	if snippets < 50 {
		t.Fatalf("%d turn snippets in the searches; the comparison needs the long transcript's", snippets)
	}
	var units, versions int
	if err := s.db.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM versions)`).Scan(&units, &versions); err != nil {
		t.Fatal(err)
	}
	// Back to schema 6, with each turn's text in units as 0006 kept it.
	undoPacking(t, s)
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
	if n, err := migrate(t.Context(), s.db, migrationsUpTo(t, 7)); err != nil || n != 1 {
		t.Fatalf("migrate of a schema 6 archive to 7 = %d, %v; want 1 migration applied", n, err)
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
	// The spans that 0007's Open recorded, in the JSON as it is.
	undoPackingSpans := func() {
		t.Helper()
		rows, err := s.db.QueryContext(t.Context(), `SELECT d.doc, v.json::text FROM documents AS d
			JOIN versions AS v ON v.doc = d.doc AND v.number = d.version`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		type doc struct {
			key   int64
			spans []archive.TextSpan
		}
		var docs []doc
		for rows.Next() {
			var d doc
			var js []byte
			if err := rows.Scan(&d.key, &js); err != nil {
				t.Fatal(err)
			}
			if d.spans, err = archive.TurnSpans(js, nil); err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		for _, d := range docs {
			for i, sp := range d.spans {
				if _, err := s.db.ExecContext(t.Context(), `UPDATE units SET text_at = $1, text_len = $2 WHERE doc = $3 AND idx = $4`,
					sp.Skip, sp.Len, d.key, i+1); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	undoPackingSpans()
	if _, err := s.db.ExecContext(t.Context(), `UPDATE settings SET value = 'done' WHERE key = 'turn_spans'`); err != nil {
		t.Fatal(err)
	}

	if n, err := migrate(t.Context(), s.db, migrationFiles); err != nil || n != 1 {
		t.Fatalf("migrate of a schema 7 archive = %d, %v; want 1 migration applied", n, err)
	}
	count := func(query string) int {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(t.Context(), query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const sqlPacked = `SELECT count(*) FROM versions WHERE substring(json FROM 1 FOR 2) = '\x1f8b'::bytea`
	if n := count(sqlPacked); n != 0 {
		t.Errorf("after 0008: %d versions packed, want none yet", n)
	}
	if n := count(`SELECT count(*) FROM turns WHERE text_at IS NULL OR text_skip IS NOT NULL`); n != 0 {
		t.Errorf("after 0008: %d turns without their span of 0007, want none", n)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
	if diff := cmp.Diff(before, run("after 0008")); diff != "" {
		t.Errorf("searches after migration 0008 differ (-before +after):\n%s", diff)
	}
	for range 2 { // the second finds it done
		if err := s.ensureSpans(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(sqlPacked); n != versions {
		t.Errorf("after ensureSpans: %d versions packed, want all %d", n, versions)
	}
	if n := count(`SELECT count(*) FROM turns WHERE text_at IS NULL OR text_skip IS NULL OR text_len IS NULL`); n != 0 {
		t.Errorf("after ensureSpans: %d turns without a span, want none", n)
	}
	if n := count(`SELECT count(*) FROM turns WHERE text_at > 0`); n < 50 {
		t.Errorf("after ensureSpans: %d turns past the first member, want the long transcript's", n)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
	if diff := cmp.Diff(before, run("after ensureSpans")); diff != "" {
		t.Errorf("searches after ensureSpans differ (-before +after):\n%s", diff)
	}
	for _, v := range []int{1, 2} {
		d, err := s.DocumentVersion(t.Context(), long.ID, v)
		if err != nil || d.Title != fmt.Sprintf("A long transcript, v%d", v) {
			t.Errorf("version %d of the long transcript after ensureSpans: %v, %v", v, d, err)
		}
	}
}
