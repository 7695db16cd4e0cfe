// Package editions lines up the turns of the two editions of one
// kremlin.ru event, en.kremlin.ru/N and kremlin.ru/N, even when one
// edition has a turn the other lacks (a remark left out of the
// translation, a question the English site dropped), and reports where
// they diverge: a turn missing from one edition, or aligned turns whose
// figures differ.
//
// Align is a global alignment (Needleman–Wunsch) of the two lists of
// turns. Pairing two turns scores what the editions share whatever their
// language: the kind of speaker (a person, an anonymous "Question", no
// label), the speaker's surname (transliterated: Путин is Putin), the
// figures they quote (compared after normalisation, so "3,2 млрд
// долларов" is "US$3.2 billion"), and the length of the text (a
// translation is about as long as its original). Leaving a turn unpaired
// costs a fixed penalty, so a turn is left out only when pairing it would
// cost more. Turns of different kinds never pair.
package editions

import (
	"math"
	"strings"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Pair is one row of an alignment: two turns that say the same thing in
// the two editions, or a turn of one edition that the other lacks (the
// other side nil).
type Pair struct {
	EN *transcript.Turn
	RU *transcript.Turn
}

// gap is the score of leaving a turn unpaired.
const gap = -1.0

// never is the score of a pairing that must not happen.
var never = math.Inf(-1)

// turnInfo is what the alignment compares of a turn.
type turnInfo struct {
	kind    int // 0 unlabelled, 1 anonymous, 2 named
	surname string
	figures []figures.Figure
	length  int
}

func info(t *transcript.Turn, lang, date string) turnInfo {
	in := turnInfo{}
	switch {
	case t.Speaker == "":
	case transcript.IsAnonymousSpeaker(t.Speaker):
		in.kind = 1
	default:
		in.kind = 2
		name := t.Person
		if name == "" {
			name, _ = transcript.SplitLabel(t.Speaker)
		}
		if f := strings.Fields(strings.NewReplacer(".", " ").Replace(name)); len(f) > 0 {
			in.surname = persons.Key(f[len(f)-1])
		}
	}
	text := strings.Join(t.Paragraphs, "\n\n")
	in.length = len([]rune(text))
	in.figures = figures.Extract(text, lang, date)
	return in
}

// score is the score of pairing e with r.
func score(e, r turnInfo) float64 {
	if e.kind != r.kind {
		return never
	}
	s := 1.0
	if e.kind == 2 && e.surname != "" && r.surname != "" {
		if e.surname == r.surname {
			s += 2
		} else {
			s -= 3
		}
	}
	if len(e.figures) > 0 && len(r.figures) > 0 {
		same := 0
		for _, a := range e.figures {
			for _, b := range r.figures {
				if figures.Same(a, b) {
					same++
					break
				}
			}
		}
		if same > 0 {
			s += float64(min(same, 3))
		} else {
			s -= 1
		}
	}
	// A Russian text runs about 1.1 times as long as its English
	// translation; a pairing far from that costs up to 2.
	if e.length > 0 && r.length > 0 {
		s -= min(2, math.Abs(math.Log(float64(r.length)/float64(e.length)/1.1)))
	} else if e.length != r.length {
		s -= 1
	}
	return s
}

// Align lines up the turns of en (the English edition) and ru (the
// Russian one), in order. Every turn of each appears once.
func Align(en, ru *transcript.Document) []Pair {
	n, m := len(en.Turns), len(ru.Turns)
	ei := make([]turnInfo, n)
	for i := range en.Turns {
		ei[i] = info(&en.Turns[i], "en", en.Date)
	}
	ri := make([]turnInfo, m)
	for j := range ru.Turns {
		ri[j] = info(&ru.Turns[j], "ru", ru.Date)
	}
	// best[i][j] is the best score of aligning the first i English turns
	// with the first j Russian ones; from says which move reached it.
	best := make([][]float64, n+1)
	from := make([][]byte, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
		from[i] = make([]byte, m+1)
	}
	for i := 1; i <= n; i++ {
		best[i][0], from[i][0] = float64(i)*gap, 'e'
	}
	for j := 1; j <= m; j++ {
		best[0][j], from[0][j] = float64(j)*gap, 'r'
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			b, f := best[i-1][j]+gap, byte('e')
			if v := best[i][j-1] + gap; v > b {
				b, f = v, 'r'
			}
			if s := score(ei[i-1], ri[j-1]); s != never {
				if v := best[i-1][j-1] + s; v > b {
					b, f = v, 'p'
				}
			}
			best[i][j], from[i][j] = b, f
		}
	}
	var out []Pair
	for i, j := n, m; i > 0 || j > 0; {
		switch from[i][j] {
		case 'p':
			out = append(out, Pair{EN: &en.Turns[i-1], RU: &ru.Turns[j-1]})
			i, j = i-1, j-1
		case 'e':
			out = append(out, Pair{EN: &en.Turns[i-1]})
			i--
		default:
			out = append(out, Pair{RU: &ru.Turns[j-1]})
			j--
		}
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// Divergence kinds.
const (
	MissingTurn = "missing_turn" // a turn of one edition that the other lacks
	Number      = "number"       // aligned turns whose figures differ
)

// Side is one edition's turn in a divergence; nil when the edition lacks
// it.
type Side struct {
	Turn int    `json:"turn"`
	Text string `json:"text"`
}

// Divergence is one place where the editions differ.
type Divergence struct {
	ID   string `json:"id"` // the event's number: N of en.kremlin.ru/N and kremlin.ru/N
	Kind string `json:"kind"`
	EN   *Side  `json:"en"`
	RU   *Side  `json:"ru"`
	// Figures lists, for a Number divergence, the figures as written
	// that have no equal in the other edition's turn.
	Figures []string `json:"figures,omitempty"`
}

// Divergent returns where the two editions differ, in the order of the
// alignment: each turn that only one edition has, and each pair of
// aligned turns that quote figures of which one edition has a value the
// other lacks (both must quote figures: a translation that spells a
// number out in words is not counted as a difference).
func Divergent(id string, en, ru *transcript.Document) []Divergence {
	out := []Divergence{}
	side := func(t *transcript.Turn) *Side {
		if t == nil {
			return nil
		}
		return &Side{Turn: t.Index, Text: strings.Join(t.Paragraphs, "\n\n")}
	}
	for _, p := range Align(en, ru) {
		if p.EN == nil || p.RU == nil {
			out = append(out, Divergence{ID: id, Kind: MissingTurn, EN: side(p.EN), RU: side(p.RU)})
			continue
		}
		ef := figures.Extract(strings.Join(p.EN.Paragraphs, "\n\n"), "en", en.Date)
		rf := figures.Extract(strings.Join(p.RU.Paragraphs, "\n\n"), "ru", ru.Date)
		if len(ef) == 0 || len(rf) == 0 {
			continue
		}
		var odd []string
		for _, pass := range []struct{ a, b []figures.Figure }{{ef, rf}, {rf, ef}} {
			for _, a := range pass.a {
				found := false
				for _, b := range pass.b {
					if figures.Same(a, b) {
						found = true
						break
					}
				}
				if !found {
					odd = append(odd, a.Text)
				}
			}
		}
		if len(odd) > 0 {
			out = append(out, Divergence{ID: id, Kind: Number, EN: side(p.EN), RU: side(p.RU), Figures: odd})
		}
	}
	return out
}
