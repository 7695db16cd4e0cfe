// Package verify traces a quote to the turn of the archive it comes
// from, even when it was trimmed, re-punctuated, lightly reworded or
// changed, and says how faithful it is: exact, close, altered or
// not_found.
//
// It does not search for the quote as a whole. It picks the quote's
// rarest-looking words, asks the engine's search (transcript.Searcher)
// for the turns that hold several of them (an OR of word groups, so that
// a few changed words still leave a group whole), then aligns the quote
// with each candidate turn word by word over the stemmed terms of the
// index's tokenizer (package search), by dynamic programming, and keeps
// the best. The alignment gives the diff and the verdict: which words
// differ, and whether any of them is a figure, a name or a negation.
package verify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// The verdicts.
const (
	Exact    = "exact"     // the source's words, in its order, case and punctuation aside
	Close    = "close"     // small differences of wording, none in a figure, name or negation
	Altered  = "altered"   // a figure, a name or a negation differs
	NotFound = "not_found" // no turn of the archive holds enough of the quote
)

// Bounds of a request.
const (
	MaxQuoteBytes = 4096 // the longest quote verified
	MinWords      = 3    // the fewest words a quote can be traced by
	// Threshold is the least similarity of a found quote (see Result's
	// Similarity). TestThreshold justifies it on the corpus: sentences of
	// its turns with one word in four dropped or replaced keep 0.65 or
	// more, while the same sentences' words shuffled (the same
	// vocabulary, not what was said) reach at most about 0.4.
	Threshold = 0.5
	// MaxAlternatives bounds the other turns reported.
	MaxAlternatives = 5
)

// Search bounds: the candidates read.
const (
	groupWords    = 9  // the quote's words the candidate search uses
	candidateDocs = 20 // documents of a candidate search, every turn of which is compared
	// docBatch is how many documents are read at once, best ranked
	// first; reading stops after a batch that holds the quote exactly.
	docBatch = 5
	// maxCells bounds one alignment; a longer turn is aligned only in
	// the stretch that holds most of the quote's words.
	maxCells = 400000
	// minOverlap is the least share of the quote's words (by weight) a
	// turn must have, in any order, to be aligned with it: a turn with
	// fewer is far below Threshold whatever their order, and reading its
	// terms costs a tenth of aligning it.
	minOverlap = 0.3
)

// Source is what verification reads: an engine's search and the
// documents and versions it finds.
type Source interface {
	transcript.Searcher
	Document(ctx context.Context, id string) (*transcript.Document, error)
	Versions(ctx context.Context, id string) ([]transcript.Version, error)
	DocumentVersion(ctx context.Context, id string, n int) (*transcript.Document, error)
}

// Request asks where a quote comes from.
type Request struct {
	Quote string
	// Within, when set, narrows the search to what its filters and dates
	// allow (person:, topic:, lang:, from:, to: …); it must have no words.
	Within *transcript.Query
}

// Validate reports a request that cannot be answered, wrapping
// transcript.ErrInvalid with a message for the user.
func (r *Request) Validate() error {
	q := strings.TrimSpace(r.Quote)
	switch {
	case q == "":
		return fmt.Errorf("%w: the quote is empty; give the words to verify", transcript.ErrInvalid)
	case len(r.Quote) > MaxQuoteBytes:
		return fmt.Errorf("%w: %w: the quote has %d bytes; the limit is %d (about 600 words): verify a passage at a time",
			transcript.ErrInvalid, ErrTooLong, len(r.Quote), MaxQuoteBytes)
	case !utf8.ValidString(q):
		return fmt.Errorf("%w: the quote is not valid UTF-8 text", transcript.ErrInvalid)
	case r.Within != nil && r.Within.Text != nil:
		return fmt.Errorf("%w: the search scope takes filters only (person:, topic:, lang:, from:, to: …), not words", transcript.ErrInvalid)
	}
	if n := len(words(search.NewTokenizer(), q)); n < MinWords {
		return fmt.Errorf("%w: the quote has %d words; at least %d are needed to trace it", transcript.ErrInvalid, n, MinWords)
	}
	return nil
}

// ErrTooLong is wrapped by Validate's error for a quote over
// MaxQuoteBytes, so that the web can answer 413.
var ErrTooLong = errors.New("quote too long")

// Match is a turn of the archive that a quote comes from.
type Match struct {
	Permalink string `json:"permalink"` // DOCID#tN
	DocID     string `json:"doc_id"`
	Turn      int    `json:"turn"`
	Speaker   string `json:"speaker"`
	Person    string `json:"person"`
	Date      string `json:"date"`
	Title     string `json:"title"`
	Language  string `json:"language"`
	URL       string `json:"url"` // the source's page
	// Version is the document's version the text was read from, and
	// StoredAt when the archive stored it (RFC 3339).
	Version  int    `json:"version,omitempty"`
	StoredAt string `json:"stored_at,omitempty"`
	// Text is the stretch of the turn that the quote aligns with; for a
	// twin, the whole turn.
	Text string `json:"text"`
}

// Alternative is another turn that holds the quote: it was said more
// than once, or published twice.
type Alternative struct {
	Verdict    string  `json:"verdict"`
	Similarity float64 `json:"similarity"`
	Match
}

// History says whether the source changed since.
type History struct {
	Versions int `json:"versions"` // versions the archive keeps
	Current  int `json:"current"`  // the current version's number
	Edits    int `json:"edits"`    // versions that record an edit at the source
	// EditedSince is set when the quote matches an older version better
	// than the current one: the source was edited after it.
	EditedSince bool `json:"edited_since"`
	// TextChanged is set when another version does not read the matched
	// text word for word.
	TextChanged bool `json:"text_changed"`
}

// Result is a verification's answer. Its JSON form is what `rostrum
// verify --json` prints and the API returns.
type Result struct {
	Verdict string `json:"verdict"`
	Quote   string `json:"quote"`
	// Similarity, from 0 to 1, says how much of the quote the source
	// has, in the same order: the mean of the Dice coefficients of their
	// words (stop words weighing a quarter) and of their pairs of
	// neighbouring words. It is 1 for an exact quote; below Threshold the
	// quote is not found.
	Similarity float64 `json:"similarity"`
	// Reasons say why a quote is altered, one line per difference.
	Reasons []string `json:"reasons"`
	Match   *Match   `json:"match"` // nil when not found
	// Diff goes from the source's stretch to the quote.
	Diff    []Op     `json:"diff"`
	History *History `json:"history,omitempty"`
	// Twin is the same turn in the other edition (English or Russian)
	// of the event, when the archive has it and its turns line up.
	Twin         *Match        `json:"twin,omitempty"`
	Alternatives []Alternative `json:"alternatives"`
	Candidates   int           `json:"candidates"` // turns compared
}

// candidate is a turn compared with the quote.
type candidate struct {
	doc  *transcript.Document
	turn *transcript.Turn
	text string
	cmp  *comparison
}

func (c *candidate) verdict() string {
	switch {
	case c.cmp.similarity < Threshold:
		return NotFound
	case len(c.cmp.kinds) > 0:
		return Altered
	case c.cmp.exact:
		return Exact
	}
	return Close
}

// better orders candidates: more of the quote, then a better verdict,
// then the oldest (where a quote comes from is where it was first said),
// then document order.
func better(a, b *candidate) int {
	if a.cmp.similarity != b.cmp.similarity {
		return cmp.Compare(b.cmp.similarity, a.cmp.similarity)
	}
	if va, vb := verdictRank(a.verdict()), verdictRank(b.verdict()); va != vb {
		return cmp.Compare(va, vb)
	}
	if a.doc.Date != b.doc.Date {
		return cmp.Compare(a.doc.Date, b.doc.Date)
	}
	if a.doc.ID != b.doc.ID {
		return cmp.Compare(a.doc.ID, b.doc.ID)
	}
	return cmp.Compare(a.turn.Index, b.turn.Index)
}

func verdictRank(v string) int {
	return slices.Index([]string{Exact, Close, Altered, NotFound}, v)
}

// verifier holds one run's tokenizer, aligner and quote.
type verifier struct {
	tok     *search.Tokenizer
	al      aligner
	quote   []word
	qText   string
	qTerms  map[string]float64 // the quote's terms and their weight
	qWeight float64
	elided  bool // the quote has an ellipsis
	seen    map[string]bool
}

// Run verifies req's quote against src.
func Run(ctx context.Context, src Source, req *Request) (*Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	v := &verifier{tok: search.NewTokenizer(), qText: strings.TrimSpace(req.Quote)}
	v.quote = words(v.tok, v.qText)
	v.qTerms, v.seen = map[string]float64{}, map[string]bool{}
	for _, w := range v.quote {
		v.qTerms[w.term] += w.weight()
		v.qWeight += w.weight()
		v.elided = v.elided || w.elided
	}
	res := &Result{Quote: v.qText, Verdict: NotFound, Reasons: []string{}, Diff: []Op{}, Alternatives: []Alternative{}}

	// The rows of the grid of words first; the columns only when no
	// turn they find holds the quote (three words or more changed).
	var cands []*candidate
	seen := map[string]bool{}
	for _, node := range v.candidateQueries() {
		q := &transcript.Query{Text: node}
		if req.Within != nil {
			q.Filters, q.From, q.To = req.Within.Filters, req.Within.From, req.Within.To
		}
		found, err := v.candidates(ctx, src, q, seen)
		if err != nil {
			return nil, err
		}
		cands = append(cands, found...)
		if slices.ContainsFunc(cands, func(c *candidate) bool { return c.verdict() != NotFound }) {
			break
		}
	}
	res.Candidates = len(cands)
	if len(cands) == 0 {
		return res, nil
	}
	slices.SortFunc(cands, better)
	best := cands[0]
	res.Similarity = round(best.cmp.similarity)
	if best.verdict() == NotFound {
		return res, nil
	}
	version, hist, err := v.history(ctx, src, &best)
	if err != nil {
		return nil, err
	}
	res.History = hist
	res.Verdict = best.verdict()
	res.Similarity = round(best.cmp.similarity)
	res.Match = v.match(best, version)
	res.Diff = best.cmp.diff
	res.Reasons = append(res.Reasons, best.cmp.reasons...)
	if hist != nil && hist.EditedSince {
		res.Reasons = append(res.Reasons, fmt.Sprintf("the source was edited since: the quote matches version %d, the current version is %d", version.Number, hist.Current))
	}
	if res.Twin, err = v.twin(ctx, src, best); err != nil {
		return nil, err
	}
	for _, c := range cands[1:] {
		if len(res.Alternatives) == MaxAlternatives || c.verdict() == NotFound {
			break
		}
		if c.doc.ID == best.doc.ID && c.turn.Index == best.turn.Index {
			continue
		}
		res.Alternatives = append(res.Alternatives, Alternative{Verdict: c.verdict(), Similarity: round(c.cmp.similarity), Match: *v.match(c, nil)})
	}
	return res, nil
}

// candidates searches with q and compares the quote with every turn of
// the documents it finds, but those in seen, which it adds to.
func (v *verifier) candidates(ctx context.Context, src Source, q *transcript.Query, seen map[string]bool) ([]*candidate, error) {
	sres, err := src.Search(ctx, &transcript.SearchRequest{Query: q, Sort: transcript.SortRelevance, Limit: candidateDocs, TurnsPerDoc: 1})
	if err != nil {
		return nil, fmt.Errorf("verify: find candidates: %w", err)
	}
	var ids []string
	for _, hit := range sres.Hits {
		if !seen[hit.ID] {
			seen[hit.ID] = true
			ids = append(ids, hit.ID)
		}
	}
	// The documents are read in batches, best ranked first, four at a
	// time (each is a round trip to the engine); a batch that holds the
	// quote exactly ends the reading, since no other turn can hold it
	// better.
	var cands []*candidate
	for len(ids) > 0 {
		batch := ids[:min(docBatch, len(ids))]
		ids = ids[len(batch):]
		docs := make([]*transcript.Document, len(batch))
		errs := make([]error, len(batch))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for i, id := range batch {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				docs[i], errs[i] = src.Document(ctx, id)
			})
		}
		wg.Wait()
		exact := false
		for i, doc := range docs {
			if errors.Is(errs[i], transcript.ErrNotFound) {
				continue // removed since the search
			}
			if errs[i] != nil {
				return nil, fmt.Errorf("verify: document %s: %w", batch[i], errs[i])
			}
			// Every turn, not only those the engine returned: it returns
			// the turns that hold a whole group of words, which a changed
			// quote may have broken in the turn it comes from, and a
			// snippet for each costs the engine more than comparing the
			// turn here.
			for i := range doc.Turns {
				if c := v.compare(doc, &doc.Turns[i]); c != nil {
					cands = append(cands, c)
					exact = exact || c.verdict() == Exact
				}
			}
		}
		if exact {
			break
		}
	}
	return cands, nil
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// compare aligns the quote with one turn, or returns nil for a turn
// with too few of the quote's words to be worth it (see minOverlap).
func (v *verifier) compare(doc *transcript.Document, t *transcript.Turn) *candidate {
	text := strings.Join(t.Paragraphs, "\n\n")
	if overlap(v.tok, text, v.qTerms, v.qWeight, v.seen) < minOverlap {
		return nil
	}
	sw := words(v.tok, text)
	sw = v.stretch(sw)
	return &candidate{doc: doc, turn: t, text: text, cmp: v.al.compare(v.quote, v.qText, sw, text)}
}

// stretch returns the part of a long turn's words that holds most of
// the quote's words, so that one alignment stays within maxCells.
func (v *verifier) stretch(sw []word) []word {
	n := len(v.quote)
	width := len(sw)
	if !v.elided {
		// A quote without an ellipsis comes from a stretch not much
		// longer than itself.
		width = 2*n + 20
	}
	if n*width > maxCells {
		width = max(maxCells/n, n+n/2)
	}
	if width >= len(sw) {
		return sw
	}
	in := v.qTerms
	var sum, bestSum float64
	best := 0
	for i, w := range sw {
		sum += in[w.term]
		if i >= width {
			sum -= in[sw[i-width].term]
		}
		if i >= width-1 && sum > bestSum {
			bestSum, best = sum, i-width+1
		}
	}
	// The densest window may have traded a word of the quote at one end
	// for scattered stop words at the other: a margin keeps both.
	return sw[max(0, best-n/2-2):min(len(sw), best+width+n/2+2)]
}

// candidateQueries are the searches that find candidate turns, to run
// in turn until one finds the quote. They use the quote's most telling
// words (the longest that are not stop words, figures or negations,
// which a changed quote may have changed) laid out in a grid of up to
// three rows of three, longest first: the first search is the OR of the
// first two rows, the second of the columns and the third row, each row
// or column a group of words that must all be in a turn. A changed word
// breaks only its row and its column; the other row, or failing it the
// columns, still find the turn. Each search costs the engine the more
// the more turns its groups match, so the first asks for little.
func (v *verifier) candidateQueries() []transcript.Node {
	var picked []word
	seen := map[string]bool{}
	for _, w := range v.quote {
		if seen[w.term] || stopWords[w.fold] || w.figure() || w.negation() || utf8.RuneCountInString(w.fold) < 3 {
			continue
		}
		seen[w.term] = true
		picked = append(picked, w)
	}
	if len(picked) < 2 {
		// Only short or common words: the quote as a phrase.
		var b strings.Builder
		for _, w := range v.quote {
			b.WriteString(w.fold)
			b.WriteByte(' ')
		}
		return []transcript.Node{transcript.Phrase{Text: strings.TrimSpace(b.String())}}
	}
	slices.SortStableFunc(picked, func(a, b word) int {
		return cmp.Compare(utf8.RuneCountInString(b.fold), utf8.RuneCountInString(a.fold))
	})
	picked = picked[:min(len(picked), groupWords)]
	if len(picked) <= 3 {
		// Every pair.
		var or []transcript.Node
		for i := range picked {
			for j := i + 1; j < len(picked); j++ {
				or = append(or, andOf([]word{picked[i], picked[j]}))
			}
		}
		return []transcript.Node{orOf(or)}
	}
	const cols = 3
	var rows, columns []transcript.Node
	for r := 0; r*cols < len(picked); r++ {
		if g := picked[r*cols : min(len(picked), (r+1)*cols)]; len(g) >= 2 {
			rows = append(rows, andOf(g))
		}
	}
	for c := range cols {
		var g []word
		for i := c; i < len(picked); i += cols {
			g = append(g, picked[i])
		}
		if len(g) >= 2 {
			columns = append(columns, andOf(g))
		}
	}
	if len(rows) > 2 {
		// The first two rows hold the longest words; a changed word
		// breaks one of them. The third row joins the columns.
		columns = append(columns, rows[2:]...)
		rows = rows[:2]
	}
	if len(columns) == 0 {
		return []transcript.Node{orOf(rows)}
	}
	return []transcript.Node{orOf(rows), orOf(columns)}
}

func andOf(ws []word) transcript.Node {
	var and []transcript.Node
	for _, w := range ws {
		and = append(and, wordNode(w))
	}
	return transcript.And{Nodes: and}
}

func wordNode(w word) transcript.Node { return transcript.Word{Text: w.fold} }

func orOf(nodes []transcript.Node) transcript.Node {
	if len(nodes) == 1 {
		return nodes[0]
	}
	return transcript.Or{Nodes: nodes}
}

// match describes a candidate; version is the one it was read from (nil
// for the current one, whose number is not looked up).
func (v *verifier) match(c *candidate, version *transcript.Version) *Match {
	m := &Match{Permalink: fmt.Sprintf("%s#t%d", c.doc.ID, c.turn.Index), DocID: c.doc.ID, Turn: c.turn.Index,
		Speaker: c.turn.Speaker, Person: c.turn.Person, Date: c.doc.Date, Title: c.doc.Title, Language: c.doc.Language,
		URL: c.doc.URL, Text: c.text[c.cmp.sStart:closing(c.text, c.cmp.sEnd)]}
	if version != nil {
		m.Version = version.Number
		if !version.StoredAt.IsZero() {
			m.StoredAt = version.StoredAt.UTC().Format(time.RFC3339)
		}
	}
	return m
}

// closing extends the end of a stretch of text over the punctuation that
// closes its last word (a full stop, a closing quote or bracket).
func closing(text string, end int) int {
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !strings.ContainsRune(".,;:!?…)]»”’\"'", r) {
			break
		}
		end += n
	}
	return end
}

// history reads the versions of the best candidate's document. When an
// older version holds the quote better, *best becomes that version's
// turn. It returns the version best was read from.
func (v *verifier) history(ctx context.Context, src Source, best **candidate) (*transcript.Version, *History, error) {
	id := (*best).doc.ID
	vs, err := src.Versions(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("verify: versions of %s: %w", id, err)
	}
	if len(vs) == 0 {
		return nil, nil, nil
	}
	cur := &vs[len(vs)-1]
	h := &History{Versions: len(vs), Current: cur.Number, Edits: transcript.Edits(vs)}
	if len(vs) == 1 {
		return cur, h, nil
	}
	at := cur
	docs := map[int]*transcript.Document{cur.Number: (*best).doc}
	for i := len(vs) - 2; i >= 0; i-- {
		d, err := src.DocumentVersion(ctx, id, vs[i].Number)
		if err != nil {
			return nil, nil, fmt.Errorf("verify: version %d of %s: %w", vs[i].Number, id, err)
		}
		docs[vs[i].Number] = d
		for ti := range d.Turns {
			c := v.compare(d, &d.Turns[ti])
			// Only a better reading of the quote, not an older date, moves
			// the match off the current version.
			if c != nil && (c.cmp.similarity > (*best).cmp.similarity ||
				c.cmp.similarity == (*best).cmp.similarity && verdictRank(c.verdict()) < verdictRank((*best).verdict())) {
				*best, at = c, &vs[i]
			}
		}
	}
	h.EditedSince = at.Number != cur.Number
	// Does every version read the matched text word for word?
	passage := folds(words(v.tok, (*best).text[(*best).cmp.sStart:(*best).cmp.sEnd]))
	for n, d := range docs {
		if n == at.Number {
			continue
		}
		if !containsRun(v.tok, d, passage) {
			h.TextChanged = true
			break
		}
	}
	return at, h, nil
}

func folds(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.fold
	}
	return out
}

// containsRun reports whether a turn of d has the words run in order,
// next to each other.
func containsRun(tok *search.Tokenizer, d *transcript.Document, run []string) bool {
	if len(run) == 0 {
		return true
	}
	for _, t := range d.Turns {
		fs := folds(words(tok, strings.Join(t.Paragraphs, "\n\n")))
		for i := 0; i+len(run) <= len(fs); i++ {
			if slices.Equal(fs[i:i+len(run)], run) {
				return true
			}
		}
	}
	return false
}

// twin returns the same turn in the other edition of best's event, when
// the archive has that edition, its turns line up with best's document
// (see twins.Align) and the alignment pairs best's turn with one of them
// (see editions.Align).
func (v *verifier) twin(ctx context.Context, src Source, best *candidate) (*Match, error) {
	id, ok := twins.TwinID(best.doc.ID)
	if !ok {
		return nil, nil
	}
	other, err := src.Document(ctx, id)
	if errors.Is(err, transcript.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("verify: twin %s: %w", id, err)
	}
	en, ru := best.doc, other
	if en.Language == "ru" {
		en, ru = ru, en
	}
	if _, ok := twins.Align(en, ru); !ok {
		return nil, nil
	}
	// The same turn in the other edition: the one the editions' alignment
	// pairs with it (an edition may lack a turn the other has).
	var t *transcript.Turn
	for _, p := range editions.Align(en, ru) {
		mine, theirs := p.EN, p.RU
		if best.doc == ru {
			mine, theirs = p.RU, p.EN
		}
		if mine != nil && mine.Index == best.turn.Index {
			t = theirs
			break
		}
	}
	if t == nil {
		return nil, nil
	}
	text := strings.Join(t.Paragraphs, "\n\n")
	c := &candidate{doc: other, turn: t, text: text, cmp: &comparison{sEnd: len(text)}}
	return v.match(c, nil), nil
}
