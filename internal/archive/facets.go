package archive

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// FacetBuilder assembles a search's facets from the rows of an engine's
// facet statement, which counts the whole result in one pass. Each row
// is a kind, a value and a count:
//
//	total, documents, sampled   "" and the matching units, documents,
//	                            and units the speakers and taxonomy counted
//	month                       a unit key shifted right by MonthShift
//	year                        a key's date field shifted right by 9
//	                            (the year minus 1899)
//	person, topic, geography,   a person's ID or a term, and how many
//	section                     units or documents have it
//
// Rows of another kind are ignored. The zero value is ready to use; a
// FacetBuilder is not safe for concurrent use.
type FacetBuilder struct {
	f                    transcript.Facets
	total, docs, sampled int
}

// Add counts one row.
func (b *FacetBuilder) Add(kind, value string, n int) {
	switch kind {
	case "total":
		b.total = n
	case "documents":
		b.docs = n
	case "sampled":
		b.sampled = n
	case "month":
		if k, _ := strconv.ParseInt(value, 10, 64); k > 0 {
			b.f.Months = append(b.f.Months, transcript.FacetCount{Value: KeyMonth(k << MonthShift), Count: n})
		}
	case "year":
		if y, _ := strconv.Atoi(value); y > 0 {
			b.f.Years = append(b.f.Years, transcript.FacetCount{Value: strconv.Itoa(y + 1899), Count: n})
		}
	case "person":
		b.f.Persons = append(b.f.Persons, transcript.FacetCount{Value: value, Count: n})
	case "topic":
		b.f.Topics = append(b.f.Topics, transcript.FacetCount{Value: value, Count: n})
	case "geography":
		b.f.Geography = append(b.f.Geography, transcript.FacetCount{Value: value, Count: n})
	case "section":
		b.f.Sections = append(b.f.Sections, transcript.FacetCount{Value: value, Count: n})
	}
}

// Facets returns the facets of the rows added, with the result's total
// matching units and documents. Persons and taxonomy terms are sorted by
// count, most first (then by value), and cut to transcript.FacetSize;
// years and months are sorted by value. Facets.Sampled is set when the
// speakers and taxonomy counted fewer units than matched. No list is
// nil.
func (b *FacetBuilder) Facets() (f *transcript.Facets, total, docs int) {
	f = &transcript.Facets{}
	*f = b.f
	for _, l := range []*[]transcript.FacetCount{&f.Persons, &f.Topics, &f.Geography, &f.Sections, &f.Years, &f.Months} {
		if *l == nil {
			*l = []transcript.FacetCount{}
		}
	}
	if b.sampled < b.total {
		f.Sampled = b.sampled
	}
	byCount := func(a, b transcript.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	}
	for _, l := range []*[]transcript.FacetCount{&f.Persons, &f.Topics, &f.Geography, &f.Sections} {
		slices.SortFunc(*l, byCount)
		if len(*l) > transcript.FacetSize {
			*l = (*l)[:transcript.FacetSize]
		}
	}
	byValue := func(a, b transcript.FacetCount) int { return strings.Compare(a.Value, b.Value) }
	slices.SortFunc(f.Years, byValue)
	slices.SortFunc(f.Months, byValue)
	return f, b.total, b.docs
}
