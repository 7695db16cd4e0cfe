package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// ReparseConfig says how to re-derive an archive's documents. Formats is
// required; the zero value of every other field has a sensible default.
type ReparseConfig struct {
	Formats  Formats
	DryRun   bool             // report what would change, write nothing (Russian documents then meet their English twins as stored)
	Workers  int              // parsing goroutines; 0 means runtime.NumCPU()
	Progress ReparseProgress  // told after each document; nil for none
	Now      func() time.Time // for Elapsed; nil means time.Now
}

// ReparseProgress receives a reparse's progress, from one goroutine at a
// time.
type ReparseProgress interface {
	ReparseProgress(ReparseStatus)
}

// ReparseStatus is a snapshot of a reparse's progress.
type ReparseStatus struct {
	Done, Total int // documents checked, documents in the archive
	Changed     int
	Elapsed     time.Duration
}

// Rate returns the documents checked per second so far.
func (s ReparseStatus) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Done) / s.Elapsed.Seconds()
}

// Change is one document that the current parser reads differently from
// its stored current version.
type Change struct {
	ID      string
	Version int      // the new version's number; 0 in a dry run
	Fields  []string // what differs, in ChangeFields order
}

// ChangeFields are the names a Change reports, in the order it reports
// them: document metadata, the taxonomy, then the transcript (the number
// of turns, and when that is the same, the turns' labels, persons, roles,
// text and stage directions).
var ChangeFields = []string{"url", "language", "section", "title", "lead", "date", "time", "place",
	"published_in", "published_at", "taxonomy", "media", "related",
	"turns", "speakers", "persons", "roles", "paragraphs", "notes"}

// ReparseResult counts what a reparse did.
type ReparseResult struct {
	Checked, Unchanged, Changed, Failed int
	Changes                             []Change       // the changed documents, in id order
	Reasons                             map[string]int // ChangeFields name → changed documents
	Failures                            []error        // one *ReparseError per failed document, in id order
	DryRun                              bool
	Elapsed                             time.Duration
}

// Summary returns the run's one-line count,
// "checked N, unchanged N, changed N, failed N".
func (r ReparseResult) Summary() string {
	verb := "changed"
	if r.DryRun {
		verb = "would change"
	}
	return fmt.Sprintf("checked %d, unchanged %d, %s %d, failed %d", r.Checked, r.Unchanged, verb, r.Changed, r.Failed)
}

// Why summarises the reasons of the changes, most frequent first:
// "312 changed: persons 290, turns 22". A document counts once under
// each field that differs. It is empty when nothing changed.
func (r ReparseResult) Why() string {
	if r.Changed == 0 {
		return ""
	}
	type kv struct {
		k string
		n int
	}
	var rs []kv
	for _, f := range ChangeFields {
		if n := r.Reasons[f]; n > 0 {
			rs = append(rs, kv{f, n})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].n > rs[j].n })
	parts := make([]string, len(rs))
	for i, x := range rs {
		parts[i] = fmt.Sprintf("%s %d", x.k, x.n)
	}
	verb := "changed"
	if r.DryRun {
		verb = "would change"
	}
	return fmt.Sprintf("%d %s: %s", r.Changed, verb, strings.Join(parts, ", "))
}

// ReparseError is a document that could not be re-derived: its raw input
// is missing, has no parser, no longer parses, or now parses as another
// document. The stored document is left as it is.
type ReparseError struct {
	ID  string
	Err error
}

// Error returns "ID: reason".
func (e *ReparseError) Error() string {
	msg := e.Err.Error()
	var pe *parser.ParseError
	if errors.As(e.Err, &pe) {
		msg = transcript.Message(pe.Err, transcript.ErrInvalid)
		if pe.Line > 1 {
			msg = fmt.Sprintf("line %d: %s", pe.Line, msg)
		}
	}
	return e.ID + ": " + msg
}

func (e *ReparseError) Unwrap() error { return e.Err }

// outcome is what re-deriving one document gave.
type outcome struct {
	id      string
	doc     *transcript.Document // the new document, when it changed
	raw     transcript.Raw
	fields  []string
	err     error // a *ReparseError, or a store error that stops the run
	stopRun bool
}

// Reparse re-derives every document of store from the raw input of its
// current version with the parser cfg.Formats has for that input's format,
// and stores the documents that now read differently as new versions
// (unless cfg.DryRun). Made from the same raw input, such a version is
// recorded as re-derived (transcript.CauseRederived), never as an edit at
// the source. A Russian document is linked to its English
// edition (twins.Resolve) as the crawler does it; English documents are
// done first, so that a Russian one meets its twin as reparsed.
//
// A document whose raw input fails is counted and reported in Failures
// and left as it is. Reparse returns an error, with the counts so far,
// only when ctx ends or the store fails.
func Reparse(ctx context.Context, store transcript.Store, cfg ReparseConfig) (ReparseResult, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	start := now()
	res := ReparseResult{Reasons: map[string]int{}, DryRun: cfg.DryRun}

	var first, second []string // non-Russian, then Russian documents
	for doc, err := range store.Documents(ctx) {
		if err != nil {
			return res, fmt.Errorf("reparse: list documents: %w", err)
		}
		if doc.Language == "ru" {
			second = append(second, doc.ID)
		} else {
			first = append(first, doc.ID)
		}
	}
	slices.Sort(first)
	slices.Sort(second)
	st := ReparseStatus{Total: len(first) + len(second)}
	report := func() {
		if cfg.Progress != nil {
			st.Elapsed = now().Sub(start)
			cfg.Progress.ReparseProgress(st)
		}
	}
	report()
	for _, ids := range [][]string{first, second} {
		if err := reparsePhase(ctx, store, cfg, ids, workers, &res, func() {
			st.Done, st.Changed = res.Checked, res.Changed
			report()
		}); err != nil {
			res.Elapsed = now().Sub(start)
			return res, err
		}
	}
	res.Elapsed = now().Sub(start)
	return res, nil
}

// reparsePhase re-derives ids on workers goroutines and stores the changed
// documents from this goroutine, in id order.
func reparsePhase(ctx context.Context, store transcript.Store, cfg ReparseConfig, ids []string, workers int,
	res *ReparseResult, done func()) error {
	order, stop := ordered(ctx, ids, workers, 4*workers, func(work context.Context, id string) outcome {
		return rederive(work, store, cfg.Formats, id)
	})
	defer stop()
	for out := range order {
		var o outcome
		select {
		case o = <-out:
		case <-ctx.Done():
			return fmt.Errorf("reparse: stopped after %d documents: %w", res.Checked, ctx.Err())
		}
		if o.stopRun {
			return o.err
		}
		res.Checked++
		switch {
		case o.err != nil:
			res.Failed++
			res.Failures = append(res.Failures, o.err)
		case o.doc == nil:
			res.Unchanged++
		default:
			c := Change{ID: o.id, Fields: o.fields}
			if !cfg.DryRun {
				pr, err := store.Put(context.WithoutCancel(ctx), o.doc, o.raw)
				if errors.Is(err, transcript.ErrInvalid) {
					res.Failed++
					res.Failures = append(res.Failures, &ReparseError{ID: o.id, Err: err})
					done()
					continue
				}
				if err != nil {
					return fmt.Errorf("reparse: %w", err)
				}
				if pr.Status == transcript.Unchanged {
					res.Unchanged++ // the store's canonical form hid the difference
					done()
					continue
				}
				c.Version = pr.Version
			}
			res.Changed++
			res.Changes = append(res.Changes, c)
			for _, f := range o.fields {
				res.Reasons[f]++
			}
		}
		done()
	}
	return ctx.Err()
}

// rederive parses the raw input of id's current version again and compares
// the result with the stored document.
func rederive(ctx context.Context, store transcript.Store, formats Formats, id string) outcome {
	fail := func(format string, args ...any) outcome {
		return outcome{id: id, err: &ReparseError{ID: id, Err: fmt.Errorf(format, args...)}}
	}
	stop := func(err error) outcome {
		return outcome{id: id, err: fmt.Errorf("reparse %s: %w", id, err), stopRun: true}
	}
	old, err := store.Document(ctx, id)
	if err != nil {
		return stop(err)
	}
	versions, err := store.Versions(ctx, id)
	if err != nil {
		return stop(err)
	}
	if len(versions) == 0 {
		return fail("no versions stored")
	}
	cur := versions[len(versions)-1]
	raw, err := store.RawInput(ctx, id, cur.Number)
	if errors.Is(err, transcript.ErrNotFound) {
		return fail("no raw input stored for version %d", cur.Number)
	}
	if err != nil {
		return stop(err)
	}
	if raw.Format == "" {
		raw.Format = cur.Format
	}
	decode := formats[raw.Format]
	if decode == nil {
		return fail("no parser for format %q", raw.Format)
	}
	var docs []*transcript.Document
	err = decode(bytes.NewReader(raw.Bytes), id, func(doc *transcript.Document, line int, _ []byte) error {
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return outcome{id: id, err: &ReparseError{ID: id, Err: err}}
	}
	var doc *transcript.Document
	for _, d := range docs {
		if d.ID == id {
			doc = d
			break
		}
	}
	switch {
	case doc != nil:
	case len(docs) == 1:
		return fail("now parses as %s; left as it is", docs[0].ID)
	default:
		return fail("raw input (%d documents) holds no document %s", len(docs), id)
	}
	if err := doc.Validate(); err != nil {
		return outcome{id: id, err: &ReparseError{ID: id, Err: err}}
	}
	doc, err = twins.Resolve(ctx, store, doc)
	if err != nil {
		return stop(err)
	}
	fields, err := diffFields(old, doc)
	if err != nil {
		return stop(err)
	}
	if len(fields) == 0 {
		return outcome{id: id}
	}
	return outcome{id: id, doc: doc, raw: raw, fields: fields}
}

// diffFields names the fields in which b differs from a, in ChangeFields
// order; none when their canonical JSON is the same.
func diffFields(a, b *transcript.Document) ([]string, error) {
	ja, err := a.MarshalJSON()
	if err != nil {
		return nil, err
	}
	jb, err := b.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if bytes.Equal(ja, jb) {
		return nil, nil
	}
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("url", a.URL != b.URL)
	add("language", a.Language != b.Language)
	add("section", a.Section != b.Section)
	add("title", a.Title != b.Title)
	add("lead", a.Lead != b.Lead)
	add("date", a.Date != b.Date)
	add("time", a.Time != b.Time)
	add("place", a.Place != b.Place)
	add("published_in", !slices.Equal(a.PublishedIn, b.PublishedIn))
	add("published_at", a.PublishedAt != b.PublishedAt)
	add("taxonomy", !slices.Equal(a.Geography, b.Geography) || !slices.Equal(a.Topics, b.Topics) ||
		!slices.Equal(a.Persons, b.Persons))
	add("media", !slices.Equal(a.Media, b.Media))
	add("related", !slices.Equal(a.Related, b.Related))
	if len(a.Turns) != len(b.Turns) {
		out = append(out, "turns")
	} else {
		var speakers, persons, roles, paragraphs, notes bool
		for i, ta := range a.Turns {
			tb := b.Turns[i]
			speakers = speakers || ta.Speaker != tb.Speaker
			persons = persons || ta.Person != tb.Person
			roles = roles || ta.Role != tb.Role
			paragraphs = paragraphs || !slices.Equal(ta.Paragraphs, tb.Paragraphs)
			notes = notes || !slices.Equal(ta.Notes, tb.Notes)
		}
		add("speakers", speakers)
		add("persons", persons)
		add("roles", roles)
		add("paragraphs", paragraphs)
		add("notes", notes)
	}
	if len(out) == 0 {
		// Only what no field above names differs, such as turn indexes.
		out = append(out, "turns")
	}
	return out, nil
}
