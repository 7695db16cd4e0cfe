package export_test

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/export"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func archiveOf(t *testing.T, n int) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i := range n {
		if _, err := s.Put(t.Context(), storetest.Synthetic(i), transcript.Raw{Origin: "x", Format: "json", Bytes: []byte{byte(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestJSONLAndCSV(t *testing.T) {
	s := archiveOf(t, 3)
	var b strings.Builder
	if err := export.JSONL(t.Context(), s, &b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	turns := 0
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		want, _ := doc.MarshalJSON()
		if len(lines) == 0 || lines[0] != string(want) {
			t.Fatalf("JSONL line for %s differs from its canonical JSON", doc.ID)
		}
		lines = lines[1:]
		turns += len(doc.Turns)
	}
	if len(lines) != 0 {
		t.Errorf("JSONL has %d lines too many", len(lines))
	}

	b.Reset()
	if err := export.CSV(t.Context(), s, &b, false, "https://example.org"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+turns {
		t.Fatalf("CSV has %d rows, want a header and %d turns", len(rows), turns)
	}
	if !strings.Contains(strings.Join(rows[1], ","), "https://example.org/d/synthetic/") {
		t.Errorf("CSV row lacks the url: %q", rows[1])
	}

	b.Reset()
	if err := export.TEI(t.Context(), s, &b); err != nil || !strings.Contains(b.String(), "<teiCorpus") {
		t.Errorf("TEI: %v, %.200s", err, b.String())
	}
}

func TestToFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := export.ToFile(path, io.Discard, func(w io.Writer) error { _, err := io.WriteString(w, "hello\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "hello\n" {
		t.Errorf("ToFile wrote %q, %v", b, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("ToFile mode: %v, %v", fi.Mode(), err)
	}
	// A failed fill leaves the file as it was, and no temporary file.
	boom := errors.New("boom")
	if err := export.ToFile(path, io.Discard, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Errorf("ToFile with a failing fill: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "hello\n" {
		t.Errorf("a failed ToFile changed the file to %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed ToFile left %d files", len(entries))
	}
	var out strings.Builder
	if err := export.ToFile("-", &out, func(w io.Writer) error { _, err := io.WriteString(w, "to stdout"); return err }); err != nil || out.String() != "to stdout" {
		t.Errorf("ToFile(-) = %v, %q", err, out.String())
	}
}
