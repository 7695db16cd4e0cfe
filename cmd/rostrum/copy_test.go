package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/transcript"
)

// TestCopy copies an archive with history from SQLite to PostgreSQL,
// from PostgreSQL to SQLite and from SQLite to SQLite, and checks that
// every version of every document arrives in order, with its raw input
// and stored time; then that copying again is refused, or with
// --into-existing changes nothing.
func TestCopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	docs, versions := historyArchive(t, src)
	want := archiveHistory(t, src)
	_, pg := pgSchema(t, "")
	verified := "verified: " + plural(docs, "document", "documents") + ", " + plural(versions, "version", "versions") + ", hashes equal\n"
	for _, tt := range []struct{ name, from, to string }{
		{"SQLiteToPostgres", src, pg},
		{"PostgresToSQLite", pg, filepath.Join(dir, "from-postgres.db")},
		{"SQLiteToSQLite", src, filepath.Join(dir, "copy.db")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := rostrum(t, "", "copy", "--from", tt.from, "--to", tt.to)
			summary := "copied " + plural(docs, "document", "documents") + " (" + plural(versions, "version", "versions") + "), updated 0, unchanged 0, diverged 0 in "
			if code != 0 || !strings.HasPrefix(out, summary) || !strings.HasSuffix(out, verified) {
				t.Fatalf("copy: exit %d\n%s%s\nwant %q … %q", code, out, errOut, summary, verified)
			}
			if diff := cmp.Diff(want, archiveHistory(t, tt.to)); diff != "" {
				t.Errorf("the copy's history differs (-source +copy)\n%s", diff)
			}
			if st := statsOf(t, tt.to); st.Documents != docs || st.Versions != versions {
				t.Errorf("the copy holds %d documents, %d versions; want %d and %d", st.Documents, st.Versions, docs, versions)
			}

			// Again: refused, or with --into-existing, nothing to do.
			if _, errOut, code := rostrum(t, "", "copy", "--from", tt.from, "--to", tt.to); code != 1 ||
				!strings.Contains(errOut, "already holds "+plural(docs, "document", "documents")+": copy into an empty archive, or add --into-existing") {
				t.Errorf("copy into a full archive: exit %d, %q", code, errOut)
			}
			gen := generation(t, tt.to)
			out = mustRostrum(t, "copy", "--from", tt.from, "--to", tt.to, "--into-existing")
			if want := "copied 0 documents (0 versions), updated 0, unchanged " + itoa(docs) + ", diverged 0 in "; !strings.HasPrefix(out, want) || !strings.HasSuffix(out, verified) {
				t.Errorf("copy --into-existing again: %q, want %q … %q", out, want, verified)
			}
			if g := generation(t, tt.to); g != gen {
				t.Errorf("copy --into-existing again moved the target's generation from %d to %d", gen, g)
			}
		})
	}
	if _, errOut, code := rostrum(t, "", "copy", "--from", src, "--to", src); code != 2 || !strings.Contains(errOut, "same archive") {
		t.Errorf("copy onto itself: exit %d, %q", code, errOut)
	}
}

// TestCopyIntoExisting copies into an archive that holds the start of one
// document's history, another version of a second document, and a
// document of its own.
func TestCopyIntoExisting(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	docs, versions := historyArchive(t, src)
	lines := strings.Split(strings.TrimSpace(mustRostrum(t, "export", "--db", src)), "\n")
	if len(lines) < 4 {
		t.Skip("needs the shared corpus for four documents")
	}
	history := archiveHistory(t, src)
	// Document 0 has versions A, B, A: the target gets version 1 (A) from
	// the source's first raw input; document 3 gets a version of its own;
	// and an extra document is the target's alone.
	var d0, d3 transcript.Document
	if err := json.Unmarshal([]byte(lines[0]), &d0); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[3]), &d3); err != nil {
		t.Fatal(err)
	}
	if len(history[d0.ID]) != 3 || len(history[d3.ID]) != 2 {
		t.Fatalf("source history: %d versions of %s, %d of %s; want 3 and 2", len(history[d0.ID]), d0.ID, len(history[d3.ID]), d3.ID)
	}
	d3.Title += " (the target's own)"
	extra := d3
	extra.ID, extra.URL = "kremlin.ru/999999999", "http://kremlin.ru/events/president/news/999999999"
	var input []string
	for _, d := range []*transcript.Document{&d0, &d3, &extra} {
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		input = append(input, string(b))
	}
	dst := filepath.Join(dir, "dst.db")
	if out, errOut, code := rostrum(t, strings.Join(input, "\n")+"\n", "ingest", "--db", dst, "-"); code != 0 {
		t.Fatalf("ingest into the target: exit %d\n%s%s", code, out, errOut)
	}

	out, errOut, code := rostrum(t, "", "copy", "--from", src, "--to", dst, "--into-existing")
	// d0: versions 2 and 3 added; d3: diverged, gets the source's current
	// version; the others: copied whole.
	wantVersions := versions - 2
	summary := "copied " + itoa(docs-2) + " documents (" + itoa(wantVersions) + " versions), updated 1, unchanged 0, diverged 1 in "
	if code != 0 || !strings.HasPrefix(out, summary) || !strings.Contains(out, "verified: "+itoa(docs)+" documents, "+itoa(versions)+" versions, hashes equal\n") ||
		!strings.HasSuffix(out, "the target also holds 1 document that the source does not\n") {
		t.Fatalf("copy --into-existing: exit %d\n%s%s\nwant %q…", code, out, errOut, summary)
	}
	got := archiveHistory(t, dst)
	for id, vs := range history {
		g := got[id]
		switch id {
		case d0.ID:
			// Version 1 came from the same content, stored at another time.
			if len(g) != 3 || g[0].Hash != vs[0].Hash || !cmp.Equal(vs[1:], g[1:]) {
				t.Errorf("%s: got %+v, want the source's versions 2 and 3 after its own 1", id, g)
			}
		case d3.ID:
			if len(g) != 2 || g[1].Hash != vs[len(vs)-1].Hash || g[0].Hash == vs[0].Hash {
				t.Errorf("%s: got %+v, want its own version, then the source's current one", id, g)
			}
		default:
			if diff := cmp.Diff(vs, g); diff != "" {
				t.Errorf("%s differs (-source +target)\n%s", id, diff)
			}
		}
	}
	// Again: nothing to do. The diverged document stays so, with the
	// source's current version as its own.
	gen := generation(t, dst)
	out = mustRostrum(t, "copy", "--from", src, "--to", dst, "--into-existing")
	if !strings.HasPrefix(out, "copied 0 documents (0 versions), updated 0, unchanged "+itoa(docs-1)+", diverged 1 in ") {
		t.Errorf("copy --into-existing again: %q", out)
	}
	if g := generation(t, dst); g != gen {
		t.Errorf("copy --into-existing again moved the target's generation from %d to %d", gen, g)
	}

	// The verification lists what differs: a version the source gains
	// after the copy.
	changed := d0
	changed.Title += " (later)"
	b, err := changed.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := rostrum(t, string(b)+"\n", "ingest", "--db", src, "-"); code != 0 {
		t.Fatalf("ingest into the source: exit %d\n%s%s", code, out, errOut)
	}
	problems := verifyWithoutCopy(t, src, dst, &copyPlan{first: map[string]int{}, diverged: map[string]bool{d3.ID: true}})
	if len(problems) != 1 || !regexp.MustCompile(`^`+regexp.QuoteMeta(d0.ID)+`: 4 versions in the source, 3 in the target$`).MatchString(problems[0]) {
		t.Errorf("verification after the source changed: %q", problems)
	}
}

// verifyWithoutCopy runs copy's verification of dst against src.
func verifyWithoutCopy(t *testing.T, src, dst string, plan *copyPlan) []string {
	t.Helper()
	s, err := openStore(t.Context(), src, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := openStore(t.Context(), dst, true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, _, problems, err := verifyCopy(t.Context(), s, d, plan)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

func generation(t *testing.T, db string) int64 {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, ok := s.(transcript.Catalog)
	if !ok {
		t.Fatalf("%s: no Catalog", db)
	}
	g, err := c.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return g
}
