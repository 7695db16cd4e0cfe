// Package kwic builds concordances (keyword in context): every occurrence
// of a query's words or phrases inside the turns the query matches, one
// line each, with the words around it, its speaker, date and permalink.
//
// It is engine-neutral: the engine's Search picks the matching documents
// and turns, as it does for a search (filters included), and the words
// are found in the turns' text with the tokenizer the index uses
// (package search), so stemmed forms count as the word.
package kwic

import (
	"container/heap"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The orders of a concordance.
const (
	SortDate    = "date"    // newest first, then document order (the default)
	SortLeft    = "left"    // by the words left of the match, nearest first
	SortRight   = "right"   // by the match, then the words right of it
	SortSpeaker = "speaker" // by speaker label (turns without one last), then newest first
)

// Sorts lists the orders, the default first.
var Sorts = []string{SortDate, SortLeft, SortRight, SortSpeaker}

// Bounds of a request.
const (
	DefaultWidth = 60     // runes of context on each side
	MaxWidth     = 500    // the widest context accepted
	MaxLines     = 100000 // the most lines one request keeps (Offset+Limit)
)

// Line is one occurrence. Its JSON form is what `rostrum kwic --json`
// prints and the API returns.
type Line struct {
	DocID   string `json:"doc_id"`
	Turn    int    `json:"turn"`
	Speaker string `json:"speaker"`
	Person  string `json:"person"`
	Date    string `json:"date"`
	// Left and Right are the context, cut at word boundaries with white
	// space shown as single spaces: Left+Match+Right reads as the text.
	Left      string `json:"left"`
	Match     string `json:"match"` // the occurrence as written
	Right     string `json:"right"`
	Permalink string `json:"permalink"` // DOCID#tN
	// Paragraph is the index (from 0) of the turn's paragraph that holds
	// the occurrence, and Start and End are its byte offsets into that
	// paragraph; End passes the paragraph's length only for a phrase
	// that runs over into the next one.
	Paragraph int `json:"paragraph"`
	Start     int `json:"start"`
	End       int `json:"end"`
}

// Request asks for a concordance.
type Request struct {
	Query  *transcript.Query
	Width  int    // runes of context on each side, 1 to MaxWidth
	Sort   string // one of Sorts; "" is SortDate
	Offset int    // lines to skip, for paging
	Limit  int    // lines to return, at least 1; Offset+Limit at most MaxLines
	// Vocab loads what person: and speaker: filters need to select the
	// turns of a document (see search.TurnMatcher); it is called at most
	// once, only for a query that has such a filter. Nil reads none.
	Vocab func(context.Context) ([]transcript.Person, *persons.Overrides, error)
}

// Validate reports a request that cannot be answered, wrapping
// transcript.ErrInvalid with a message for the user.
func (r *Request) Validate() error {
	switch {
	case r.Query == nil:
		return fmt.Errorf("%w: no query", transcript.ErrInvalid)
	case NewFinder(r.Query).Empty():
		return fmt.Errorf("%w: the query has no words to find (filters alone match whole documents); add a word or a \"phrase\"", transcript.ErrInvalid)
	case r.Width < 1 || r.Width > MaxWidth:
		return fmt.Errorf("%w: the width must be from 1 to %d characters, not %d", transcript.ErrInvalid, MaxWidth, r.Width)
	case r.Sort != "" && !slices.Contains(Sorts, r.Sort):
		return fmt.Errorf("%w: unknown sort %q (want %s)", transcript.ErrInvalid, r.Sort, strings.Join(Sorts, ", "))
	case r.Limit < 1:
		return fmt.Errorf("%w: the limit must be at least 1, not %d", transcript.ErrInvalid, r.Limit)
	case r.Offset < 0:
		return fmt.Errorf("%w: the offset must not be negative", transcript.ErrInvalid)
	case r.Offset+r.Limit > MaxLines || r.Offset+r.Limit < 0:
		return fmt.Errorf("%w: a concordance shows its first %d lines at most (offset plus limit); narrow the query", transcript.ErrInvalid, MaxLines)
	}
	return nil
}

// Result is one page of a concordance.
type Result struct {
	Lines       []Line `json:"lines"`       // this page, in the requested order
	Occurrences int    `json:"occurrences"` // every occurrence, not only this page's
	Turns       int    `json:"turns"`       // matching turns read
	Documents   int    `json:"documents"`   // matching documents
	// Disagreed counts the documents whose every matching turn could not
	// be selected (see search.AllMatchingTurns): only the engine's best
	// TurnsPerDoc of them were read.
	Disagreed int `json:"disagreed,omitempty"`
}

// Source is what a concordance reads: an engine's search and the
// documents it finds.
type Source interface {
	transcript.Searcher
	Document(ctx context.Context, id string) (*transcript.Document, error)
}

// TurnsPerDoc is how many of a document's matching turns the search
// returns; search.TurnMatcher selects the rest from the document, which
// is read whole anyway. One is enough to check the two agree, and saves
// the engine a snippet for each of up to transcript.MaxTurnsPerDoc turns
// (a tenth of a common word's time at 10,000 documents). A document
// where they disagree keeps the engine's turns, counted in Disagreed.
const TurnsPerDoc = 5

// Run builds the concordance of req from src. It reads every matching
// document (in parallel, a few at a time) and keeps only the lines of
// the requested page, so its memory is bounded by Offset+Limit.
func Run(ctx context.Context, src Source, req *Request) (*Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	sortBy := req.Sort
	if sortBy == "" {
		sortBy = SortDate
	}
	res := &Result{}
	keep := &keeper{n: req.Offset + req.Limit, less: lessFunc(sortBy)}
	if sortBy == SortDate {
		if oc, ok := src.(transcript.OccurrenceCounter); ok {
			counts, ok, err := oc.Occurrences(ctx, req.Query, false)
			if err != nil {
				return nil, err
			}
			if ok {
				return runNewest(ctx, src, req, counts, keep)
			}
		}
	}
	docs, err := Walk(ctx, src, req, func(b Batch) {
		res.Turns += b.Turns
		if b.Disagreed {
			res.Disagreed++
		}
		for _, l := range b.Lines {
			res.Occurrences++
			keep.add(item{Line: l, key: sortKey(sortBy, &l)})
		}
	})
	if err != nil {
		return nil, err
	}
	res.Documents = docs
	lines := keep.sorted()
	res.Lines = []Line{}
	if req.Offset < len(lines) {
		for _, it := range lines[req.Offset:] {
			res.Lines = append(res.Lines, it.Line)
		}
	}
	return res, nil
}

// runNewest builds a concordance in date order when the engine's index
// counted the occurrences and turns (counts): then only the newest
// documents need reading, a page of the search at a time, until no
// document left can hold a line of the requested page. Disagreed then
// counts among the documents read.
func runNewest(ctx context.Context, src Source, req *Request, counts []transcript.OccurrenceCount, keep *keeper) (*Result, error) {
	res := &Result{Lines: []Line{}}
	for _, c := range counts {
		res.Occurrences += int(c.Hits)
		res.Turns += int(c.Turns)
	}
	var (
		ps   []transcript.Person
		over *persons.Overrides
		err  error
	)
	if search.NeedsVocab(req.Query) && req.Vocab != nil {
		if ps, over, err = req.Vocab(ctx); err != nil {
			return nil, err
		}
	}
	workers := min(4, max(2, runtime.GOMAXPROCS(0)))
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = &worker{finder: NewFinder(req.Query), query: req.Query, persons: ps, overrides: over, width: req.Width}
	}
	// Pages of the size a screen of lines needs, at least.
	sreq := &transcript.SearchRequest{Query: req.Query, Sort: transcript.SortNewest,
		Limit: min(transcript.MaxSearchLimit, max(20, keep.n/4)), TurnsPerDoc: TurnsPerDoc}
	for page := 0; ; page++ {
		sr, err := src.Search(ctx, sreq)
		if err != nil {
			return nil, err
		}
		if page == 0 {
			res.Documents = sr.Documents
		}
		batches := make([]Batch, len(sr.Hits))
		errs := make([]error, len(sr.Hits))
		var wg sync.WaitGroup
		for w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(sr.Hits); i += len(ws) {
					hit := &sr.Hits[i]
					lines, _, agreed, err := ws[w].hit(ctx, src, hit)
					batches[i], errs[i] = Batch{Hit: hit, Lines: lines, Disagreed: !agreed}, err
				}
			}()
		}
		wg.Wait()
		for i, b := range batches {
			if errs[i] != nil {
				return nil, errs[i]
			}
			if b.Disagreed {
				res.Disagreed++
			}
			for _, l := range b.Lines {
				keep.add(item{Line: l, key: sortKey(SortDate, &l)})
			}
		}
		if sr.Next == "" {
			break
		}
		// Lines of later pages are of documents dated as late as the
		// last one read at most: once the page is full with later
		// lines, none of them can enter it.
		if last := sr.Hits[len(sr.Hits)-1].Date; len(keep.items) == keep.n && keep.items[0].Date > last {
			break
		}
		sreq.Cursor = sr.Next
	}
	lines := keep.sorted()
	if req.Offset < len(lines) {
		for _, it := range lines[req.Offset:] {
			res.Lines = append(res.Lines, it.Line)
		}
	}
	return res, nil
}

// Batch is the lines of one matching document, in document order.
type Batch struct {
	Hit   *transcript.DocumentHit
	Lines []Line
	Turns int // matching turns read
	// Disagreed is set when the document's matching turns could not all
	// be selected (see Result.Disagreed).
	Disagreed bool
}

// Walk finds every occurrence of req's query, as Run does, and calls fn
// with the lines of each matching document, one call at a time, in no
// particular order; req's Sort, Offset and Limit do not apply. It returns
// the number of matching documents. Term trends count occurrences with
// it, so that they count what a concordance shows.
func Walk(ctx context.Context, src Source, req *Request, fn func(Batch)) (documents int, err error) {
	switch {
	case req.Query == nil || NewFinder(req.Query).Empty():
		return 0, fmt.Errorf("%w: the query has no words to find (filters alone match whole documents); add a word or a \"phrase\"", transcript.ErrInvalid)
	case req.Width < 1 || req.Width > MaxWidth:
		return 0, fmt.Errorf("%w: the width must be from 1 to %d characters, not %d", transcript.ErrInvalid, MaxWidth, req.Width)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		ps   []transcript.Person
		over *persons.Overrides
	)
	if search.NeedsVocab(req.Query) && req.Vocab != nil {
		if ps, over, err = req.Vocab(ctx); err != nil {
			return 0, err
		}
	}

	sreq := &transcript.SearchRequest{Query: req.Query, Sort: transcript.SortNewest,
		Limit: transcript.MaxSearchLimit, TurnsPerDoc: TurnsPerDoc}
	first, err := src.Search(ctx, sreq)
	if err != nil {
		return 0, err
	}

	hits := make(chan *transcript.DocumentHit)
	batches := make(chan Batch)
	var (
		errOnce sync.Once
		runErr  error
	)
	fail := func(err error) {
		errOnce.Do(func() { runErr = err; cancel() })
	}
	go func() {
		defer close(hits)
		page := first
		for {
			for i := range page.Hits {
				select {
				case hits <- &page.Hits[i]:
				case <-ctx.Done():
					return
				}
			}
			if page.Next == "" {
				return
			}
			sreq.Cursor = page.Next
			var err error
			if page, err = src.Search(ctx, sreq); err != nil {
				fail(err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(4, max(2, runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{finder: NewFinder(req.Query), query: req.Query, persons: ps, overrides: over, width: req.Width}
			for hit := range hits {
				lines, turns, agreed, err := w.hit(ctx, src, hit)
				if err != nil {
					fail(err)
					return
				}
				select {
				case batches <- Batch{Hit: hit, Lines: lines, Turns: turns, Disagreed: !agreed}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(batches) }()

	for b := range batches {
		fn(b)
	}
	if runErr != nil {
		return 0, runErr
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return first.Documents, nil
}

// worker reads the documents of hits; each has its own tokenizers.
type worker struct {
	finder    *Finder
	query     *transcript.Query
	persons   []transcript.Person
	overrides *persons.Overrides
	width     int
	matcher   *search.TurnMatcher // without labels, for a query without person: or speaker:
}

func (w *worker) hit(ctx context.Context, src Source, hit *transcript.DocumentHit) (lines []Line, turns int, agreed bool, err error) {
	if len(hit.Turns) == 0 || w.finder.Empty() {
		return nil, len(hit.Turns), true, nil
	}
	doc, err := src.Document(ctx, hit.ID)
	if err != nil {
		return nil, 0, false, fmt.Errorf("kwic: document %s: %w", hit.ID, err)
	}
	idx := make([]int, len(hit.Turns))
	for i, t := range hit.Turns {
		idx[i] = t.Index
	}
	agreed = true
	if hit.Matches > len(hit.Turns) {
		m := w.matcher
		if search.NeedsVocab(w.query) {
			m = search.NewTurnMatcher(w.query, w.persons, w.overrides, search.UnnamedLabels(doc))
		} else if m == nil {
			m = search.NewTurnMatcher(w.query, nil, nil, nil)
			w.matcher = m
		}
		idx, agreed = search.AllMatchingTurns(m, hit, doc)
	}
	slices.Sort(idx)
	for _, i := range idx {
		if i < 1 || i > len(doc.Turns) {
			continue
		}
		turns++
		lines = w.turn(lines, hit, &doc.Turns[i-1])
	}
	return lines, turns, agreed, nil
}

// turn appends the lines of t's occurrences.
func (w *worker) turn(lines []Line, hit *transcript.DocumentHit, t *transcript.Turn) []Line {
	body := strings.Join(t.Paragraphs, "\n\n")
	spans := w.finder.Find(body)
	if len(spans) == 0 {
		return lines
	}
	para, paraStart := 0, 0
	for _, s := range spans {
		for para+1 < len(t.Paragraphs) && s.Start >= paraStart+len(t.Paragraphs[para])+2 {
			paraStart += len(t.Paragraphs[para]) + 2
			para++
		}
		left, right := Context(body, s.Start, s.End, w.width)
		lines = append(lines, Line{DocID: hit.ID, Turn: t.Index, Speaker: t.Speaker, Person: t.Person, Date: hit.Date,
			Left: left, Match: squeeze(body[s.Start:s.End]), Right: right, Permalink: fmt.Sprintf("%s#t%d", hit.ID, t.Index),
			Paragraph: para, Start: s.Start - paraStart, End: s.End - paraStart})
	}
	return lines
}

// item is a line with its sort key.
type item struct {
	Line
	key string
}

// sortKey is what a line sorts by before the date order: folded words,
// so that case and ё do not change the order.
func sortKey(by string, l *Line) string {
	switch by {
	case SortLeft:
		words := strings.Fields(search.Fold(l.Left))
		slices.Reverse(words)
		return strings.Join(words, " ")
	case SortRight:
		return search.Fold(l.Match + " " + l.Right)
	case SortSpeaker:
		if l.Speaker == "" {
			return "\uffff"
		}
		return search.Fold(l.Speaker)
	}
	return ""
}

// lessFunc orders lines by key, then newest first, then in document
// order: a total order, so pages never overlap.
func lessFunc(by string) func(a, b *item) bool {
	return func(a, b *item) bool {
		if a.key != b.key {
			return a.key < b.key
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		if a.DocID != b.DocID {
			return a.DocID < b.DocID
		}
		if a.Turn != b.Turn {
			return a.Turn < b.Turn
		}
		if a.Paragraph != b.Paragraph {
			return a.Paragraph < b.Paragraph
		}
		return a.Start < b.Start
	}
}

// keeper keeps the first n items in its order: a heap with the last
// kept item on top.
type keeper struct {
	n     int
	less  func(a, b *item) bool
	items []item
}

func (k *keeper) Len() int           { return len(k.items) }
func (k *keeper) Less(i, j int) bool { return k.less(&k.items[j], &k.items[i]) }
func (k *keeper) Swap(i, j int)      { k.items[i], k.items[j] = k.items[j], k.items[i] }
func (k *keeper) Push(x any)         { k.items = append(k.items, x.(item)) }
func (k *keeper) Pop() any {
	it := k.items[len(k.items)-1]
	k.items = k.items[:len(k.items)-1]
	return it
}

func (k *keeper) add(it item) {
	if len(k.items) < k.n {
		heap.Push(k, it)
		return
	}
	if k.less(&it, &k.items[0]) {
		k.items[0] = it
		heap.Fix(k, 0)
	}
}

// sorted returns the kept items in order.
func (k *keeper) sorted() []item {
	slices.SortFunc(k.items, func(a, b item) int {
		switch {
		case k.less(&a, &b):
			return -1
		case k.less(&b, &a):
			return 1
		}
		return 0
	})
	return k.items
}
