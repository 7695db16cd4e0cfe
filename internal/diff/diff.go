// Package diff compares two versions of a document: its header fields,
// its turns aligned by content (an inserted turn is one added turn, not
// a change to every turn after it), the paragraphs of a turn that
// changed, and the words of a paragraph that changed. The result, a
// Diff, is what both the command line and the web site show.
//
// The package keeps no state; its functions are safe for concurrent use.
package diff

import (
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Op says what happened to a part of a document between two versions.
type Op string

// Ops. Words are Equal, Removed or Added; fields, turns and paragraphs
// may also be Changed (present in both versions, different).
const (
	Equal   Op = "equal"
	Removed Op = "removed"
	Added   Op = "added"
	Changed Op = "changed"
)

// Span is a piece of text and what happened to it.
type Span struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Diff is what changed between two versions of a document. Every turn and
// paragraph of both versions is in it, unchanged ones included, so that
// either version can be read back from it (Old and New); readers show the
// unchanged ones collapsed.
type Diff struct {
	ID     string     `json:"id"`
	From   int        `json:"from"` // the old version's number, set by the caller; 0 when unknown
	To     int        `json:"to"`   // the new version's number
	Fields []Field    `json:"fields"`
	Turns  []TurnDiff `json:"turns"`
	Stats  Stats      `json:"stats"`
}

// Field is a header field (title, lead, date, …) in both versions. A
// text field that changed has Words; a list field (topics, persons, …)
// has the items Added and Removed.
type Field struct {
	Name    string   `json:"name"`
	Changed bool     `json:"changed"`
	Old     string   `json:"old"` // a list's items are joined by "; "
	New     string   `json:"new"`
	Words   []Span   `json:"words,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// TurnDiff is one turn of either version. Old and New are its indexes
// (Turn.Index) in each version, 0 where it is absent: an Added turn has
// only New, a Removed turn only Old.
type TurnDiff struct {
	Op             Op              `json:"op"`
	Old            int             `json:"old"`
	New            int             `json:"new"`
	OldSpeaker     string          `json:"old_speaker"`
	NewSpeaker     string          `json:"new_speaker"`
	SpeakerChanged bool            `json:"speaker_changed"`
	OldPerson      string          `json:"old_person"`
	NewPerson      string          `json:"new_person"`
	Paragraphs     []ParagraphDiff `json:"paragraphs"`
}

// Speaker is the turn's label: the new one, or the old one of a removed turn.
func (t *TurnDiff) Speaker() string {
	if t.Op == Removed {
		return t.OldSpeaker
	}
	return t.NewSpeaker
}

// ParagraphDiff is one paragraph of a turn in either version; Old and New
// count from 1, 0 where it is absent.
type ParagraphDiff struct {
	Op    Op     `json:"op"`
	Old   int    `json:"old"`
	New   int    `json:"new"`
	Words []Span `json:"words"`
}

// Stats counts the changes.
type Stats struct {
	Fields            []string `json:"fields"` // names of the fields that changed
	TurnsAdded        int      `json:"turns_added"`
	TurnsRemoved      int      `json:"turns_removed"`
	TurnsChanged      int      `json:"turns_changed"`
	SpeakersChanged   int      `json:"speakers_changed"`
	ParagraphsAdded   int      `json:"paragraphs_added"`
	ParagraphsRemoved int      `json:"paragraphs_removed"`
	ParagraphsChanged int      `json:"paragraphs_changed"`
	WordsAdded        int      `json:"words_added"`
	WordsRemoved      int      `json:"words_removed"`
}

// Similarity thresholds for pairing a removed item with an added one as
// one changed item: the share of words they have in common.
const (
	turnMatch       = 0.5
	turnMatchSpeake = 0.3 // for a turn by the same speaker
	paragraphMatch  = 0.4
	maxPairing      = 250_000 // removed × added items past which none are paired
)

// Documents compares version old of a document with version new.
func Documents(old, new *transcript.Document) *Diff {
	d := &Diff{ID: new.ID, Fields: fields(old, new), Turns: []TurnDiff{}}
	if d.ID == "" {
		d.ID = old.ID
	}
	for _, f := range d.Fields {
		if f.Changed {
			d.Stats.Fields = append(d.Stats.Fields, f.Name)
		}
	}
	if d.Stats.Fields == nil {
		d.Stats.Fields = []string{}
	}
	for _, p := range alignTurns(old.Turns, new.Turns) {
		var td TurnDiff
		switch {
		case p.i < 0:
			t := new.Turns[p.j]
			td = TurnDiff{Op: Added, New: t.Index, NewSpeaker: t.Speaker, NewPerson: t.Person}
			for k, para := range t.Paragraphs {
				td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Added, New: k + 1, Words: []Span{{Added, para}}})
			}
			d.Stats.TurnsAdded++
		case p.j < 0:
			t := old.Turns[p.i]
			td = TurnDiff{Op: Removed, Old: t.Index, OldSpeaker: t.Speaker, OldPerson: t.Person}
			for k, para := range t.Paragraphs {
				td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Removed, Old: k + 1, Words: []Span{{Removed, para}}})
			}
			d.Stats.TurnsRemoved++
		default:
			td = turnDiff(&old.Turns[p.i], &new.Turns[p.j], &d.Stats)
		}
		if td.Paragraphs == nil {
			td.Paragraphs = []ParagraphDiff{}
		}
		d.Turns = append(d.Turns, td)
	}
	return d
}

// TurnMap maps the indexes of old's turns to the indexes of the same
// turns in new, for the turns that are still there (unchanged, or
// changed in place); a removed turn has no entry.
func TurnMap(old, new *transcript.Document) map[int]int {
	m := map[int]int{}
	for _, p := range alignTurns(old.Turns, new.Turns) {
		if p.i >= 0 && p.j >= 0 {
			m[old.Turns[p.i].Index] = new.Turns[p.j].Index
		}
	}
	return m
}

// Identical reports whether nothing changed.
func (d *Diff) Identical() bool {
	s := d.Stats
	return len(s.Fields) == 0 && s.TurnsAdded == 0 && s.TurnsRemoved == 0 && s.TurnsChanged == 0
}

// Summary says in one line what changed: "title changed; 1 turn added,
// 2 turns changed (+1 −0 paragraphs, +3 −1 words); 1 speaker renamed".
func (s Stats) Summary() string {
	var parts []string
	if len(s.Fields) > 0 {
		parts = append(parts, strings.Join(s.Fields, ", ")+" changed")
	}
	var turns []string
	count := func(n int, what string) {
		if n > 0 {
			turns = append(turns, plural(n, "turn", "turns")+" "+what)
		}
	}
	count(s.TurnsAdded, "added")
	count(s.TurnsRemoved, "removed")
	if s.TurnsChanged > 0 {
		c := plural(s.TurnsChanged, "turn", "turns") + " changed"
		var what []string
		if s.ParagraphsAdded > 0 || s.ParagraphsRemoved > 0 {
			what = append(what, fmt.Sprintf("+%d −%d paragraphs", s.ParagraphsAdded, s.ParagraphsRemoved))
		}
		if s.WordsAdded > 0 || s.WordsRemoved > 0 {
			what = append(what, fmt.Sprintf("+%d −%d words", s.WordsAdded, s.WordsRemoved))
		}
		if len(what) > 0 {
			c += " (" + strings.Join(what, ", ") + ")"
		}
		turns = append(turns, c)
	}
	if len(turns) > 0 {
		parts = append(parts, strings.Join(turns, ", "))
	}
	if s.SpeakersChanged > 0 {
		parts = append(parts, plural(s.SpeakersChanged, "speaker", "speakers")+" renamed")
	}
	if len(parts) == 0 {
		return "no change in the text"
	}
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pair is an aligned item: i of the old sequence and j of the new, -1
// where it is absent.
type pair struct{ i, j int }

// align pairs the items of two sequences: equal ones by a shortest edit
// script, then, within each stretch of removed and added items between
// two equal ones, the removed and added items most alike (in order, each
// pair at least as alike as match says), as changed items.
func align(n, m int, equal func(i, j int) bool, alike func(i, j int) float64, match func(i, j int) float64) []pair {
	var out []pair
	steps := myers(n, m, equal)
	for k := 0; k < len(steps); {
		if steps[k].op == Equal {
			out = append(out, pair{steps[k].i, steps[k].j})
			k++
			continue
		}
		var rem, add []int
		for ; k < len(steps) && steps[k].op != Equal; k++ {
			if steps[k].op == Removed {
				rem = append(rem, steps[k].i)
			} else {
				add = append(add, steps[k].j)
			}
		}
		out = append(out, pairUp(rem, add, alike, match)...)
	}
	return out
}

// pairUp aligns removed items with added ones, keeping the order of both,
// so as to pair as much likeness as it can (a weighted longest common
// subsequence); unpaired removed items come before the added ones they
// stand among.
func pairUp(rem, add []int, alike func(i, j int) float64, match func(i, j int) float64) []pair {
	if len(rem) == 0 || len(add) == 0 || len(rem)*len(add) > maxPairing {
		var out []pair
		for _, i := range rem {
			out = append(out, pair{i, -1})
		}
		for _, j := range add {
			out = append(out, pair{-1, j})
		}
		return out
	}
	n, m := len(rem), len(add)
	sim := make([]float64, n*m)
	for a := range n {
		for b := range m {
			s := alike(rem[a], add[b])
			if s < match(rem[a], add[b]) {
				s = -1
			}
			sim[a*m+b] = s
		}
	}
	// best[a][b]: the most likeness pairable among rem[a:] and add[b:].
	best := make([]float64, (n+1)*(m+1))
	at := func(a, b int) *float64 { return &best[a*(m+1)+b] }
	for a := n - 1; a >= 0; a-- {
		for b := m - 1; b >= 0; b-- {
			v := max(*at(a+1, b), *at(a, b+1))
			if s := sim[a*m+b]; s >= 0 {
				v = max(v, s+*at(a+1, b+1))
			}
			*at(a, b) = v
		}
	}
	var out []pair
	a, b := 0, 0
	for a < n && b < m {
		switch s := sim[a*m+b]; {
		case s >= 0 && *at(a, b) == s+*at(a+1, b+1):
			out = append(out, pair{rem[a], add[b]})
			a++
			b++
		case *at(a, b) == *at(a+1, b):
			out = append(out, pair{rem[a], -1})
			a++
		default:
			out = append(out, pair{-1, add[b]})
			b++
		}
	}
	for ; a < n; a++ {
		out = append(out, pair{rem[a], -1})
	}
	for ; b < m; b++ {
		out = append(out, pair{-1, add[b]})
	}
	return out
}

func alignTurns(old, new []transcript.Turn) []pair {
	oldBags, newBags := make([]*bag, len(old)), make([]*bag, len(new))
	bagOf := func(bags []*bag, turns []transcript.Turn, i int) bag {
		if bags[i] == nil {
			b := newBag(turns[i].Paragraphs...)
			bags[i] = &b
		}
		return *bags[i]
	}
	return align(len(old), len(new),
		func(i, j int) bool { return sameTurn(&old[i], &new[j]) },
		func(i, j int) float64 { return bagOf(oldBags, old, i).similarity(bagOf(newBags, new, j)) },
		func(i, j int) float64 {
			if old[i].Speaker == new[j].Speaker {
				return turnMatchSpeake
			}
			return turnMatch
		})
}

func sameTurn(a, b *transcript.Turn) bool {
	return a.Speaker == b.Speaker && a.Person == b.Person && a.Role == b.Role &&
		equalStrings(a.Paragraphs, b.Paragraphs) && equalStrings(a.Notes, b.Notes)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// turnDiff compares two versions of one turn, counting into st.
func turnDiff(o, n *transcript.Turn, st *Stats) TurnDiff {
	td := TurnDiff{Op: Equal, Old: o.Index, New: n.Index, OldSpeaker: o.Speaker, NewSpeaker: n.Speaker,
		SpeakerChanged: o.Speaker != n.Speaker, OldPerson: o.Person, NewPerson: n.Person}
	changed := !sameTurn(o, n)
	if td.SpeakerChanged {
		st.SpeakersChanged++
	}
	ob, nb := make([]bag, len(o.Paragraphs)), make([]bag, len(n.Paragraphs))
	for i, p := range o.Paragraphs {
		ob[i] = newBag(p)
	}
	for j, p := range n.Paragraphs {
		nb[j] = newBag(p)
	}
	pairs := align(len(o.Paragraphs), len(n.Paragraphs),
		func(i, j int) bool { return o.Paragraphs[i] == n.Paragraphs[j] },
		func(i, j int) float64 { return ob[i].similarity(nb[j]) },
		func(int, int) float64 { return paragraphMatch })
	for _, p := range pairs {
		switch {
		case p.i < 0:
			td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Added, New: p.j + 1, Words: []Span{{Added, n.Paragraphs[p.j]}}})
			st.ParagraphsAdded++
		case p.j < 0:
			td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Removed, Old: p.i + 1, Words: []Span{{Removed, o.Paragraphs[p.i]}}})
			st.ParagraphsRemoved++
		case o.Paragraphs[p.i] == n.Paragraphs[p.j]:
			td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Equal, Old: p.i + 1, New: p.j + 1, Words: []Span{{Equal, o.Paragraphs[p.i]}}})
		default:
			words := Words(o.Paragraphs[p.i], n.Paragraphs[p.j])
			for _, w := range words {
				switch w.Op {
				case Added:
					st.WordsAdded += countWords(w.Text)
				case Removed:
					st.WordsRemoved += countWords(w.Text)
				}
			}
			td.Paragraphs = append(td.Paragraphs, ParagraphDiff{Op: Changed, Old: p.i + 1, New: p.j + 1, Words: words})
			st.ParagraphsChanged++
		}
	}
	if changed {
		td.Op = Changed
		st.TurnsChanged++
	}
	return td
}

// countWords counts the words and numbers of s, for the summary; a
// change of punctuation alone counts as one.
func countWords(s string) int {
	return max(newBag(s).n, 1)
}

func fields(o, n *transcript.Document) []Field {
	var out []Field
	text := func(name, a, b string) {
		f := Field{Name: name, Old: a, New: b, Changed: a != b}
		if f.Changed {
			f.Words = Words(a, b)
		}
		out = append(out, f)
	}
	list := func(name string, a, b []string) {
		f := Field{Name: name, Old: strings.Join(a, "; "), New: strings.Join(b, "; ")}
		had, has := map[string]bool{}, map[string]bool{}
		for _, s := range a {
			had[s] = true
		}
		for _, s := range b {
			has[s] = true
			if !had[s] {
				f.Added = append(f.Added, s)
			}
		}
		for _, s := range a {
			if !has[s] {
				f.Removed = append(f.Removed, s)
			}
		}
		f.Changed = f.Old != f.New
		out = append(out, f)
	}
	related := func(d *transcript.Document) []string {
		var s []string
		for _, r := range d.Related {
			s = append(s, strings.TrimSpace(r.Title+" "+r.Date))
		}
		return s
	}
	text("section", o.Section, n.Section)
	text("title", o.Title, n.Title)
	text("lead", o.Lead, n.Lead)
	text("date", o.Date, n.Date)
	text("time", o.Time, n.Time)
	text("place", o.Place, n.Place)
	text("url", o.URL, n.URL)
	list("published_in", o.PublishedIn, n.PublishedIn)
	text("published_at", o.PublishedAt, n.PublishedAt)
	list("geography", o.Geography, n.Geography)
	list("topics", o.Topics, n.Topics)
	list("persons", o.Persons, n.Persons)
	list("related", related(o), related(n))
	return out
}

// Old returns the old version's turns as the diff holds them: index,
// speaker and paragraphs of each.
func (d *Diff) Old() []transcript.Turn { return d.side(Added) }

// New returns the new version's turns as the diff holds them.
func (d *Diff) New() []transcript.Turn { return d.side(Removed) }

// side reads one version back: every turn and paragraph but those only
// in the other (dropped is the other side's Op), every span but dropped.
func (d *Diff) side(dropped Op) []transcript.Turn {
	var turns []transcript.Turn
	for _, t := range d.Turns {
		if t.Op == dropped {
			continue
		}
		tt := transcript.Turn{Index: t.New, Speaker: t.NewSpeaker, Person: t.NewPerson}
		if dropped == Added {
			tt = transcript.Turn{Index: t.Old, Speaker: t.OldSpeaker, Person: t.OldPerson}
		}
		for _, p := range t.Paragraphs {
			if p.Op == dropped {
				continue
			}
			var b strings.Builder
			for _, w := range p.Words {
				if w.Op != dropped {
					b.WriteString(w.Text)
				}
			}
			tt.Paragraphs = append(tt.Paragraphs, b.String())
		}
		turns = append(turns, tt)
	}
	return turns
}
