package archive

import (
	"fmt"
	"slices"
	stdstrings "strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Filter values are resolved by search.Vocab in both engines, so both
// give the same answers and "did you mean" messages; only the loading of
// a vocabulary from the archive holds SQL.

// Vocab is what filter values are resolved against: the persons with
// their labels, the labels of turns without a person, and the taxonomy
// terms, as of the archive's generation Gen.
type Vocab struct {
	Gen    int64
	Loaded time.Time
	*search.Vocab
}

// VocabMaxAge is how long a vocabulary is kept after the archive has
// changed while every value asked for is found in it.
const VocabMaxAge = 10 * time.Second

// VocabCache keeps an archive's vocabulary until the archive has changed
// (its generation moved) and either a value is not found in it or it is
// older than VocabMaxAge. The zero value is empty and ready to use; it is
// safe for concurrent use.
type VocabCache struct {
	mu sync.Mutex
	v  *Vocab
}

// Get returns the cached vocabulary, loading it again with load when it
// is not of generation gen and either old or missing a value (force).
func (c *VocabCache) Get(gen int64, force bool, load func() (*search.Vocab, error)) (*Vocab, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.v; v != nil && (v.Gen == gen || !force && time.Since(v.Loaded) < VocabMaxAge) {
		return v, nil
	}
	loaded := time.Now()
	sv, err := load()
	if err != nil {
		return nil, err
	}
	c.v = &Vocab{Gen: gen, Loaded: loaded, Vocab: sv}
	return c.v, nil
}

// Reset drops the cached vocabulary, so that the next search loads it:
// a change that moves no document but changes what a value means (the
// person registry's overrides) takes effect at once in this process, and
// in others within VocabMaxAge.
func (c *VocabCache) Reset() {
	c.mu.Lock()
	c.v = nil
	c.mu.Unlock()
}

// FilterGroup is the meta tokens (sorted, distinct) of a query's filters
// of one field and sign: alternatives, any of which may hold, while all
// the groups of a query must.
type FilterGroup struct {
	Field   string
	Negated bool
	Tokens  []string
}

// ResolveQuery resolves q's filters (Resolve) against the vocabulary of
// the archive's generation, which gen reads; none are nothing to read.
func (c *VocabCache) ResolveQuery(q *transcript.Query, gen func() (int64, error), load func() (*search.Vocab, error)) ([]FilterGroup, error) {
	if len(q.Filters) == 0 {
		return nil, nil
	}
	g, err := gen()
	if err != nil {
		return nil, err
	}
	return c.Resolve(q.Filters, g, load)
}

// Resolve turns filters into groups of meta tokens, in the order their
// field and sign first appear, against the vocabulary of generation gen:
// a value missing from an older vocabulary loads it again (see Get). A
// value that matches nothing is transcript.ErrInvalid, with what it
// might have meant.
func (c *VocabCache) Resolve(filters []transcript.Filter, gen int64, load func() (*search.Vocab, error)) ([]FilterGroup, error) {
	if len(filters) == 0 {
		return nil, nil
	}
	v, err := c.Get(gen, false, load)
	if err != nil {
		return nil, err
	}
	var groups []FilterGroup
	type key struct {
		field   string
		negated bool
	}
	at := map[key]int{} // field and sign → index in groups
	for _, f := range filters {
		tokens, found := v.Resolve(f)
		if !found && v.Gen != gen {
			if v, err = c.Get(gen, true, load); err != nil {
				return nil, err
			}
			tokens, found = v.Resolve(f)
		}
		if !found {
			return nil, unknownValue(v, f)
		}
		k := key{f.Field, f.Negated}
		i, ok := at[k]
		if !ok {
			i = len(groups)
			at[k] = i
			groups = append(groups, FilterGroup{Field: f.Field, Negated: f.Negated})
		}
		groups[i].Tokens = append(groups[i].Tokens, tokens...)
	}
	for i := range groups {
		groups[i].Tokens = slices.Compact(slices.Sorted(slices.Values(groups[i].Tokens)))
	}
	return groups, nil
}

// unknownValue is the error for a filter value that matches nothing.
func unknownValue(v *Vocab, f transcript.Filter) error {
	what := map[string]string{"person": "person", "speaker": "speaker", "topic": "topic",
		"geography": "country or region", "section": "section"}[f.Field]
	msg := fmt.Sprintf("no %s matches %q", what, f.Value)
	if s := v.Suggest(f); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	return fmt.Errorf("%w: %s", transcript.ErrInvalid, msg)
}

// VocabSQL is an engine's SQL for a vocabulary. Names lists persons and
// their labels (NULL for a person without one), most turns first; Labels,
// Terms, Sections and Overrides are statements of one text column: the
// distinct speaker labels of turns without a person, the terms of the
// taxonomy kind that is Terms' one argument, the documents' sections,
// and the person registry's overrides file (no row for none).
type VocabSQL struct {
	Names, Labels, Terms, Sections, Overrides string
}

// LoadVocab reads the archive's vocabulary with query, the engine's read
// of one snapshot.
func LoadVocab(query QueryFunc, q VocabSQL) (*search.Vocab, error) {
	v := search.NewVocab()
	rows, err := query(q.Names)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		var label any
		if err := rows.Scan(&name, &label); err != nil {
			rows.Close()
			return nil, err
		}
		v.AddName(name, text(label))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	strings := func(sql string, args ...any) ([]string, error) {
		rows, err := query(sql, args...)
		if err != nil {
			return nil, err
		}
		return Strings(rows)
	}
	labels, err := strings(q.Labels)
	if err != nil {
		return nil, err
	}
	v.SetLabels(labels)
	for _, kind := range []string{"topic", "geography", "section"} {
		terms, err := strings(q.Terms, kind)
		if err != nil {
			return nil, err
		}
		v.AddTerms(kind, terms...)
	}
	sections, err := strings(q.Sections)
	if err != nil {
		return nil, err
	}
	v.AddTerms("section", sections...)
	texts, err := strings(q.Overrides)
	if err != nil {
		return nil, err
	}
	o, err := ParseOverrides(texts)
	if err != nil {
		return nil, err
	}
	v.Group(o)
	return v, nil
}

// ParseOverrides parses the overrides file an archive keeps (texts holds
// it, or nothing), checked when it was applied; nil for none.
func ParseOverrides(texts []string) (*persons.Overrides, error) {
	if len(texts) == 0 || texts[0] == "" {
		return nil, nil
	}
	o, err := persons.ParseOverrides(stdstrings.NewReader(texts[0]), "the archive's person overrides")
	if err != nil {
		return nil, fmt.Errorf("%v (apply a corrected file with rostrum persons apply)", err)
	}
	return o, nil
}
