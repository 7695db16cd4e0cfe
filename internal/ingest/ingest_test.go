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
	"github.com/rostrum/rostrum/internal/transcript"
)

// memStore keeps the canonical JSON of each document's versions.
type memStore struct {
	transcript.Store // only Put is used
	mu               sync.Mutex
	versions         map[string][]string
	raws             []transcript.Raw
	puts             int
	cancelAfter      func() // called after each Put, when set
}

func newMemStore() *memStore { return &memStore{versions: map[string][]string{}} }

func (s *memStore) Put(ctx context.Context, doc *transcript.Document, raw transcript.Raw) (transcript.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := doc.Validate(); err != nil {
		return transcript.PutResult{}, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return transcript.PutResult{}, err
	}
	s.puts++
	if s.cancelAfter != nil {
		defer s.cancelAfter()
	}
	vs := s.versions[doc.ID]
	if n := len(vs); n > 0 && vs[n-1] == string(b) {
		return transcript.PutResult{Status: transcript.Unchanged, Version: n}, nil
	}
	s.versions[doc.ID] = append(vs, string(b))
	s.raws = append(s.raws, raw)
	if len(vs) == 0 {
		return transcript.PutResult{Status: transcript.Inserted, Version: 1}, nil
	}
	return transcript.PutResult{Status: transcript.Updated, Version: len(vs) + 1}, nil
}

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

	store := newMemStore()
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
	var ids []string
	for _, r := range store.raws {
		ids = append(ids, r.Origin+" "+r.Format)
	}
	wantIDs := []string{
		dir + "/a-good.txt kremlin-text",
		dir + "/sub/f-good.txt kremlin-text",
		dir + "/sub/g-docs.jsonl json",
		dir + "/sub/g-docs.jsonl json",
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("stored inputs mismatch (-want +got)\n%s", diff)
	}
	if _, ok := store.versions["j/3"]; ok {
		t.Errorf("j/3 was stored from an input that failed to parse")
	}
	if got := string(store.raws[3].Bytes); got != `{"id":"j/2","source":"test","language":"ru","turns":[]}` {
		t.Errorf("raw of j/2: got %q, want its own line", got)
	}
	if n := len(prog.got); n != 10 || prog.got[n-1].Done != 9 || prog.got[n-1].Total != 9 || prog.got[n-1].Documents != 4 {
		t.Errorf("progress: got %+v, want 10 reports ending with 9 of 9 done, 4 documents", prog.got)
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
	if n := len(store.versions["test/alpha"]); n != 2 {
		t.Errorf("versions of test/alpha: got %d, want 2", n)
	}
}

func TestRunStdinAndFormat(t *testing.T) {
	store := newMemStore()
	res, err := ingest.Run(t.Context(), store, []string{"-"}, ingest.Config{
		Formats: testFormats(), Format: ingest.FormatKremlinText, Stdin: strings.NewReader("{brace}\ntext\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 1 || store.raws[0].Origin != "-" || store.raws[0].Format != "kremlin-text" {
		t.Errorf("got %s with raws %+v, want one kremlin-text document from -", res.Summary(), store.raws)
	}
	if _, err := ingest.Run(t.Context(), store, nil, ingest.Config{Formats: testFormats(), Format: "tei"}); err == nil {
		t.Errorf("Run with format tei: got no error")
	}
}

func TestRunCancel(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b", "c", "d"} {
		mustWrite(t, filepath.Join(dir, name+".txt"), name+"\ntext\n")
	}
	ctx, cancel := context.WithCancel(t.Context())
	store := newMemStore()
	store.cancelAfter = cancel // Ctrl-C while the first document is being stored
	res, err := ingest.Run(ctx, store, []string{dir}, ingest.Config{Formats: testFormats(), Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
	if res.Inserted != 1 || store.puts != 1 {
		t.Errorf("got %s after %d puts, want exactly the one document being stored", res.Summary(), store.puts)
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
	_, err := ingest.Load("-", bytes.NewReader(make([]byte, 101)), 100)
	if got, want := ingest.Message(err), "-:1: file too large: over the 100 bytes limit (--max-bytes)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b, err := ingest.Load("-", strings.NewReader("ok"), 100)
	if err != nil || string(b) != "ok" {
		t.Errorf("got %q, %v, want ok", b, err)
	}
}

// BenchmarkRun ingests a 1000-document JSON Lines file into a store in
// memory: the cost of reading, decoding, validating and the pipeline.
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
		res, err := ingest.Run(b.Context(), newMemStore(), []string{dir}, ingest.Config{Formats: testFormats()})
		if err != nil || res.Inserted != 1000 {
			b.Fatalf("got %s, %v; want 1000 documents ingested", res.Summary(), err)
		}
	}
}
