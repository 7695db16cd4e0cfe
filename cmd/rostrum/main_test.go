package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/turncsv"
)

const samplePath = "sample/" + sampleName

// rostrum runs the command line in-process and returns its output and exit status.
func rostrum(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	if err != nil && err != errReported {
		errOut.WriteString("rostrum: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), exitCode(err)
}

// mustRostrum runs the command line and fails the test unless it exits 0.
func mustRostrum(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := rostrum(t, "", args...)
	if code != 0 {
		t.Fatalf("rostrum %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func mustWrite(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// sampleDoc parses the bundled sample page with rostrum parse.
func sampleDoc(t *testing.T) *transcript.Document {
	t.Helper()
	var doc transcript.Document
	if err := json.Unmarshal([]byte(mustRostrum(t, "parse", samplePath)), &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

func TestHelp(t *testing.T) {
	out, _, code := rostrum(t, "", "help")
	if code != 0 || !strings.Contains(out, "Rostrum archives and searches") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
	for _, c := range commands() {
		for _, args := range [][]string{{c.Name, "--help"}, {c.Name, "-h"}, {"help", c.Name}} {
			out, errOut, code := rostrum(t, "", args...)
			if code != 0 || !strings.Contains(out, "Usage: rostrum "+c.Name) || !strings.Contains(out, "Example:") || !strings.Contains(out, "-db path") {
				t.Errorf("rostrum %s: exit %d, stdout %q, stderr %q; want usage with an example and --db", strings.Join(args, " "), code, out, errOut)
			}
		}
	}
	if out := mustRostrum(t, "export", "--help"); !strings.Contains(out, "teiCorpus") {
		t.Errorf("export --help does not explain the TEI export:\n%s", out)
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"ingest", "--no-such-flag", "x"}, {"help", "frobnicate"}} {
		_, errOut, code := rostrum(t, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("rostrum %q: exit %d, stderr %q; want 2 with a message", args, code, errOut)
		}
	}
	if _, errOut, _ := rostrum(t, "", "frobnicate"); !strings.Contains(errOut, "Commands:") {
		t.Errorf("unknown command: stderr %q does not list the commands", errOut)
	}
}

// TestHelpFiles checks that every command has its help file and every
// help file its command, and that 'rostrum CMD --help' prints the file
// whole, then the flags.
func TestHelpFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("help", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	stray := map[string]bool{}
	for _, f := range files {
		stray[strings.TrimSuffix(filepath.Base(f), ".txt")] = true
	}
	for _, c := range commands() {
		b, err := os.ReadFile(filepath.Join("help", c.Name+".txt"))
		if err != nil {
			t.Errorf("rostrum %s has no help file: %v", c.Name, err)
			continue
		}
		delete(stray, c.Name)
		if out := mustRostrum(t, c.Name, "--help"); !strings.HasPrefix(out, string(b)+"\nFlags:\n") {
			t.Errorf("rostrum %s --help does not print help/%s.txt, then the flags:\n%s", c.Name, c.Name, out)
		}
	}
	for name := range stray {
		t.Errorf("help/%s.txt is the help of no command", name)
	}
}

func TestParseSample(t *testing.T) {
	doc := sampleDoc(t)
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	var want struct {
		Source, Language, Section, Title, Date, Time, Place string
		PublishedIn                                         []string `json:"published_in"`
		Geography, Topics, Persons                          []string
	}
	b, err := os.ReadFile("../../../shared/samples/kremlin-text/2022-02-10-press-statements-russia-kazakhstan.expected.json")
	if err != nil {
		t.Skipf("no shared sample expectations: %v", err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got := want
	got.Source, got.Language, got.Section, got.Title = doc.Source, doc.Language, doc.Section, doc.Title
	got.Date, got.Time, got.Place, got.PublishedIn = doc.Date, doc.Time, doc.Place, doc.PublishedIn
	got.Geography, got.Topics, got.Persons = doc.Geography, doc.Topics, doc.Persons
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parse %s mismatch (-want +got)\n%s", samplePath, diff)
	}
	if n := len(doc.Turns); n != 6 {
		t.Errorf("got %d turns, want 6", n)
	}
}

func TestParseSeveral(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	mustWrite(t, empty, nil)
	out, errOut, code := rostrum(t, "", "parse", samplePath, empty, "--format", "kremlin-text", samplePath)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := empty + ":1: empty file\n"; errOut != want {
		t.Errorf("stderr: got %q, want %q", errOut, want)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || lines[0] != lines[1] {
		t.Fatalf("got %d lines of JSON Lines, want the same document twice:\n%s", len(lines), out)
	}
	one := mustRostrum(t, "parse", samplePath)
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(one)); err != nil {
		t.Fatal(err)
	}
	if compact.String() != lines[0] {
		t.Errorf("one file's indented JSON and the JSON Lines differ:\n%s\n%s", compact.String(), lines[0])
	}
	if !strings.HasPrefix(one, "{\n  \"id\": ") {
		t.Errorf("one file: got %.40q, want an indented object", one)
	}
	// Standard input, and JSON read back.
	out, errOut, code = rostrum(t, lines[0]+"\n", "parse", "-")
	if code != 0 || out != one {
		t.Errorf("parse - of the JSON: exit %d, stderr %q, output differs: %v", code, errOut, cmp.Diff(one, out))
	}
	if _, _, code := rostrum(t, "", "parse", "--format", "tei", samplePath); code != 2 {
		t.Errorf("parse --format tei: exit %d, want 2", code)
	}
}

func TestIngestMixedFolder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	pages := filepath.Join(dir, "pages")
	page, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(pages, "a-good.txt"), page)
	mustWrite(t, filepath.Join(pages, "b-empty.txt"), nil)
	mustWrite(t, filepath.Join(pages, "c-binary.txt"), []byte("Events\nPhoto\x00\x01\x02"))
	mustWrite(t, filepath.Join(pages, "d-latin1.txt"), []byte("Events\nTitle\nPr\xe9sident\n"))
	mustWrite(t, filepath.Join(pages, ".hidden", "x.txt"), nil)
	big, err := os.Create(filepath.Join(pages, "e-big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil { // sparse: 50 MB without writing them
		t.Fatal(err)
	}
	big.Close()

	out, errOut, code := rostrum(t, "", "ingest", pages, "--db", db, "--workers", "2")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	wantErr := strings.Join([]string{
		pages + "/b-empty.txt:1: empty file",
		pages + "/c-binary.txt:2: binary data, not a page",
		pages + "/d-latin1.txt:3: invalid UTF-8 (byte 0xE9)",
		pages + "/e-big.txt:1: file too large: 50.0 MiB (52428800 bytes), over the 16.0 MiB (16777216 bytes) limit (--max-bytes)",
	}, "\n") + "\n"
	if diff := cmp.Diff(wantErr, errOut); diff != "" {
		t.Errorf("stderr mismatch (-want +got)\n%s", diff)
	}
	if first, _, _ := strings.Cut(out, "\n"); first != "ingested 1, updated 0, unchanged 0, failed 4" {
		t.Errorf("summary: got %q", first)
	}
	export := mustRostrum(t, "export", "--db", db)
	if n := strings.Count(export, "\n"); n != 1 {
		t.Fatalf("export has %d documents, want 1", n)
	}
	doc := sampleDoc(t)
	b, _ := doc.MarshalJSON()
	if export != string(b)+"\n" {
		t.Errorf("stored document differs from parse output:\n%s\n%s", export, b)
	}

	// Again: the good page is unchanged, the bad ones still fail, nothing else moves.
	out, _, code = rostrum(t, "", "ingest", "--db", db, pages)
	if first, _, _ := strings.Cut(out, "\n"); code != 1 || first != "ingested 0, updated 0, unchanged 1, failed 4" {
		t.Errorf("second ingest: exit %d, summary %q", code, first)
	}
	var st textout.JSONStats
	if err := json.Unmarshal([]byte(mustRostrum(t, "stats", "--db", db, "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Documents != 1 || st.Versions != 1 || st.RawBytes != int64(len(page)) {
		t.Errorf("stats after re-ingest: %+v, want 1 document, 1 version, %d raw bytes", st, len(page))
	}
	if got := mustRostrum(t, "export", "--db", db); got != export {
		t.Errorf("export changed after a re-ingest")
	}

	// Only the good page: exit 0.
	out, errOut, code = rostrum(t, "", "ingest", "--db", db, filepath.Join(pages, "a-good.txt"))
	if first, _, _ := strings.Cut(out, "\n"); code != 0 || errOut != "" || first != "ingested 0, updated 0, unchanged 1, failed 0" {
		t.Errorf("ingest of the good page: exit %d, stderr %q, summary %q", code, errOut, first)
	}
}

func TestShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	id := sampleDoc(t).ID
	text := mustRostrum(t, "show", id, "--db", db)
	for _, want := range []string{
		"Events\nPress statements following Russia-Kazakhstan talks\n\nFollowing bilateral consultations,",
		"\n\nPresident of Russia Vladimir Putin: Mr President, colleagues,\n\nWe are delighted",
		"\n\nKassym-Jomart Tokayev: Thank you.\n\n",
		"See also: Meeting with President of Kazakhstan Kassym-Jomart Tokayev (2022-02-10)\n",
		"Topics: CSTO, Foreign policy\n",
		"Published in: News, Transcripts\n",
		"\nSource: President of Russia website, CC BY 4.0\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("show: text lacks %q", want)
		}
	}
	if got := mustRostrum(t, "--db", db, "show", "--version", "1", id+"#t3"); got != text {
		t.Errorf("show --version 1 of a permalink differs from show")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"show", "--db", db, "kremlin.ru/0"}, `rostrum: show: no document "kremlin.ru/0" in ` + db},
		{[]string{"show", "--db", db, "--version", "2", id}, "rostrum: show: " + id + " has no version 2 in " + db},
		{[]string{"show", "--db", filepath.Join(t.TempDir(), "none.db"), id}, "rostrum: no archive at "},
		{[]string{"stats", "--db", "postgres://rostrum:s3cret@127.0.0.1:1/rostrum"}, "rostrum: cannot reach the PostgreSQL server at 127.0.0.1:1: connect: connection refused\n"},
	} {
		_, errOut, code := rostrum(t, "", tt.args...)
		if code != 1 || !strings.HasPrefix(errOut, tt.want) {
			t.Errorf("rostrum %q: exit %d, stderr %q; want 1 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	inputs := []string{samplePath}
	// Real pages of the shared corpus, where it is present.
	html, _ := filepath.Glob("../../../shared/corpus/kremlin-html/*.html")
	inputs = append(inputs, html...)
	out, errOut, code := rostrum(t, "", append([]string{"ingest", "--db", db1}, inputs...)...)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
	jsonl := filepath.Join(dir, "archive.jsonl")
	mustRostrum(t, "export", "--db", db1, "-o", jsonl)
	first, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(first, []byte("\n")); n != len(inputs) {
		t.Errorf("export has %d lines, want %d", n, len(inputs))
	}
	out = mustRostrum(t, "ingest", "--db", db2, jsonl)
	if want := "ingested " + itoa(len(inputs)) + ", updated 0, unchanged 0, failed 0\n"; !strings.HasPrefix(out, want) {
		t.Errorf("ingest of the export: got %q, want %q", out, want)
	}
	second := mustRostrum(t, "export", "--db", db2)
	if diff := cmp.Diff(string(first), second); diff != "" {
		t.Errorf("export → ingest → export changed the archive (-first +second)\n%s", diff)
	}
	// Through standard input too.
	out, _, _ = rostrum(t, second, "ingest", "--db", db2, "-")
	if !strings.HasPrefix(out, "ingested 0, updated 0, unchanged "+itoa(len(inputs))+", failed 0\n") {
		t.Errorf("ingest - of the export: got %q", out)
	}

	// CSV: one row per turn, with permalinks.
	csvOut := mustRostrum(t, "export", "--db", db1, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	turns := 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(first)), "\n") {
		var d transcript.Document
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		turns += len(d.Turns)
	}
	if len(rows) != turns+1 {
		t.Errorf("csv has %d rows, want a header and %d turns", len(rows), turns)
	}
	wantHeader := []string{"doc_id", "date", "title", "turn", "speaker", "person", "role", "qa", "text", "permalink", "url"}
	if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
		t.Errorf("csv header mismatch (-want +got)\n%s", diff)
	}
	for _, r := range rows[1:] {
		if r[9] != r[0]+"#t"+r[3] || r[10] != "" {
			t.Errorf("row %q: permalink %q is not DOCID#tN, or url %q is set without --base-url", r[:4], r[9], r[10])
			break
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestEnvDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("ROSTRUM_DB", db)
	mustRostrum(t, "ingest", samplePath)
	if out := mustRostrum(t, "stats", "--json"); !strings.Contains(out, `"documents": 1,`) {
		t.Errorf("stats with ROSTRUM_DB: %s", out)
	}
	t.Setenv("ROSTRUM_DB", "postgres://localhost/x")
	if _, errOut, code := rostrum(t, "", "stats", "--db", db); code != 0 {
		t.Errorf("--db does not override ROSTRUM_DB: exit %d, %s", code, errOut)
	}
	// ROSTRUM_DB_READ is a replica of ROSTRUM_DB: it does not apply to
	// another archive named by --db, and a SQLite archive has none.
	t.Setenv("ROSTRUM_DB_READ", "postgres://localhost/replica")
	if _, errOut, code := rostrum(t, "", "stats", "--db", db); code != 0 {
		t.Errorf("ROSTRUM_DB_READ applied to --db: exit %d, %s", code, errOut)
	}
	t.Setenv("ROSTRUM_DB", db)
	want := "rostrum: --db-read needs a PostgreSQL archive: --db " + db + " is a SQLite file\n"
	if _, errOut, code := rostrum(t, "", "stats"); code != 2 || errOut != want {
		t.Errorf("ROSTRUM_DB_READ with a SQLite ROSTRUM_DB: exit %d, %q; want 2 and %q", code, errOut, want)
	}
	if _, errOut, code := rostrum(t, "", "stats", "--db", db, "--db-read", "postgres://localhost/replica"); code != 2 || errOut != want {
		t.Errorf("--db-read with a SQLite --db: exit %d, %q; want 2 and %q", code, errOut, want)
	}
	if _, errOut, code := rostrum(t, "", "ingest", "--db-read", "postgres://localhost/replica", samplePath); code != 2 || !strings.Contains(errOut, "flag provided but not defined: -db-read") {
		t.Errorf("ingest --db-read: exit %d, %q; want 2: only the commands that read take it", code, errOut)
	}
	if _, errOut, code := rostrum(t, "", "ingest", samplePath); code != 0 {
		t.Errorf("ingest with ROSTRUM_DB_READ set: exit %d, %q; want it ignored", code, errOut)
	}
	// --help shows the defaults from the environment without passwords.
	t.Setenv("ROSTRUM_DB", "postgres://rostrum:s3cret@db.example.org/rostrum")
	t.Setenv("ROSTRUM_DB_READ", "postgres://rostrum:s3cret@replica.example.org/rostrum")
	if out := mustRostrum(t, "stats", "--help"); strings.Contains(out, "s3cret") || !strings.Contains(out, "rostrum:xxxxx@replica.example.org") {
		t.Errorf("stats --help shows the password of $ROSTRUM_DB or $ROSTRUM_DB_READ:\n%s", out)
	}
}

// TestExportPlainSpaces: the CSV export writes the page's no-break spaces
// as plain ones, so that a researcher's "in a plenary" finds them in
// pandas; the archive, and so the JSON Lines export, keep them.
func TestExportPlainSpaces(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	// kremlin.ru puts a no-break space after short words: "President of\u00a0Russia".
	page := filepath.Join(dir, "page.txt")
	mustWrite(t, page, bytes.ReplaceAll(b, []byte("President of Russia"), []byte("President of\u00a0Russia")))
	db := filepath.Join(dir, "a.db")
	mustRostrum(t, "ingest", "--db", db, page)
	csvOut := mustRostrum(t, "export", "--db", db, "--format", "csv")
	jsonOut := mustRostrum(t, "export", "--db", db)
	if !strings.ContainsRune(jsonOut, '\u00a0') {
		t.Fatal("the sample has no no-break space: the test checks nothing")
	}
	if strings.ContainsRune(csvOut, '\u00a0') {
		t.Error("the CSV export holds no-break spaces")
	}
}

// The columns of rostrum export --format csv that tests read.
var (
	csvText      = slices.Index(turncsv.Columns, "text")
	csvPermalink = slices.Index(turncsv.Columns, "permalink")
)
