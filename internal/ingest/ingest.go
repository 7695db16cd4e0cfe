// Package ingest turns input paths into stored documents: it expands files,
// folders and standard input into inputs, rejects what cannot be a page,
// detects each input's format, parses inputs concurrently and writes the
// documents through a single writer into a transcript.Store, in batches
// with a savepoint per document.
//
// A bad input never stops a run: it is reported as FILE:LINE: reason and the
// other inputs still go in. Every document of an input is parsed before any
// of them is stored, so an input that fails to parse changes nothing.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// Config says how to ingest. Formats is required; the zero value of every
// other field has a sensible default.
type Config struct {
	Formats  Formats
	Format   string    // Auto (or "") to detect each input's format, else a name in Formats
	Workers  int       // parsing goroutines; 0 means runtime.NumCPU()
	MaxBytes int64     // size limit of one input; 0 means DefaultMaxBytes
	Stdin    io.Reader // read for the path "-"
	Progress Progress  // told after each input; nil for none
	Now      func() time.Time
}

// Progress receives a run's progress. Ingest calls it from one goroutine at
// a time, after each input is done.
type Progress interface {
	Progress(Status)
}

// Status is a snapshot of a run's progress.
type Status struct {
	Done, Total int // inputs finished, inputs in the run
	Documents   int // documents stored or found unchanged so far
	Elapsed     time.Duration
}

// Rate returns the documents per second so far.
func (s Status) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Documents) / s.Elapsed.Seconds()
}

// Result counts what a run did.
type Result struct {
	Inserted, Updated, Unchanged int // documents, by transcript.PutStatus
	// Failed counts inputs that were rejected or failed to parse, plus
	// documents the store refused.
	Failed   int
	Failures []error // one *parser.ParseError per failure, in input order
	// Skipped lists the files of folders that are plainly no pages
	// (NotPage), which were not read.
	Skipped []string
	Elapsed time.Duration
}

// Documents returns the number of documents stored or found unchanged.
func (r Result) Documents() int { return r.Inserted + r.Updated + r.Unchanged }

// Summary returns the run's one-line summary,
// "ingested N, updated N, unchanged N, failed N".
func (r Result) Summary() string {
	s := fmt.Sprintf("ingested %d, updated %d, unchanged %d, failed %d", r.Inserted, r.Updated, r.Unchanged, r.Failed)
	if n := len(r.Skipped); n > 0 {
		s += fmt.Sprintf("; skipped %d %s (notes, feeds, indexes; name %s to read %s)", n,
			plural(n, "file that is not a page", "files that are not pages"), plural(n, "it", "them"), plural(n, "it", "them"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Rate returns the documents per second of the run.
func (r Result) Rate() float64 { return Status{Documents: r.Documents(), Elapsed: r.Elapsed}.Rate() }

// Parsed is one document read from an input.
type Parsed struct {
	Doc  *transcript.Document
	Line int    // where the document starts in the input, from 1
	Raw  []byte // the bytes it was parsed from
}

// parsed is the outcome of reading and parsing one input.
type parsed struct {
	path   string
	format string
	docs   []Parsed
	err    error
}

// BatchSize is the most documents Run stores in one transaction.
const BatchSize = 64

// Run ingests paths into store. Inputs are parsed on cfg.Workers goroutines
// and stored in input order by one writer, in batches of up to BatchSize
// documents (Store.PutBatch: one transaction, each document under its own
// savepoint). When ctx is cancelled, Run stores the documents already
// parsed, stops, and returns what it did with ctx's error. So it does
// when a batch fails for want of the archive's server (after the store
// waited for it): every later batch would fail the same way, and the
// error wraps the batch's, transcript.ErrUnavailable. Otherwise the error
// is nil and failures are in the Result.
func Run(ctx context.Context, store transcript.Store, paths []string, cfg Config) (Result, error) {
	if err := cfg.Formats.Check(cfg.Format); err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{ctx: ctx, cancel: cancel, store: store, cfg: cfg, now: cfg.Now, pending: map[string]*transcript.Document{}}
	if r.now == nil {
		r.now = time.Now
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	r.start = r.now()
	inputs, skipped, errs := ExpandSkipping(paths)
	r.res = Result{Failed: len(errs), Failures: errs, Skipped: skipped}

	var stdinMu sync.Mutex
	// Parsing runs up to two batches ahead of storing.
	order, stop := ordered(ctx, inputs, workers, 2*BatchSize, func(ctx context.Context, path string) parsed {
		return parse(ctx, path, cfg, &stdinMu)
	})
	defer stop()
	r.st = Status{Total: len(inputs)}
	r.report()
	defer r.settleAll()
	return r.loop(order)
}

// run is one Run: it stores the documents of parsed inputs, in input
// order, in batches, one transaction each with a savepoint per document:
// a commit per document would cost more than the document. A batch is
// written when it is full, or whenever the next input is not parsed yet,
// so a slow input never waits behind it. Two batches are in flight:
// while the store writes one (a single writer), it prepares the next on
// the other cores. Store.PutBatch writes concurrent calls in call order,
// so the archive sees the inputs in order.
type run struct {
	ctx    context.Context
	cancel context.CancelCauseFunc // stops the run, with the cause Run returns
	store  transcript.Store
	cfg    Config
	now    func() time.Time
	start  time.Time
	res    Result
	st     Status

	inFlight []*flight
	// A Russian page takes its English twin's canonical persons when the
	// two transcripts align (twins.Link), as the crawler and reparse do:
	// the twin is looked up among the English documents of the batches
	// not yet stored (pending), then in the archive. A Russian page that
	// comes before its English twin stays unlinked until rostrum reparse.
	pending  map[string]*transcript.Document
	batch    []item
	received int // inputs read since the last batch was handed over
}

// item is a document in a batch, with the input it came from.
type item struct {
	path, format string
	Parsed
}

// flight is a batch handed to the store.
type flight struct {
	batch   []item
	english []string // ids of the batch's English documents, in pending until it is stored
	inputs  int      // inputs finished once this batch is stored
	results []transcript.PutResult
	errs    []error
	done    chan struct{}
}

// loop takes the parsed inputs in order and batches their documents.
func (r *run) loop(order <-chan chan parsed) (Result, error) {
	var stopped error
loop:
	for out := range order {
		var p parsed
		select {
		case p = <-out:
		default:
			r.flush()
			select {
			case p = <-out:
			case <-r.ctx.Done():
				stopped = r.stopCause()
				break loop
			}
		}
		if r.ctx.Err() != nil {
			stopped = r.stopCause()
			break loop
		}
		r.take(p)
	}
	r.flush()
	r.settleAll()
	r.st.Done += r.received // inputs that gave no document, after the last batch
	r.report()
	r.res.Elapsed = r.now().Sub(r.start)
	if stopped == nil && r.st.Done < r.st.Total && r.ctx.Err() != nil {
		// ctx ended before the loop took an input (the pool saw it
		// first and sent nothing): stopped all the same.
		stopped = r.stopCause()
	}
	if stopped != nil {
		return r.res, fmt.Errorf("ingest: stopped after %d of %d inputs: %w", r.st.Done, r.st.Total, stopped)
	}
	return r.res, nil
}

// stopCause is why the run stopped: a batch's error for want of the
// server (see Run), or the context's error.
func (r *run) stopCause() error {
	if cause := context.Cause(r.ctx); errors.Is(cause, transcript.ErrUnavailable) {
		return cause
	}
	return r.ctx.Err()
}

// take adds the documents of one parsed input to the batch, and hands the
// batch over when it is full.
func (r *run) take(p parsed) {
	if p.err != nil {
		r.fail(p.err)
	}
	for _, d := range p.docs {
		doc, err := r.link(d.Doc)
		if err != nil {
			r.fail(&parser.ParseError{Source: p.path, Line: d.Line, Err: err})
			continue
		}
		d.Doc = doc
		if doc.Language == "en" {
			r.pending[doc.ID] = doc
		}
		r.batch = append(r.batch, item{p.path, p.format, d})
	}
	r.received++
	if len(r.batch) >= BatchSize {
		r.flush()
	} else {
		r.report()
	}
}

// report tells cfg.Progress where the run stands.
func (r *run) report() {
	if r.cfg.Progress != nil {
		r.st.Elapsed = r.now().Sub(r.start)
		r.cfg.Progress.Progress(r.st)
	}
}

func (r *run) fail(err error) {
	r.res.Failed++
	r.res.Failures = append(r.res.Failures, err)
}

// link gives a Russian document its English twin's persons (see pending).
func (r *run) link(d *transcript.Document) (*transcript.Document, error) {
	if d.Language != "ru" {
		return d, nil
	}
	id, ok := twins.TwinID(d.ID)
	if !ok {
		return d, nil
	}
	if en := r.pending[id]; en != nil {
		return twins.Link(d, en), nil
	}
	return twins.Resolve(r.ctx, r.store, d)
}

// settle waits for the oldest batch in flight and counts it.
func (r *run) settle() {
	f := r.inFlight[0]
	r.inFlight = r.inFlight[1:]
	<-f.done
	for _, id := range f.english {
		delete(r.pending, id)
	}
	for i, it := range f.batch {
		if f.errs[i] != nil {
			r.fail(&parser.ParseError{Source: it.path, Line: it.Line, Err: f.errs[i]})
			continue
		}
		switch f.results[i].Status {
		case transcript.Inserted:
			r.res.Inserted++
		case transcript.Updated:
			r.res.Updated++
		default:
			r.res.Unchanged++
		}
		r.st.Documents++
	}
	r.st.Done += f.inputs
	r.report()
}

func (r *run) settleAll() {
	for len(r.inFlight) > 0 {
		r.settle()
	}
}

// flush hands the batch to the store, after waiting for the older of two
// batches in flight.
func (r *run) flush() {
	if len(r.batch) == 0 {
		return
	}
	if len(r.inFlight) == 2 {
		r.settle()
	}
	f := &flight{batch: r.batch, inputs: r.received, done: make(chan struct{})}
	r.batch, r.received = nil, 0
	docs := make([]*transcript.Document, len(f.batch))
	raws := make([]transcript.Raw, len(f.batch))
	for i, it := range f.batch {
		docs[i] = it.Doc
		raws[i] = transcript.Raw{Origin: it.path, Format: it.format, Bytes: it.Raw}
		if it.Doc.Language == "en" {
			f.english = append(f.english, it.Doc.ID)
		}
	}
	r.inFlight = append(r.inFlight, f)
	go func() {
		defer close(f.done)
		// A batch handed to the store is finished even when ctx ends.
		f.results, f.errs = r.store.PutBatch(context.WithoutCancel(r.ctx), docs, raws)
		for _, err := range f.errs {
			if errors.Is(err, transcript.ErrUnavailable) {
				r.cancel(err)
				break
			}
		}
	}()
}

// parse runs ReadInput for the worker pool; reads of standard input are
// serialised, as there is only one.
func parse(ctx context.Context, path string, cfg Config, stdinMu *sync.Mutex) parsed {
	if path == Stdin {
		stdinMu.Lock()
		defer stdinMu.Unlock()
	}
	format, docs, err := ReadInput(ctx, path, cfg)
	return parsed{path: path, format: format, docs: docs, err: err}
}

// ReadInput reads, checks (see Load) and parses one input with
// cfg.Formats in cfg.Format, and validates each document. It returns the
// format used and the documents, or, if any of them fails, none of them
// and a *parser.ParseError. It stores nothing: Run uses it, and so does
// anything that wants to see what an input holds. When ctx ends while
// the input is read, the error is ctx's.
func ReadInput(ctx context.Context, path string, cfg Config) (format string, docs []Parsed, err error) {
	data, err := Load(ctx, path, cfg.Stdin, cfg.MaxBytes)
	if err != nil {
		return "", nil, err
	}
	format, err = cfg.Formats.Decode(cfg.Format, data, path, func(doc *transcript.Document, line int, raw []byte) error {
		if err := doc.Validate(); err != nil {
			return &parser.ParseError{Source: path, Line: line, Err: err}
		}
		docs = append(docs, Parsed{doc, line, raw})
		return nil
	})
	if err != nil {
		var pe *parser.ParseError
		if !errors.As(err, &pe) {
			err = &parser.ParseError{Source: path, Err: err}
		}
		return format, nil, err
	}
	return format, docs, nil
}
