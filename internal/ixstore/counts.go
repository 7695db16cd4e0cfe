package ixstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/transcript"
)

// scan counts a search's matches in one pass: the matching units, their
// documents, units per month (the histogram) and documents per year.
// Keys must arrive in ascending order, as the index gives them.
type scan struct {
	total, docs int
	months      []bucket // units per month key (key >> MonthShift), ascending
	years       []bucket // documents per year field (key >> YearShift), ascending
	lastDoc     int64
	lastKey     int64
	err         error
}

type bucket struct {
	key   int64
	count int
}

func (s *scan) add(k int64) {
	if s.total > 0 && k < s.lastKey {
		s.err = errors.New("search: matching keys out of order")
	}
	s.lastKey = k
	s.total++
	if m := k >> archive.MonthShift; len(s.months) == 0 || s.months[len(s.months)-1].key != m {
		s.months = append(s.months, bucket{m, 1})
	} else {
		s.months[len(s.months)-1].count++
	}
	if d := k >> archive.DocShift; s.docs == 0 || d != s.lastDoc {
		s.lastDoc = d
		s.docs++
		if y := k >> archive.YearShift; len(s.years) == 0 || s.years[len(s.years)-1].key != y {
			s.years = append(s.years, bucket{y, 1})
		} else {
			s.years[len(s.years)-1].count++
		}
	}
}

// Request is what a search asks of the index.
type Request struct {
	Expr   postings.Expr
	Lo, Hi int64 // inclusive unit key bounds (dates)
	// Engine and Plan name the engine and the compiled query in cursors.
	Engine, Plan string
	Sort         string
	Limit        int
	Cursor       *archive.Cursor
	// Facets asks for facets; the speakers and taxonomy count at most the
	// newest FacetWindow matching units.
	Facets      bool
	FacetWindow int
}

// FacetValues counts the speakers and taxonomy of matching units (keys
// newest first) into fb: from doc values, or with a join (AddFacetRows).
type FacetValues func(newest []int64, fb *archive.FacetBuilder) error

// Search answers a search from the index: one pass of the postings gives
// every match in key order, with its bm25 rank for a relevance sort, from
// which the counts, facets and page come. Every count is exact and every
// match ranked. It returns the result without its hits, and the page of
// documents with their matching units, whose hits the engine reads.
func Search(ctx context.Context, sn *postings.Snapshot, src postings.Source, r Request, values FacetValues) (*transcript.SearchResult, []archive.DocUnits, error) {
	m, err := sn.Search(ctx, src, r.Expr, r.Lo, r.Hi, r.Sort == transcript.SortRelevance)
	if err != nil {
		return nil, nil, err
	}
	var c scan
	for _, k := range m.Keys {
		c.add(k)
	}
	if c.err != nil {
		return nil, nil, c.err
	}
	res := &transcript.SearchResult{Total: c.total, Documents: c.docs}
	if r.Facets {
		var fb archive.FacetBuilder
		fb.Add("total", "", c.total)
		fb.Add("documents", "", c.docs)
		for _, m := range c.months {
			fb.Add("month", strconv.FormatInt(m.key, 10), m.count)
		}
		for _, y := range c.years {
			fb.Add("year", strconv.FormatInt(y.key, 10), y.count)
		}
		if c.total > 0 {
			newest := make([]int64, 0, min(r.FacetWindow, len(m.Keys)))
			for i := len(m.Keys) - 1; i >= 0 && len(newest) < r.FacetWindow; i-- {
				newest = append(newest, m.Keys[i])
			}
			fb.Add("sampled", "", len(newest))
			if err := values(newest, &fb); err != nil {
				return nil, nil, err
			}
		}
		res.Facets, res.Total, res.Documents = fb.Facets()
	}
	var page []archive.DocUnits
	if r.Sort == transcript.SortRelevance {
		page, res.Next = archive.RankDocs(m.Keys, m.Rank, r.Cursor, r.Limit, r.Engine, r.Plan)
	} else {
		page, res.Next = PageKeys(m.Keys, r.Cursor, r.Limit, r.Sort == transcript.SortNewest, r.Engine, r.Plan)
	}
	return res, page, nil
}

// DocKeys lists the documents of unit keys (newest first, as FacetValues
// has them), once each.
func DocKeys(keys []int64) []int64 {
	var out []int64
	for i, k := range keys {
		if i == 0 || k>>archive.DocShift != keys[i-1]>>archive.DocShift {
			out = append(out, archive.KeyDoc(k))
		}
	}
	return out
}

// AddFacetRows adds the rows of a facet join (kind, value, count) to fb,
// and closes them.
func AddFacetRows(rows *sql.Rows, fb *archive.FacetBuilder) error {
	defer rows.Close()
	for rows.Next() {
		var kind string
		var value sql.NullString
		var n int
		if err := rows.Scan(&kind, &value, &n); err != nil {
			return err
		}
		fb.Add(kind, value.String, n)
	}
	return rows.Err()
}

// WordCountKeys are what a word count sums over, from the keys a plan
// matches: the documents of a plan of headers, else the turns (a
// document's header unit is not a turn).
func WordCountKeys(p *Plan, keys []int64) []int64 {
	var out []int64
	for _, k := range keys {
		switch {
		case p.Headers:
			out = append(out, archive.KeyDoc(k))
		case archive.KeyUnit(k) > 0:
			out = append(out, k)
		}
	}
	return out
}
