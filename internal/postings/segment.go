// Package postings is Rostrum's own inverted index: the terms of every
// searchable unit (package search) as posting lists in immutable
// segments, and a query evaluator over them that counts, pages and ranks
// without leaving Go.
//
// An engine stores segments as rows and blobs in its own database, in
// the same transaction as the documents they index, so the index can
// never be behind the archive. A segment holds the units of one write (a
// batch of documents) or of a merge of earlier segments. A document that
// changes is indexed again in a newer segment, and a dead marker (its
// document key and the segment number it was replaced at) hides its older
// units until a merge drops them.
//
// The format of the blobs is this package's business (FormatVersion
// names it); an engine rebuilds its index when the version it was built
// with differs.
package postings

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// FormatVersion names the encoding of segments and posting lists below.
const FormatVersion = "postings-1"

// The columns of a unit, as search.Unit has them: words match in the
// first three, filters in Meta.
const (
	Title = iota
	Lead
	Body
	Meta
	Columns
)

// Weights of a match in the title, lead and body, as bm25 weighs them
// (as the FTS5 table Rostrum searched before ranked with bm25(10, 5, 1, 0)).
var Weights = [3]float64{10, 5, 1}

// MetaPrefix starts the stored name of a meta term, so that a filter
// token can never be matched by a word of the text, nor a word by a
// filter.
const MetaPrefix = "\x01"

// Unit is one unit to index: its key (archive.UnitKey) and the terms of
// each column in the order they occur.
type Unit struct {
	Key   int64
	Terms [Columns][]string
}

// Segment is an encoded segment, ready to be stored.
type Segment struct {
	Units  int
	Tokens int64  // all units' lengths, summed
	Keys   []byte // the units' keys, ascending: see EncodeKeys
	Lens   []byte // each unit's length in tokens, all columns: uvarints
	Terms  []Term // by Name
}

// Term is the posting list of one term in one segment.
type Term struct {
	Name string // the term, or MetaPrefix and a meta token
	N    int    // postings: units holding the term
	Docs []byte // see Builder.Build
	Pos  []byte // positions; nil for a meta term
}

// Builder collects units and builds a segment of them.
type Builder struct {
	units []Unit
}

// Add adds a unit. A key added twice keeps its last unit.
func (b *Builder) Add(u Unit) { b.units = append(b.units, u) }

// Len is the number of units added.
func (b *Builder) Len() int { return len(b.units) }

// Build encodes the units added into a segment and empties b.
//
// A text term's Docs hold, per unit that has it, in key order: the
// distance from the previous posting's ordinal plus one (the first's
// ordinal plus one), then a header h = tf_body<<2 | has_title | has_lead<<1,
// then tf_title and tf_lead when present; all uvarints. Its Pos hold, per
// posting, the byte length of what follows, then the positions in the
// title, lead and body (as many as their tf), each column's as ascending
// deltas from 0. A meta term's Docs hold only the ordinal deltas.
func (b *Builder) Build() *Segment {
	units := b.units
	b.units = nil
	slices.SortStableFunc(units, func(x, y Unit) int { return cmp.Compare(x.Key, y.Key) })
	// The last of equal keys wins.
	out := units[:0]
	for i, u := range units {
		if i+1 < len(units) && units[i+1].Key == u.Key {
			continue
		}
		out = append(out, u)
	}
	units = out

	type acc struct {
		docs, pos []byte
		n         int
		last      uint32 // ordinal + 1 of the last posting
	}
	text := map[string]*acc{}
	meta := map[string]*acc{}
	type occ struct {
		term string
		pos  [3][]uint32
	}
	var occs []occ
	index := map[string]int{}
	seg := &Segment{Units: len(units)}
	keys := make([]int64, len(units))
	var scratch []byte
	for o, u := range units {
		ord := uint32(o) + 1
		keys[o] = u.Key
		clear(index)
		occs = occs[:0]
		length := 0
		for c := Title; c <= Body; c++ {
			length += len(u.Terms[c])
			for i, t := range u.Terms[c] {
				j, ok := index[t]
				if !ok {
					j = len(occs)
					index[t] = j
					if j < cap(occs) {
						occs = occs[:j+1]
						occs[j].term = t
						for k := range occs[j].pos {
							occs[j].pos[k] = occs[j].pos[k][:0]
						}
					} else {
						occs = append(occs, occ{term: t})
					}
				}
				occs[j].pos[c] = append(occs[j].pos[c], uint32(i))
			}
		}
		for _, oc := range occs {
			a := text[oc.term]
			if a == nil {
				a = &acc{}
				text[oc.term] = a
			}
			a.docs = binary.AppendUvarint(a.docs, uint64(ord-a.last))
			a.last = ord
			a.n++
			h := uint64(len(oc.pos[Body])) << 2
			if len(oc.pos[Title]) > 0 {
				h |= 1
			}
			if len(oc.pos[Lead]) > 0 {
				h |= 2
			}
			a.docs = binary.AppendUvarint(a.docs, h)
			for c := Title; c <= Lead; c++ {
				if n := len(oc.pos[c]); n > 0 {
					a.docs = binary.AppendUvarint(a.docs, uint64(n))
				}
			}
			scratch = scratch[:0]
			for c := Title; c <= Body; c++ {
				prev := uint32(0)
				for _, p := range oc.pos[c] {
					scratch = binary.AppendUvarint(scratch, uint64(p-prev))
					prev = p
				}
			}
			a.pos = binary.AppendUvarint(a.pos, uint64(len(scratch)))
			a.pos = append(a.pos, scratch...)
		}
		length += len(u.Terms[Meta])
		for _, t := range u.Terms[Meta] {
			a := meta[t]
			if a == nil {
				a = &acc{}
				meta[t] = a
			}
			if a.n > 0 && a.last == ord {
				continue // the same token twice in one unit
			}
			a.docs = binary.AppendUvarint(a.docs, uint64(ord-a.last))
			a.last = ord
			a.n++
		}
		seg.Lens = binary.AppendUvarint(seg.Lens, uint64(length))
		seg.Tokens += int64(length)
	}
	seg.Keys = EncodeKeys(keys)
	seg.Terms = make([]Term, 0, len(text)+len(meta))
	for t, a := range text {
		seg.Terms = append(seg.Terms, Term{Name: t, N: a.n, Docs: a.docs, Pos: a.pos})
	}
	for t, a := range meta {
		seg.Terms = append(seg.Terms, Term{Name: MetaPrefix + t, N: a.n, Docs: a.docs})
	}
	slices.SortFunc(seg.Terms, func(x, y Term) int { return strings.Compare(x.Name, y.Name) })
	return seg
}

// EncodeKeys encodes ascending keys: their number, the first, then the
// differences, as uvarints.
func EncodeKeys(keys []int64) []byte {
	b := binary.AppendUvarint(nil, uint64(len(keys)))
	prev := int64(0)
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(k-prev))
		prev = k
	}
	return b
}

// ErrCorrupt is returned for stored data this package cannot decode.
var ErrCorrupt = errors.New("postings: damaged index data")

// reader reads uvarints from a blob, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) next() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		if r.err == nil {
			r.err = ErrCorrupt
		}
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// DecodeKeys decodes what EncodeKeys encoded, checking that the keys
// ascend.
func DecodeKeys(b []byte) ([]int64, error) {
	r := reader{b: b}
	n := r.next()
	if r.err != nil || n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: keys", ErrCorrupt)
	}
	keys := make([]int64, n)
	prev := int64(0)
	for i := range keys {
		d := int64(r.next())
		if i > 0 && d <= 0 || d < 0 {
			return nil, fmt.Errorf("%w: keys out of order", ErrCorrupt)
		}
		prev += d
		keys[i] = prev
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: keys", ErrCorrupt)
	}
	return keys, nil
}

// DecodeLens decodes n unit lengths.
func DecodeLens(b []byte, n int) ([]uint32, error) {
	r := reader{b: b}
	lens := make([]uint32, n)
	for i := range lens {
		lens[i] = uint32(min(r.next(), 1<<32-1))
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: lengths", ErrCorrupt)
	}
	return lens, nil
}

// List is a decoded posting list: the ordinals (positions in the
// segment's key order) of the units holding a term, and for a text term
// its frequency in each text column.
type List struct {
	Ords []uint32
	// Freq packs a posting's tf in the title (bits 48–63), lead (32–47)
	// and body (0–31); nil for a meta term.
	Freq []uint64
	pos  []byte
	off  []uint32 // where each posting's positions start in pos; built on demand
}

// TF returns the title, lead and body frequencies packed in f.
func TF(f uint64) (title, lead, body uint64) { return f >> 48, f >> 32 & 0xffff, f & 0xffffffff }

func packTF(title, lead, body uint64) uint64 {
	return min(title, 0xffff)<<48 | min(lead, 0xffff)<<32 | min(body, 0xffffffff)
}

// DecodeList decodes a term's posting list of n postings in a segment of
// units units. pos may be nil when positions are not needed (they are
// for phrases) and is ignored for a meta term.
func DecodeList(docs, pos []byte, n, units int, meta bool) (*List, error) {
	if n < 0 || n > units || n > len(docs) {
		return nil, fmt.Errorf("%w: %d postings", ErrCorrupt, n)
	}
	l := &List{Ords: make([]uint32, n)}
	if !meta {
		l.Freq = make([]uint64, n)
		l.pos = pos
	}
	r := reader{b: docs}
	ord := uint64(0)
	for i := 0; i < n; i++ {
		d := r.next()
		if d == 0 && r.err == nil {
			return nil, fmt.Errorf("%w: postings out of order", ErrCorrupt)
		}
		ord += d
		if ord > uint64(units) {
			return nil, fmt.Errorf("%w: posting past the segment's units", ErrCorrupt)
		}
		l.Ords[i] = uint32(ord - 1)
		if meta {
			continue
		}
		h := r.next()
		var t, ld uint64
		if h&1 != 0 {
			t = r.next()
		}
		if h&2 != 0 {
			ld = r.next()
		}
		l.Freq[i] = packTF(t, ld, h>>2)
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: postings", ErrCorrupt)
	}
	if l.pos != nil {
		// Where each posting's positions start, so that a phrase reads
		// only its candidates' (and a cached list is never written to).
		l.off = make([]uint32, n)
		r := reader{b: l.pos}
		for j := range l.off {
			l.off[j] = uint32(len(l.pos) - len(r.b))
			size := r.next()
			if size > uint64(len(r.b)) {
				return nil, fmt.Errorf("%w: positions", ErrCorrupt)
			}
			r.b = r.b[size:]
		}
		if r.err != nil || len(r.b) != 0 {
			return nil, fmt.Errorf("%w: positions", ErrCorrupt)
		}
	}
	return l, nil
}

// Positions appends to dst the positions of posting i in column c
// (Title, Lead or Body).
func (l *List) Positions(dst []uint32, i, c int) ([]uint32, error) {
	if l.off == nil {
		return nil, fmt.Errorf("%w: positions were not read", ErrCorrupt)
	}
	r := reader{b: l.pos[l.off[i]:]}
	size := r.next()
	if size > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: positions", ErrCorrupt)
	}
	r.b = r.b[:size]
	t, ld, b := TF(l.Freq[i])
	counts := [3]uint64{t, ld, b}
	if t+ld+b > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: positions", ErrCorrupt) // each takes a byte at least
	}
	for col := Title; col <= Body; col++ {
		p := uint64(0)
		for k := uint64(0); k < counts[col] && r.err == nil; k++ {
			p += r.next()
			if col == c {
				dst = append(dst, uint32(p))
			}
		}
		if col == c {
			break
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: positions", ErrCorrupt)
	}
	return dst, nil
}

// Size is roughly how many bytes a decoded list holds, for caches.
func (l *List) Size() int { return 4*len(l.Ords) + 8*len(l.Freq) + len(l.pos) + 4*len(l.off) + 64 }

// PackTerms encodes a small segment's terms (sorted by name) into one
// blob, so that writing a batch's segment costs one row instead of a row
// per term: uvarints of the number of terms, then per term its name's
// length and name, N, its Docs' length and Docs, and its Pos' length plus
// one and Pos (0 for none).
func PackTerms(terms []Term) []byte {
	size := 8
	for _, t := range terms {
		size += len(t.Name) + len(t.Docs) + len(t.Pos) + 12
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(terms)))
	for _, t := range terms {
		b = binary.AppendUvarint(b, uint64(len(t.Name)))
		b = append(b, t.Name...)
		b = binary.AppendUvarint(b, uint64(t.N))
		b = binary.AppendUvarint(b, uint64(len(t.Docs)))
		b = append(b, t.Docs...)
		if t.Pos == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(t.Pos))+1)
			b = append(b, t.Pos...)
		}
	}
	return b
}

// UnpackTerms decodes what PackTerms encoded; the terms' Docs and Pos
// share b's memory.
func UnpackTerms(b []byte) ([]Term, error) {
	r := reader{b: b}
	n := r.next()
	if n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: packed terms", ErrCorrupt)
	}
	bytes := func(size uint64) []byte {
		if size > uint64(len(r.b)) {
			r.err = ErrCorrupt
			r.b = nil
			return nil
		}
		out := r.b[:size:size]
		r.b = r.b[size:]
		return out
	}
	terms := make([]Term, 0, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		var t Term
		t.Name = string(bytes(r.next()))
		t.N = int(min(r.next(), 1<<31))
		t.Docs = bytes(r.next())
		if p := r.next(); p > 0 {
			t.Pos = bytes(p - 1)
			if t.Pos == nil {
				t.Pos = []byte{}
			}
		}
		if i > 0 && t.Name <= terms[i-1].Name {
			return nil, fmt.Errorf("%w: packed terms out of order", ErrCorrupt)
		}
		terms = append(terms, t)
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: packed terms", ErrCorrupt)
	}
	return terms, nil
}
