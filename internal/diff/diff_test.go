package diff_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mustReadDoc(tb testing.TB, path string) *transcript.Document {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var d transcript.Document
	if err := json.Unmarshal(b, &d); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if err := d.Validate(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return &d
}

// cases lists the golden pairs in testdata: NAME.old.json and
// NAME.new.json, compared, give NAME.golden.txt.
func cases(tb testing.TB) []string {
	tb.Helper()
	olds, err := filepath.Glob(filepath.Join("testdata", "*.old.json"))
	if err != nil || len(olds) == 0 {
		tb.Fatalf("no golden pairs in testdata: %v", err)
	}
	var names []string
	for _, o := range olds {
		names = append(names, strings.TrimSuffix(filepath.Base(o), ".old.json"))
	}
	return names
}

// TestGolden compares each pair in testdata and checks the text diff
// against its golden file (rewritten by -update), and that the diff
// gives both versions back.
func TestGolden(t *testing.T) {
	for _, name := range cases(t) {
		t.Run(name, func(t *testing.T) {
			old := mustReadDoc(t, filepath.Join("testdata", name+".old.json"))
			new := mustReadDoc(t, filepath.Join("testdata", name+".new.json"))
			d := diff.Documents(old, new)
			var buf bytes.Buffer
			if err := d.WriteText(&buf, false); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".golden.txt")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("WriteText mismatch (-want +got):\n%s", diff)
			}
			checkSides(t, d, old, new)
		})
	}
}

// checkSides checks that the diff's old and new sides are the two
// documents' turns (index, speaker, person, paragraphs).
func checkSides(t *testing.T, d *diff.Diff, old, new *transcript.Document) {
	t.Helper()
	strip := func(turns []transcript.Turn) []transcript.Turn {
		var out []transcript.Turn
		for _, tt := range turns {
			out = append(out, transcript.Turn{Index: tt.Index, Speaker: tt.Speaker, Person: tt.Person, Paragraphs: tt.Paragraphs})
		}
		return out
	}
	if diff := cmp.Diff(strip(new.Turns), d.New()); diff != "" {
		t.Errorf("Diff.New mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(strip(old.Turns), d.Old()); diff != "" {
		t.Errorf("Diff.Old mismatch (-want +got):\n%s", diff)
	}
}

func TestDocuments(t *testing.T) {
	tests := []struct {
		name  string
		check func(t *testing.T, d *diff.Diff)
	}{
		{"inserted-turn", func(t *testing.T, d *diff.Diff) {
			if s := d.Stats; s.TurnsAdded != 1 || s.TurnsChanged != 0 || s.TurnsRemoved != 0 {
				t.Errorf("stats %+v, want one added turn and nothing else", s)
			}
			if got := d.Turns[1]; got.Op != diff.Added || got.New != 2 || got.NewSpeaker != "Question" {
				t.Errorf("turn 2 of the diff is %+v, want the added Question", got)
			}
		}},
		{"changed-figure", func(t *testing.T, d *diff.Diff) {
			p := d.Turns[1].Paragraphs[0]
			var removed, added []string
			for _, w := range p.Words {
				switch w.Op {
				case diff.Removed:
					removed = append(removed, w.Text)
				case diff.Added:
					added = append(added, w.Text)
				}
			}
			if diff := cmp.Diff([]string{"25%", "1,200.5"}, removed); diff != "" {
				t.Errorf("removed words mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"27%", "1,210.5"}, added); diff != "" {
				t.Errorf("added words mismatch (-want +got):\n%s", diff)
			}
			if d.Stats.WordsAdded != 2 || d.Stats.WordsRemoved != 2 {
				t.Errorf("words +%d -%d, want +2 -2", d.Stats.WordsAdded, d.Stats.WordsRemoved)
			}
		}},
		{"renamed-speaker", func(t *testing.T, d *diff.Diff) {
			got := d.Turns[1]
			if got.Op != diff.Changed || !got.SpeakerChanged || got.OldSpeaker != "Boris Petrov" || d.Stats.SpeakersChanged != 1 {
				t.Errorf("turn 2 is %+v, want a changed turn with a renamed speaker", got)
			}
			if got.Paragraphs[0].Op != diff.Equal {
				t.Errorf("the renamed speaker's paragraph is %s, want equal", got.Paragraphs[0].Op)
			}
		}},
		{"identical", func(t *testing.T, d *diff.Diff) {
			if !d.Identical() || d.Stats.Summary() != "no change in the text" {
				t.Errorf("identical documents: Identical %v, summary %q", d.Identical(), d.Stats.Summary())
			}
		}},
		{"header", func(t *testing.T, d *diff.Diff) {
			if diff := cmp.Diff([]string{"title", "date", "published_in", "topics"}, d.Stats.Fields); diff != "" {
				t.Errorf("changed fields mismatch (-want +got):\n%s", diff)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := mustReadDoc(t, filepath.Join("testdata", tt.name+".old.json"))
			new := mustReadDoc(t, filepath.Join("testdata", tt.name+".new.json"))
			tt.check(t, diff.Documents(old, new))
		})
	}
}

func TestTurnMap(t *testing.T) {
	tests := []struct {
		name string
		want map[int]int
	}{
		{"inserted-turn", map[int]int{1: 1, 2: 3, 3: 4}},
		{"renamed-speaker", map[int]int{1: 1, 2: 2}},
		{"paragraphs", map[int]int{1: 1, 3: 2}}, // turn 2 was removed
		{"identical", map[int]int{1: 1}},
		{"rewritten", map[int]int{}}, // nothing alike enough is left
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := mustReadDoc(t, filepath.Join("testdata", tt.name+".old.json"))
			new := mustReadDoc(t, filepath.Join("testdata", tt.name+".new.json"))
			if diff := cmp.Diff(tt.want, diff.TurnMap(old, new)); diff != "" {
				t.Errorf("TurnMap mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"grew by 25%, to 1,200.5", []string{"grew", " ", "by", " ", "25%", ",", " ", "to", " ", "1,200.5"}},
		{"Kassym-Jomart Tokayev’s talks", []string{"Kassym-Jomart", " ", "Tokayev’s", " ", "talks"}},
		{"(Applause.) –  yes", []string{"(", "Applause", ".", ")", " ", "–", "  ", "yes"}},
		{"переговоры, 5 февраля", []string{"переговоры", ",", " ", "5", " ", "февраля"}},
		{"a-", []string{"a", "-"}},
		{"\xff1", []string{"\xff", "1"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := diff.Tokens(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tokens(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		old, new string
		want     []diff.Span
	}{
		{"grew by 25% in May", "grew by 27% in May", []diff.Span{{diff.Equal, "grew by "}, {diff.Removed, "25%"}, {diff.Added, "27%"}, {diff.Equal, " in May"}}},
		{"the old plan is ready", "the new scheme is ready", []diff.Span{{diff.Equal, "the "}, {diff.Removed, "old plan"}, {diff.Added, "new scheme"}, {diff.Equal, " is ready"}}},
		{"same", "same", []diff.Span{{diff.Equal, "same"}}},
		// An insertion is moved to start at a word, not inside markup.
		{"talks <b>today</b>", "talks <i>now</i> <b>today</b>", []diff.Span{{diff.Equal, "talks "}, {diff.Added, "<i>now</i> "}, {diff.Equal, "<b>today</b>"}}},
		{"Meeting with regional governors", "Meeting with the regional governors", []diff.Span{{diff.Equal, "Meeting with "}, {diff.Added, "the "}, {diff.Equal, "regional governors"}}},
		{"", "added", []diff.Span{{diff.Added, "added"}}},
		{"removed", "", []diff.Span{{diff.Removed, "removed"}}},
		{"", "", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, diff.Words(tt.old, tt.new)); diff != "" {
			t.Errorf("Words(%q, %q) mismatch (-want +got):\n%s", tt.old, tt.new, diff)
		}
	}
}

// TestLongParagraph: a paragraph rewritten past the edit bound is one
// change, still exact on both sides.
func TestLongParagraph(t *testing.T) {
	var a, b strings.Builder
	for i := range 3000 {
		a.WriteString("alpha" + strings.Repeat("x", i%7) + " ")
		b.WriteString("beta" + strings.Repeat("y", i%5) + " ")
	}
	spans := diff.Words(a.String(), b.String())
	var old, new strings.Builder
	for _, s := range spans {
		if s.Op != diff.Added {
			old.WriteString(s.Text)
		}
		if s.Op != diff.Removed {
			new.WriteString(s.Text)
		}
	}
	if old.String() != a.String() || new.String() != b.String() {
		t.Errorf("the spans of a long rewrite do not give the two texts back")
	}
}

func TestWriteTextColor(t *testing.T) {
	old := mustReadDoc(t, filepath.Join("testdata", "changed-figure.old.json"))
	new := mustReadDoc(t, filepath.Join("testdata", "changed-figure.new.json"))
	var plain, color bytes.Buffer
	d := diff.Documents(old, new)
	d.From, d.To = 1, 2
	if err := d.WriteText(&plain, false); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteText(&color, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text has escape sequences")
	}
	for _, want := range []string{"\x1b[31m[-25%-]\x1b[0m", "\x1b[32m{+27%+}\x1b[0m", "(version 1)", "(version 2)"} {
		if !strings.Contains(color.String(), want) {
			t.Errorf("coloured text lacks %q:\n%s", want, color.String())
		}
	}
}

// FuzzDiff compares any two documents: no panic, and the diff gives both
// versions back, turn for turn and word for word.
func FuzzDiff(f *testing.F) {
	for _, name := range cases(f) {
		o, err := os.ReadFile(filepath.Join("testdata", name+".old.json"))
		if err != nil {
			f.Fatal(err)
		}
		n, err := os.ReadFile(filepath.Join("testdata", name+".new.json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(o), string(n))
	}
	f.Add("a b\nc", "a\nb c\nd")
	f.Fuzz(func(t *testing.T, a, b string) {
		old, new := fuzzDoc(a), fuzzDoc(b)
		d := diff.Documents(old, new)
		checkSides(t, d, old, new)
		m := diff.TurnMap(old, new)
		for o, n := range m {
			if o < 1 || o > len(old.Turns) || n < 1 || n > len(new.Turns) {
				t.Fatalf("TurnMap maps %d to %d, out of range", o, n)
			}
		}
		if err := d.WriteText(&bytes.Buffer{}, true); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzDoc makes a document of s: its canonical JSON when s is one, else
// one turn per line ("Speaker: paragraph | paragraph").
func fuzzDoc(s string) *transcript.Document {
	var d transcript.Document
	if json.Unmarshal([]byte(s), &d) == nil {
		for i := range d.Turns {
			d.Turns[i].Index = i + 1
		}
		return &d
	}
	d = transcript.Document{ID: "fuzz/1", Source: "fuzz", Language: "en"}
	for i, line := range strings.Split(s, "\n") {
		speaker, text, ok := strings.Cut(line, ": ")
		if !ok {
			speaker, text = "", line
		}
		d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: speaker, Paragraphs: strings.Split(text, " | ")})
	}
	return &d
}
