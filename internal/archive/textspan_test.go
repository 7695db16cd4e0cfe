package archive_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// spanDoc is a document of n turns whose paragraphs hold the characters
// JSON escapes, braces and brackets inside strings, and lengths that put
// turns across JSONChunk boundaries.
func spanDoc(n int) *transcript.Document {
	d := &transcript.Document{ID: "span", Source: "kremlin.ru", Language: "en", Title: `A "turns" [title] {x}`,
		Topics: []string{"turns"}}
	for i := 1; i <= n; i++ {
		long := strings.Repeat(fmt.Sprintf("word%d \"q\" {b} [a] \\ \u00e9 \n", i), i*i%700)
		d.Turns = append(d.Turns, transcript.Turn{Index: i, Speaker: fmt.Sprintf("Speaker %d", i),
			Paragraphs: []string{fmt.Sprintf("Turn %d.", i), long, `"turns": [{"paragraphs": ["not a turn"]}]`}})
	}
	return d
}

// TestTurnSpans: every turn's text read through its span, from the
// packed JSON and from JSON as it is, equals the turn's paragraphs, in
// documents of one member and of many.
func TestTurnSpans(t *testing.T) {
	for _, n := range []int{0, 1, 3, 40, 120} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			d := spanDoc(n)
			js, err := d.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			packed, members, err := archive.PackJSONMembers(js)
			if err != nil {
				t.Fatal(err)
			}
			if want := (len(js) + archive.JSONChunk - 1) / archive.JSONChunk; len(members) != max(want, 1) {
				t.Errorf("%d members for %d bytes, want %d", len(members), len(js), want)
			}
			back, err := archive.Decode(packed)
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Turns) != n {
				t.Fatalf("decoded %d turns, want %d", len(back.Turns), n)
			}
			texts, err := archive.TurnTexts(packed)
			if err != nil {
				t.Fatal(err)
			}
			for _, form := range []struct {
				name    string
				stored  []byte
				members []int64
			}{{"packed", packed, members}, {"plain", js, nil}} {
				spans, err := archive.TurnSpans(js, form.members)
				if err != nil {
					t.Fatal(err)
				}
				if len(spans) != n {
					t.Fatalf("%s: %d spans, want %d", form.name, len(spans), n)
				}
				for i, sp := range spans {
					want := strings.Join(d.Turns[i].Paragraphs, "\n\n")
					got, err := archive.ReadTurnText(form.stored, sp, d.Turns[i].Index)
					if err != nil {
						t.Fatalf("%s: turn %d at %+v: %v", form.name, i+1, sp, err)
					}
					if got != want {
						t.Errorf("%s: turn %d at %+v = %.60q…, want %.60q…", form.name, i+1, sp, got, want)
					}
					if form.members != nil {
						// What PostgreSQL's substring sends: SpanBytes from At.
						cut := form.stored[sp.At:min(sp.At+archive.SpanBytes(sp), int64(len(form.stored)))]
						got, err := archive.ReadTurnText(cut, archive.TextSpan{Skip: sp.Skip, Len: sp.Len}, d.Turns[i].Index)
						if err != nil || got != want {
							t.Errorf("turn %d from SpanBytes(%+v) = %d bytes: %.60q…, %v", i+1, sp, len(cut), got, err)
						}
					}
					if texts[i+1] != want {
						t.Errorf("TurnTexts[%d] = %.60q…, want %.60q…", i+1, texts[i+1], want)
					}
				}
			}
		})
	}
}

// TestMaxMember: a member of JSON that does not compress (random bytes,
// random text) is no larger than MaxMember, the bound SpanBytes relies
// on, and SpanBytes covers every member a span touches.
func TestMaxMember(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 10*archive.JSONChunk+17)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	var text strings.Builder
	for text.Len() < 10*archive.JSONChunk {
		text.WriteRune(rune(0x400 + r.IntN(0x2000)))
	}
	for name, js := range map[string][]byte{"random bytes": random, "random text": []byte(text.String())} {
		packed, members, err := archive.PackJSONMembers(js)
		if err != nil {
			t.Fatal(err)
		}
		for i, at := range members {
			end := int64(len(packed))
			if i+1 < len(members) {
				end = members[i+1]
			}
			if end-at > archive.MaxMember {
				t.Errorf("%s: member %d is %d bytes, over MaxMember %d", name, i, end-at, archive.MaxMember)
			}
		}
		// A span from the middle of member 2 to the middle of member 5
		// needs members 2 to 5 whole.
		sp := archive.TextSpan{At: members[2], Skip: archive.JSONChunk / 2, Len: 3 * archive.JSONChunk}
		if got := sp.At + archive.SpanBytes(sp); got < members[6] {
			t.Errorf("%s: SpanBytes reaches %d, member 5 ends at %d", name, got, members[6])
		}
	}
}

// TestReadTurnTextDamaged: a span outside the stored bytes, or over
// bytes that are not a turn, is an error, not a panic.
func TestReadTurnTextDamaged(t *testing.T) {
	js, err := spanDoc(3).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	packed, _, err := archive.PackJSONMembers(js)
	if err != nil {
		t.Fatal(err)
	}
	spans, err := archive.TurnSpans(js, nil)
	if err != nil || len(spans) != 3 {
		t.Fatalf("TurnSpans: %v, %v", spans, err)
	}
	for _, tt := range []struct {
		name   string
		stored []byte
		sp     archive.TextSpan
	}{
		{"PastEnd", js, archive.TextSpan{Skip: int64(len(js)) - 2, Len: 10}},
		{"Negative", js, archive.TextSpan{Skip: -1, Len: 10}},
		{"NotAnObject", js, archive.TextSpan{Skip: 1, Len: 4}},
		{"PackedAtPastEnd", packed, archive.TextSpan{At: int64(len(packed)) + 5, Len: 3}},
		{"PackedAtMidMember", packed, archive.TextSpan{At: 3, Len: 3}},
		{"PackedTooLong", packed, archive.TextSpan{Skip: 0, Len: int64(len(js)) + 100}},
		{"OtherTurn", js, spans[1]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := archive.ReadTurnText(tt.stored, tt.sp, 1); err == nil {
				t.Errorf("ReadTurnText(%+v) = %q, want an error", tt.sp, got)
			}
		})
	}
	if _, err := archive.TurnSpans([]byte(`{"turns": [{"a": "b"}`), nil); err == nil {
		t.Error("TurnSpans of unbalanced JSON: no error")
	}
}

// FuzzTurnSpans: on any bytes TurnSpans and ReadTurnText return or fail,
// never panic, and the spans they find lie inside the input.
func FuzzTurnSpans(f *testing.F) {
	js, err := spanDoc(4).MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(js)
	f.Add([]byte(`{"turns":[{"paragraphs":["a"]},{"paragraphs":["b\"}"]}]}`))
	f.Add([]byte(`{"x":{"turns":[{}]},"turns":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		spans, err := archive.TurnSpans(b, nil)
		if err != nil {
			return
		}
		for _, sp := range spans {
			if sp.Skip < 0 || sp.Len < 2 || sp.Skip+sp.Len > int64(len(b)) || b[sp.Skip] != '{' || b[sp.Skip+sp.Len-1] != '}' {
				t.Fatalf("span %+v of %d bytes is not an object of the input", sp, len(b))
			}
			_, _ = archive.ReadTurnText(b, sp, 1)
		}
	})
}
