package sqlite

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// loadCorpus parses the shared corpus's English text pages and the
// kremlin-html-more pages (both editions), skipping the few that do not
// parse: they are not what this test is about.
func loadCorpus(t *testing.T) ([]*transcript.Document, []transcript.Raw) {
	t.Helper()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	ids, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*transcript.Document
	var raws []transcript.Raw
	add := func(path, format string, parse func(f *os.File) (*transcript.Document, error)) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		d, err := parse(f)
		if err != nil {
			return
		}
		docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: path, Format: format, Bytes: b})
	}
	for _, id := range ids {
		p := corpus.TextPath(dir, id)
		add(p, "kremlin-text", func(f *os.File) (*transcript.Document, error) { return kremlintext.Parse(f, p) })
	}
	if more := corpus.MoreDir(dir); more != "" {
		pages, err := corpus.LoadMore(more)
		if err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			p := filepath.Join(more, pg.File)
			add(p, "kremlin-html", func(f *os.File) (*transcript.Document, error) { return kremlinhtml.Parse(f, p) })
		}
	}
	return docs, raws
}

// TestIxAgainstOracle runs searches through the archive's index on the
// shared corpus, written in small batches (so the index has many
// segments and merges), again after a third of the documents changed (so
// dead markers hide their older units), and again after a whole merge,
// and wants what the brute-force oracle says (oracle_internal_test.go):
// every count and facet, every page in date order, the matching turns of
// each document, and the ranking by bm25.
func TestIxAgainstOracle(t *testing.T) {
	docs, raws := loadCorpus(t)
	if len(docs) < 200 {
		t.Fatalf("only %d documents parsed from the corpus", len(docs))
	}
	if raceEnabled {
		// A subset: .ci/run runs the whole test without the detector.
		docs, raws = docs[:120], raws[:120]
	}
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "ix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const batch = 7
	for i := 0; i < len(docs); i += batch {
		j := min(i+batch, len(docs))
		if _, errs := s.PutBatch(t.Context(), docs[i:j], raws[i:j]); firstError(errs) != nil {
			t.Fatal(firstError(errs))
		}
	}
	var segs int
	if err := s.read.QueryRow(`SELECT count(*) FROM ix_segments`).Scan(&segs); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents in %d batches, %d segments", len(docs), (len(docs)+batch-1)/batch, segs)
	if segs < 2 {
		t.Errorf("%d segments: the test means to search several", segs)
	}

	queries := []string{
		"russia", "economy", "cooperation", "president", "россия", "экономика", "сотрудничество",
		"econom*", "эконом*", "co*", `"strategic partnership"`, `"united states"`, `"в том числе"`,
		"russia china", "russia OR china", "russia -china", "(economy OR trade) -sanctions",
		"COVID-19", "U.S.", "2024", "person:Putin", "person:Putin economy", "-person:Putin russia",
		"lang:ru", "lang:en security", "qa:question", "qa:answer person:Putin", "from:2023-01-01 russia",
		"to:2022-12-31 economy", "from:2022-06-01 to:2023-06-30", "type:transcript", "section:news",
		"security -lang:ru", `"press conference" OR briefing`, "вопрос*", "-russia lang:en",
	}
	if raceEnabled {
		queries = []string{"russia", "econom*", `"strategic partnership"`, "russia -china", "person:Putin economy", "lang:ru", "qa:question", "from:2023-01-01 russia"}
	}
	compare := func(t *testing.T, stage string) {
		o := newOracle(t, s)
		for _, q := range queries {
			o.check(t, s, stage, q)
		}
	}
	compare(t, "written")

	// Change a third of the documents (one more paragraph in their first
	// turn, another title) and remove nothing: their old units must no
	// longer match.
	var changed []*transcript.Document
	var craws []transcript.Raw
	for i := 0; i < len(docs); i += 3 {
		d := *docs[i]
		d.Title += " amended zanzibar"
		if len(d.Turns) > 0 {
			turns := slices.Clone(d.Turns)
			turns[0].Paragraphs = append(slices.Clone(turns[0].Paragraphs), "A sentence about zanzibar and economy.")
			d.Turns = turns
		}
		changed = append(changed, &d)
		r := raws[i]
		r.Bytes = append(slices.Clone(r.Bytes), []byte(" amended")...)
		craws = append(craws, r)
	}
	for i := 0; i < len(changed); i += batch {
		j := min(i+batch, len(changed))
		if _, errs := s.PutBatch(t.Context(), changed[i:j], craws[i:j]); firstError(errs) != nil {
			t.Fatal(firstError(errs))
		}
	}
	queries = append(queries, "zanzibar", "amended", `"about zanzibar"`)
	compare(t, "changed")

	// A whole merge drops the dead units and markers and changes no
	// answer.
	tx, err := s.write.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := mergeAll(t.Context(), tx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(t.Context(), sqlGeneration); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var nsegs, ndead int
	if err := s.read.QueryRow(`SELECT (SELECT count(*) FROM ix_segments), (SELECT count(*) FROM ix_dead)`).Scan(&nsegs, &ndead); err != nil {
		t.Fatal(err)
	}
	if nsegs != 1 || ndead != 0 {
		t.Errorf("after a whole merge: %d segments, %d dead markers; want 1, 0", nsegs, ndead)
	}
	compare(t, "merged")
}

func head(s []string) []string { return s[:min(len(s), 8)] }

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestIxIntegrity wants IntegrityCheck to find a damaged posting list and
// a unit missing from the index, and Open to rebuild an index whose
// format it does not know, after which the check passes again.
func TestIxIntegrity(t *testing.T) {
	docs, raws := loadCorpus(t)
	docs, raws = docs[:30], raws[:30]
	path := filepath.Join(t.TempDir(), "ix.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := s.PutBatch(t.Context(), docs, raws); firstError(errs) != nil {
		t.Fatal(firstError(errs))
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("a new archive: %v", err)
	}
	// The check reads in its own transaction: commit the damage, then
	// rebuild by reopening with another format recorded.
	mustExec := func(q string) {
		t.Helper()
		if _, err := s.write.Exec(q); err != nil {
			t.Fatal(err)
		}
		if _, err := s.write.Exec(sqlGeneration); err != nil {
			t.Fatal(err)
		}
	}
	// Thirty documents make one packed segment: damage it. Segments are
	// immutable, and kept in memory by number once read: open the
	// archive again to read the damage.
	mustExec(`UPDATE ix_segments SET packed = x'01017a0101ff0200' WHERE seg = (SELECT min(seg) FROM ix_segments)`)
	s.Close()
	if s, err = Open(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(t.Context()); err == nil || !strings.Contains(err.Error(), "damaged index data") {
		t.Errorf("a damaged posting list: %v", err)
	}
	// A search that reads it says so, and does not panic.
	parsed, _ := search.ParseQuery("z")
	if _, err := s.Search(t.Context(), &transcript.SearchRequest{Query: parsed}); err == nil || !strings.Contains(err.Error(), "damaged index data") {
		t.Errorf("searching a damaged posting list: %v", err)
	}
	mustExec(`INSERT INTO ix_dead (doc, seg) SELECT (SELECT min(turn) FROM turns) >> 14, 1000000`)
	if err := s.IntegrityCheck(t.Context()); err == nil || !strings.Contains(err.Error(), "units missing") {
		t.Errorf("a document's units hidden: %v", err)
	}
	mustExec(`UPDATE settings SET value = 'postings-0' WHERE key = 'ix_format'`)
	s.Close()

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Errorf("after Open rebuilt the index: %v", err)
	}
	parsed, _ = search.ParseQuery("russia")
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: parsed})
	if err != nil || res.Total == 0 {
		t.Errorf("russia after the rebuild: %v, %+v", err, res)
	}
}

// TestSnippetsFromSpans: the turns' text a search page shows, read
// through each turn's span in its packed version, equals what the whole
// version gives, the way turns stored before spans were kept are read.
// The corpus's long transcripts span many JSON members.
func TestSnippetsFromSpans(t *testing.T) {
	docs, raws := loadCorpus(t)
	if raceEnabled {
		docs, raws = docs[:80], raws[:80]
	}
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "spans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, errs := s.PutBatch(t.Context(), docs, raws); firstError(errs) != nil {
		t.Fatal(firstError(errs))
	}
	var multi int
	if err := s.read.QueryRow(`SELECT count(*) FROM turns WHERE text_at > 0`).Scan(&multi); err != nil {
		t.Fatal(err)
	}
	if multi == 0 {
		t.Error("no turn starts past its version's first member: the test means to read some")
	}
	run := func() []transcript.SearchResult {
		var out []transcript.SearchResult
		for _, q := range []string{"russia", "economy", "россия", `"strategic partnership"`, "person:Putin security", "lang:en"} {
			parsed, err := search.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, sortBy := range []string{transcript.SortRelevance, transcript.SortOldest} {
				res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: parsed, Sort: sortBy, Limit: 50, TurnsPerDoc: 5})
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				out = append(out, *res)
			}
		}
		return out
	}
	withSpans := run()
	if _, err := s.write.ExecContext(t.Context(), `UPDATE turns SET text_at = NULL, text_skip = NULL, text_len = NULL`); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withSpans, run()); diff != "" {
		t.Errorf("hits read through spans differ from the whole versions' (-spans +whole):\n%s", diff)
	}
	var turns int
	for _, r := range withSpans {
		for _, h := range r.Hits {
			turns += len(h.Turns)
		}
	}
	if turns < 100 {
		t.Errorf("only %d turns shown: the test means to read many", turns)
	}
}

// TestSpansAfterUpgrade: an archive whose turns have no spans, with
// versions packed in one gzip stream or not packed at all (as releases
// before migration 0010 stored them), gets every span on the next Open:
// its current versions are packed again in members, their JSON and hash
// unchanged, and search pages are what they were.
func TestSpansAfterUpgrade(t *testing.T) {
	docs, raws := loadCorpus(t)
	docs, raws = docs[:60], raws[:60]
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := s.PutBatch(t.Context(), docs, raws); firstError(errs) != nil {
		t.Fatal(firstError(errs))
	}
	q, err := search.ParseQuery("russia OR economy")
	if err != nil {
		t.Fatal(err)
	}
	req := &transcript.SearchRequest{Query: q, Limit: 40, TurnsPerDoc: 5}
	want, err := s.Search(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	// Take the archive back: even documents' versions in one gzip
	// stream, odd ones as plain JSON, no spans, no setting.
	rows, err := s.write.QueryContext(t.Context(), `SELECT doc, number, json FROM versions`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		doc, number int64
		json        []byte
	}
	var old []row
	for rows.Next() {
		var r row
		var stored []byte
		if err := rows.Scan(&r.doc, &r.number, &stored); err != nil {
			t.Fatal(err)
		}
		js, err := archive.UnpackJSON(stored)
		if err != nil {
			t.Fatal(err)
		}
		if r.json = js; r.doc%2 == 0 {
			if r.json, err = archive.Pack(js); err != nil {
				t.Fatal(err)
			}
		}
		old = append(old, r)
	}
	rows.Close()
	for _, r := range old {
		if _, err := s.write.ExecContext(t.Context(), `UPDATE versions SET json = ? WHERE doc = ? AND number = ?`, r.json, r.doc, r.number); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`UPDATE turns SET text_at = NULL, text_skip = NULL, text_len = NULL`,
		`DELETE FROM settings WHERE key = 'text_spans'`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var missing, multi int
	if err := s.read.QueryRow(`SELECT count(*) FILTER (WHERE text_at IS NULL), count(*) FILTER (WHERE text_at > 0) FROM turns`).Scan(&missing, &multi); err != nil {
		t.Fatal(err)
	}
	if missing != 0 || multi == 0 {
		t.Errorf("after Open: %d turns without a span, %d past a first member; want none and some", missing, multi)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	got, err := s.Search(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("search after the spans were made again (-before +after):\n%s", diff)
	}
	for _, d := range docs[:10] {
		vs, err := s.Versions(t.Context(), d.ID)
		if err != nil || len(vs) == 0 {
			t.Fatalf("versions of %s: %v", d.ID, err)
		}
		back, err := s.Document(t.Context(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := back.MarshalJSON()
		if archive.Sum(js) != vs[len(vs)-1].Hash {
			t.Errorf("%s: the current version no longer matches its hash", d.ID)
		}
	}
}
