// Package storetest is the conformance suite of transcript.Store: the
// executable form of the Store contract that every archive engine runs.
//
// An engine's test calls Run with a function that opens a fresh, empty
// store for each subtest:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) transcript.Store {
//			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Beyond the interface's comments, the suite fixes these behaviours:
//   - A document is its canonical JSON: nil and empty lists are the same
//     document, and a round trip may return either.
//   - Documents yields dated documents by date then id, then undated ones
//     by id. Strings compare as bytes (COLLATE "C" in PostgreSQL).
//   - Persons are ordered by turns, most first, then by name; a person's
//     Labels and Roles by the turns that printed them, then alphabetically.
//     First and Last are empty for a person seen only in undated documents.
//   - Stats.ByYear is ordered by year, "unknown" last; BySection and
//     ByLanguage by count, largest first, then by key. RawBytes counts each
//     distinct raw input once.
//   - A nil document is ErrInvalid.
//
// A store that also has an IntegrityCheck(context.Context) error method
// is checked with it at the end of every subtest.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/transcript"
)

// checker is implemented by stores that can verify their own consistency.
type checker interface {
	IntegrityCheck(ctx context.Context) error
}

// Run runs the conformance suite. newStore must return a new, empty store
// and arrange for it to be closed when the test ends (t.Cleanup). Subtests
// run in parallel, each on its own store.
func Run(t *testing.T, newStore func(t *testing.T) transcript.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s transcript.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"EmptyListsAreNil", testEmptyListsAreNil},
		{"Idempotent", testIdempotent},
		{"Update", testUpdate},
		{"Causes", testCauses},
		{"CausesBatch", testCausesBatch},
		{"EditLog", testEditLog},
		{"RawInput", testRawInput},
		{"Invalid", testInvalid},
		{"NotFound", testNotFound},
		{"Documents", testDocuments},
		{"DocumentsBreak", testDocumentsBreak},
		{"Persons", testPersons},
		{"PersonsUpdate", testPersonsUpdate},
		{"Stats", testStats},
		{"StatsEmpty", testStatsEmpty},
		{"StatsUpdate", testStatsUpdate},
		{"Concurrent", testConcurrent},
		{"PutBatch", testPutBatch},
		{"PutBatchRepeated", testPutBatchRepeated},
		{"WordCounts", testWordCounts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			tt.fn(t, s)
			if c, ok := s.(checker); ok {
				if err := c.IntegrityCheck(context.WithoutCancel(t.Context())); err != nil {
					t.Errorf("IntegrityCheck: %v", err)
				}
			}
		})
	}
}

// equateDocs compares documents as their canonical JSON does.
var equateDocs = cmpopts.EquateEmpty()

func mustPut(t *testing.T, s transcript.Store, doc *transcript.Document, raw transcript.Raw, want transcript.PutStatus) transcript.PutResult {
	t.Helper()
	res, err := s.Put(t.Context(), doc, raw)
	if err != nil {
		t.Fatalf("Put(%s): %v", doc.ID, err)
	}
	if res.Status != want {
		t.Fatalf("Put(%s) status = %v, want %v", doc.ID, res.Status, want)
	}
	return res
}

func putAll(t *testing.T, s transcript.Store, docs ...*transcript.Document) {
	t.Helper()
	for _, d := range docs {
		mustPut(t, s, d, rawOf(d), transcript.Inserted)
	}
}

func mustDocument(t *testing.T, s transcript.Store, id string) *transcript.Document {
	t.Helper()
	doc, err := s.Document(t.Context(), id)
	if err != nil {
		t.Fatalf("Document(%s): %v", id, err)
	}
	return doc
}

func mustVersions(t *testing.T, s transcript.Store, id string) []transcript.Version {
	t.Helper()
	vs, err := s.Versions(t.Context(), id)
	if err != nil {
		t.Fatalf("Versions(%s): %v", id, err)
	}
	return vs
}

func mustStats(t *testing.T, s transcript.Store) transcript.Stats {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func mustPersons(t *testing.T, s transcript.Store) []transcript.Person {
	t.Helper()
	ps, err := s.Persons(t.Context())
	if err != nil {
		t.Fatalf("Persons: %v", err)
	}
	return ps
}

func collect(t *testing.T, s transcript.Store) []*transcript.Document {
	t.Helper()
	var docs []*transcript.Document
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatalf("Documents: %v", err)
		}
		docs = append(docs, doc)
	}
	return docs
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func canonicalHash(t *testing.T, doc *transcript.Document) string {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return sum(b)
}

func testRoundTrip(t *testing.T, s transcript.Store) {
	for _, want := range fixtures() {
		t.Run(want.ID, func(t *testing.T) {
			raw := rawOf(want)
			before := time.Now()
			res := mustPut(t, s, want, raw, transcript.Inserted)
			after := time.Now()
			if res.Version != 1 {
				t.Errorf("Put version = %d, want 1", res.Version)
			}
			got := mustDocument(t, s, want.ID)
			if diff := cmp.Diff(want, got, equateDocs); diff != "" {
				t.Errorf("Document(%s) mismatch (-want +got):\n%s", want.ID, diff)
			}
			got, err := s.DocumentVersion(t.Context(), want.ID, 1)
			if err != nil {
				t.Fatalf("DocumentVersion(%s, 1): %v", want.ID, err)
			}
			if diff := cmp.Diff(want, got, equateDocs); diff != "" {
				t.Errorf("DocumentVersion(%s, 1) mismatch (-want +got):\n%s", want.ID, diff)
			}
			vs := mustVersions(t, s, want.ID)
			if len(vs) != 1 {
				t.Fatalf("Versions(%s) = %d versions, want 1", want.ID, len(vs))
			}
			turns, paragraphs := 0, 0
			for _, tn := range want.Turns {
				turns++
				paragraphs += len(tn.Paragraphs)
			}
			wantV := transcript.Version{Number: 1, Hash: canonicalHash(t, want), RawHash: sum(raw.Bytes),
				Origin: raw.Origin, Format: raw.Format, Turns: turns, Paragraph: paragraphs, Cause: transcript.CauseFirst}
			if diff := cmp.Diff(wantV, vs[0], cmpopts.IgnoreFields(transcript.Version{}, "StoredAt")); diff != "" {
				t.Errorf("Versions(%s) mismatch (-want +got):\n%s", want.ID, diff)
			}
			// Engines keep at least microseconds; allow for rounding.
			if at := vs[0].StoredAt; at.Before(before.Add(-time.Second)) || at.After(after.Add(time.Second)) {
				t.Errorf("StoredAt = %v, want between %v and %v", at, before, after)
			}
		})
	}
}

func testEmptyListsAreNil(t *testing.T, s transcript.Store) {
	empty := untitled()
	empty.PublishedIn, empty.Geography, empty.Topics, empty.Persons = []string{}, []string{}, []string{}, []string{}
	empty.Media, empty.Related = []transcript.Media{}, []transcript.Related{}
	empty.Turns[0].Notes = []string{}
	mustPut(t, s, empty, rawOf(empty), transcript.Inserted)
	// The same document with nil lists has the same canonical JSON.
	mustPut(t, s, untitled(), rawOf(empty), transcript.Unchanged)
	if vs := mustVersions(t, s, empty.ID); len(vs) != 1 {
		t.Errorf("Versions = %d, want 1", len(vs))
	}
}

func testIdempotent(t *testing.T, s transcript.Store) {
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	// A re-ingest from another file is still the same document.
	other := transcript.Raw{Origin: "elsewhere.html", Format: "kremlin-html", Bytes: []byte("<html>")}
	for range 3 {
		res := mustPut(t, s, talks(), other, transcript.Unchanged)
		if res.Version != 1 {
			t.Errorf("Put version = %d, want 1", res.Version)
		}
	}
	vs := mustVersions(t, s, doc.ID)
	if len(vs) != 1 {
		t.Fatalf("Versions = %d, want 1", len(vs))
	}
	if vs[0].Origin != rawOf(doc).Origin {
		t.Errorf("Origin = %q, want the first ingest's %q", vs[0].Origin, rawOf(doc).Origin)
	}
	st := mustStats(t, s)
	if st.Documents != 1 || st.Versions != 1 || st.RawBytes != int64(len(rawOf(doc).Bytes)) {
		t.Errorf("Stats = %d documents, %d versions, %d raw bytes; want 1, 1, %d",
			st.Documents, st.Versions, st.RawBytes, len(rawOf(doc).Bytes))
	}
}

func testUpdate(t *testing.T, s transcript.Store) {
	v1 := talks()
	raw1 := rawOf(v1)
	mustPut(t, s, v1, raw1, transcript.Inserted)

	v2 := talks()
	v2.Title = "Russian–Kazakhstani talks"
	v2.Turns[3].Paragraphs = append(v2.Turns[3].Paragraphs, "Один абзац по-русски.")
	raw2 := transcript.Raw{Origin: "v2.html", Format: "kremlin-html", Bytes: []byte("<p>second version</p>")}
	if res := mustPut(t, s, v2, raw2, transcript.Updated); res.Version != 2 {
		t.Errorf("Put version = %d, want 2", res.Version)
	}
	if res := mustPut(t, s, talks(), raw1, transcript.Updated); res.Version != 3 {
		t.Errorf("Put of the first version again: version = %d, want 3", res.Version)
	}
	if res := mustPut(t, s, talks(), raw1, transcript.Unchanged); res.Version != 3 {
		t.Errorf("Put unchanged: version = %d, want 3", res.Version)
	}

	if diff := cmp.Diff(v1, mustDocument(t, s, v1.ID), equateDocs); diff != "" {
		t.Errorf("Document mismatch (-want +got):\n%s", diff)
	}
	for n, want := range map[int]*transcript.Document{1: v1, 2: v2, 3: v1} {
		got, err := s.DocumentVersion(t.Context(), v1.ID, n)
		if err != nil {
			t.Fatalf("DocumentVersion(%d): %v", n, err)
		}
		if diff := cmp.Diff(want, got, equateDocs); diff != "" {
			t.Errorf("DocumentVersion(%d) mismatch (-want +got):\n%s", n, diff)
		}
	}
	vs := mustVersions(t, s, v1.ID)
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%d %s %s %s %d/%d %s", v.Number, v.Hash[:8], v.RawHash[:8], v.Origin, v.Turns, v.Paragraph, v.Cause))
	}
	h1, h2 := canonicalHash(t, v1)[:8], canonicalHash(t, v2)[:8]
	r1, r2 := sum(raw1.Bytes)[:8], sum(raw2.Bytes)[:8]
	// Going back to the first text is an edit too.
	want := []string{
		"1 " + h1 + " " + r1 + " " + raw1.Origin + " 5/7 first",
		"2 " + h2 + " " + r2 + " v2.html 5/8 edit",
		"3 " + h1 + " " + r1 + " " + raw1.Origin + " 5/7 edit",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Versions mismatch (-want +got):\n%s", diff)
	}
	for i := 1; i < len(vs); i++ {
		if vs[i].StoredAt.Before(vs[i-1].StoredAt) {
			t.Errorf("version %d stored at %v, before version %d at %v", i+1, vs[i].StoredAt, i, vs[i-1].StoredAt)
		}
	}
	for n, want := range map[int]transcript.Raw{1: raw1, 2: raw2, 3: raw1} {
		got, err := s.RawInput(t.Context(), v1.ID, n)
		if err != nil {
			t.Fatalf("RawInput(%d): %v", n, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("RawInput(%d) mismatch (-want +got):\n%s", n, diff)
		}
	}
	st := mustStats(t, s)
	if st.Documents != 1 || st.Versions != 3 || st.Turns != 5 || st.Paragraphs != 7 {
		t.Errorf("Stats = %d documents, %d versions, %d turns, %d paragraphs; want 1, 3, 5, 7",
			st.Documents, st.Versions, st.Turns, st.Paragraphs)
	}
	if want := int64(len(raw1.Bytes) + len(raw2.Bytes)); st.RawBytes != want {
		t.Errorf("RawBytes = %d, want %d (each distinct input once)", st.RawBytes, want)
	}
}

func testRawInput(t *testing.T, s transcript.Store) {
	big := make([]byte, 300<<10)
	for i := range big {
		big[i] = byte(i*7 + i/251) // not very compressible
	}
	tests := []struct {
		name string
		raw  transcript.Raw
	}{
		{"text", transcript.Raw{Origin: "samples/kremlin-text/67763.txt", Format: "kremlin-text",
			Bytes: []byte("Переговоры\u00a0с Президентом Казахстана\r\n“quoted” – dash\n")}},
		{"binary", transcript.Raw{Origin: "-", Format: "kremlin-html", Bytes: []byte{0, 0xff, 0xfe, '\n', 0, 0x80}}},
		{"large", transcript.Raw{Origin: "https://kremlin.ru/events/president/news/67763", Format: "kremlin-html", Bytes: big}},
		{"empty", transcript.Raw{Origin: "", Format: "rostrum-json", Bytes: []byte{}}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := untitled()
			doc.ID = fmt.Sprintf("synthetic/raw%d", i)
			mustPut(t, s, doc, tt.raw, transcript.Inserted)
			got, err := s.RawInput(t.Context(), doc.ID, 1)
			if err != nil {
				t.Fatalf("RawInput: %v", err)
			}
			if diff := cmp.Diff(tt.raw, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RawInput mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Documents that share an input share its bytes.
	doc := untitled()
	doc.ID = "synthetic/shared"
	mustPut(t, s, doc, tests[0].raw, transcript.Inserted)
	var want int64
	for _, tt := range tests {
		want += int64(len(tt.raw.Bytes))
	}
	if got := mustStats(t, s).RawBytes; got != want {
		t.Errorf("RawBytes = %d, want %d", got, want)
	}
}

func testInvalid(t *testing.T, s transcript.Store) {
	stored := talks()
	mustPut(t, s, stored, rawOf(stored), transcript.Inserted)

	tests := []struct {
		name   string
		change func(d *transcript.Document)
	}{
		{"EmptyID", func(d *transcript.Document) { d.ID = "" }},
		{"EmptySource", func(d *transcript.Document) { d.Source = "" }},
		{"Language", func(d *transcript.Document) { d.Language = "de" }},
		{"Date", func(d *transcript.Document) { d.Date = "10.02.2022" }},
		{"Time", func(d *transcript.Document) { d.Time = "25:00" }},
		{"TurnIndex", func(d *transcript.Document) { d.Turns[1].Index = 7 }},
		{"UntrimmedParagraph", func(d *transcript.Document) { d.Turns[0].Paragraphs[0] += " " }},
		{"PersonWithoutSpeaker", func(d *transcript.Document) { d.Turns[2].Speaker = ""; d.Turns[2].Person = "X" }},
		{"InvalidUTF8", func(d *transcript.Document) { d.Title = "\xff" }},
		{"EmptyTerm", func(d *transcript.Document) { d.Topics = []string{""} }},
	}
	for _, tt := range tests {
		for _, id := range []string{"synthetic/new", stored.ID} {
			t.Run(tt.name+"/"+id, func(t *testing.T) {
				doc := talks()
				doc.ID = id
				tt.change(doc)
				_, err := s.Put(t.Context(), doc, rawOf(doc))
				if !errors.Is(err, transcript.ErrInvalid) {
					t.Errorf("Put error = %v, want ErrInvalid", err)
				}
			})
		}
	}
	t.Run("Nil", func(t *testing.T) {
		if _, err := s.Put(t.Context(), nil, transcript.Raw{}); !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("Put(nil) error = %v, want ErrInvalid", err)
		}
	})

	// Nothing was written: one document in one version.
	if _, err := s.Document(t.Context(), "synthetic/new"); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Document(synthetic/new) error = %v, want ErrNotFound", err)
	}
	if diff := cmp.Diff(stored, mustDocument(t, s, stored.ID), equateDocs); diff != "" {
		t.Errorf("Document mismatch (-want +got):\n%s", diff)
	}
	st := mustStats(t, s)
	if st.Documents != 1 || st.Versions != 1 || st.Turns != 5 || st.RawBytes != int64(len(rawOf(stored).Bytes)) {
		t.Errorf("Stats = %+v, want 1 document, 1 version, 5 turns, only the first raw input", st)
	}
}

func testNotFound(t *testing.T, s transcript.Store) {
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	ctx := t.Context()
	tests := []struct {
		name string
		call func() error
	}{
		{"Document", func() error { _, err := s.Document(ctx, "kremlin.ru/1"); return err }},
		{"DocumentEmptyID", func() error { _, err := s.Document(ctx, ""); return err }},
		{"Versions", func() error { _, err := s.Versions(ctx, "kremlin.ru/1"); return err }},
		{"DocumentVersionUnknownID", func() error { _, err := s.DocumentVersion(ctx, "kremlin.ru/1", 1); return err }},
		{"DocumentVersion0", func() error { _, err := s.DocumentVersion(ctx, doc.ID, 0); return err }},
		{"DocumentVersion2", func() error { _, err := s.DocumentVersion(ctx, doc.ID, 2); return err }},
		{"DocumentVersionNegative", func() error { _, err := s.DocumentVersion(ctx, doc.ID, -1); return err }},
		{"RawInputUnknownID", func() error { _, err := s.RawInput(ctx, "kremlin.ru/1", 1); return err }},
		{"RawInput0", func() error { _, err := s.RawInput(ctx, doc.ID, 0); return err }},
		{"RawInput2", func() error { _, err := s.RawInput(ctx, doc.ID, 2); return err }},
		{"CaseSensitiveID", func() error { _, err := s.Document(ctx, "KREMLIN.RU/67763"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, transcript.ErrNotFound) {
				t.Errorf("error = %v, want ErrNotFound", err)
			}
		})
	}
}

func testDocuments(t *testing.T, s transcript.Store) {
	if docs := collect(t, s); len(docs) != 0 {
		t.Errorf("Documents of an empty store yielded %d", len(docs))
	}
	putAll(t, s, fixtures()...)
	// An update must not duplicate a document or leave its old version.
	changed := meeting()
	changed.Title = "Meeting with Government members (updated)"
	mustPut(t, s, changed, rawOf(changed), transcript.Updated)

	want := []*transcript.Document{briefing(), changed, talks(), council(), untitled(), undatedRU()}
	if diff := cmp.Diff(want, collect(t, s), equateDocs); diff != "" {
		t.Errorf("Documents mismatch (-want +got):\n%s", diff)
	}

	// More documents than an engine is likely to read at once; short ones,
	// to keep the race detector's run quick.
	var ids []string
	for i := range 250 {
		d := Synthetic(i)
		d.Turns = d.Turns[:1]
		mustPut(t, s, d, rawOf(d), transcript.Inserted)
		ids = append(ids, d.ID)
	}
	docs := collect(t, s)
	if len(docs) != 256 {
		t.Fatalf("Documents yielded %d, want 256", len(docs))
	}
	seen := map[string]bool{}
	for i, d := range docs {
		if seen[d.ID] {
			t.Errorf("Documents yielded %s twice", d.ID)
		}
		seen[d.ID] = true
		if i == 0 {
			continue
		}
		p := docs[i-1]
		if less(d, p) {
			t.Errorf("Documents yielded %s (%q) after %s (%q)", d.ID, d.Date, p.ID, p.Date)
		}
	}
	for _, id := range ids {
		if !seen[id] {
			t.Errorf("Documents did not yield %s", id)
		}
	}
}

// less reports whether a comes before b in the order of Documents.
func less(a, b *transcript.Document) bool {
	if (a.Date == "") != (b.Date == "") {
		return a.Date != ""
	}
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	return a.ID < b.ID
}

func testDocumentsBreak(t *testing.T, s transcript.Store) {
	putAll(t, s, fixtures()...)
	n := 0
	for _, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	// Breaking out must release what the iteration held: a write and a
	// full read still work.
	changed := talks()
	changed.Lead = ""
	mustPut(t, s, changed, rawOf(changed), transcript.Updated)
	if got := len(collect(t, s)); got != 6 {
		t.Errorf("Documents yielded %d, want 6", got)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, err := range s.Documents(ctx) {
		if err == nil {
			t.Errorf("Documents with a cancelled context yielded a document")
		}
		break
	}
}

// fixturePersons is Persons of the fixtures.
func fixturePersons() []transcript.Person {
	return []transcript.Person{
		{Name: "Vladimir Putin", Labels: []string{"Vladimir Putin", "President of Russia Vladimir Putin"},
			Roles: []string{"President of Russia"}, Turns: 4, Documents: 2, First: "2019-04-03", Last: "2022-02-10"},
		{Name: "Владимир Путин", Labels: []string{"В.Путин"}, Turns: 2, Documents: 1, First: "2023-03-01", Last: "2023-03-01"},
		{Name: "Dmitry Medvedev", Labels: []string{"Prime Minister Dmitry Medvedev"}, Roles: []string{"Prime Minister"},
			Turns: 1, Documents: 1, First: "2019-04-03", Last: "2019-04-03"},
		{Name: "Dmitry Peskov", Labels: []string{"Presidential Press Secretary Dmitry Peskov"},
			Roles: []string{"Presidential Press Secretary"}, Turns: 1, Documents: 1, First: "2019-04-03", Last: "2019-04-03"},
		{Name: "Kassym-Jomart Tokayev", Labels: []string{"President of Kazakhstan Kassym-Jomart Tokayev"},
			Roles: []string{"President of Kazakhstan"}, Turns: 1, Documents: 1, First: "2022-02-10", Last: "2022-02-10"},
		{Name: "Дмитрий Песков", Labels: []string{"Д.Песков"}, Turns: 1, Documents: 1, First: "2023-03-01", Last: "2023-03-01"},
		{Name: "Сергей Лавров", Labels: []string{"Министр иностранных дел Сергей Лавров"},
			Roles: []string{"Министр иностранных дел"}, Turns: 1, Documents: 1},
	}
}

func testPersons(t *testing.T, s transcript.Store) {
	if ps := mustPersons(t, s); len(ps) != 0 {
		t.Errorf("Persons of an empty store = %v", ps)
	}
	putAll(t, s, fixtures()...)
	if diff := cmp.Diff(fixturePersons(), mustPersons(t, s), equateDocs); diff != "" {
		t.Errorf("Persons mismatch (-want +got):\n%s", diff)
	}
}

func testPersonsUpdate(t *testing.T, s transcript.Store) {
	putAll(t, s, fixtures()...)

	// The new version of meeting moves its date, drops Medvedev, changes
	// Putin's labels and adds a new person; its old contributions go.
	changed := meeting()
	changed.Date = "2018-12-20"
	changed.Turns = []transcript.Turn{
		{Index: 1, Speaker: "President of Russia Vladimir Putin", Person: "Vladimir Putin", Role: "President of Russia",
			Paragraphs: []string{"Good afternoon, colleagues."}},
		{Index: 2, Speaker: "Foreign Minister Sergey Lavrov", Person: "Sergey Lavrov", Role: "Foreign Minister",
			Paragraphs: []string{"Mr President,"}},
		{Index: 3, Speaker: "Remark", Paragraphs: []string{"Yes, of course."}},
	}
	mustPut(t, s, changed, rawOf(changed), transcript.Updated)
	// The Russian page loses its only dated Peskov turn.
	ru := council()
	ru.Turns = ru.Turns[:2]
	mustPut(t, s, ru, rawOf(ru), transcript.Updated)

	want := []transcript.Person{
		{Name: "Vladimir Putin", Labels: []string{"President of Russia Vladimir Putin", "Vladimir Putin"},
			Roles: []string{"President of Russia"}, Turns: 3, Documents: 2, First: "2018-12-20", Last: "2022-02-10"},
		{Name: "Dmitry Peskov", Labels: []string{"Presidential Press Secretary Dmitry Peskov"},
			Roles: []string{"Presidential Press Secretary"}, Turns: 1, Documents: 1, First: "2019-04-03", Last: "2019-04-03"},
		{Name: "Kassym-Jomart Tokayev", Labels: []string{"President of Kazakhstan Kassym-Jomart Tokayev"},
			Roles: []string{"President of Kazakhstan"}, Turns: 1, Documents: 1, First: "2022-02-10", Last: "2022-02-10"},
		{Name: "Sergey Lavrov", Labels: []string{"Foreign Minister Sergey Lavrov"}, Roles: []string{"Foreign Minister"},
			Turns: 1, Documents: 1, First: "2018-12-20", Last: "2018-12-20"},
		{Name: "Владимир Путин", Labels: []string{"В.Путин"}, Turns: 1, Documents: 1, First: "2023-03-01", Last: "2023-03-01"},
		{Name: "Сергей Лавров", Labels: []string{"Министр иностранных дел Сергей Лавров"},
			Roles: []string{"Министр иностранных дел"}, Turns: 1, Documents: 1},
	}
	if diff := cmp.Diff(want, mustPersons(t, s), equateDocs); diff != "" {
		t.Errorf("Persons after updates mismatch (-want +got):\n%s", diff)
	}

	// Going back to the first versions restores the first aggregates.
	mustPut(t, s, meeting(), rawOf(meeting()), transcript.Updated)
	mustPut(t, s, council(), rawOf(council()), transcript.Updated)
	if diff := cmp.Diff(fixturePersons(), mustPersons(t, s), equateDocs); diff != "" {
		t.Errorf("Persons after reverting mismatch (-want +got):\n%s", diff)
	}
}

func count(key string, n int) transcript.Count { return transcript.Count{Key: key, N: n} }

// fixtureRawBytes is Stats.RawBytes of the fixtures stored with rawOf.
func fixtureRawBytes() int64 {
	var n int64
	for _, d := range fixtures() {
		n += int64(len(rawOf(d).Bytes))
	}
	return n
}

func testStats(t *testing.T, s transcript.Store) {
	putAll(t, s, fixtures()...)
	want := transcript.Stats{
		Documents:       6,
		Versions:        6,
		Turns:           16,
		Paragraphs:      20,
		Persons:         7,
		UnresolvedTurns: 1, // "Ambassador"; Question, Remark and Вопрос are anonymous
		ByYear:          []transcript.Count{count("2019", 2), count("2022", 1), count("2023", 1), count("unknown", 2)},
		BySection:       []transcript.Count{count("News", 3), count("Стенограммы", 2), count("Transcripts", 1), count("Новости", 1)},
		ByLanguage:      []transcript.Count{count("en", 4), count("ru", 2)},
		RawBytes:        fixtureRawBytes(),
	}
	if diff := cmp.Diff(want, mustStats(t, s)); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}
}

func testStatsEmpty(t *testing.T, s transcript.Store) {
	if diff := cmp.Diff(transcript.Stats{}, mustStats(t, s), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Stats of an empty store mismatch (-want +got):\n%s", diff)
	}
}

func testStatsUpdate(t *testing.T, s transcript.Store) {
	putAll(t, s, fixtures()...)
	// Stats count current versions only.
	changed := talks()
	changed.Date = ""
	changed.Language = "ru"
	changed.PublishedIn = []string{"Стенограммы"}
	changed.Turns = changed.Turns[:3] // drops the "Ambassador" turn
	changed.Turns[2].Speaker = "Governor of Tula Region"
	raw := rawOf(talks()) // the same input, parsed better
	mustPut(t, s, changed, raw, transcript.Updated)
	want := transcript.Stats{
		Documents:       6,
		Versions:        7,
		Turns:           14,
		Paragraphs:      17,
		Persons:         7,
		UnresolvedTurns: 1, // the governor
		ByYear:          []transcript.Count{count("2019", 2), count("2023", 1), count("unknown", 3)},
		BySection:       []transcript.Count{count("Стенограммы", 3), count("News", 2), count("Новости", 1)},
		ByLanguage:      []transcript.Count{count("en", 3), count("ru", 3)},
		RawBytes:        fixtureRawBytes(),
	}
	if diff := cmp.Diff(want, mustStats(t, s)); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}
}

// short is Synthetic(i) cut to 8 turns.
func short(i int) *transcript.Document {
	d := Synthetic(i)
	d.Turns = d.Turns[:8]
	return d
}

func testConcurrent(t *testing.T, s transcript.Store) {
	const writers, perWriter = 8, 10
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	done := make(chan struct{})

	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				doc := short(w*perWriter + i)
				for _, want := range []transcript.PutStatus{transcript.Inserted, transcript.Unchanged} {
					res, err := s.Put(ctx, doc, rawOf(doc))
					if err == nil && res.Status != want {
						err = fmt.Errorf("Put(%s) = %v, want %v", doc.ID, res.Status, want)
					}
					if err != nil {
						errs <- err
					}
				}
				// Every writer updates its documents, whose persons are
				// shared with the other writers' documents.
				doc = short(w*perWriter + i)
				doc.Turns = doc.Turns[:len(doc.Turns)-1-i%3]
				if res, err := s.Put(ctx, doc, rawOf(doc)); err != nil {
					errs <- err
				} else if res.Status != transcript.Updated || res.Version != 2 {
					errs <- fmt.Errorf("Put(%s) = %v version %d, want updated version 2", doc.ID, res.Status, res.Version)
				}
			}
		})
	}
	var readers sync.WaitGroup
	for r := range 4 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				var err error
				switch r {
				case 0:
					for _, e := range s.Documents(ctx) {
						if e != nil {
							err = e
							break
						}
					}
				case 1:
					_, err = s.Stats(ctx)
				case 2:
					_, err = s.Persons(ctx)
				case 3:
					_, err = s.Document(ctx, Synthetic(7).ID)
					if errors.Is(err, transcript.ErrNotFound) {
						err = nil
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	st := mustStats(t, s)
	if st.Documents != writers*perWriter || st.Versions != 2*writers*perWriter {
		t.Errorf("Stats = %d documents, %d versions; want %d, %d", st.Documents, st.Versions, writers*perWriter, 2*writers*perWriter)
	}
	var ids []string
	for i := range writers * perWriter {
		want := short(i)
		want.Turns = want.Turns[:len(want.Turns)-1-i%perWriter%3]
		if diff := cmp.Diff(want, mustDocument(t, s, want.ID), equateDocs); diff != "" {
			t.Errorf("Document(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		ids = append(ids, want.ID)
	}
	var got []string
	for _, d := range collect(t, s) {
		got = append(got, d.ID)
	}
	slices.Sort(got)
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("Documents ids mismatch (-want +got):\n%s", diff)
	}
}

// testPutBatch: a batch mixing new, unchanged, changed, repeated and
// invalid documents gives each its own outcome; the failure leaves no trace.
func testPutBatch(t *testing.T, s transcript.Store) {
	ctx := t.Context()
	first, second := talks(), meeting()
	mustPut(t, s, first, rawOf(first), transcript.Inserted)

	changed := talks()
	changed.Title += " (updated)"
	invalid := briefing()
	invalid.Language = "xx"
	fresh := council()
	docs := []*transcript.Document{first, second, changed, invalid, fresh, second, nil}
	var raws []transcript.Raw
	for _, d := range docs {
		if d == nil {
			raws = append(raws, transcript.Raw{Origin: "nil"})
			continue
		}
		raws = append(raws, rawOf(d))
	}
	results, errs := s.PutBatch(ctx, docs, raws)
	if len(results) != len(docs) || len(errs) != len(docs) {
		t.Fatalf("PutBatch returned %d results and %d errors for %d documents", len(results), len(errs), len(docs))
	}
	want := []struct {
		status  transcript.PutStatus
		version int
		invalid bool
	}{
		{transcript.Unchanged, 1, false},
		{transcript.Inserted, 1, false},
		{transcript.Updated, 2, false},
		{0, 0, true},
		{transcript.Inserted, 1, false},
		{transcript.Unchanged, 1, false},
		{0, 0, true},
	}
	for i, w := range want {
		if w.invalid {
			if !errors.Is(errs[i], transcript.ErrInvalid) {
				t.Errorf("document %d: error %v, want ErrInvalid", i, errs[i])
			}
			continue
		}
		if errs[i] != nil {
			t.Errorf("document %d: %v", i, errs[i])
			continue
		}
		if results[i].Status != w.status || results[i].Version != w.version {
			t.Errorf("document %d: got %v version %d, want %v version %d", i, results[i].Status, results[i].Version, w.status, w.version)
		}
	}
	if _, err := s.Document(ctx, invalid.ID); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("invalid document was stored: Document(%s) error %v", invalid.ID, err)
	}
	if diff := cmp.Diff(changed, mustDocument(t, s, changed.ID), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Document(%s) after batch mismatch (-want +got):\n%s", changed.ID, diff)
	}
	if n := mustStats(t, s).Documents; n != 3 {
		t.Errorf("documents after batch: got %d, want 3", n)
	}
	// An empty batch and a batch of only unchanged documents write nothing.
	if r, e := s.PutBatch(ctx, nil, nil); len(r) != 0 || len(e) != 0 {
		t.Errorf("empty batch: got %v, %v", r, e)
	}
	results, errs = s.PutBatch(ctx, []*transcript.Document{second}, []transcript.Raw{rawOf(second)})
	if errs[0] != nil || results[0].Status != transcript.Unchanged {
		t.Errorf("unchanged batch: got %v, %v", results[0], errs[0])
	}
}

// CauseSteps returns the Puts of the Causes test, in order, and the causes
// of the versions they make: one page as a text dump, then as HTML, then
// parsed again by a newer parser, then edited twice. Engines use it to
// test the causes of versions stored before causes were recorded.
func CauseSteps() (docs []*transcript.Document, raws []transcript.Raw, want []string) {
	// The text dump lacks the URL, the publication time and the media,
	// and keeps a photo caption in the body.
	text := talks()
	text.URL, text.PublishedAt, text.Media, text.Related = "", "", nil, nil
	text.Turns[0].Paragraphs = append([]string{"With President of Kazakhstan Kassym-Jomart Tokayev."}, text.Turns[0].Paragraphs...)
	rawText := rawOf(text)
	rawHTML := transcript.Raw{Origin: "67763.html", Format: "kremlin-html", Bytes: []byte("<html>67763</html>")}
	// A newer parser links a speaker that the first left unresolved.
	linked := talks()
	linked.Turns[4].Person = "Ambassador of Kazakhstan"
	retitled := talks()
	retitled.Title = "Russian–Kazakhstani talks"
	retitled.Turns[4].Person = linked.Turns[4].Person
	rawRetitled := transcript.Raw{Origin: "67763.html", Format: "kremlin-html", Bytes: []byte("<html>67763 retitled</html>")}
	reworded := talks()
	reworded.Title = retitled.Title
	reworded.Turns[4].Person = linked.Turns[4].Person
	reworded.Turns[3].Paragraphs[0] = "We have discussed it."
	rawReworded := transcript.Raw{Origin: "67763.txt", Format: "kremlin-text", Bytes: []byte("67763 reworded")}
	return []*transcript.Document{text, talks(), linked, retitled, reworded},
		[]transcript.Raw{rawText, rawHTML, rawHTML, rawRetitled, rawReworded},
		[]string{transcript.CauseFirst, transcript.CauseRendering, transcript.CauseRederived, transcript.CauseEdit, transcript.CauseEdit}
}

// testCauses checks that each version records why it was stored: the
// same page in another rendering and a new parse of the same raw input
// are kept as versions, but only a changed title or text is an edit.
func testCauses(t *testing.T, s transcript.Store) {
	docs, raws, want := CauseSteps()
	for i, d := range docs {
		status := transcript.Updated
		if i == 0 {
			status = transcript.Inserted
		}
		mustPut(t, s, d, raws[i], status)
	}
	checkCauses(t, s, docs[0].ID, want)
}

// testCausesBatch makes the same versions in one PutBatch.
func testCausesBatch(t *testing.T, s transcript.Store) {
	docs, raws, want := CauseSteps()
	_, errs := s.PutBatch(t.Context(), docs, raws)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("PutBatch: document %d: %v", i, err)
		}
	}
	checkCauses(t, s, docs[0].ID, want)
}

// testEditLog checks transcript.EditLog against the versions of every
// document: the edits of two documents (CauseSteps' two, and one more
// document edited once), newest first, and the limit.
func testEditLog(t *testing.T, s transcript.Store) {
	log, ok := s.(transcript.EditLog)
	if !ok {
		t.Skip("the engine has no edit log")
	}
	if got, err := log.Edits(t.Context(), 0); err != nil || len(got) != 0 {
		t.Fatalf("Edits of an empty archive = %v, %v; want none", got, err)
	}
	docs, raws, _ := CauseSteps()
	for i, d := range docs {
		status := transcript.Updated
		if i == 0 {
			status = transcript.Inserted
		}
		mustPut(t, s, d, raws[i], status)
	}
	other := meeting()
	mustPut(t, s, other, rawOf(other), transcript.Inserted)
	edited := meeting()
	edited.Title += " (corrected)"
	mustPut(t, s, edited, transcript.Raw{Origin: "meeting.txt", Format: "kremlin-text", Bytes: []byte("meeting corrected")}, transcript.Updated)

	var want []transcript.Edit
	for _, id := range []string{docs[0].ID, other.ID} {
		for _, v := range mustVersions(t, s, id) {
			if v.Edit() {
				want = append(want, transcript.Edit{ID: id, Number: v.Number, StoredAt: v.StoredAt})
			}
		}
	}
	slices.SortFunc(want, func(a, b transcript.Edit) int { return b.StoredAt.Compare(a.StoredAt) })
	if len(want) != 3 {
		t.Fatalf("the fixtures hold %d edits, want 3", len(want))
	}
	got, err := log.Edits(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Errorf("Edits mismatch (-want +got):\n%s", diff)
	}
	if got, err := log.Edits(t.Context(), 2); err != nil || len(got) != 2 || got[0].ID != want[0].ID || got[0].Number != want[0].Number {
		t.Errorf("Edits(2) = %v, %v; want the newest 2", got, err)
	}
}

func checkCauses(t *testing.T, s transcript.Store, id string, want []string) {
	t.Helper()
	var got []string
	for _, v := range mustVersions(t, s, id) {
		got = append(got, v.Cause)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Versions causes mismatch (-want +got):\n%s", diff)
	}
	if n := transcript.Edits(mustVersions(t, s, id)); n != 2 {
		t.Errorf("Edits = %d, want 2", n)
	}
}
