// Package figures finds the figures officials quote in a transcript
// (trade volumes, budgets, percentages, tonnes, people) and reads each
// as an analyst would: its value normalised ("US$25.6 billion" and
// "25,6 млрд долларов" are both 25,600,000,000 USD), its unit, whether
// the speaker gave it as exact, a lower or upper bound or an
// approximation, the year it is about, and the noun phrase it measures.
// It then checks figures about the same thing for consistency (see
// Conflicts).
//
// Extraction is derived data: it is computed on read from a document's
// turns, never stored, so reparsing a document changes its figures.
// It is rule-based and works in English and Russian. What is a figure:
//
//   - an amount of money (a currency symbol, code or name: US$, $, €, ₽,
//     USD, dollars, рублей, евро …), unit the ISO 4217 code;
//   - a percentage (%, percent, процентов), unit "percent", or a change
//     in percentage points, unit "percentage points";
//   - a measured quantity (tonnes, km, hectares, cubic metres, barrels,
//     MW …), unit its canonical name;
//   - a count of people (people, persons, человек), unit "people", and
//     any count given with a scale word ("six million doses") or of at
//     least 1,000 ("5,000 jobs"), unit the noun counted as written.
//
// What is not: a year alone ("in 2021", which may give a figure its
// period), a date ("February 10", "10 февраля", "25.12.2021"), a clock
// time, an ordinal ("21st"), a number inside a name ("G20", "COVID-19",
// "S-400"), a decree, article or list number ("No. 204", "№ 204",
// "1."), and a small count of anything else ("13 major projects"), which
// is too often a list's size rather than a quantity someone measured.
package figures

import (
	"math"
	"strconv"
	"strings"
)

// The bounds a figure can be given with.
const (
	Exact  = "exact"  // "US$25.6 billion"
	Lower  = "lower"  // "exceeded", "over", "more than", "свыше", "более"
	Upper  = "upper"  // "less than", "under", "up to", "не более"
	Approx = "approx" // "about", "nearly", "almost", "около", "почти"
)

// Units that are not currencies.
const (
	Percent      = "percent"
	PercentPoint = "percentage points"
	People       = "people"
)

// Figure is one figure in a text. Its JSON form is a line of `rostrum
// figures --json` and of the API.
type Figure struct {
	DocID   string `json:"doc_id,omitempty"`
	Date    string `json:"date,omitempty"` // the document's date
	Turn    int    `json:"turn,omitempty"`
	Speaker string `json:"speaker"`
	Person  string `json:"person"`
	// Text is the figure as written, with the words that bound it:
	// "exceeded US$21 billion".
	Text  string  `json:"text"`
	Value float64 `json:"value"` // in Unit: 25.6e9 for "US$25.6 billion"
	// Unit is an ISO 4217 code (USD, EUR, RUB, CNY …), Percent,
	// PercentPoint, People, a measure ("tonnes", "km", "cubic metres" …),
	// the noun counted as written ("doses", "jobs"), or "" for a bare
	// scaled count ("a population of 146 million").
	Unit  string `json:"unit"`
	Bound string `json:"bound"` // Exact, Lower, Upper or Approx
	// Period is the year the figure is about, stated in its sentence
	// ("in 2021", "в 2021 году") or resolved from the document's date
	// ("last year" in a 2022 document is 2021); "" when none is given.
	Period string `json:"period"`
	// Subject is the noun phrase the figure measures ("trade", "the
	// regional budget", "товарооборот"), a rule-based reading of the words
	// before it; "" when the rules are unsure.
	Subject   string `json:"subject"`
	Sentence  string `json:"sentence"`            // the sentence that holds it
	Permalink string `json:"permalink,omitempty"` // DOCID#tN
	// Paragraph is the index (from 0) of the turn's paragraph that holds
	// the figure, and Start and End the byte offsets of Text in it.
	Paragraph int `json:"paragraph"`
	Start     int `json:"start"`
	End       int `json:"end"`
	// tol is how far the true value may be from Value for the figure as
	// written to be right: half its last written digit (25.6 billion:
	// 0.05 billion), for the consistency check.
	tol float64
	// places is the document's geography, for Groups: figures about
	// "trade" from documents about different countries are not compared.
	places string
}

// Tolerance is how far the true value may lie from Value for the figure
// as written to be true: half a unit of its last written digit (rounding:
// "US$25.6 billion" is anything from 25.55 to 25.65 billion), and for an
// approximation ApproxTolerance of the value, whichever is more.
func (f *Figure) Tolerance() float64 {
	t := f.tol
	if f.Bound == Approx {
		t = max(t, ApproxTolerance*f.Value)
	}
	return t
}

// ApproxTolerance is how far an approximate figure ("about", "nearly",
// "около") may be from the truth, as a fraction of its value.
const ApproxTolerance = 0.10

// Interval is the range of true values the figure allows: [Lo, Hi],
// either end infinite for a bound. A bound is taken as written ("exceeded
// 21" allows 21 and above), an exact or approximate value with its
// Tolerance.
func (f *Figure) Interval() (lo, hi float64) {
	t := f.Tolerance()
	switch f.Bound {
	case Lower:
		return f.Value, math.Inf(1)
	case Upper:
		return math.Inf(-1), f.Value
	}
	return f.Value - t, f.Value + t
}

// Same reports whether a and b state the same quantity: the same unit
// and values that agree once their rounding is allowed for ("3,2 млрд
// долларов" and "US$3.2 billion", or "US$3.2 billion" and "US$3.17
// billion"). Bounds are not compared.
func Same(a, b Figure) bool {
	if a.Unit != b.Unit {
		return false
	}
	return math.Abs(a.Value-b.Value) <= max(a.Tolerance(), b.Tolerance())+1e-9*math.Abs(a.Value)
}

// FormatValue writes a value in full with thousands separators:
// 25600000000 is "25,600,000,000", 14.5 is "14.5".
func FormatValue(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if strings.ContainsAny(s, "eE") {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
