package figures

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Document returns the figures of doc's turns, in order, each with its
// document, turn, speaker, person and permalink.
func Document(doc *transcript.Document) []Figure {
	var x Extractor
	var out []Figure
	for i := range doc.Turns {
		out = x.Turn(out, doc, &doc.Turns[i])
	}
	return out
}

// Turn appends the figures of t, a turn of doc, to dst.
func (x *Extractor) Turn(dst []Figure, doc *transcript.Document, t *transcript.Turn) []Figure {
	geo := slices.Clone(doc.Geography)
	slices.Sort(geo)
	places := strings.Join(geo, "\x00")
	for p, para := range t.Paragraphs {
		n := len(dst)
		dst = x.Extract(dst, para, doc.Language, doc.Date)
		for k := n; k < len(dst); k++ {
			f := &dst[k]
			f.DocID, f.Date, f.Turn, f.Speaker, f.Person, f.Paragraph = doc.ID, doc.Date, t.Index, t.Speaker, t.Person, p
			f.Permalink = fmt.Sprintf("%s#t%d", doc.ID, t.Index)
			f.places = places
		}
	}
	return dst
}

// Group is figures about one subject, in one unit and for one period.
// Its JSON form is a line of `rostrum figures --conflicts --json`.
type Group struct {
	Subject  string   `json:"subject"` // as the first figure words it
	Key      string   `json:"key"`     // SubjectKey of the subject
	Unit     string   `json:"unit"`
	Period   string   `json:"period"`
	Figures  []Figure `json:"figures"`
	Relation string   `json:"relation"` // "conflict" or "consistent"
	// Range is the values every figure allows when they are consistent:
	// [lo, hi], either end null when unbounded; absent for a conflict.
	Range []*float64 `json:"range,omitempty"`
}

// The relations of a group.
const (
	Conflict   = "conflict"
	Consistent = "consistent"
)

// Groups gathers figures that have a subject, a unit and a period into
// groups of the same SubjectKey, unit and period, and says of each
// group of two figures or more whether they can all be true: each
// figure allows an interval of true values (see Figure.Interval: an
// exact figure its rounding, an approximate one ApproxTolerance either
// side, a lower or upper bound everything above or below it), and the
// group is a Conflict when no value lies in all of them. "US$25.6
// billion" and "exceeded US$21 billion" agree; "US$25.6 billion" and
// "US$21 billion" do not, nor do "under US$20 billion" and "US$25.6
// billion"; "about 3.2 billion" and "3.4 billion" agree (within 10%).
// Groups come in order of their first figure.
//
// Figures from documents with different geography (the page's taxonomy)
// are not grouped: "trade" on a page about Kazakhstan and on one about
// China are two different trades.
func Groups(figs []Figure) []Group {
	type key struct{ subject, unit, period, places string }
	index := map[key]int{}
	var groups []Group
	for _, f := range figs {
		k := key{SubjectKey(f.Subject), f.Unit, f.Period, f.places}
		if k.subject == "" || k.unit == "" || k.period == "" {
			continue
		}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, Group{Subject: f.Subject, Key: k.subject, Unit: f.Unit, Period: f.Period})
		}
		groups[i].Figures = append(groups[i].Figures, f)
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.Figures) < 2 {
			continue
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		for i := range g.Figures {
			l, h := g.Figures[i].Interval()
			lo, hi = max(lo, l), min(hi, h)
		}
		if lo > hi {
			g.Relation = Conflict
		} else {
			g.Relation = Consistent
			g.Range = make([]*float64, 2)
			if !math.IsInf(lo, 0) {
				g.Range[0] = &lo
			}
			if !math.IsInf(hi, 0) {
				g.Range[1] = &hi
			}
		}
		out = append(out, g)
	}
	return out
}

// Conflicts returns the groups of figs (see Groups) whose figures cannot
// all be true.
func Conflicts(figs []Figure) []Group {
	return slices.DeleteFunc(Groups(figs), func(g Group) bool { return g.Relation != Conflict })
}

// Describe says in a few words what a figure states: "exceeded 21,000,000,000
// USD in 2021".
func Describe(f *Figure) string {
	var b strings.Builder
	switch f.Bound {
	case Lower:
		b.WriteString("more than ")
	case Upper:
		b.WriteString("less than ")
	case Approx:
		b.WriteString("about ")
	}
	b.WriteString(FormatValue(f.Value))
	if f.Unit != "" {
		b.WriteByte(' ')
		b.WriteString(f.Unit)
	}
	return b.String()
}
