// Package trend measures how often terms are used over time: for each
// query and period (year or month), the occurrences of its words
// (counted as a concordance counts them, package kwic), the words spoken
// in that period and scope (the query's filters and dates), and the rate
// per million words, which is the figure to compare: the archive holds
// far more documents in some years than in others.
//
// The words come from the engine's word counts (transcript.WordCounter),
// kept with each stored version, so that a trend reads no text but the
// matching turns'.
package trend

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The periods of a trend.
const (
	ByYear  = "year"  // periods labelled YYYY (the default)
	ByMonth = "month" // periods labelled YYYY-MM
)

// The breakdowns of a trend: one series per query and person or language.
const (
	PerPerson = "person"
	PerLang   = "lang"
)

// MaxQueries is the most queries one trend compares.
const MaxQueries = 10

// Request asks for a trend.
type Request struct {
	Queries []Query
	By      string // ByYear or ByMonth; "" is ByYear
	Per     string // "", PerPerson or PerLang
	// Vocab loads what person: and speaker: filters need (see
	// kwic.Request.Vocab). Nil reads none.
	Vocab func(context.Context) ([]transcript.Person, *persons.Overrides, error)
}

// Query is one query of a trend: as the user wrote it, and parsed.
type Query struct {
	Text   string
	Parsed *transcript.Query
}

// Validate reports a request that cannot be answered, wrapping
// transcript.ErrInvalid with a message for the user.
func (r *Request) Validate() error {
	switch {
	case len(r.Queries) == 0:
		return fmt.Errorf("%w: give at least one query", transcript.ErrInvalid)
	case len(r.Queries) > MaxQueries:
		return fmt.Errorf("%w: a trend compares at most %d queries, not %d", transcript.ErrInvalid, MaxQueries, len(r.Queries))
	case r.By != "" && r.By != ByYear && r.By != ByMonth:
		return fmt.Errorf("%w: unknown period %q (want year or month)", transcript.ErrInvalid, r.By)
	case r.Per != "" && r.Per != PerPerson && r.Per != PerLang:
		return fmt.Errorf("%w: unknown breakdown %q (want person or lang)", transcript.ErrInvalid, r.Per)
	}
	for _, q := range r.Queries {
		if q.Parsed == nil || kwic.NewFinder(q.Parsed).Empty() {
			return fmt.Errorf("%w: the query %q has no words to count (filters alone only set the scope); add a word or a \"phrase\"",
				transcript.ErrInvalid, q.Text)
		}
	}
	return nil
}

// Result is a trend: one series per query (and person or language).
type Result struct {
	By     string   `json:"by"`
	Per    string   `json:"per,omitempty"`
	Series []Series `json:"series"`
}

// Series is the trend of one query, in one person's turns or one
// language's documents when the request asked for a breakdown.
type Series struct {
	Query  string  `json:"query"`
	Person *string `json:"person,omitempty"` // "" for turns without a person
	Lang   *string `json:"lang,omitempty"`
	// Hits, Words and PerMillion are the totals over every period.
	Hits       int64    `json:"hits"`
	Words      int64    `json:"words"`
	PerMillion *float64 `json:"per_million"`
	Points     []Point  `json:"points"` // oldest first
}

// Point is one period of a series. Periods in which no words were spoken
// in the series' scope have no point; undated documents have none.
type Point struct {
	Period     string   `json:"period"` // YYYY or YYYY-MM
	Hits       int64    `json:"hits"`
	Words      int64    `json:"words"`
	PerMillion *float64 `json:"per_million"` // Hits × 1,000,000 / Words; null when Words is 0
}

// Label names the series for a legend: the query, and the person or
// language of a breakdown.
func (s *Series) Label() string {
	switch {
	case s.Person != nil && *s.Person == "":
		return s.Query + " (no person)"
	case s.Person != nil:
		return s.Query + " (" + *s.Person + ")"
	case s.Lang != nil:
		return s.Query + " (" + *s.Lang + ")"
	}
	return s.Query
}

// Periods lists the periods of every series, oldest first.
func (r *Result) Periods() []string {
	var ps []string
	for _, s := range r.Series {
		for _, p := range s.Points {
			ps = append(ps, p.Period)
		}
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// Source is what a trend reads: a concordance's source with the
// engine's word counts.
type Source interface {
	kwic.Source
	transcript.WordCounter
}

// Rate is hits per million words; nil when words is 0.
func Rate(hits, words int64) *float64 {
	if words <= 0 {
		return nil
	}
	r := float64(hits) * 1e6 / float64(words)
	return &r
}

// key is a period and a group (person or language) of a series.
type key struct{ period, group string }

// Run computes the trend of req from src. A trend over no periods (no
// words in any query's scope, such as a date range without documents)
// is transcript.ErrInvalid.
func Run(ctx context.Context, src Source, req *Request) (*Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	by := cmp.Or(req.By, ByYear)
	res := &Result{By: by, Per: req.Per, Series: []Series{}}
	anyWords := false
	for _, q := range req.Queries {
		counts, err := src.WordCounts(ctx, q.Parsed, req.Per == PerPerson)
		if err != nil {
			return nil, err
		}
		words := map[key]int64{}
		for _, c := range counts {
			if c.Month == "" || c.Words == 0 {
				continue
			}
			words[key{period(c.Month, by), group(req.Per, c.Person, c.Language)}] += c.Words
			anyWords = true
		}
		hits := map[key]int64{}
		if oc, ok := src.(transcript.OccurrenceCounter); ok {
			// The engine's index counts a word's occurrences without
			// reading the turns, when it can.
			counts, ok, err := oc.Occurrences(ctx, q.Parsed, req.Per == PerPerson)
			if err != nil {
				return nil, err
			}
			if ok {
				for _, c := range counts {
					if len(c.Month) == 7 {
						hits[key{period(c.Month, by), group(req.Per, c.Person, c.Language)}] += c.Hits
					}
				}
				res.Series = append(res.Series, series(q.Text, req.Per, words, hits)...)
				continue
			}
		}
		_, err = kwic.Walk(ctx, src, &kwic.Request{Query: q.Parsed, Width: 1, Vocab: req.Vocab}, func(b kwic.Batch) {
			if len(b.Hit.Date) < 7 {
				return
			}
			for _, l := range b.Lines {
				hits[key{period(l.Date, by), group(req.Per, l.Person, b.Hit.Language)}]++
			}
		})
		if err != nil {
			return nil, err
		}
		res.Series = append(res.Series, series(q.Text, req.Per, words, hits)...)
	}
	if !anyWords {
		return nil, fmt.Errorf("%w: no words were spoken in the scope of the quer%s (its filters and dates select no dated turns), so there are no periods to show; widen the dates or the filters",
			transcript.ErrInvalid, map[bool]string{true: "y", false: "ies"}[len(req.Queries) == 1])
	}
	return res, nil
}

// series builds the series of one query from its word and hit counts:
// one without a breakdown, else one per group with a hit (none when no
// group has one), the most hits first.
func series(query, per string, words, hits map[key]int64) []Series {
	byGroup := map[string]*Series{}
	var groups []string
	for k, w := range words {
		s, ok := byGroup[k.group]
		if !ok {
			s = &Series{Query: query}
			g := k.group
			switch per {
			case PerPerson:
				s.Person = &g
			case PerLang:
				s.Lang = &g
			}
			byGroup[k.group] = s
			groups = append(groups, k.group)
		}
		h := hits[k]
		s.Points = append(s.Points, Point{Period: k.period, Hits: h, Words: w, PerMillion: Rate(h, w)})
		s.Hits += h
		s.Words += w
	}
	var out []Series
	for _, g := range groups {
		s := byGroup[g]
		if per != "" && s.Hits == 0 {
			continue
		}
		slices.SortFunc(s.Points, func(a, b Point) int { return strings.Compare(a.Period, b.Period) })
		s.PerMillion = Rate(s.Hits, s.Words)
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Series) int {
		return cmp.Or(cmp.Compare(b.Hits, a.Hits), strings.Compare(a.Label(), b.Label()))
	})
	return out
}

// period labels the period of a date or month (YYYY-MM…).
func period(date, by string) string {
	if by == ByMonth {
		return date[:7]
	}
	return date[:4]
}

// group is the person or language a count belongs to under a breakdown.
func group(per, person, lang string) string {
	switch per {
	case PerPerson:
		return person
	case PerLang:
		return lang
	}
	return ""
}
