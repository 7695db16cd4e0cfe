package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// kremlinFormats is the registry rostrum's command line uses.
func kremlinFormats() ingest.Formats {
	return ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
		ingest.FormatJSON:        jsondoc.Decode,
	}
}

func versionCount(t *testing.T, s transcript.Store) int {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st.Versions
}

func mustReparse(t *testing.T, s transcript.Store, dry bool) ingest.ReparseResult {
	t.Helper()
	res, err := ingest.Reparse(t.Context(), s, ingest.ReparseConfig{Formats: kremlinFormats(), DryRun: dry, Workers: 2})
	if err != nil {
		t.Fatalf("Reparse: %v", err)
	}
	return res
}

// TestReparseCorpus ingests the shared corpus (its HTML pages and text
// dumps, read where they are) and reparses it with the same parsers:
// nothing changes and no version is written.
func TestReparseCorpus(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS)")
	}
	var paths []string
	for _, pattern := range []string{"kremlin-html/*.html", "kremlin-en/text/*.txt"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("no corpus files %s: %v", pattern, err)
		}
		paths = append(paths, m...)
	}
	s := newStore(t)
	in, err := ingest.Run(t.Context(), s, paths, ingest.Config{Formats: kremlinFormats(), Workers: 2})
	if err != nil || in.Failed > 0 {
		t.Fatalf("ingest: %v %s %q", err, in.Summary(), messages(in.Failures))
	}
	before := versionCount(t, s)
	var prog reparseLog
	res, err := ingest.Reparse(t.Context(), s, ingest.ReparseConfig{Formats: kremlinFormats(), Workers: 2, Progress: &prog})
	if err != nil {
		t.Fatal(err)
	}
	docs := in.Inserted // the 30 HTML pages and their text dumps share ids: updates, not new documents
	if res.Checked != docs || res.Unchanged != docs || res.Changed != 0 || res.Failed != 0 {
		t.Errorf("Reparse got %s (%s %q), want %d checked, all unchanged", res.Summary(), res.Why(), res.Failures, docs)
	}
	if got := versionCount(t, s); got != before {
		t.Errorf("versions got %d, want %d: reparse wrote versions", got, before)
	}
	if n := len(prog.got); n == 0 || prog.got[n-1].Done != docs || prog.got[n-1].Total != docs {
		t.Errorf("last progress got %+v, want %d of %d done", prog.got[len(prog.got)-1:], docs, docs)
	}
}

type reparseLog struct{ got []ingest.ReparseStatus }

func (p *reparseLog) ReparseProgress(s ingest.ReparseStatus) { p.got = append(p.got, s) }

// readFixture returns a parser fixture and its parse.
func readFixture(t *testing.T, rel string) (*transcript.Document, transcript.Raw) {
	t.Helper()
	path := filepath.Join("..", "parser", rel)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var format string
	var doc *transcript.Document
	format, err = kremlinFormats().Decode(ingest.Auto, b, path, func(d *transcript.Document, _ int, _ []byte) error {
		doc = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc, transcript.Raw{Origin: path, Format: format, Bytes: b}
}

func put(t *testing.T, s transcript.Store, doc *transcript.Document, raw transcript.Raw) {
	t.Helper()
	if _, err := s.Put(context.Background(), doc, raw); err != nil {
		t.Fatalf("Put %s: %v", doc.ID, err)
	}
}

// TestReparseChanged stores documents as an older parser would have read
// them, then reparses: a dry run reports each change and writes nothing;
// a real run writes exactly one new version per changed document, and a
// second run finds nothing left to do.
func TestReparseChanged(t *testing.T) {
	for _, c := range []struct {
		name    string
		fixture string
		older   func(d *transcript.Document) // what the older parser got wrong
		fields  []string
		why     string
	}{
		{name: "unresolved persons", fixture: "kremlinhtml/testdata/ru_meeting.html", fields: []string{"persons"},
			why: "1 changed: persons 1",
			older: func(d *transcript.Document) {
				for i := range d.Turns {
					if d.Turns[i].Person != "" {
						d.Turns[i].Person = d.Turns[i].Speaker
					}
				}
			}},
		{name: "title and a lost turn", fixture: "kremlintext/testdata/sample.txt", fields: []string{"title", "turns"},
			why: "1 changed: title 1, turns 1",
			older: func(d *transcript.Document) {
				d.Title += " (draft)"
				last := len(d.Turns) - 1
				d.Turns[last-1].Paragraphs = append(d.Turns[last-1].Paragraphs, d.Turns[last].Paragraphs...)
				d.Turns = d.Turns[:last]
			}},
		{name: "taxonomy and text", fixture: "kremlinhtml/testdata/transcript.html", fields: []string{"taxonomy", "paragraphs"},
			why: "1 changed: taxonomy 1, paragraphs 1",
			older: func(d *transcript.Document) {
				d.Topics = nil
				d.Turns[1].Paragraphs[0] = strings.ToUpper(d.Turns[1].Paragraphs[0])
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			doc, raw := readFixture(t, c.fixture)
			c.older(doc)
			put(t, s, doc, raw)
			other, otherRaw := readFixture(t, "kremlinhtml/testdata/announcement.html")
			put(t, s, other, otherRaw)

			dry := mustReparse(t, s, true)
			if dry.Checked != 2 || dry.Changed != 1 || dry.Unchanged != 1 || dry.Failed != 0 {
				t.Errorf("dry run got %s, want 2 checked, 1 changed", dry.Summary())
			}
			if got := versionCount(t, s); got != 2 {
				t.Errorf("after the dry run, versions got %d, want 2", got)
			}
			res := mustReparse(t, s, false)
			want := []ingest.Change{{ID: doc.ID, Version: 2, Fields: c.fields}}
			if diff := cmp.Diff(want, res.Changes); diff != "" {
				t.Errorf("Reparse changes mismatch (-want +got):\n%s", diff)
			}
			if got := res.Why(); got != c.why {
				t.Errorf("Why got %q, want %q", got, c.why)
			}
			if got := versionCount(t, s); got != 3 {
				t.Errorf("versions got %d, want 3: one new version", got)
			}
			vs, err := s.Versions(t.Context(), doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != 2 || vs[1].Origin != raw.Origin || vs[1].Format != raw.Format || vs[1].RawHash != vs[0].RawHash {
				t.Errorf("versions %+v: want a second version from the same raw input", vs)
			}
			// Whatever the new parse changed, the source did not change.
			if vs[1].Cause != transcript.CauseRederived || transcript.Edits(vs) != 0 {
				t.Errorf("the reparsed version's cause is %q, want %q, not an edit", vs[1].Cause, transcript.CauseRederived)
			}
			again := mustReparse(t, s, false)
			if again.Changed != 0 || again.Unchanged != 2 {
				t.Errorf("second run got %s, want nothing changed", again.Summary())
			}
		})
	}
}

// TestReparseTwins stores a Russian edition before its English twin, as a
// crawl may, so its persons are its own; reparse does English documents
// first and links the Russian one to its twin.
func TestReparseTwins(t *testing.T) {
	s := newStore(t)
	ru, ruRaw := readFixture(t, "kremlinhtml/testdata/twin_ru.html")
	put(t, s, ru, ruRaw)
	en, enRaw := readFixture(t, "kremlinhtml/testdata/twin_en.html")
	put(t, s, en, enRaw)
	res := mustReparse(t, s, false)
	want := []ingest.Change{{ID: "kremlin.ru/90010", Version: 2, Fields: []string{"persons"}}}
	if diff := cmp.Diff(want, res.Changes); diff != "" {
		t.Errorf("Reparse changes mismatch (-want +got):\n%s", diff)
	}
	got, err := s.Document(t.Context(), "kremlin.ru/90010")
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Turns[1].Person; p != "Vladimir Putin" {
		t.Errorf("turn 2 person got %q, want Vladimir Putin", p)
	}
	if again := mustReparse(t, s, false); again.Changed != 0 {
		t.Errorf("second run got %s, want nothing changed", again.Summary())
	}
}

// TestReparseFailures: a raw input without a parser, one that no longer
// parses and one that now reads as another document are reported as
// "ID: reason" and left as they are.
func TestReparseFailures(t *testing.T) {
	s := newStore(t)
	good, goodRaw := readFixture(t, "kremlinhtml/testdata/russian.html")
	put(t, s, good, goodRaw)
	a := *good
	a.ID = "kremlin.ru/1"
	put(t, s, &a, transcript.Raw{Origin: "a.pdf", Format: "pdf", Bytes: []byte("%PDF-1.4")})
	b := *good
	b.ID = "kremlin.ru/2"
	put(t, s, &b, transcript.Raw{Origin: "b.html", Format: ingest.FormatKremlinHTML, Bytes: []byte("<html><body></body></html>")})
	c := *good
	c.ID = "kremlin.ru/3"
	put(t, s, &c, goodRaw) // its raw input is page 90003's
	before := versionCount(t, s)

	res := mustReparse(t, s, false)
	if res.Checked != 4 || res.Failed != 3 || res.Unchanged != 1 || res.Changed != 0 {
		t.Errorf("Reparse got %s, want 4 checked, 3 failed, 1 unchanged", res.Summary())
	}
	var got []string
	for _, f := range res.Failures {
		got = append(got, f.Error())
	}
	want := []string{
		`kremlin.ru/1: no parser for format "pdf"`,
		"kremlin.ru/2: no kremlin article: no title and no body text",
		"kremlin.ru/3: now parses as kremlin.ru/90003; left as it is",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures mismatch (-want +got):\n%s", diff)
	}
	if got := versionCount(t, s); got != before {
		t.Errorf("versions got %d, want %d", got, before)
	}
}
