package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// store is a real SQLite archive with a hook to act after each batch.
type store struct {
	*sqlite.Store
	afterBatch func(n int) // called with the batch size after each PutBatch, when set
}

func newStore(tb testing.TB) *store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return &store{Store: s}
}

func (s *store) PutBatch(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw) ([]transcript.PutResult, []error) {
	res, errs := s.Store.PutBatch(ctx, docs, raws)
	if s.afterBatch != nil {
		s.afterBatch(len(docs))
	}
	return res, errs
}

// origins lists "origin format" of the current version of every stored
// document, in document order.
func origins(t *testing.T, s *store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(t.Context(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := vs[len(vs)-1]
		out[doc.ID] = v.Origin + " " + v.Format
	}
	return out
}

// release is closed by TestRunCancel to let a page marked WAIT finish
// parsing; the test makes a new one each run.
var release = make(chan struct{})

// parseTest is a tiny page format: the first line is the id and title, the
// others are paragraphs of one unlabelled turn; a line "FAIL" is an error.
func parseTest(r io.Reader, source string) (*transcript.Document, error) {
	sc := bufio.NewScanner(r)
	doc := &transcript.Document{Source: "test", Language: "en"}
	var ps []string
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "FAIL":
			return nil, parser.Errorf(source, n, "bad line")
		case line == "WAIT":
			<-release
		case line == "":
		case doc.ID == "":
			doc.ID, doc.Title = "test/"+line, line
		default:
			ps = append(ps, line)
		}
	}
	doc.Turns = []transcript.Turn{{Index: 1, Paragraphs: ps}}
	return doc, nil
}

func testFormats() ingest.Formats {
	return ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(parseTest),
		ingest.FormatJSON:        jsondoc.Decode,
	}
}

func mustWrite(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func messages(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, ingest.Message(e))
	}
	return out
}

type progressLog struct{ got []ingest.Status }

func (p *progressLog) Progress(s ingest.Status) { p.got = append(p.got, s) }

func TestRunMixedFolder(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a-good.txt"), "alpha\nFirst paragraph.\n")
	mustWrite(t, filepath.Join(dir, "b-empty.txt"), "")
	mustWrite(t, filepath.Join(dir, "c-binary.txt"), "line one\nline\x00two\n")
	mustWrite(t, filepath.Join(dir, "d-latin1.txt"), "one\ntwo\nthr\xe9e\n")
	mustWrite(t, filepath.Join(dir, "e-fail.txt"), "beta\nok\nFAIL\n")
	mustWrite(t, filepath.Join(dir, "sub", "f-good.txt"), "gamma\nSecond.\n")
	mustWrite(t, filepath.Join(dir, "sub", "g-docs.jsonl"),
		`{"id":"j/1","source":"test","language":"en","turns":[]}`+"\n"+`{"id":"j/2","source":"test","language":"ru","turns":[]}`+"\n")
	mustWrite(t, filepath.Join(dir, "sub", "h-bad.jsonl"),
		`{"id":"j/3","source":"test","language":"en","turns":[]}`+"\n"+`{"id":"j/4","source":"test","language":"de","turns":[]}`+"\n")
	mustWrite(t, filepath.Join(dir, ".hidden.txt"), "FAIL\n")
	mustWrite(t, filepath.Join(dir, ".git", "x.txt"), "FAIL\n")
	big, err := os.Create(filepath.Join(dir, "i-big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil { // sparse: takes no disk
		t.Fatal(err)
	}
	big.Close()

	store := newStore(t)
	var prog progressLog
	res, err := ingest.Run(t.Context(), store, []string{dir, filepath.Join(dir, "missing.txt")}, ingest.Config{
		Formats: testFormats(), Workers: 3, Progress: &prog,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Summary(), "ingested 4, updated 0, unchanged 0, failed 7"; got != want {
		t.Errorf("Summary: got %q, want %q", got, want)
	}
	want := []string{
		dir + "/missing.txt:1: stat: no such file or directory",
		dir + "/b-empty.txt:1: empty file",
		dir + "/c-binary.txt:2: binary data, not a page",
		dir + "/d-latin1.txt:3: invalid UTF-8 (byte 0xE9)",
		dir + "/e-fail.txt:3: bad line",
		dir + "/i-big.txt:1: file too large: 50.0 MiB (52428800 bytes), over the 16.0 MiB (16777216 bytes) limit (--max-bytes)",
		dir + `/sub/h-bad.jsonl:2: document "j/4": language "de" is not en or ru`,
	}
	if diff := cmp.Diff(want, messages(res.Failures)); diff != "" {
		t.Errorf("failures mismatch (-want +got)\n%s", diff)
	}
	for _, e := range res.Failures {
		if !errors.Is(e, transcript.ErrInvalid) && !errors.Is(e, os.ErrNotExist) {
			t.Errorf("failure %v is neither ErrInvalid nor ErrNotExist", e)
		}
	}
	wantOrigins := map[string]string{
		"test/alpha": dir + "/a-good.txt kremlin-text",
		"test/gamma": dir + "/sub/f-good.txt kremlin-text",
		"j/1":        dir + "/sub/g-docs.jsonl json",
		"j/2":        dir + "/sub/g-docs.jsonl json",
	}
	if diff := cmp.Diff(wantOrigins, origins(t, store)); diff != "" {
		t.Errorf("stored inputs mismatch (-want +got)\n%s", diff)
	}
	if raw, err := store.RawInput(t.Context(), "j/2", 1); err != nil || string(raw.Bytes) != `{"id":"j/2","source":"test","language":"ru","turns":[]}` {
		t.Errorf("raw of j/2: got %q, %v; want its own line", raw.Bytes, err)
	}
	last := prog.got[len(prog.got)-1]
	if last.Done != 9 || last.Total != 9 || last.Documents != 4 {
		t.Errorf("progress: last report %+v, want 9 of 9 inputs done, 4 documents", last)
	}
	for i := 1; i < len(prog.got); i++ {
		if prog.got[i].Done < prog.got[i-1].Done || prog.got[i].Documents < prog.got[i-1].Documents {
			t.Errorf("progress went backwards: %+v", prog.got)
			break
		}
	}

	// Idempotent: the same inputs again change nothing.
	res, err = ingest.Run(t.Context(), store, []string{dir}, ingest.Config{Formats: testFormats()})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Summary(), "ingested 0, updated 0, unchanged 4, failed 6"; got != want {
		t.Errorf("second Summary: got %q, want %q", got, want)
	}

	// A changed page is a new version.
	mustWrite(t, filepath.Join(dir, "a-good.txt"), "alpha\nFirst paragraph, revised.\n")
	res, err = ingest.Run(t.Context(), store, []string{filepath.Join(dir, "a-good.txt")}, ingest.Config{Formats: testFormats()})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Summary(), "ingested 0, updated 1, unchanged 0, failed 0"; got != want {
		t.Errorf("third Summary: got %q, want %q", got, want)
	}
	if vs, err := store.Versions(t.Context(), "test/alpha"); err != nil || len(vs) != 2 {
		t.Errorf("versions of test/alpha: got %d (%v), want 2", len(vs), err)
	}
	if _, err := store.Document(t.Context(), "j/3"); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("j/3 was stored from an input that failed to parse: %v", err)
	}
	if err := store.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

func TestRunStdinAndFormat(t *testing.T) {
	store := newStore(t)
	res, err := ingest.Run(t.Context(), store, []string{"-"}, ingest.Config{
		Formats: testFormats(), Format: ingest.FormatKremlinText, Stdin: strings.NewReader("{brace}\ntext\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := origins(t, store); res.Inserted != 1 || got["test/{brace}"] != "- kremlin-text" {
		t.Errorf("got %s with origins %v, want one kremlin-text document from -", res.Summary(), got)
	}
	if _, err := ingest.Run(t.Context(), store, nil, ingest.Config{Formats: testFormats(), Format: "tei"}); err == nil {
		t.Errorf("Run with format tei: got no error")
	}
}

// TestRunCancel: Ctrl-C while a batch is being stored. The batch is
// finished, nothing after it is stored, and Run reports the cancellation.
func TestRunCancel(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.txt"), "a\ntext\n")
	mustWrite(t, filepath.Join(dir, "b.txt"), "b\ntext\n")
	mustWrite(t, filepath.Join(dir, "c.txt"), "c\nWAIT\n") // still parsing when a and b are stored
	mustWrite(t, filepath.Join(dir, "d.txt"), "d\ntext\n")
	ctx, cancel := context.WithCancel(t.Context())
	release = make(chan struct{})
	var once sync.Once
	store := newStore(t)
	var mu sync.Mutex // batches are written from two goroutines
	batched := 0
	store.afterBatch = func(n int) {
		mu.Lock()
		batched += n
		mu.Unlock()
		cancel()
		once.Do(func() { close(release) })
	}
	res, err := ingest.Run(ctx, store, []string{dir}, ingest.Config{Formats: testFormats(), Workers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
	stored := len(origins(t, store))
	if res.Inserted != batched || stored != batched || batched == 0 || batched > 2 {
		t.Errorf("got %s with %d stored after batches of %d documents; want the first batch (a, b or both) alone",
			res.Summary(), stored, batched)
	}
}

// TestRunCancelledBefore: a Run whose context has already ended stores
// nothing and says it was stopped; it used to return no error, as if
// every input had gone in.
func TestRunCancelledBefore(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.txt"), "a\ntext\n")
	store := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := ingest.Run(ctx, store, []string{dir}, ingest.Config{Formats: testFormats(), Workers: 1})
	if !errors.Is(err, context.Canceled) || res.Inserted != 0 || len(origins(t, store)) != 0 {
		t.Errorf("Run with an ended context: %s, %v; want nothing stored and context.Canceled", res.Summary(), err)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"<!DOCTYPE html><html>", "kremlin-html"},
		{"\ufeff\n  <html lang=en>", "kremlin-html"},
		{"<!-- saved -->\n<div>", "kremlin-html"},
		{"<Article class=x>", "kremlin-html"},
		{"<body>", "kremlin-html"},
		{"  {\"id\":1}", "json"},
		{"\ufeff{", "json"},
		{"Events\nPress statements", "kremlin-text"},
		{"<Vladimir Putin> said", "kremlin-text"},
		{"<", "kremlin-text"},
		{"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", "kremlin-html"},
		{"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", "kremlin-text"},
		{"<!-- a --><!-- b -->\n<!doctype html>", "kremlin-html"},
		{"<!-- cut short", "kremlin-html"},
		{"", "kremlin-text"},
	}
	for _, tt := range tests {
		if got := ingest.Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("Detect(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadLimitStdin(t *testing.T) {
	_, err := ingest.Load(t.Context(), "-", bytes.NewReader(make([]byte, 101)), 100)
	if got, want := ingest.Message(err), "-:1: file too large: over the 100 bytes limit (--max-bytes)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b, err := ingest.Load(t.Context(), "-", strings.NewReader("ok"), 100)
	if err != nil || string(b) != "ok" {
		t.Errorf("got %q, %v, want ok", b, err)
	}
}

// BenchmarkRun ingests a 1000-document JSON Lines file into a new SQLite
// archive: reading, decoding, validating, the pipeline and the writes.
func BenchmarkRun(b *testing.B) {
	dir := b.TempDir()
	var lines bytes.Buffer
	for i := range 1000 {
		doc := transcript.Document{ID: "bench/" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Source: "test", Language: "en",
			Turns: []transcript.Turn{{Index: 1, Speaker: "Vladimir Putin", Person: "Vladimir Putin",
				Paragraphs: []string{strings.TrimSpace(strings.Repeat("Colleagues, good afternoon. ", 40))}}}}
		j, _ := json.Marshal(doc)
		lines.Write(j)
		lines.WriteByte('\n')
	}
	mustWrite(b, filepath.Join(dir, "docs.jsonl"), lines.String())
	for b.Loop() {
		b.StopTimer()
		store := newStore(b)
		b.StartTimer()
		res, err := ingest.Run(b.Context(), store, []string{dir}, ingest.Config{Formats: testFormats()})
		if err != nil || res.Inserted != 1000 {
			b.Fatalf("got %s, %v; want 1000 documents ingested", res.Summary(), err)
		}
	}
}

// TestNotPage: a folder walk passes over files that are plainly no
// pages (the corpus folders hold SOURCE.md, an Atom feed and index.jsonl,
// which failed as pages), and reads everything else; a file named on
// its own is read whatever its name.
func TestNotPage(t *testing.T) {
	for _, c := range []struct {
		name string
		not  bool
	}{
		{"README", true}, {"README.md", true}, {"NOTES.md", true}, {"SOURCE.md", true}, {"LICENSE", true},
		{"notes.txt", true}, {"feed.atom.xml", true}, {"index.jsonl", true}, {"photo.JPG", true}, {"x.csv", true},
		{"67763.txt", false}, {"67763.html", false}, {"export.jsonl", false}, {"doc.json", false}, {"67763", false},
		{"sourcefile.txt", false}, {"readmeeting.txt", false}, {"index.html", false},
	} {
		if got := ingest.NotPage(c.name); got != c.not {
			t.Errorf("NotPage(%q) = %v, want %v", c.name, got, c.not)
		}
	}
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.txt"), "a\ntext\n")
	mustWrite(t, filepath.Join(dir, "SOURCE.md"), "# notes\n")
	mustWrite(t, filepath.Join(dir, "sub", "index.jsonl"), "{}\n")
	inputs, skipped, errs := ingest.ExpandSkipping([]string{dir, filepath.Join(dir, "SOURCE.md")})
	if len(errs) != 0 || len(inputs) != 2 || len(skipped) != 2 {
		t.Errorf("ExpandSkipping = inputs %q, skipped %q, errors %v; want a.txt and the SOURCE.md named alone, two skipped", inputs, skipped, errs)
	}
}
