package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the tests' own connections
	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/transcript"
)

// testPostgres returns the DSN of the test server, ROSTRUM_TEST_POSTGRES.
// Without one the test is skipped, or fails when
// ROSTRUM_TEST_POSTGRES_REQUIRED=1 (as CI sets it).
func testPostgres(tb testing.TB) string {
	tb.Helper()
	if dsn := os.Getenv("ROSTRUM_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	const how = `start a throwaway server with: eval "$(bash .ci/postgres.sh start)"`
	if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
		tb.Fatal("ROSTRUM_TEST_POSTGRES_REQUIRED=1 but ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set: " + how)
	}
	tb.Skip("ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set: skipping the PostgreSQL tests; " + how)
	return ""
}

// withQuery returns the URL dsn with a query parameter set.
func withQuery(tb testing.TB, dsn, key, value string) string {
	tb.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s: %v", dsn, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgSchema creates an empty schema on the server that dsn names (the
// test server when dsn is ""), dropped when the test ends, and returns
// its name and a DSN whose search_path is it: each test has an archive
// of its own.
func pgSchema(tb testing.TB, dsn string) (name, schemaDSN string) {
	tb.Helper()
	if dsn == "" {
		dsn = testPostgres(tb)
	}
	db := sqlDB(tb, dsn)
	b := make([]byte, 6)
	rand.Read(b)
	name = "cmd_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(tb.Context(), `CREATE SCHEMA `+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name, withQuery(tb, dsn, "search_path", name)
}

// sqlDB opens a pool on dsn for the test's own statements.
func sqlDB(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// corpusInputs are the sample page and the real pages of the shared
// corpus, where it is present.
func corpusInputs() []string {
	html, _ := filepath.Glob("../../../shared/corpus/kremlin-html/*.html")
	return append([]string{samplePath}, html...)
}

// historyArchive fills the archive db with the corpus, then gives the
// first four documents a second version (a corrected title) and the
// first two a third (the original again), each from its own raw input.
// It returns the numbers of documents and versions.
func historyArchive(t *testing.T, db string) (docs, versions int) {
	t.Helper()
	mustRostrum(t, append([]string{"ingest", "--db", db}, corpusInputs()...)...)
	lines := strings.Split(strings.TrimSpace(mustRostrum(t, "export", "--db", db)), "\n")
	var changed, original []string
	for i, line := range lines[:min(4, len(lines))] {
		var d transcript.Document
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		d.Title += " (corrected)"
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		changed = append(changed, string(b))
		if i < 2 {
			original = append(original, line)
		}
	}
	dir := t.TempDir()
	v2, v3 := filepath.Join(dir, "corrected.jsonl"), filepath.Join(dir, "reverted.jsonl")
	mustWrite(t, v2, []byte(strings.Join(changed, "\n")+"\n"))
	mustWrite(t, v3, []byte(strings.Join(original, "\n")+"\n"))
	mustRostrum(t, "ingest", "--db", db, v2)
	mustRostrum(t, "ingest", "--db", db, v3)
	return len(lines), len(lines) + len(changed) + len(original)
}

// version is what the tests compare of a stored version.
type version struct {
	Number                        int
	Hash, RawHash, Origin, Format string
	StoredAt                      time.Time
	RawBytesHash                  string // of the bytes RawInput returns
	Title                         string // of DocumentVersion
	Turns, Paragraphs             int
}

// archiveHistory reads every version of every document of the archive db.
func archiveHistory(t *testing.T, db string) map[string][]version {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string][]version{}
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(t.Context(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			raw, err := s.RawInput(t.Context(), doc.ID, v.Number)
			if err != nil {
				t.Fatal(err)
			}
			d, err := s.DocumentVersion(t.Context(), doc.ID, v.Number)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(raw.Bytes)
			out[doc.ID] = append(out[doc.ID], version{v.Number, v.Hash, v.RawHash, v.Origin, v.Format,
				v.StoredAt.UTC().Truncate(time.Microsecond), hex.EncodeToString(sum[:]), d.Title, v.Turns, v.Paragraph})
		}
	}
	return out
}

// currentHashes maps each document of the archive db to the content hash
// of its current version.
func currentHashes(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for id, vs := range archiveHistory(t, db) {
		out[id] = vs[len(vs)-1].Hash
	}
	return out
}

func statsOf(t *testing.T, db string) transcript.Stats {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestPostgresCommands runs the commands on a PostgreSQL archive.
func TestPostgresCommands(t *testing.T) {
	t.Parallel()
	_, db := pgSchema(t, "")
	shown := displayDSN(db)
	for _, cmd := range []string{"stats", "show", "search", "export"} {
		args := []string{cmd, "--db", db}
		if cmd == "show" || cmd == "search" {
			args = append(args, "x")
		}
		_, errOut, code := rostrum(t, "", args...)
		if want := "rostrum: no archive at " + shown + ": run rostrum migrate --db '" + shown + "' or ingest pages first\n"; code != 1 || errOut != want {
			t.Errorf("%s on an empty schema: exit %d, %q; want 1 and %q", cmd, code, errOut, want)
		}
	}
	latest := pgLatestVersion(t)
	if out := mustRostrum(t, "migrate", "--db", db); out != fmt.Sprintf("PostgreSQL archive %s created at schema version %d (%d migrations applied)\n", shown, latest, latest) {
		t.Errorf("migrate of an empty schema: %q", out)
	}
	if out := mustRostrum(t, "migrate", "--db", db); out != fmt.Sprintf("PostgreSQL archive %s is at schema version %d (up to date)\n", shown, latest) {
		t.Errorf("migrate of a current archive: %q", out)
	}
	if out := mustRostrum(t, "stats", "--json", "--db", db); !strings.Contains(out, `"documents": 0,`) {
		t.Errorf("stats of a new archive: %s", out)
	}
	out := mustRostrum(t, "ingest", "--db", db, samplePath)
	if !strings.HasPrefix(out, "ingested 1, updated 0, unchanged 0, failed 0\n") {
		t.Errorf("ingest: %q", out)
	}
	id := sampleDoc(t).ID
	if text := mustRostrum(t, "show", "--db", db, id); !strings.Contains(text, "Kassym-Jomart Tokayev: Thank you.") {
		t.Errorf("show: %.300s", text)
	}
	if out := mustRostrum(t, "search", "--db", db, "person:Tokayev CSTO"); !strings.Contains(out, id) {
		t.Errorf("search: %s", out)
	}
	if _, errOut, code := rostrum(t, "", "search", "--db", db, "topic:Nonexistent"); code != 2 || strings.Contains(errOut, "postgres:") {
		t.Errorf("search for an unknown topic: exit %d, %q; want 2 without the engine's prefix", code, errOut)
	}
	if _, errOut, code := rostrum(t, "", "show", "--db", db, "kremlin.ru/0"); code != 1 || errOut != `rostrum: show: no document "kremlin.ru/0" in `+shown+" (rostrum export lists the ids)\n" {
		t.Errorf("show of a missing document: exit %d, %q", code, errOut)
	}

	// A password never appears in a message.
	withPassword := strings.Replace(db, "postgres://postgres@", "postgres://postgres:s3cret@", 1)
	withPassword = withQuery(t, withPassword, "password", "s3cret")
	if withPassword == db {
		t.Fatalf("cannot add a password to %s", db)
	}
	_, errOut, _ := rostrum(t, "", "show", "--db", withPassword, "kremlin.ru/0")
	if strings.Contains(errOut, "s3cret") || !strings.Contains(errOut, "postgres:xxxxx@") || !strings.Contains(errOut, "password=xxxxx") {
		t.Errorf("show with a password in the DSN: %q; want it masked", errOut)
	}
	url, stop := startServing(t, "serve", "--db", withPassword, "--addr", "127.0.0.1:0", "--quiet")
	if code, body := get(t, url+"api/v1/documents/"+id); code != 200 || !strings.Contains(body, "Tokayev") {
		t.Errorf("GET /api/v1/documents/%s = %d:\n%.300s", id, code, body)
	}
	output, err := stop()
	if err != nil || strings.Contains(output, "s3cret") || !strings.Contains(output, "Serving postgres://postgres:xxxxx@") {
		t.Errorf("serve: %v\n%s", err, output)
	}
}

// TestPostgresErrors checks what each command says when the server or
// the archive cannot be used, and that it exits with status 1.
func TestPostgresErrors(t *testing.T) {
	t.Parallel()
	dsn := testPostgres(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	host, port := u.Query().Get("host"), u.Query().Get("port")
	addr := host + ":" + port
	if host == "" {
		addr = u.Host
	}
	schema, newer := pgSchema(t, "")
	mustRostrum(t, "migrate", "--db", newer)
	if _, err := sqlDB(t, dsn).ExecContext(t.Context(), `INSERT INTO `+schema+`.schema_migrations (version, name) VALUES (99, '0099_from_the_future.sql')`); err != nil {
		t.Fatal(err)
	}
	newerMsg := fmt.Sprintf("the archive's schema is version 99; this rostrum knows up to %d: upgrade rostrum", pgLatestVersion(t))
	page := filepath.Join(t.TempDir(), "page.txt")
	mustWrite(t, page, mustReadFile(t, samplePath))

	tests := []struct {
		name string
		db   string
		want string // in stderr
	}{
		{"ClosedPort", "postgres://postgres:s3cret@127.0.0.1:1/rostrum?sslmode=disable",
			"cannot reach the PostgreSQL server at 127.0.0.1:1: connect: connection refused\n"},
		{"NoServerOnSocket", withQuery(t, dsn, "port", "1"),
			"cannot reach the PostgreSQL server at " + host + ":1: no server is listening on the socket " + host + "/.s.PGSQL.1\n"},
		{"UnknownRole", strings.Replace(dsn, "postgres://postgres@", "postgres://no_such_role:s3cret@", 1),
			`the PostgreSQL server at ` + addr + ` refused user "no_such_role": role "no_such_role" does not exist` + "\n"},
		{"UnknownDatabase", strings.Replace(dsn, "/rostrum_test?", "/no_such_database?", 1),
			`the PostgreSQL server at ` + addr + `: database "no_such_database" does not exist: create it (createdb), or name another database in the DSN` + "\n"},
		{"MissingSchema", withQuery(t, dsn, "search_path", "no_such_schema"),
			"no schema to hold the archive: the search_path (no_such_schema) names no schema that exists: create it (CREATE SCHEMA no_such_schema) or set search_path in the DSN to one that does\n"},
		{"NewerSchema", newer, newerMsg + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"stats", "--db", tt.db},
				{"ingest", "--db", tt.db, page},
				{"serve", "--db", tt.db, "--addr", "127.0.0.1:0"},
				{"migrate", "--db", tt.db},
				{"copy", "--from", tt.db, "--to", filepath.Join(t.TempDir(), "copy.db")},
			} {
				out, errOut, code := rostrum(t, "", args...)
				if code != 1 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "s3cret") || strings.Count(errOut, "\n") != 1 {
					t.Errorf("rostrum %s %s: exit %d\nstdout %q\nstderr %q\nwant 1 and one line with %q", args[0], tt.name, code, out, errOut, tt.want)
				}
			}
		})
	}
}

// TestExportIngestPostgres moves an archive to PostgreSQL through export
// and ingest -, which carry the current versions.
func TestExportIngestPostgres(t *testing.T) {
	t.Parallel()
	src := filepath.Join(t.TempDir(), "src.db")
	docs, _ := historyArchive(t, src)
	_, dst := pgSchema(t, "")
	jsonl := mustRostrum(t, "export", "--db", src)
	out, errOut, code := rostrum(t, jsonl, "ingest", "--db", dst, "-")
	if want := "ingested " + itoa(docs) + ", updated 0, unchanged 0, failed 0\n"; code != 0 || !strings.HasPrefix(out, want) {
		t.Fatalf("export | ingest -: exit %d, %q %s; want %q", code, out, errOut, want)
	}
	if st := statsOf(t, dst); st.Documents != docs || st.Versions != docs {
		t.Errorf("PostgreSQL archive holds %d documents, %d versions; want %d of each", st.Documents, st.Versions, docs)
	}
	if diff := cmp.Diff(currentHashes(t, src), currentHashes(t, dst)); diff != "" {
		t.Errorf("content hashes differ (-sqlite +postgres)\n%s", diff)
	}
	if back := mustRostrum(t, "export", "--db", dst); back != jsonl {
		t.Errorf("export of the PostgreSQL archive differs from the SQLite one's")
	}
}

// TestMigrateVacuum: --vacuum rewrites an upgraded SQLite archive
// without the pages its migrations freed, and says how large it was and
// is; on PostgreSQL it is refused with a reason.
func TestMigrateVacuum(t *testing.T) {
	old := filepath.Join(t.TempDir(), "old.db")
	mustWrite(t, old, mustReadFile(t, "../../internal/sqlite/testdata/schema1-sample.db"))
	out := mustRostrum(t, "migrate", "--db", old, "--vacuum")
	var after, before float64
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("migrate --vacuum printed %q, want two lines", out)
	}
	if _, err := fmt.Sscanf(lines[1], "vacuumed: %f MB, was %f MB", &after, &before); err != nil {
		t.Fatalf("migrate --vacuum: %q: %v", lines[1], err)
	}
	fi, err := os.Stat(old)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before || fmt.Sprintf("%.1f", float64(fi.Size())/1e6) != fmt.Sprintf("%.1f", after) {
		t.Errorf("vacuumed %.1f MB, was %.1f MB; the file is %d bytes", after, before, fi.Size())
	}
	if out := mustRostrum(t, "search", "--db", old, "CSTO"); !strings.Contains(out, "Tokayev") {
		t.Errorf("search after vacuum: %q", out)
	}
	if _, errOut, code := rostrum(t, "", "migrate", "--db", "postgres://nobody@127.0.0.1:1/none", "--vacuum"); code == 0 ||
		!strings.Contains(errOut, "--vacuum is for SQLite archives") {
		t.Errorf("migrate --vacuum of a PostgreSQL URL: exit %d, %q", code, errOut)
	}
}

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	mustWrite(t, old, mustReadFile(t, "../../internal/sqlite/testdata/schema1-sample.db"))
	out := mustRostrum(t, "migrate", "--db", old)
	if want := "SQLite archive " + old + " migrated from schema version 1 to "; !strings.HasPrefix(out, want) || !strings.HasSuffix(out, " migrations applied)\n") {
		t.Errorf("migrate of a schema 1 archive: %q, want %q…", out, want)
	}
	out = mustRostrum(t, "migrate", "--db", old)
	if !strings.HasPrefix(out, "SQLite archive "+old+" is at schema version ") || !strings.HasSuffix(out, " (up to date)\n") {
		t.Errorf("migrate of a current archive: %q", out)
	}
	missing := filepath.Join(dir, "missing.db")
	if _, errOut, code := rostrum(t, "", "migrate", "--db", missing); code != 1 || !strings.HasPrefix(errOut, "rostrum: no archive at "+missing) {
		t.Errorf("migrate of a missing file: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate of a missing file created it")
	}
	if _, errOut, code := rostrum(t, "", "migrate", "--db", old, "extra"); code != 2 {
		t.Errorf("migrate with an argument: exit %d, %q", code, errOut)
	}

	// An archive from a newer Rostrum is refused by every command.
	newer := filepath.Join(dir, "newer.db")
	mustRostrum(t, "ingest", "--db", newer, samplePath)
	sqliteExec(t, newer, `INSERT INTO schema_migrations (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')`)
	for _, args := range [][]string{
		{"migrate", "--db", newer},
		{"ingest", "--db", newer, samplePath},
		{"serve", "--db", newer, "--addr", "127.0.0.1:0"},
		{"stats", "--db", newer},
	} {
		_, errOut, code := rostrum(t, "", args...)
		if code != 1 || !strings.Contains(errOut, "archive schema version 99 is newer than this program's") || !strings.Contains(errOut, "upgrade Rostrum") {
			t.Errorf("rostrum %s on a newer archive: exit %d, %q", args[0], code, errOut)
		}
	}
}

// sqliteExec runs a statement on the SQLite file at path, outside Rostrum.
func sqliteExec(t *testing.T, path, query string) {
	t.Helper()
	db, err := driver.Open("file:" + path + "?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// pgLatestVersion is the PostgreSQL schema version this program creates:
// the number of its embedded migration files, counted from the source
// tree, so that a new migration does not need these tests edited.
func pgLatestVersion(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "internal", "postgres", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no PostgreSQL migrations found: %v", err)
	}
	return len(files)
}
