package postings

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Expr is a query over the index: a *Leaf, And, Or or Not.
type Expr interface{ expr() }

// Leaf matches the units that hold a word or phrase in their text, or
// any of a set of meta tokens.
type Leaf struct {
	// Slots are the terms of a phrase in order (a word is a phrase of
	// one term) or, with Meta, alternative meta tokens (without
	// MetaPrefix).
	Slots []string
	// Prefix makes the last slot match every term that starts with it.
	Prefix bool
	Meta   bool
}

// And matches the units all its expressions match.
type And []Expr

// Or matches the units any of its expressions matches.
type Or []Expr

// Not matches the units Expr matches and Except does not.
type Not struct{ Expr, Except Expr }

func (*Leaf) expr() {}
func (And) expr()   {}
func (Or) expr()    {}
func (Not) expr()   {}

// Format writes e in one canonical line, for naming a query (a cursor's
// plan): equal expressions give equal lines.
func Format(e Expr) string {
	var b strings.Builder
	format(&b, e)
	return b.String()
}

func format(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Leaf:
		switch {
		case e.Meta:
			b.WriteString("meta")
		case e.Prefix:
			b.WriteString("prefix")
		default:
			b.WriteString("text")
		}
		fmt.Fprintf(b, "%q", e.Slots)
	case And, Or:
		kids, op := []Expr(nil), "and("
		if a, ok := e.(And); ok {
			kids = a
		} else {
			kids, op = e.(Or), "or("
		}
		b.WriteString(op)
		for i, k := range kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			format(b, k)
		}
		b.WriteByte(')')
	case Not:
		b.WriteString("not(")
		format(b, e.Expr)
		b.WriteByte(' ')
		format(b, e.Except)
		b.WriteByte(')')
	case nil:
		b.WriteString("nil")
	}
}

// Stored is a term's posting list in one segment, as an engine stores it.
type Stored struct {
	Term      string
	Seg       int64
	N         int
	Docs, Pos []byte // Pos only when asked for
}

// Source reads stored posting lists, in the snapshot a search runs in.
type Source interface {
	// Lists returns the posting lists of term (a stored name: MetaPrefix
	// and a token for a meta term) in every segment that has it.
	Lists(ctx context.Context, term string, positions bool) ([]Stored, error)
	// Range returns the posting lists of every text term that starts
	// with prefix, in every segment that has them.
	Range(ctx context.Context, prefix string, positions bool) ([]Stored, error)
}

// SegData is a stored segment's units: immutable, so an engine may keep
// it across searches by its ID.
type SegData struct {
	ID     int64
	Keys   []int64  // ascending
	Lens   []uint32 // tokens per unit, all columns
	Tokens int64
	// Packed are the terms of a small segment, stored with it in one
	// blob (PackTerms), by name; nil for a segment whose terms the
	// Source reads.
	Packed []Term
}

// Snapshot is the index as one search sees it: its segments and which
// of their units are dead.
type Snapshot struct {
	segs   []segView
	byID   map[int64]int
	units  int   // live units
	tokens int64 // their tokens
}

type segView struct {
	*SegData
	dead []bool // nil when none is
}

// NewSnapshot makes the view of segments under dead markers: dead maps
// a document key (a unit key >> docShift) to the segment ID it was
// replaced or removed at, so that its units in older segments are dead.
func NewSnapshot(segs []*SegData, dead map[int64]int64, docShift uint) *Snapshot {
	sn := &Snapshot{byID: make(map[int64]int, len(segs))}
	for _, sd := range segs {
		v := segView{SegData: sd}
		if len(dead) > 0 {
			for i, k := range sd.Keys {
				if before, ok := dead[k>>docShift]; ok && sd.ID < before {
					if v.dead == nil {
						v.dead = make([]bool, len(sd.Keys))
					}
					v.dead[i] = true
				}
			}
		}
		sn.byID[sd.ID] = len(sn.segs)
		sn.segs = append(sn.segs, v)
		for i, l := range sd.Lens {
			if v.dead == nil || !v.dead[i] {
				sn.units++
				sn.tokens += int64(l)
			}
		}
	}
	return sn
}

// Units is the number of live units.
func (sn *Snapshot) Units() int { return sn.units }

// live reports whether the unit at ordinal ord of the snapshot's
// segment seg (an index into its segments) is live.
func (sn *Snapshot) live(seg int, ord uint32) bool {
	d := sn.segs[seg].dead
	return d == nil || !d[ord]
}

// Matches are a search's matching units in key order, with their bm25
// rank (smaller is better, as FTS5's rank) when asked for.
type Matches struct {
	Keys []int64
	Rank []float64
}

// set is a leaf's or expression's matches in one segment: ascending
// ordinals, and for a text leaf each one's term frequencies.
type set struct {
	ords []uint32
	freq []uint64
}

type leafState struct {
	leaf  *Leaf
	score bool  // a positive text leaf: counts in the rank
	sets  []set // per segment
	df    int   // live units holding it, over all segments
	idf   float64
}

// Search evaluates e over the snapshot, keeping matches with keys in
// [lo, hi]. With rank, each match gets FTS5's bm25 with Weights: the
// sum over the positive leaves of IDF × tf'(k1+1)/(tf' + k1(1-b+b·len/avg)),
// where tf' is the leaf's column-weighted frequency in the unit.
func (sn *Snapshot) Search(ctx context.Context, src Source, e Expr, lo, hi int64, rank bool) (*Matches, error) {
	ev := &evaluator{sn: sn, src: src, leaves: map[*Leaf]*leafState{}}
	if err := ev.collect(ctx, e, true); err != nil {
		return nil, err
	}
	type segMatches struct {
		keys []int64
		rank []float64
	}
	per := make([]segMatches, len(sn.segs))
	sets := make([]set, len(sn.segs))
	for s := range sn.segs {
		sets[s] = ev.eval(e, s)
	}
	if rank {
		ev.frequencies()
	}
	total := 0
	for s, v := range sn.segs {
		from, _ := slices.BinarySearch(v.Keys, lo)
		to, found := slices.BinarySearch(v.Keys, hi)
		if found {
			to++
		}
		var m segMatches
		ords := sets[s].ords
		lo, _ := slices.BinarySearch(ords, uint32(from))
		hi, _ := slices.BinarySearch(ords, uint32(to))
		ords = ords[lo:hi]
		m.keys = make([]int64, 0, len(ords))
		if rank {
			m.rank = make([]float64, 0, len(ords))
		}
		at := make([]int, len(ev.order)) // where each leaf's walk stands
		for _, o := range ords {
			if !sn.live(s, o) {
				continue
			}
			m.keys = append(m.keys, v.Keys[o])
			if rank {
				m.rank = append(m.rank, -ev.score(s, o, at))
			}
		}
		per[s] = m
		total += len(m.keys)
	}
	// Merge the segments' ascending keys.
	out := &Matches{Keys: make([]int64, 0, total)}
	if rank {
		out.Rank = make([]float64, 0, total)
	}
	at := make([]int, len(per))
	for len(out.Keys) < total {
		best := -1
		for s := range per {
			if at[s] < len(per[s].keys) && (best < 0 || per[s].keys[at[s]] < per[best].keys[at[best]]) {
				best = s
			}
		}
		// Take the whole run of the best segment below the others' next.
		limit := int64(math.MaxInt64)
		for s := range per {
			if s != best && at[s] < len(per[s].keys) && per[s].keys[at[s]] < limit {
				limit = per[s].keys[at[s]]
			}
		}
		i := at[best]
		for i < len(per[best].keys) && per[best].keys[i] < limit {
			i++
		}
		out.Keys = append(out.Keys, per[best].keys[at[best]:i]...)
		if rank {
			out.Rank = append(out.Rank, per[best].rank[at[best]:i]...)
		}
		at[best] = i
	}
	return out, nil
}

type evaluator struct {
	sn     *Snapshot
	src    Source
	leaves map[*Leaf]*leafState
	order  []*leafState
}

// collect reads the posting lists of every leaf of e; positive tells
// whether e counts in the rank (it is under no Not's Except).
func (ev *evaluator) collect(ctx context.Context, e Expr, positive bool) error {
	switch e := e.(type) {
	case *Leaf:
		if st := ev.leaves[e]; st != nil {
			st.score = st.score || positive && !e.Meta
			return nil
		}
		st := &leafState{leaf: e, score: positive && !e.Meta, sets: make([]set, len(ev.sn.segs))}
		ev.leaves[e] = st
		ev.order = append(ev.order, st)
		return ev.read(ctx, st)
	case And:
		for _, c := range e {
			if err := ev.collect(ctx, c, positive); err != nil {
				return err
			}
		}
	case Or:
		for _, c := range e {
			if err := ev.collect(ctx, c, positive); err != nil {
				return err
			}
		}
	case Not:
		if err := ev.collect(ctx, e.Expr, positive); err != nil {
			return err
		}
		return ev.collect(ctx, e.Except, false)
	default:
		return fmt.Errorf("postings: unknown expression %T", e)
	}
	return nil
}

// read computes a leaf's set in every segment.
func (ev *evaluator) read(ctx context.Context, st *leafState) error {
	l := st.leaf
	if len(l.Slots) == 0 {
		return nil
	}
	// lists[slot][segment] are the alternatives of a slot in a segment.
	phrase := !l.Meta && len(l.Slots) > 1
	slots := len(l.Slots)
	if l.Meta {
		slots = 1
	}
	lists := make([][][]*List, slots)
	add := func(slot int, stored []Stored, meta bool) error {
		for _, s := range stored {
			i, ok := ev.sn.byID[s.Seg]
			if !ok {
				continue // a segment this snapshot does not see
			}
			lst, err := DecodeList(s.Docs, s.Pos, s.N, len(ev.sn.segs[i].Keys), meta)
			if err != nil {
				return fmt.Errorf("term %q of segment %d: %w", s.Term, s.Seg, err)
			}
			if lists[slot] == nil {
				lists[slot] = make([][]*List, len(ev.sn.segs))
			}
			lists[slot][i] = append(lists[slot][i], lst)
		}
		return nil
	}
	if l.Meta {
		for _, t := range l.Slots {
			stored, err := ev.src.Lists(ctx, MetaPrefix+t, false)
			if err != nil {
				return err
			}
			stored = append(stored, ev.sn.packed(MetaPrefix+t, false)...)
			if err := add(0, stored, true); err != nil {
				return err
			}
		}
	} else {
		for i, t := range l.Slots {
			var stored []Stored
			var err error
			prefix := l.Prefix && i == len(l.Slots)-1
			if prefix {
				stored, err = ev.src.Range(ctx, t, phrase)
			} else {
				stored, err = ev.src.Lists(ctx, t, phrase)
			}
			if err != nil {
				return err
			}
			stored = append(stored, ev.sn.packed(t, prefix)...)
			if len(stored) == 0 {
				return nil // a slot no unit has: the leaf matches nothing
			}
			if err := add(i, stored, false); err != nil {
				return err
			}
		}
	}
	for s := range ev.sn.segs {
		var err error
		switch {
		case lists[0] == nil:
		case l.Meta:
			st.sets[s] = unionAll(lists[0][s], false)
		case !phrase:
			st.sets[s] = unionAll(lists[0][s], true)
		default:
			per := make([][]*List, slots)
			for i := range per {
				if lists[i] != nil {
					per[i] = lists[i][s]
				}
			}
			st.sets[s], err = phraseSet(per)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// unionAll is the union of a slot's alternatives, their frequencies
// summed.
func unionAll(ls []*List, freq bool) set {
	switch len(ls) {
	case 0:
		return set{}
	case 1:
		return set{ls[0].Ords, ls[0].Freq}
	}
	acc := set{ls[0].Ords, ls[0].Freq}
	for _, l := range ls[1:] {
		acc = union(acc, set{l.Ords, l.Freq}, freq)
	}
	return acc
}

// phraseSet finds the units where the slots' terms stand next to each
// other, in one column, and counts the phrase's occurrences per column.
func phraseSet(slots [][]*List) (set, error) {
	// Candidates: units that hold a term of every slot.
	var cand []uint32
	for i, alts := range slots {
		if len(alts) == 0 {
			return set{}, nil
		}
		u := unionAll(alts, false).ords
		if i == 0 {
			cand = u
		} else {
			cand = intersect(cand, u)
		}
		if len(cand) == 0 {
			return set{}, nil
		}
	}
	var out set
	positions := make([][]uint32, len(slots))
	for _, o := range cand {
		var counts [3]uint64
		for c := Title; c <= Body; c++ {
			ok := true
			for i, alts := range slots {
				positions[i] = positions[i][:0]
				for _, l := range alts {
					j, found := slices.BinarySearch(l.Ords, o)
					if !found {
						continue
					}
					var err error
					if positions[i], err = l.Positions(positions[i], j, c); err != nil {
						return set{}, err
					}
				}
				if len(alts) > 1 {
					slices.Sort(positions[i])
				}
				if len(positions[i]) == 0 {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			for _, p := range positions[0] {
				all := true
				for i := 1; i < len(slots) && all; i++ {
					_, all = slices.BinarySearch(positions[i], p+uint32(i))
				}
				if all {
					counts[c]++
				}
			}
		}
		if counts[0]+counts[1]+counts[2] > 0 {
			out.ords = append(out.ords, o)
			out.freq = append(out.freq, packTF(counts[0], counts[1], counts[2]))
		}
	}
	return out, nil
}

// eval computes e's matches in segment s (ordinals only).
func (ev *evaluator) eval(e Expr, s int) set {
	switch e := e.(type) {
	case *Leaf:
		return set{ords: ev.leaves[e].sets[s].ords}
	case And:
		acc := ev.eval(e[0], s)
		for _, c := range e[1:] {
			if len(acc.ords) == 0 {
				break
			}
			acc.ords = intersect(acc.ords, ev.eval(c, s).ords)
		}
		return acc
	case Or:
		acc := ev.eval(e[0], s)
		for _, c := range e[1:] {
			acc = union(acc, ev.eval(c, s), false)
		}
		return acc
	case Not:
		acc := ev.eval(e.Expr, s)
		if len(acc.ords) == 0 {
			return acc
		}
		return set{ords: difference(acc.ords, ev.eval(e.Except, s).ords)}
	}
	return set{}
}

// frequencies counts each scoring leaf's live units over all segments,
// for its IDF.
func (ev *evaluator) frequencies() {
	for _, st := range ev.order {
		if !st.score {
			continue
		}
		for s, set := range st.sets {
			if ev.sn.segs[s].dead == nil {
				st.df += len(set.ords)
				continue
			}
			for _, o := range set.ords {
				if ev.sn.live(s, o) {
					st.df++
				}
			}
		}
		n := float64(ev.sn.units)
		st.idf = math.Log((n - float64(st.df) + 0.5) / (float64(st.df) + 0.5))
		if st.idf <= 0 {
			st.idf = 1e-6
		}
	}
}

// bm25's parameters, as FTS5 has them.
const (
	k1 = 1.2
	b  = 0.75
)

// score is bm25 of unit o of segment s, as FTS5's bm25() computes it.
// Units are scored in ascending order, at[i] being where leaf i's walk
// through its set stands.
func (ev *evaluator) score(s int, o uint32, at []int) float64 {
	n := float64(ev.sn.units)
	avg := 1.0
	if ev.sn.units > 0 {
		avg = float64(ev.sn.tokens) / n
	}
	d := float64(ev.sn.segs[s].Lens[o])
	score := 0.0
	for i, st := range ev.order {
		if !st.score {
			continue
		}
		set := st.sets[s]
		j := at[i]
		for j < len(set.ords) && set.ords[j] < o {
			j++
		}
		at[i] = j
		if j == len(set.ords) || set.ords[j] != o {
			continue
		}
		t, l, bd := TF(set.freq[j])
		f := Weights[Title]*float64(t) + Weights[Lead]*float64(l) + Weights[Body]*float64(bd)
		score += st.idf * f * (k1 + 1) / (f + k1*(1-b+b*d/avg))
	}
	return score
}

// intersect returns the ordinals in both a and b.
func intersect(a, b []uint32) []uint32 {
	if len(a) > len(b) {
		a, b = b, a
	}
	out := make([]uint32, 0, len(a))
	if len(a)*16 < len(b) {
		// Few against many: search instead of walking.
		for _, x := range a {
			i, found := slices.BinarySearch(b, x)
			if found {
				out = append(out, x)
			}
			b = b[i:]
		}
		return out
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// union returns the ordinals in a or b, their frequencies summed when
// freq is set.
func union(a, b set, freq bool) set {
	out := set{ords: make([]uint32, 0, len(a.ords)+len(b.ords))}
	if freq {
		out.freq = make([]uint64, 0, cap(out.ords))
	}
	i, j := 0, 0
	for i < len(a.ords) || j < len(b.ords) {
		switch {
		case j == len(b.ords) || i < len(a.ords) && a.ords[i] < b.ords[j]:
			out.ords = append(out.ords, a.ords[i])
			if freq {
				out.freq = append(out.freq, a.freq[i])
			}
			i++
		case i == len(a.ords) || b.ords[j] < a.ords[i]:
			out.ords = append(out.ords, b.ords[j])
			if freq {
				out.freq = append(out.freq, b.freq[j])
			}
			j++
		default:
			out.ords = append(out.ords, a.ords[i])
			if freq {
				ta, la, ba := TF(a.freq[i])
				tb, lb, bb := TF(b.freq[j])
				out.freq = append(out.freq, packTF(ta+tb, la+lb, ba+bb))
			}
			i++
			j++
		}
	}
	return out
}

// difference returns the ordinals of a not in b.
func difference(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a))
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}

// LiveKeys returns the keys of every live unit, ascending.
func (sn *Snapshot) LiveKeys() []int64 {
	keys := make([]int64, 0, sn.units)
	for s, v := range sn.segs {
		for i, k := range v.Keys {
			if sn.live(s, uint32(i)) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// Check decodes a stored posting list, positions included, and reports
// what is wrong with it: a segment the snapshot lacks, or data that does
// not decode.
func (sn *Snapshot) Check(st Stored) error {
	i, ok := sn.byID[st.Seg]
	if !ok {
		return fmt.Errorf("term %q of segment %d: no such segment", st.Term, st.Seg)
	}
	meta := len(st.Term) > 0 && st.Term[0] == MetaPrefix[0]
	if !meta && st.Pos == nil {
		return fmt.Errorf("term %q of segment %d: no positions", st.Term, st.Seg)
	}
	l, err := DecodeList(st.Docs, st.Pos, st.N, len(sn.segs[i].Keys), meta)
	if err != nil {
		return fmt.Errorf("term %q of segment %d: %w", st.Term, st.Seg, err)
	}
	var buf []uint32
	for j := range l.Ords {
		if meta {
			break
		}
		for c := Title; c <= Body; c++ {
			if buf, err = l.Positions(buf[:0], j, c); err != nil {
				return fmt.Errorf("term %q of segment %d: %w", st.Term, st.Seg, err)
			}
		}
	}
	return nil
}

// packed returns the lists of term, or with prefix of every term that
// starts with it, in the snapshot's packed segments.
func (sn *Snapshot) packed(term string, prefix bool) []Stored {
	var out []Stored
	for _, v := range sn.segs {
		ts := v.Packed
		if ts == nil {
			continue
		}
		i, _ := slices.BinarySearchFunc(ts, term, func(t Term, name string) int { return strings.Compare(t.Name, name) })
		for ; i < len(ts); i++ {
			if prefix && !strings.HasPrefix(ts[i].Name, term) || !prefix && ts[i].Name != term {
				break
			}
			out = append(out, Stored{Term: ts[i].Name, Seg: v.ID, N: ts[i].N, Docs: ts[i].Docs, Pos: ts[i].Pos})
		}
	}
	return out
}

// CheckPacked checks every posting list of the snapshot's packed
// segments, as Check does a stored one.
func (sn *Snapshot) CheckPacked() []error {
	var errs []error
	for _, v := range sn.segs {
		for _, t := range v.Packed {
			if err := sn.Check(Stored{Term: t.Name, Seg: v.ID, N: t.N, Docs: t.Docs, Pos: t.Pos}); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errs
}

// Occurrences evaluates e as Search does and returns, for each match with
// a key in [lo, hi], how often leaf (a leaf of e) occurs in its body.
func (sn *Snapshot) Occurrences(ctx context.Context, src Source, e Expr, leaf *Leaf, lo, hi int64) (keys []int64, tf []uint64, err error) {
	ev := &evaluator{sn: sn, src: src, leaves: map[*Leaf]*leafState{}}
	if err := ev.collect(ctx, e, true); err != nil {
		return nil, nil, err
	}
	st := ev.leaves[leaf]
	if st == nil {
		return nil, nil, fmt.Errorf("postings: the leaf is not in the expression")
	}
	for s, v := range sn.segs {
		set := ev.eval(e, s)
		ls := st.sets[s]
		j := 0
		for _, o := range set.ords {
			k := v.Keys[o]
			if k < lo || k > hi || !sn.live(s, o) {
				continue
			}
			for j < len(ls.ords) && ls.ords[j] < o {
				j++
			}
			var n uint64
			if j < len(ls.ords) && ls.ords[j] == o {
				_, _, n = TF(ls.freq[j])
			}
			keys = append(keys, k)
			tf = append(tf, n)
		}
	}
	return keys, tf, nil
}
