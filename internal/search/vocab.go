package search

import (
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Vocab is what filter values are resolved against: the persons with
// their labels, the labels of turns without a person, and the taxonomy
// terms. Engines load it from their archive (AddName, SetLabels,
// AddTerms) and keep it while the archive stays as it was; Resolve turns a
// filter into the meta tokens of the index (MetaToken), and Suggest names
// the nearest known value for an unknown one. Both engines share it, so
// person:putin means the same on SQLite and on PostgreSQL. A Vocab is not
// safe for concurrent mutation; once loaded, any number of goroutines may
// read it.
type Vocab struct {
	persons []personNames
	index   map[string]int      // person name → position in persons
	labels  []string            // speaker labels of turns without a person
	lnames  []string            // the same labels without their notes (transcript.SplitLabel)
	terms   map[string][]string // taxonomy kind → terms; "section" also holds breadcrumb sections
}

type personNames struct {
	name  string
	names []string // folded name and labels
	group []int    // the persons (indexes) the registry says are this one, itself included; nil for itself alone
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab {
	return &Vocab{index: map[string]int{}, terms: map[string][]string{}}
}

// AddName adds a canonical person, in order of importance (most turns
// first), and one of the labels printed for them ("" for none). Only the
// label proper counts, office and name: its note ("(Answering a question
// from …)", "(retranslated)") says how they spoke, not who they are, so
// speaker:question never finds a person's turns through it.
func (v *Vocab) AddName(person, label string) {
	label, _ = transcript.SplitLabel(label)
	i, ok := v.index[person]
	if !ok {
		i = len(v.persons)
		v.index[person] = i
		v.persons = append(v.persons, personNames{name: person, names: []string{Fold(person)}})
	}
	if label != "" {
		if f := Fold(label); !slices.Contains(v.persons[i].names, f) {
			v.persons[i].names = append(v.persons[i].names, f)
		}
	}
}

// Group joins the persons that the person registry (package persons)
// says are one, under the overrides o (nil for none), so that a filter
// naming any of them finds all: person:"Vladimir Putin" also finds the
// turns stored under В.Путин, person:kleimenov those under Kirill
// Kleymenov. Call it once the persons are added.
func (v *Vocab) Group(o *persons.Overrides) *persons.Registry {
	names := make([]persons.Name, len(v.persons))
	for i, p := range v.persons {
		names[i] = persons.Name{Name: p.name, Turns: len(v.persons) - i}
	}
	r := persons.Build(names, o)
	for _, p := range r.Persons() {
		if p.Name != p.Members[0].Name {
			// Renamed by the overrides: the new name finds the person too.
			first := &v.persons[v.index[p.Members[0].Name]]
			if f := Fold(p.Name); !slices.Contains(first.names, f) {
				first.names = append(first.names, f)
			}
		}
		if len(p.Members) < 2 {
			continue
		}
		var group []int
		for _, m := range p.Members {
			group = append(group, v.index[m.Name])
		}
		for _, i := range group {
			v.persons[i].group = group
		}
	}
	return r
}

// SetLabels sets the speaker labels of turns without a person. They are
// matched by the label proper, without its note, as AddName's are.
func (v *Vocab) SetLabels(labels []string) {
	v.labels = labels
	v.lnames = make([]string, len(labels))
	for i, l := range labels {
		v.lnames[i], _ = transcript.SplitLabel(l)
	}
}

// AddTerms adds taxonomy terms of a kind (topic, geography, section),
// each once.
func (v *Vocab) AddTerms(kind string, terms ...string) {
	for _, t := range terms {
		if !slices.Contains(v.terms[kind], t) {
			v.terms[kind] = append(v.terms[kind], t)
		}
	}
}

func (v *Vocab) Resolve(f transcript.Filter) (tokens []string, found bool) {
	switch f.Field {
	case "lang":
		return []string{MetaToken(FieldLang, f.Value)}, true
	case "type":
		return []string{MetaToken(FieldType, f.Value)}, true
	case "qa":
		return []string{MetaToken(FieldQA, f.Value)}, true
	case "person", "speaker":
		for _, p := range v.matchPersons(f.Value) {
			tokens = append(tokens, MetaToken(FieldPerson, p))
		}
		if f.Field == "speaker" || len(tokens) == 0 {
			for _, i := range matchLabels(f.Value, v.lnames) {
				tokens = append(tokens, MetaToken(FieldSpeaker, v.labels[i]))
			}
		}
	case "topic", "geography", "section":
		field := map[string]byte{"topic": FieldTopic, "geography": FieldGeography, "section": FieldSection}[f.Field]
		for _, t := range matchNames(f.Value, v.terms[f.Field]) {
			tokens = append(tokens, MetaToken(field, t))
		}
	}
	return tokens, len(tokens) > 0
}

// maxMatches bounds how many persons or terms one filter value may stand for.
const maxMatches = 64

// maxLabelMatches bounds how many labels of unnamed speakers one filter
// value may stand for: "Question from Perm Territory", "Question from
// Izhevsk" … are all speaker:question, and an archive holds thousands.
const maxLabelMatches = 8192

// matchLabels returns the positions in labels (labels proper, without
// their notes) of those that hold every word of value: speaker:question
// is every question, "Question" and "Question from Perm Territory" alike.
func matchLabels(value string, labels []string) []int {
	fv := Fold(value)
	var out []int
	for i, l := range labels {
		if len(out) < maxLabelMatches && hasWords(Fold(l), fv) {
			out = append(out, i)
		}
	}
	return out
}

// matchPersons returns the persons that value names: those with a name or
// label equal to it once folded, or else those with a name or label that
// contains all its words (putin → Vladimir Putin); and with each, the
// persons grouped with it (Group).
func (v *Vocab) matchPersons(value string) []string {
	fv := Fold(value)
	var exact, partial []int
	for i, p := range v.persons {
		switch {
		case slices.Contains(p.names, fv):
			exact = append(exact, i)
		case len(partial) < maxMatches && slices.ContainsFunc(p.names, func(n string) bool { return hasWords(n, fv) }):
			partial = append(partial, i)
		}
	}
	if len(exact) == 0 {
		exact = partial
	}
	var out []string
	seen := map[int]bool{}
	for _, i := range exact {
		group := v.persons[i].group
		if group == nil {
			group = []int{i}
		}
		for _, j := range group {
			if !seen[j] {
				seen[j] = true
				out = append(out, v.persons[j].name)
			}
		}
	}
	return out
}

// matchNames is matchPersons for a plain list of names.
func matchNames(value string, names []string) []string {
	var out []string
	for _, i := range matchIndexes(value, names) {
		out = append(out, names[i])
	}
	return out
}

// matchIndexes returns the positions in names of those equal to value
// once folded, or else of those that contain all its words.
func matchIndexes(value string, names []string) []int {
	fv := Fold(value)
	var exact, partial []int
	for i, n := range names {
		fn := Fold(n)
		switch {
		case fn == fv:
			exact = append(exact, i)
		case len(partial) < maxMatches && hasWords(fn, fv):
			partial = append(partial, i)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// hasWords reports whether every word of the folded want is a word of the
// folded name.
func hasWords(name, want string) bool {
	if want == "" {
		return false
	}
	words := strings.Fields(name)
	for _, w := range strings.Fields(want) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return true
}

// Suggest returns the known value nearest to value for a "did you mean"
// hint, or "".
func (v *Vocab) Suggest(f transcript.Filter) string {
	var candidates []string
	switch f.Field {
	case "person", "speaker":
		for _, p := range v.persons {
			candidates = append(candidates, p.name)
		}
		if f.Field == "speaker" {
			candidates = append(candidates, v.labels...)
		}
	default:
		candidates = v.terms[f.Field]
	}
	fv := Fold(f.Value)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		fc := Fold(c)
		d := distance(fv, fc)
		// A name matched by one of its words: compare with that word too.
		for _, w := range strings.Fields(fc) {
			d = min(d, distance(fv, w))
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len([]rune(fv))/3) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
