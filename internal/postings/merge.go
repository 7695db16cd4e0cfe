package postings

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
)

// Merger merges segments into one, dropping the units that are dead. The
// caller hands it every term of the inputs, in term order, one at a time
// (Term), so that a merge of a whole index never holds it all in memory.
type Merger struct {
	newOrd [][]int32 // per input, per ordinal: the merged ordinal, -1 when dead
	seg    Segment
	buf    []mergePosting
	tmp    []mergePosting
	runs   []int // where each ascending run of buf ends
}

type mergePosting struct {
	ord       int32
	head, pos []byte
}

// NewMerger prepares a merge of inputs with these keys and lengths, dead
// telling which units to drop (nil for none). Live keys must be distinct
// across inputs.
func NewMerger(keys [][]int64, lens [][]uint32, dead [][]bool) (*Merger, error) {
	type ref struct {
		key    int64
		in, at int
	}
	var all []ref
	for in := range keys {
		if len(lens[in]) != len(keys[in]) {
			return nil, fmt.Errorf("%w: %d keys, %d lengths", ErrCorrupt, len(keys[in]), len(lens[in]))
		}
		for at, k := range keys[in] {
			if dead != nil && dead[in] != nil && dead[in][at] {
				continue
			}
			all = append(all, ref{k, in, at})
		}
	}
	slices.SortFunc(all, func(a, b ref) int { return cmp.Compare(a.key, b.key) })
	m := &Merger{newOrd: make([][]int32, len(keys))}
	for in := range keys {
		m.newOrd[in] = make([]int32, len(keys[in]))
		for i := range m.newOrd[in] {
			m.newOrd[in][i] = -1
		}
	}
	merged := make([]int64, len(all))
	for i, r := range all {
		if i > 0 && r.key == all[i-1].key {
			return nil, fmt.Errorf("%w: key %d live in two segments", ErrCorrupt, r.key)
		}
		merged[i] = r.key
		m.newOrd[r.in][r.at] = int32(i)
		l := lens[r.in][r.at]
		m.seg.Lens = binary.AppendUvarint(m.seg.Lens, uint64(l))
		m.seg.Tokens += int64(l)
	}
	m.seg.Units = len(all)
	m.seg.Keys = EncodeKeys(merged)
	return m, nil
}

// Segment returns the merged segment's units, keys and lengths; its terms
// are those Term returned.
func (m *Merger) Segment() *Segment { return &m.seg }

// Part is one input's posting list of a term.
type Part struct {
	Input     int
	N         int
	Docs, Pos []byte
}

// Term merges the posting lists of one term. ok is false when none of its
// postings is live.
func (m *Merger) Term(name string, parts []Part) (t Term, ok bool, err error) {
	meta := len(name) > 0 && name[0] == MetaPrefix[0]
	m.buf = m.buf[:0]
	for _, p := range parts {
		if p.Input < 0 || p.Input >= len(m.newOrd) {
			return Term{}, false, fmt.Errorf("%w: term %q of no input", ErrCorrupt, name)
		}
		newOrd := m.newOrd[p.Input]
		docs, pos := p.Docs, p.Pos
		ord := uint64(0)
		for i := 0; i < p.N; i++ {
			d, n := binary.Uvarint(docs)
			if n <= 0 || d == 0 {
				return Term{}, false, fmt.Errorf("%w: term %q", ErrCorrupt, name)
			}
			docs = docs[n:]
			ord += d
			if ord > uint64(len(newOrd)) {
				return Term{}, false, fmt.Errorf("%w: term %q past its segment", ErrCorrupt, name)
			}
			var mp mergePosting
			mp.ord = newOrd[ord-1]
			if !meta {
				// The header and its tfs, copied as they are.
				start := docs
				h, n := binary.Uvarint(docs)
				if n <= 0 {
					return Term{}, false, fmt.Errorf("%w: term %q", ErrCorrupt, name)
				}
				docs = docs[n:]
				for bit := uint64(1); bit <= 2; bit <<= 1 {
					if h&bit != 0 {
						if _, n = binary.Uvarint(docs); n <= 0 {
							return Term{}, false, fmt.Errorf("%w: term %q", ErrCorrupt, name)
						}
						docs = docs[n:]
					}
				}
				mp.head = start[:len(start)-len(docs)]
				size, n := binary.Uvarint(pos)
				if n <= 0 || size > uint64(len(pos)-n) {
					return Term{}, false, fmt.Errorf("%w: positions of %q", ErrCorrupt, name)
				}
				mp.pos = pos[:n+int(size)]
				pos = pos[n+int(size):]
			}
			if mp.ord >= 0 {
				m.buf = append(m.buf, mp)
			}
		}
	}
	if len(m.buf) == 0 {
		return Term{}, false, nil
	}
	// Each part's postings came in ascending merged order: merge the
	// runs instead of sorting them all.
	m.runs = m.runs[:0]
	for i := 1; i <= len(m.buf); i++ {
		if i == len(m.buf) || m.buf[i].ord < m.buf[i-1].ord {
			m.runs = append(m.runs, i)
		}
	}
	if len(m.runs) > 1 {
		m.buf = mergeRuns(m.buf, m.runs, &m.tmp)
	}
	t = Term{Name: name, N: len(m.buf)}
	docs, pos := 0, 0
	for _, mp := range m.buf {
		docs += len(mp.head) + 5
		pos += len(mp.pos)
	}
	t.Docs = make([]byte, 0, docs)
	if !meta {
		t.Pos = make([]byte, 0, pos)
	}
	last := int32(-1)
	for _, mp := range m.buf {
		if mp.ord == last {
			return Term{}, false, fmt.Errorf("%w: term %q twice in one unit", ErrCorrupt, name)
		}
		t.Docs = binary.AppendUvarint(t.Docs, uint64(mp.ord-last))
		last = mp.ord
		t.Docs = append(t.Docs, mp.head...)
		t.Pos = append(t.Pos, mp.pos...)
	}
	return t, true, nil
}

// mergeRuns merges the ascending runs of buf (each ending where ends
// says) into one, using tmp as scratch.
func mergeRuns(buf []mergePosting, ends []int, tmp *[]mergePosting) []mergePosting {
	at := make([]int, len(ends))
	for i := range at {
		if i > 0 {
			at[i] = ends[i-1]
		}
	}
	out := (*tmp)[:0]
	if cap(out) < len(buf) {
		out = make([]mergePosting, 0, len(buf)+len(buf)/4)
	}
	for len(out) < len(buf) {
		best := -1
		for r := range at {
			if at[r] < ends[r] && (best < 0 || buf[at[r]].ord < buf[at[best]].ord) {
				best = r
			}
		}
		out = append(out, buf[at[best]])
		at[best]++
	}
	*tmp = buf
	return out
}
