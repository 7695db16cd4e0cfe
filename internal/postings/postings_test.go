package postings

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// memSource serves stored lists from memory, as an engine serves them
// from its tables.
type memSource []Stored

func (m memSource) Lists(_ context.Context, term string, positions bool) ([]Stored, error) {
	var out []Stored
	for _, s := range m {
		if s.Term == term {
			if !positions {
				s.Pos = nil
			}
			out = append(out, s)
		}
	}
	return out, nil
}

func (m memSource) Range(_ context.Context, prefix string, positions bool) ([]Stored, error) {
	var out []Stored
	for _, s := range m {
		if strings.HasPrefix(s.Term, prefix) && !strings.HasPrefix(s.Term, MetaPrefix) {
			if !positions {
				s.Pos = nil
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// unit builds a unit from space-separated terms of the body, a title and
// meta tokens.
func unit(key int64, title, body string, meta ...string) Unit {
	u := Unit{Key: key}
	u.Terms[Title] = strings.Fields(title)
	u.Terms[Body] = strings.Fields(body)
	u.Terms[Meta] = meta
	return u
}

// index stores the segments built from groups of units (one segment a
// group, numbered from 1), packed or not, with dead markers.
func index(t *testing.T, packed bool, dead map[int64]int64, groups ...[]Unit) (*Snapshot, memSource) {
	t.Helper()
	var src memSource
	var segs []*SegData
	for i, g := range groups {
		var b Builder
		for _, u := range g {
			b.Add(u)
		}
		seg := b.Build()
		id := int64(i + 1)
		keys, err := DecodeKeys(seg.Keys)
		if err != nil {
			t.Fatal(err)
		}
		lens, err := DecodeLens(seg.Lens, seg.Units)
		if err != nil {
			t.Fatal(err)
		}
		sd := &SegData{ID: id, Keys: keys, Lens: lens, Tokens: seg.Tokens}
		if packed {
			if sd.Packed, err = UnpackTerms(PackTerms(seg.Terms)); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, tm := range seg.Terms {
				src = append(src, Stored{Term: tm.Name, Seg: id, N: tm.N, Docs: tm.Docs, Pos: tm.Pos})
			}
		}
		segs = append(segs, sd)
	}
	return NewSnapshot(segs, dead, 4), src
}

func TestSearch(t *testing.T) {
	// Keys: document << 4 | unit.
	older := []Unit{
		unit(0x10, "russia china", ""),
		unit(0x11, "", "economic cooperation with china", "0lang-en"),
		unit(0x12, "", "the economy of russia and its economic growth", "0lang-en"),
		unit(0x20, "", "", "0lang-ru"),
		unit(0x21, "", "экономическое сотрудничество", "0lang-ru"),
	}
	newer := []Unit{
		unit(0x30, "", "cooperation cooperation", "0lang-en"),
		unit(0x31, "", "russia economic cooperation", "0lang-en"),
	}
	leaf := func(terms ...string) *Leaf { return &Leaf{Slots: terms} }
	tests := []struct {
		name string
		e    Expr
		want []int64
	}{
		{"word", leaf("cooperation"), []int64{0x11, 0x30, 0x31}},
		{"word in a title", leaf("russia"), []int64{0x10, 0x12, 0x31}},
		{"phrase", leaf("economic", "cooperation"), []int64{0x11, 0x31}},
		{"phrase not adjacent", leaf("russia", "cooperation"), nil},
		{"phrase across columns is none", leaf("china", "economic"), nil},
		{"prefix", &Leaf{Slots: []string{"econom"}, Prefix: true}, []int64{0x11, 0x12, 0x31}},
		{"phrase ending in a prefix", &Leaf{Slots: []string{"economic", "coop"}, Prefix: true}, []int64{0x11, 0x31}},
		{"and", And{leaf("russia"), leaf("economic")}, []int64{0x12, 0x31}},
		{"or", Or{leaf("china"), leaf("growth")}, []int64{0x10, 0x11, 0x12}},
		{"not", Not{Expr: leaf("cooperation"), Except: leaf("china")}, []int64{0x30, 0x31}},
		{"meta alternatives", &Leaf{Slots: []string{"0lang-ru", "0none"}, Meta: true}, []int64{0x20, 0x21}},
		{"meta and a word", And{&Leaf{Slots: []string{"0lang-en"}, Meta: true}, leaf("economic")}, []int64{0x11, 0x12, 0x31}},
		{"a meta token is no word", leaf("0lang-en"), nil},
		{"a word is no meta token", &Leaf{Slots: []string{"russia"}, Meta: true}, nil},
		{"cyrillic", leaf("экономическое", "сотрудничество"), []int64{0x21}},
		{"unknown", leaf("zanzibar"), nil},
	}
	for _, packed := range []bool{false, true} {
		sn, src := index(t, packed, nil, older, newer)
		for _, tt := range tests {
			m, err := sn.Search(t.Context(), src, tt.e, 0, 1<<62, true)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if !slices.Equal(m.Keys, tt.want) {
				t.Errorf("%s (packed %v): %x; want %x", tt.name, packed, m.Keys, tt.want)
			}
			if len(m.Rank) != len(m.Keys) {
				t.Errorf("%s: %d ranks for %d keys", tt.name, len(m.Rank), len(m.Keys))
			}
		}
		// Key bounds (dates) cut the matches.
		m, err := sn.Search(t.Context(), src, leaf("cooperation"), 0x12, 0x30, false)
		if err != nil || !slices.Equal(m.Keys, []int64{0x30}) || m.Rank != nil {
			t.Errorf("bounded: %x %v %v; want [30] and no ranks", m.Keys, m.Rank, err)
		}
		// The title outweighs the body; two mentions outweigh one.
		m, _ = sn.Search(t.Context(), src, leaf("russia"), 0, 1<<62, true)
		if !(m.Rank[0] < m.Rank[1]) {
			t.Errorf("a title match ranks %v, a body match %v: want the title first", m.Rank[0], m.Rank[1])
		}
		m, _ = sn.Search(t.Context(), src, leaf("cooperation"), 0, 1<<62, true)
		if !(m.Rank[1] < m.Rank[2]) {
			t.Errorf("two mentions rank %v, one in a longer unit %v: want two first", m.Rank[1], m.Rank[2])
		}
	}

	// Document 1 changed: its units in segment 1 are dead from
	// segment 2 on, and segment 2 holds its new version.
	changed := append(slices.Clone(newer), unit(0x11, "", "nothing about trade"))
	sn, src := index(t, false, map[int64]int64{0x1: 2}, older, changed)
	m, err := sn.Search(t.Context(), src, leaf("cooperation"), 0, 1<<62, true)
	if err != nil || !slices.Equal(m.Keys, []int64{0x30, 0x31}) {
		t.Errorf("after a change: %x, %v; want [30 31]", m.Keys, err)
	}
	m, _ = sn.Search(t.Context(), src, leaf("trade"), 0, 1<<62, true)
	if !slices.Equal(m.Keys, []int64{0x11}) {
		t.Errorf("the new version: %x; want [11]", m.Keys)
	}
	if got := sn.LiveKeys(); sn.Units() != 5 || !slices.Equal(got, []int64{0x11, 0x20, 0x21, 0x30, 0x31}) {
		t.Errorf("%d live units %x; want 5: [11 20 21 30 31]", sn.Units(), got)
	}
}

// TestMerge wants a merge of segments to answer every search as the
// segments did, without the dead units.
func TestMerge(t *testing.T) {
	a := []Unit{unit(0x10, "one", "alpha beta gamma", "0m"), unit(0x11, "", "beta beta"), unit(0x30, "", "gamma alpha", "0m")}
	b := []Unit{unit(0x20, "two", "alpha", "0n"), unit(0x11, "", "delta")}
	dead := map[int64]int64{0x1: 2}
	sn, src := index(t, false, dead, a, b)

	var keys [][]int64
	var lens [][]uint32
	var deadUnits [][]bool
	for _, v := range sn.segs {
		keys, lens = append(keys, v.Keys), append(lens, v.Lens)
		deadUnits = append(deadUnits, v.dead)
	}
	m, err := NewMerger(keys, lens, deadUnits)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range src {
		names[s.Term] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	seg := m.Segment()
	for _, n := range sorted {
		var parts []Part
		for _, s := range src {
			if s.Term == n {
				parts = append(parts, Part{Input: int(s.Seg - 1), N: s.N, Docs: s.Docs, Pos: s.Pos})
			}
		}
		tm, ok, err := m.Term(n, parts)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			seg.Terms = append(seg.Terms, tm)
		}
	}
	mk, _ := DecodeKeys(seg.Keys)
	ml, _ := DecodeLens(seg.Lens, seg.Units)
	merged := NewSnapshot([]*SegData{{ID: 3, Keys: mk, Lens: ml, Tokens: seg.Tokens, Packed: seg.Terms}}, nil, 4)
	if !slices.Equal(mk, []int64{0x11, 0x20, 0x30}) { // document 1's units of a are dead
		t.Errorf("merged keys %x", mk)
	}
	for _, e := range []Expr{
		&Leaf{Slots: []string{"alpha"}}, &Leaf{Slots: []string{"beta"}}, &Leaf{Slots: []string{"delta"}},
		&Leaf{Slots: []string{"gamma", "alpha"}}, &Leaf{Slots: []string{"0m"}, Meta: true},
		&Leaf{Slots: []string{"t"}, Prefix: true},
	} {
		want, err := sn.Search(t.Context(), src, e, 0, 1<<62, true)
		if err != nil {
			t.Fatal(err)
		}
		got, err := merged.Search(t.Context(), memSource{}, e, 0, 1<<62, true)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: merged %+v; segments %+v", e, got, want)
		}
	}
}

func TestPackTerms(t *testing.T) {
	terms := []Term{{Name: "a", N: 1, Docs: []byte{1, 0}, Pos: []byte{1, 0}}, {Name: MetaPrefix + "x", N: 2, Docs: []byte{1, 1}}, {Name: "b", N: 1, Docs: []byte{3, 4}, Pos: []byte{}}}
	slices.SortFunc(terms, func(x, y Term) int { return strings.Compare(x.Name, y.Name) })
	got, err := UnpackTerms(PackTerms(terms))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, terms) {
		t.Errorf("unpacked %+v; want %+v", got, terms)
	}
	for _, bad := range [][]byte{nil, {5}, {1, 9, 'a'}, {2, 1, 'b', 0, 0, 0, 1, 'a', 0, 0, 0}} {
		if _, err := UnpackTerms(bad); err == nil {
			t.Errorf("UnpackTerms(%x): no error", bad)
		}
	}
}

// FuzzDecode feeds arbitrary bytes to every decoder of stored index
// data: each must return an error or data, never panic.
func FuzzDecode(f *testing.F) {
	var b Builder
	b.Add(unit(5, "t", "a b a", "0m"))
	b.Add(unit(9, "", "b c"))
	seg := b.Build()
	f.Add(seg.Keys, seg.Terms[0].Docs, seg.Terms[0].Pos, PackTerms(seg.Terms))
	f.Fuzz(func(t *testing.T, keys, docs, pos, packed []byte) {
		_, _ = DecodeKeys(keys)
		_, _ = DecodeLens(keys, 3)
		for _, meta := range []bool{false, true} {
			l, err := DecodeList(docs, pos, 2, 4, meta)
			if err == nil && !meta {
				for i := range l.Ords {
					for c := Title; c <= Body; c++ {
						_, _ = l.Positions(nil, i, c)
					}
				}
			}
		}
		if terms, err := UnpackTerms(packed); err == nil {
			sn := NewSnapshot([]*SegData{{ID: 1, Keys: []int64{1, 2, 3, 4}, Lens: []uint32{1, 1, 1, 1}, Packed: terms}}, nil, 4)
			_ = sn.CheckPacked()
			for _, tm := range terms {
				_, _ = sn.Search(context.Background(), memSource{}, &Leaf{Slots: []string{tm.Name, tm.Name}}, 0, 10, true)
			}
		}
	})
}
