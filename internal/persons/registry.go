package persons

import (
	"fmt"
	"slices"
	"strings"
)

// Name is a person's name as the archive's documents give it, with the
// number of turns it speaks, for choosing which spelling to show.
type Name struct {
	Name  string
	Turns int
}

// Member is one name of a person, with why it is that person.
type Member struct {
	Name  string `json:"name"`
	Turns int    `json:"turns"`
	// Why says why the name joined the person: "" for the name shown,
	// else one of the reasons below and what it rests on.
	Why string `json:"why,omitempty"`
}

// Reasons for merging two names, the start of Member.Why.
const (
	WhySpelling = "the same name in another spelling or script"
	WhyMiddle   = "the same given name and surname"
	WhyInitials = "initials and surname of the one person known by that surname"
	WhyOverride = "merged by the overrides file"
)

// Person is one entry of the registry: the name shown and every name
// that stands for the same person, the shown one first, then by turns.
type Person struct {
	Name    string   `json:"name"`
	Members []Member `json:"members"`
	Turns   int      `json:"turns"`
}

// Issue is something a researcher should look at: a name the registry
// could not place (initials that fit several persons), or an override
// that does nothing or contradicts another.
type Issue struct {
	Name string `json:"name"`
	What string `json:"what"`
}

// Registry groups names into persons. Build it with Build; it is safe for
// concurrent reads.
type Registry struct {
	persons []Person
	of      map[string]int // every member's name → its person
	issues  []Issue
}

// parsed is a name taken apart for matching.
type parsed struct {
	name     string
	turns    int
	words    []string // as printed, initials apart
	keys     []string // Key of each word; "" for an initial's dot
	initials int      // leading initials before the surname ("V.Putin": 1); 0 for a full name
	full     bool     // two or more words, none an initial except in the middle
}

func parse(n Name) parsed {
	p := parsed{name: n.Name, turns: n.Turns, words: words(n.Name)}
	for _, w := range p.words {
		p.keys = append(p.keys, Key(w))
	}
	k := len(p.words)
	switch {
	case k < 2:
	case isInitial(p.words[0]):
		i := 0
		for i < k-1 && isInitial(p.words[i]) {
			i++
		}
		if i == k-1 {
			p.initials = i
		}
	default:
		p.full = !isInitial(p.words[k-1])
	}
	return p
}

func (p parsed) key() string   { return strings.Join(p.keys, " ") }
func (p parsed) first() string { return p.keys[0] }
func (p parsed) last() string  { return p.keys[len(p.keys)-1] }

// Build groups names, given most turns first (the order decides nothing
// but ties), under the overrides o (nil for none). The rules, applied in
// this order, each joining two persons only when no "distinct" override
// keeps them apart:
//
//  1. merge overrides;
//  2. names whose words have the same keys (Key): spellings of one name;
//  3. a two-word name and the one longer name with the same first and
//     last word (Mohammed Barkindo, Mohammed Sanusi Barkindo; Adnan Amin,
//     Adnan Z. Amin); with two or more such longer names, none;
//  4. initials and a surname (V.Putin, В.Путин, A. Repik) and the one
//     person whose surname and given names fit them; with two or more,
//     none, and an Issue says so.
//
// The name shown for a person is its rename override, else its full name
// in Latin letters with the most turns, else its full name with the most
// turns, else its first name.
func Build(names []Name, o *Overrides) *Registry {
	ps := make([]parsed, len(names))
	index := map[string]int{}
	for i, n := range names {
		ps[i] = parse(n)
		index[n.Name] = i
	}
	u := newUnion(len(ps))
	var issues []Issue
	apart := func(a, b int) bool {
		if o == nil {
			return false
		}
		for _, d := range o.Distinct {
			x, okx := index[d[0]]
			y, oky := index[d[1]]
			if okx && oky && (u.find(x) == u.find(a) && u.find(y) == u.find(b) || u.find(x) == u.find(b) && u.find(y) == u.find(a)) {
				return true
			}
		}
		return false
	}
	join := func(a, b int, why string) bool {
		if u.find(a) == u.find(b) || apart(a, b) {
			return false
		}
		u.join(a, b, why)
		return true
	}
	if o != nil {
		for _, m := range o.Merges {
			a, oka := index[m[0]]
			b, okb := index[m[1]]
			switch {
			case !oka || !okb:
				missing := m[0]
				if oka {
					missing = m[1]
				}
				issues = append(issues, Issue{missing, fmt.Sprintf("override merge %q %q: the archive has no person %q", m[0], m[1], missing)})
			case !join(a, b, WhyOverride):
				if u.find(a) != u.find(b) {
					issues = append(issues, Issue{m[0], fmt.Sprintf("override merge %q %q contradicts a distinct override", m[0], m[1])})
				}
			}
		}
		for _, d := range o.Distinct {
			for _, n := range d {
				if _, ok := index[n]; !ok {
					issues = append(issues, Issue{n, fmt.Sprintf("override distinct %q %q: the archive has no person %q", d[0], d[1], n)})
				}
			}
		}
	}
	// 2. Spellings of one name.
	byKey := map[string]int{}
	for i, p := range ps {
		if !p.full {
			continue
		}
		k := p.key()
		if j, ok := byKey[k]; ok {
			join(j, i, fmt.Sprintf("%s (%s, %s)", WhySpelling, ps[j].name, p.name))
			continue
		}
		byKey[k] = i
	}
	// 3. A two-word name and the one longer name around it.
	type fl struct{ first, last string }
	longer := map[fl][]int{}
	for i, p := range ps {
		if p.full && len(p.words) > 2 {
			k := fl{p.first(), p.last()}
			longer[k] = append(longer[k], i)
		}
	}
	for i, p := range ps {
		if !p.full || len(p.words) != 2 {
			continue
		}
		cands := distinctPersons(u, longer[fl{p.first(), p.last()}])
		if len(cands) == 1 {
			join(cands[0], i, fmt.Sprintf("%s as %s", WhyMiddle, ps[cands[0]].name))
		}
	}
	// 4. Initials and a surname.
	bySurname := map[string][]int{}
	for i, p := range ps {
		if p.full {
			bySurname[p.last()] = append(bySurname[p.last()], i)
		}
	}
	for i, p := range ps {
		if p.initials == 0 {
			continue
		}
		var fits []int
		for _, j := range bySurname[p.last()] {
			if fitsInitials(ps[j], p) {
				fits = append(fits, j)
			}
		}
		cands := distinctPersons(u, fits)
		switch {
		case len(cands) == 1:
			join(cands[0], i, fmt.Sprintf("%s (%s)", WhyInitials, ps[cands[0]].name))
		case len(cands) > 1:
			var names []string
			for _, c := range cands {
				names = append(names, ps[c].name)
			}
			issues = append(issues, Issue{p.name, "initials fit several persons: " + strings.Join(names, ", ") + "; left apart"})
		}
	}

	// Gather the persons.
	r := &Registry{of: map[string]int{}}
	groups := map[int][]int{}
	var roots []int
	for i := range ps {
		root := u.find(i)
		if _, ok := groups[root]; !ok {
			roots = append(roots, root)
		}
		groups[root] = append(groups[root], i)
	}
	for _, root := range roots {
		members := groups[root]
		shown := shownName(ps, members)
		name := ps[shown].name
		if o != nil {
			for _, m := range members {
				if to, ok := o.Renames[ps[m].name]; ok {
					name = to
					break
				}
			}
		}
		r.persons = append(r.persons, Person{Name: name})
		p := &r.persons[len(r.persons)-1]
		slices.SortStableFunc(members, func(a, b int) int {
			switch {
			case a == shown:
				return -1
			case b == shown:
				return 1
			}
			return ps[b].turns - ps[a].turns
		})
		for _, m := range members {
			why := u.why[m]
			switch {
			case m == shown:
				why = ""
			case why == "":
				why = u.why[shown] // the first name, joined by the shown one
			}
			p.Members = append(p.Members, Member{Name: ps[m].name, Turns: ps[m].turns, Why: why})
			p.Turns += ps[m].turns
			r.of[ps[m].name] = len(r.persons) - 1
		}
	}
	if o != nil {
		for from, to := range o.Renames {
			if _, ok := index[from]; !ok {
				issues = append(issues, Issue{from, fmt.Sprintf("override rename %q %q: the archive has no person %q", from, to, from)})
			}
		}
	}
	slices.SortStableFunc(r.persons, func(a, b Person) int { return b.Turns - a.Turns })
	for i, p := range r.persons {
		for _, m := range p.Members {
			r.of[m.Name] = i
		}
	}
	slices.SortFunc(issues, func(a, b Issue) int { return strings.Compare(a.Name+a.What, b.Name+b.What) })
	r.issues = issues
	return r
}

// fitsInitials reports whether full name f fits initials-and-surname p:
// the same surname key, and f's given names begin with p's initials.
func fitsInitials(f, p parsed) bool {
	if len(f.keys)-1 < p.initials {
		return false
	}
	for i := 0; i < p.initials; i++ {
		in := strings.TrimSuffix(p.keys[i], ".")
		if in == "" || !strings.HasPrefix(f.keys[i], in) {
			return false
		}
	}
	return true
}

// distinctPersons returns the first member of each person among names.
func distinctPersons(u *union, names []int) []int {
	var out []int
	seen := map[int]bool{}
	for _, n := range names {
		if r := u.find(n); !seen[r] {
			seen[r] = true
			out = append(out, n)
		}
	}
	return out
}

// shownName picks the member to show: a full Latin name with the most
// turns, else a full name, else the first.
func shownName(ps []parsed, members []int) int {
	best := -1
	score := func(i int) int {
		s := 0
		if ps[i].full {
			s += 2
			if isLatin(ps[i].name) {
				s++
			}
		}
		return s
	}
	for _, m := range members {
		if best < 0 || score(m) > score(best) || score(m) == score(best) && ps[m].turns > ps[best].turns {
			best = m
		}
	}
	return best
}

// Persons lists the persons, most turns first.
func (r *Registry) Persons() []Person { return r.persons }

// Issues lists what a researcher should look at.
func (r *Registry) Issues() []Issue { return r.issues }

// Lookup returns the person that name stands for.
func (r *Registry) Lookup(name string) (Person, bool) {
	i, ok := r.of[name]
	if !ok {
		return Person{}, false
	}
	return r.persons[i], true
}

// Canonical returns the name shown for the person that name stands for,
// or name itself when the registry does not know it.
func (r *Registry) Canonical(name string) string {
	if i, ok := r.of[name]; ok {
		return r.persons[i].Name
	}
	return name
}

// Names returns every name of the person that name stands for, the shown
// one first; name alone when the registry does not know it.
func (r *Registry) Names(name string) []string {
	i, ok := r.of[name]
	if !ok {
		return []string{name}
	}
	var out []string
	for _, m := range r.persons[i].Members {
		out = append(out, m.Name)
	}
	return out
}

// union is a union-find over names that remembers why each name joined.
type union struct {
	parent []int
	why    []string
}

func newUnion(n int) *union {
	u := &union{parent: make([]int, n), why: make([]string, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *union) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// join makes b's person a's, noting why for b.
func (u *union) join(a, b int, why string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	u.parent[rb] = ra
	if u.why[b] == "" {
		u.why[b] = why
	}
}
