package archive

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// SearchOptions checks a search request and returns its sort, page size
// and turns per document, the defaults filled in: a query without text
// has nothing to rank by, so it is sorted newest first. An invalid
// request is transcript.ErrInvalid.
func SearchOptions(req *transcript.SearchRequest) (sortBy string, limit, perDoc int, err error) {
	if req == nil || req.Query == nil {
		return "", 0, 0, fmt.Errorf("%w: no query", transcript.ErrInvalid)
	}
	sortBy, limit, perDoc = req.Sort, req.Limit, req.TurnsPerDoc
	switch {
	case sortBy != "":
	case req.Query.Text == nil:
		// Filters alone have nothing to rank by.
		sortBy = transcript.SortNewest
	default:
		sortBy = transcript.SortRelevance
	}
	if sortBy != transcript.SortRelevance && sortBy != transcript.SortNewest && sortBy != transcript.SortOldest {
		return "", 0, 0, fmt.Errorf("%w: unknown sort %q (want relevance, newest or oldest)", transcript.ErrInvalid, sortBy)
	}
	if limit == 0 {
		limit = transcript.DefaultSearchLimit
	}
	if limit < 1 || limit > transcript.MaxSearchLimit {
		return "", 0, 0, fmt.Errorf("%w: limit %d is not between 1 and %d", transcript.ErrInvalid, limit, transcript.MaxSearchLimit)
	}
	if perDoc == 0 {
		perDoc = transcript.DefaultTurnsPerDoc
	}
	if perDoc < 1 || perDoc > transcript.MaxTurnsPerDoc {
		return "", 0, 0, fmt.Errorf("%w: turns per document %d is not between 1 and %d", transcript.ErrInvalid, perDoc, transcript.MaxTurnsPerDoc)
	}
	return sortBy, limit, perDoc, nil
}

// Cursor is the position after the last document of a search page, as
// an engine hands it out in transcript.SearchResult.Next.
type Cursor struct {
	// Engine marks the cursors of an engine that must refuse another
	// engine's (whose plan ids could collide); "" is left out.
	Engine string  `json:"e,omitempty"`
	Sort   string  `json:"s"`
	Plan   string  `json:"p"`           // the id of the query's compiled plan
	Key    int64   `json:"k"`           // date sorts: the last document's base key; relevance: its best unit
	Rank   float64 `json:"r,omitempty"` // relevance: the rank of that unit
}

// EncodeCursor writes c as an opaque URL-safe string.
func EncodeCursor(c Cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor of EncodeCursor: nil for "", and
// transcript.ErrInvalid unless it was made by engine for the same sort
// and plan.
func DecodeCursor(s, engine, sortBy, planID string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c Cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Engine != engine || c.Sort != sortBy || c.Plan != planID {
		return nil, fmt.Errorf("%w: the cursor does not belong to this query and sort", transcript.ErrInvalid)
	}
	return &c, nil
}

// DocUnits is a document of a result page and its matching units: in
// document order, after the best one for relevance.
type DocUnits struct {
	Doc   int64 // a unit key shifted right by DocShift: date and document
	Units []int
}

// Ranked is a matching unit's key and its rank, smaller first.
type Ranked struct {
	Key  int64
	Rank float64
}

// SortRanked sorts a ranking by rank, then by key, which makes the order
// total, so that a cursor is a position in it.
func SortRanked(order []Ranked) {
	slices.SortFunc(order, func(a, b Ranked) int {
		if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

// RankPage cuts the page after cur (nil for the first) out of a ranking
// sorted as SortRanked sorts it: at most limit documents, each in the
// place of its best unit, with its other matching units of the ranking.
// next is the cursor of the page after, "" when this is the last; it
// carries engine and planID.
func RankPage(order []Ranked, cur *Cursor, limit int, engine, planID string) (page []DocUnits, next string) {
	units := map[int64][]int{} // document → its matching units, in rank order
	for _, r := range order {
		d := r.Key >> DocShift
		units[d] = append(units[d], KeyUnit(r.Key))
	}
	seen := map[int64]bool{} // documents placed on this or an earlier page
	past := cur == nil
	var last Ranked
	for _, r := range order {
		d := r.Key >> DocShift
		if !past {
			if r.Rank < cur.Rank || r.Rank == cur.Rank && r.Key <= cur.Key {
				seen[d] = true
				continue
			}
			past = true
		}
		if seen[d] {
			continue
		}
		if len(page) == limit {
			next = EncodeCursor(Cursor{Engine: engine, Sort: transcript.SortRelevance, Plan: planID, Key: last.Key, Rank: last.Rank})
			break
		}
		seen[d] = true
		// The best unit first, then the others in document order.
		us := units[d]
		slices.Sort(us[1:])
		page = append(page, DocUnits{Doc: d, Units: us})
		last = r
	}
	return page, next
}

// RankDocs cuts the same page as RankPage out of matching units given in
// key order (keys ascending, rank[i] the rank of keys[i]) without sorting
// them all: a document's units are adjacent in key order, so one pass
// finds each document's best unit, and only the documents of the page
// are then ordered. At 136,800 matches it takes a few milliseconds where
// sorting the whole ranking took tens.
func RankDocs(keys []int64, rank []float64, cur *Cursor, limit int, engine, planID string) (page []DocUnits, next string) {
	type doc struct {
		best       Ranked
		start, end int // its units: keys[start:end]
	}
	less := func(a, b Ranked) bool { return a.Rank < b.Rank || a.Rank == b.Rank && a.Key < b.Key }
	// The best limit+1 documents after the cursor, kept sorted; the one
	// past the page only tells whether there is a next.
	var top []doc
	for i := 0; i < len(keys); {
		d := keys[i] >> DocShift
		j := i
		best := Ranked{Key: keys[i], Rank: rank[i]}
		for j < len(keys) && keys[j]>>DocShift == d {
			if r := (Ranked{Key: keys[j], Rank: rank[j]}); less(r, best) {
				best = r
			}
			j++
		}
		dc := doc{best, i, j}
		i = j
		if cur != nil && !less(Ranked{Key: cur.Key, Rank: cur.Rank}, best) {
			continue // placed on this or an earlier page
		}
		if len(top) == limit+1 && !less(best, top[limit].best) {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, dc, func(x, y doc) int {
			if less(x.best, y.best) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, at, dc)
		if len(top) > limit+1 {
			top = top[:limit+1]
		}
	}
	if len(top) > limit {
		top = top[:limit]
		last := top[limit-1].best
		next = EncodeCursor(Cursor{Engine: engine, Sort: transcript.SortRelevance, Plan: planID, Key: last.Key, Rank: last.Rank})
	}
	for _, dc := range top {
		us := []int{KeyUnit(dc.best.Key)}
		for _, k := range keys[dc.start:dc.end] {
			if k != dc.best.Key {
				us = append(us, KeyUnit(k))
			}
		}
		page = append(page, DocUnits{Doc: dc.best.Key >> DocShift, Units: us})
	}
	return page, next
}

// DatePage cuts a page sorted by date out of matching unit keys given in
// that order (ascending for the oldest first, descending for the newest):
// at most Limit documents, each with its matching units, and the cursor
// of the next page. Add the keys one by one until Add returns false.
type DatePage struct {
	Limit  int
	Newest bool
	Engine string
	Plan   string // the plan's id, carried by the cursor

	page []DocUnits
	next string
}

// Add adds a matching unit; false means the page is full and the next
// one starts with k.
func (p *DatePage) Add(k int64) bool {
	d := k >> DocShift
	if n := len(p.page); n == 0 || p.page[n-1].Doc != d {
		if n == p.Limit {
			sortBy := transcript.SortOldest
			if p.Newest {
				sortBy = transcript.SortNewest
			}
			p.next = EncodeCursor(Cursor{Engine: p.Engine, Sort: sortBy, Plan: p.Plan, Key: p.page[n-1].Doc << DocShift})
			return false
		}
		p.page = append(p.page, DocUnits{Doc: d})
	}
	p.page[len(p.page)-1].Units = append(p.page[len(p.page)-1].Units, KeyUnit(k))
	return true
}

// Done returns the page, each document's units in document order, and
// the next page's cursor ("" when this is the last).
func (p *DatePage) Done() ([]DocUnits, string) {
	for i := range p.page {
		slices.Sort(p.page[i].Units)
	}
	return p.page, p.next
}

// HitTurn is a matching turn as an engine reads it for a hit.
type HitTurn struct {
	Speaker, Person, Role, Text string
}

// FillHit completes a document's hit (h, its document fields read) from
// its matching units as a page lists them (DocUnits.Units): the header's
// marked title or lead snippet when the header matches, the count of
// matching turns, and the first perDoc of them with their snippets, each
// read by turn.
func FillHit(tok *search.Tokenizer, m *search.Matcher, h *transcript.DocumentHit, units []int, perDoc int,
	turn func(u int) (HitTurn, error)) error {
	h.Turns = []transcript.TurnHit{}
	for _, u := range units {
		if u == 0 {
			if mk := m.Mark(tok, h.Title); len(mk.Marks) > 0 {
				h.Header = &mk
			} else if mk := m.Snippet(tok, h.Lead); len(mk.Marks) > 0 {
				h.Header = &mk
			}
			continue
		}
		h.Matches++
		if len(h.Turns) == perDoc {
			continue
		}
		t, err := turn(u)
		if err != nil {
			return fmt.Errorf("document %s turn %d: %w", h.ID, u, err)
		}
		h.Turns = append(h.Turns, transcript.TurnHit{
			Index: u, Permalink: fmt.Sprintf("%s#t%d", h.ID, u),
			Speaker: t.Speaker, Person: t.Person, Role: t.Role,
			Snippet: m.Snippet(tok, t.Text),
		})
	}
	return nil
}
