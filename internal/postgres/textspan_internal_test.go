package postgres

import (
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestTurnSpans: every turn's text read through its span in the canonical
// JSON equals its paragraphs joined, in documents whose text holds what
// JSON escapes (quotes, backslashes, braces and brackets, control and
// non-ASCII characters); a span that does not hold the turn asked for is
// an error, never a panic.
func TestTurnSpans(t *testing.T) {
	docs := searchtest.Fixtures()
	for i := range 5 {
		docs = append(docs, storetest.Synthetic(i))
	}
	odd := *docs[0]
	odd.Turns = []transcript.Turn{
		{Index: 1, Speaker: "A \"quoted\" {speaker}", Paragraphs: []string{`back\slash "quotes" {braces} [brackets]`, "tab\tnewline\nend"}},
		{Index: 2, Paragraphs: []string{"Провёл «переговоры» — d’Estaing, 日本, \u2028 \x01"}},
		{Index: 3, Paragraphs: []string{}},
	}
	docs = append(docs, &odd)
	for _, d := range docs {
		js, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		spans, err := turnSpans(js)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if len(spans) != len(d.Turns) {
			t.Fatalf("%s: %d spans for %d turns", d.ID, len(spans), len(d.Turns))
		}
		for i, turn := range d.Turns {
			got, err := spanText(substring(js, spans[i]), spans[i], turn.Index)
			if want := strings.Join(turn.Paragraphs, "\n\n"); err != nil || got != want {
				t.Errorf("%s turn %d: %q, %v; want %q", d.ID, turn.Index, got, err, want)
			}
		}
		if len(spans) > 1 {
			if _, err := spanText(substring(js, spans[0]), spans[0], d.Turns[1].Index); err == nil {
				t.Errorf("%s: turn %d's span read as turn %d: no error", d.ID, d.Turns[0].Index, d.Turns[1].Index)
			}
		}
		for _, sp := range []span{{-1, 5}, {0, 0}, {int32(len(js)) - 2, 10}, {1, 1 << 30}, {spans[0].at + 1, spans[0].n}} {
			if _, err := spanText(substring(js, sp), sp, d.Turns[0].Index); err == nil {
				t.Errorf("%s: span %+v read as turn %d: no error", d.ID, sp, d.Turns[0].Index)
			}
		}
	}
	for _, bad := range []string{`{"id": "x", "turns": [{"index": 1}`, `{"a": [1, 2}`} {
		if _, err := turnSpans([]byte(bad)); err == nil {
			t.Errorf("turnSpans(%q): no error", bad)
		}
	}
	for _, none := range []string{``, `[]`, `{"turns": 3}`} {
		if spans, err := turnSpans([]byte(none)); err != nil || len(spans) != 0 {
			t.Errorf("turnSpans(%q) = %v, %v; want no span", none, spans, err)
		}
	}
	if spans, err := turnSpans([]byte(`{"id": "x"}`)); err != nil || spans != nil {
		t.Errorf("turnSpans of a document without turns = %v, %v; want none", spans, err)
	}
}

// substring cuts the bytes of sp out of js as SQL's substring (FROM at + 1
// FOR n) does: what of them lies inside js.
func substring(js []byte, sp span) []byte {
	lo, hi := max(int64(sp.at), 0), min(int64(sp.at)+int64(sp.n), int64(len(js)))
	if hi <= lo {
		return nil
	}
	return js[lo:hi]
}

// TestTurnSpanDamaged: a turn whose span no longer holds it fails the
// integrity check, and a search that shows it fails with an error naming
// it rather than showing another turn's text.
func TestTurnSpanDamaged(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	var key int64
	if err := s.db.QueryRowContext(t.Context(), `UPDATE units SET text_at = text_at + 1
		WHERE key = (SELECT min(key) FROM units WHERE idx > 0) RETURNING key`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(t.Context()); err == nil || !strings.Contains(err.Error(), "spans") {
		t.Errorf("IntegrityCheck with a damaged span: %v, want the spans named", err)
	}
	// A page that shows the turn.
	tx, err := s.readTx(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.compile(t.Context(), tx, q)
	if err != nil {
		t.Fatal(err)
	}
	page := []archive.DocUnits{{Doc: key >> archive.DocShift, Units: []int{int(key & archive.MaxUnit)}}}
	if _, err := s.hits(t.Context(), tx, p, page, 3); err == nil || !strings.Contains(err.Error(), "span") {
		t.Errorf("hits of a turn whose span is damaged: %v, want an error naming its span", err)
	}
	page[0].Units = []int{0}
	if _, err := s.hits(t.Context(), tx, p, page, 3); err != nil {
		t.Errorf("hits of the same document's header: %v", err)
	}
}
