package postgres

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestTurnSpans: every turn's text read through its span, from the bytes
// sqlSpanBytes cuts out of a packed version (and, for spans of migration
// 0007, of JSON stored as it is), equals its paragraphs joined, in
// documents whose text holds what JSON escapes (quotes, backslashes,
// braces and brackets, control and non-ASCII characters); a span that
// does not hold the turn asked for is an error, never a panic.
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
	long := *docs[0]
	long.Turns = nil
	for i := 1; i <= 40; i++ {
		long.Turns = append(long.Turns, transcript.Turn{Index: i, Speaker: "S",
			Paragraphs: []string{strings.TrimSpace(strings.Repeat(fmt.Sprintf("turn %d of a long transcript, ", i), i*13))}})
	}
	docs = append(docs, &long)
	for _, d := range docs {
		js, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		packed, members, err := archive.PackJSONMembers(js)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := archive.TurnSpans(js, members)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		spans, err := spansOf(ts)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := archive.TurnSpans(js, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(spans) != len(d.Turns) || len(plain) != len(d.Turns) {
			t.Fatalf("%s: %d and %d spans for %d turns", d.ID, len(spans), len(plain), len(d.Turns))
		}
		for i, turn := range d.Turns {
			want := strings.Join(turn.Paragraphs, "\n\n")
			got, err := spanText(substring(packed, spans[i]), spans[i], turn.Index)
			if err != nil || got != want {
				t.Errorf("%s turn %d: %q, %v; want %q", d.ID, turn.Index, got, err, want)
			}
			old := span{at: int32(plain[i].Skip), skip: -1, n: int32(plain[i].Len)}
			if got, err := spanText(substring(js, old), old, turn.Index); err != nil || got != want {
				t.Errorf("%s turn %d, span of 0007: %q, %v; want %q", d.ID, turn.Index, got, err, want)
			}
		}
		if len(spans) > 1 {
			if _, err := spanText(substring(packed, spans[0]), spans[0], d.Turns[1].Index); err == nil {
				t.Errorf("%s: turn %d's span read as turn %d: no error", d.ID, d.Turns[0].Index, d.Turns[1].Index)
			}
		}
		sp := spans[0]
		for _, bad := range []span{{-1, 0, 5}, {0, 0, 0}, {int32(len(packed)) - 2, 0, 10}, {sp.at, sp.skip, 1 << 30},
			{sp.at + 1, sp.skip, sp.n}, {sp.at, sp.skip + 1, sp.n}, {sp.at, -1, sp.n}} {
			if _, err := spanText(substring(packed, bad), bad, d.Turns[0].Index); err == nil {
				t.Errorf("%s: span %+v read as turn %d: no error", d.ID, bad, d.Turns[0].Index)
			}
		}
	}
}

// substring cuts the bytes sqlSpanBytes reads at sp out of b, a stored
// version, as SQL's substring (FROM at + 1 FOR n) does: what of them lies
// inside b.
func substring(b []byte, sp span) []byte {
	n := int64(sp.n)
	if sp.skip >= 0 {
		n = archive.SpanBytes(archive.TextSpan{Skip: int64(sp.skip), Len: int64(sp.n)})
	}
	lo, hi := max(int64(sp.at), 0), min(int64(sp.at)+n, int64(len(b)))
	if hi <= lo {
		return nil
	}
	return b[lo:hi]
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

// TestIntegrityCheckFindsDamage: each kind of damage to what is derived
// from the current versions, which the check reads in Go (the versions
// are packed), is reported under its name.
func TestIntegrityCheckFindsDamage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, damage, want string }{
		{"speaker", `UPDATE units SET speaker = 'Nobody' WHERE key = (SELECT min(key) FROM units WHERE idx > 0)`,
			"units differ from the current versions' turns"},
		{"missing turn", `DELETE FROM units WHERE key = (SELECT max(key) FROM units WHERE idx > 0)`,
			"units differ from the current versions' turns"},
		{"extra turn", `INSERT INTO units (key, doc, idx, paragraphs) SELECT key + 1000, doc, idx + 1000, 1 FROM units
			WHERE key = (SELECT max(key) FROM units WHERE idx > 0)`, "units differ from the current versions' turns"},
		{"lost term", `DELETE FROM taxonomy WHERE ctid = (SELECT min(ctid) FROM taxonomy)`, "taxonomy differs from the current versions"},
		{"invented term", `INSERT INTO taxonomy (doc, kind, term) SELECT min(doc), 'topic', 'invented' FROM documents`,
			"taxonomy differs from the current versions"},
		{"span skip", `UPDATE units SET text_skip = text_skip + 1 WHERE key = (SELECT min(key) FROM units WHERE idx > 0)`,
			"turns' spans do not hold them"},
		{"half a span", `UPDATE units SET text_len = NULL WHERE key = (SELECT min(key) FROM units WHERE idx > 0)`,
			"turns' spans do not hold them"},
		{"cut version", `UPDATE versions SET json = substring(json FROM 1 FOR 20)
			WHERE (doc, number) = (SELECT doc, version FROM documents ORDER BY doc LIMIT 1)`,
			"units differ from the current versions' turns: document"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := openTest(t)
			putFixtures(t, s)
			if _, err := s.db.ExecContext(t.Context(), c.damage); err != nil {
				t.Fatal(err)
			}
			if err := s.IntegrityCheck(t.Context()); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("IntegrityCheck after %s: %v, want %q", c.name, err, c.want)
			}
		})
	}
}
