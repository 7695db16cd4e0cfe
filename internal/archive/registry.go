package archive

import (
	"context"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Registry builds the person registry of stored persons (as an engine's
// Persons lists them, most turns first) under the overrides o (nil for
// none), and returns it with the persons merged as it says: one entry
// per person, named as the registry shows it, with the other stored
// names in Variants, labels and roles of every name (those of the name
// shown first), turns added up, and the widest span of dates.
// Documents is added up too: a document that names one person under two
// spellings counts twice, so it is an upper bound for a merged person.
func Registry(stored []transcript.Person, o *persons.Overrides) (*persons.Registry, []transcript.Person) {
	names := make([]persons.Name, len(stored))
	at := make(map[string]int, len(stored))
	for i, p := range stored {
		names[i] = persons.Name{Name: p.Name, Turns: p.Turns}
		at[p.Name] = i
	}
	r := persons.Build(names, o)
	out := make([]transcript.Person, 0, len(r.Persons()))
	for _, rp := range r.Persons() {
		m := transcript.Person{Name: rp.Name}
		for _, mem := range rp.Members {
			sp := stored[at[mem.Name]]
			if mem.Name != rp.Name {
				m.Variants = append(m.Variants, mem.Name)
			}
			for _, l := range sp.Labels {
				if !slices.Contains(m.Labels, l) {
					m.Labels = append(m.Labels, l)
				}
			}
			for _, l := range sp.Roles {
				if !slices.Contains(m.Roles, l) {
					m.Roles = append(m.Roles, l)
				}
			}
			m.Turns += sp.Turns
			m.Documents += sp.Documents
			if sp.First != "" && (m.First == "" || sp.First < m.First) {
				m.First = sp.First
			}
			if sp.Last > m.Last {
				m.Last = sp.Last
			}
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b transcript.Person) int {
		if a.Turns != b.Turns {
			return b.Turns - a.Turns
		}
		return strings.Compare(a.Name, b.Name)
	})
	return r, out
}

// MergePersonFacets counts a result's speakers by person as the registry
// r names them (two spellings of one person are one count), most first,
// then by name.
func MergePersonFacets(f *transcript.Facets, r *persons.Registry) {
	if f == nil || r == nil || len(f.Persons) == 0 {
		return
	}
	var out []transcript.FacetCount
	at := map[string]int{}
	for _, c := range f.Persons {
		name := r.Canonical(c.Value)
		if i, ok := at[name]; ok {
			out[i].Count += c.Count
			continue
		}
		at[name] = len(out)
		out = append(out, transcript.FacetCount{Value: name, Count: c.Count})
	}
	slices.SortStableFunc(out, func(a, b transcript.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	f.Persons = out
}

// PersonSource is what People reads: an engine's persons and the
// overrides file it keeps.
type PersonSource interface {
	Persons(ctx context.Context) ([]transcript.Person, error)
	PersonOverrides(ctx context.Context) (string, error)
}

// People is an archive's persons under its person registry.
type People struct {
	Stored    []transcript.Person // as the engine lists them, one per stored name
	Overrides *persons.Overrides  // the archive's, nil for none
	Registry  *persons.Registry
	Persons   []transcript.Person // one per person (Registry's merge of Stored)
}

// LoadPeople reads the persons and the overrides of src and builds their
// registry: the one way every command and the web site see persons.
func LoadPeople(ctx context.Context, src PersonSource) (*People, error) {
	stored, err := src.Persons(ctx)
	if err != nil {
		return nil, err
	}
	text, err := src.PersonOverrides(ctx)
	if err != nil {
		return nil, err
	}
	o, err := ParseOverrides([]string{text})
	if err != nil {
		return nil, err
	}
	reg, merged := Registry(stored, o)
	return &People{Stored: stored, Overrides: o, Registry: reg, Persons: merged}, nil
}
