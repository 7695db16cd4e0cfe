package archive_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// pager answers searches from hits, three to a page, newest first as
// given; it counts the pages asked for.
type pager struct {
	hits  []transcript.DocumentHit
	pages int
	err   error
}

func (p *pager) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	if p.err != nil {
		return nil, p.err
	}
	p.pages++
	from, _ := strconv.Atoi(req.Cursor)
	to := min(from+3, len(p.hits))
	res := &transcript.SearchResult{Hits: p.hits[from:to]}
	if to < len(p.hits) {
		res.Next = strconv.Itoa(to)
	}
	return res, nil
}

func TestList(t *testing.T) {
	var hits []transcript.DocumentHit
	for i, title := range []string{"beta", "Alpha", "delta", "Gamma", "alpha", "epsilon", "zeta"} {
		hits = append(hits, transcript.DocumentHit{ID: "d" + strconv.Itoa(i), Title: title, Date: "2020-01-0" + strconv.Itoa(9-i)})
	}
	ids := func(hs []transcript.DocumentHit) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	for _, tt := range []struct {
		sort  string
		limit int
		want  []string
		pages int
	}{
		{transcript.SortNewest, 0, []string{"d0", "d1", "d2", "d3", "d4", "d5", "d6"}, 3},
		{transcript.SortNewest, 4, []string{"d0", "d1", "d2", "d3"}, 2},
		{archive.SortTitle, 0, []string{"d1", "d4", "d0", "d2", "d5", "d3", "d6"}, 3},
		{archive.SortTitle, 2, []string{"d1", "d4"}, 3},
	} {
		p := &pager{hits: hits}
		got, err := archive.List(t.Context(), p, &transcript.Query{}, tt.sort, tt.limit)
		if err != nil || !slices.Equal(ids(got), tt.want) || p.pages != tt.pages {
			t.Errorf("List(%s, %d) = %v, %v after %d pages; want %v after %d", tt.sort, tt.limit, ids(got), err, p.pages, tt.want, tt.pages)
		}
	}
	boom := errors.New("boom")
	if _, err := archive.List(t.Context(), &pager{err: boom}, &transcript.Query{}, transcript.SortNewest, 0); !errors.Is(err, boom) {
		t.Errorf("List with a failing search: %v", err)
	}
}
