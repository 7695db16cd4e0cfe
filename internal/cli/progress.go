package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Ingest runs ingest.Run over paths into store with cfg, drawing its
// progress on stderr when stderr is a terminal, and then prints each
// failed input there, one line each. The caller starts and ends the bulk
// load around it.
func Ingest(ctx context.Context, store transcript.Store, paths []string, cfg ingest.Config, stderr io.Writer) (ingest.Result, error) {
	var bar *textout.IngestBar
	if IsTerminal(stderr) {
		bar = &textout.IngestBar{Line: textout.Line{W: stderr}}
		cfg.Progress = bar
	}
	res, err := ingest.Run(ctx, store, paths, cfg)
	if bar != nil {
		bar.Clear()
	}
	for _, f := range res.Failures {
		fmt.Fprintln(stderr, ingest.Message(f))
	}
	return res, err
}

// Reparse runs ingest.Reparse over store with cfg as Ingest runs an
// ingest: its progress on stderr when stderr is a terminal, then each
// failed document there.
func Reparse(ctx context.Context, store transcript.Store, cfg ingest.ReparseConfig, stderr io.Writer) (ingest.ReparseResult, error) {
	var bar *textout.ReparseBar
	if IsTerminal(stderr) {
		bar = &textout.ReparseBar{Line: textout.Line{W: stderr}}
		cfg.Progress = bar
	}
	res, err := ingest.Reparse(ctx, store, cfg)
	if bar != nil {
		bar.Clear()
	}
	for _, f := range res.Failures {
		fmt.Fprintln(stderr, f)
	}
	return res, err
}

// CrawlProgress returns, when stderr is a terminal, the crawl.Config
// Progress that draws a crawl's progress there and the function that
// clears it when the crawl is done; otherwise nil and a function that
// does nothing.
func CrawlProgress(stderr io.Writer) (progress func(crawl.Progress), clearLine func()) {
	if !IsTerminal(stderr) {
		return nil, func() {}
	}
	bar := &textout.CrawlBar{Line: textout.Line{W: stderr}}
	return bar.Progress, bar.Clear
}

// IndexProgress returns, when stderr is a terminal, the progress
// function of transcript.Indexer's RebuildIndex that draws it there and
// the function that clears it when done; otherwise nil and a function
// that does nothing.
func IndexProgress(stderr io.Writer) (progress func(done, total int), clearLine func()) {
	if !IsTerminal(stderr) {
		return nil, func() {}
	}
	line := &textout.Line{W: stderr}
	return func(done, total int) {
		if line.Due(done == total) {
			line.Draw(fmt.Sprintf("indexing %s %d/%d documents", textout.Meter(done, total), done, total))
		}
	}, line.Clear
}

// Warnings returns the function that parsers tell their warnings
// ("FILE: warning: …"), which prints them on w, a line each. Workers
// parse at once, so the warnings are written under a lock, a line at a
// time.
func Warnings(w io.Writer) func([]parser.Warning) {
	var mu sync.Mutex
	return func(ws []parser.Warning) {
		mu.Lock()
		defer mu.Unlock()
		for _, warning := range ws {
			fmt.Fprintln(w, warning)
		}
	}
}

// CopyProgress tells a copy's progress on W (stderr): the line that
// says what is copied, from where to where, when the copy starts, then,
// when W is a terminal, a progress bar. Its methods suit
// archivecopy.Options.
type CopyProgress struct {
	W        io.Writer
	From, To string // the archives as messages show them
	bar      *textout.CopyBar
}

// Started says that the copy of st's documents and versions starts.
func (p *CopyProgress) Started(st transcript.Stats) {
	fmt.Fprintf(p.W, "copying %s (%s) from %s to %s\n", textout.Plural(st.Documents, "document", "documents"),
		textout.Plural(st.Versions, "version", "versions"), p.From, p.To)
	if IsTerminal(p.W) {
		p.bar = &textout.CopyBar{Line: textout.Line{W: p.W}, Total: st.Versions, Start: time.Now()}
	}
}

// Draw draws the versions done and written, on a terminal.
func (p *CopyProgress) Draw(done, written int) {
	if p.bar != nil {
		p.bar.Draw(done, written)
	}
}

// Clear clears the progress bar, if any.
func (p *CopyProgress) Clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

// CrawlReport prints what a crawl did: its failed pages on stderr, its
// summary on stdout.
func CrawlReport(stdout, stderr io.Writer, st crawl.Stats) {
	for _, fl := range st.Failures {
		fmt.Fprintf(stderr, "%s: %s\n", fl.URL, fl.Err)
	}
	fmt.Fprintln(stdout, st.Summary())
}

// CrawlOutcome is the crawl command's error for a crawl that ended with
// st and err: interrupted when ctx ended it, err itself, ErrReported when
// pages failed or are owed, else nil.
func CrawlOutcome(ctx context.Context, st crawl.Stats, err error) error {
	switch {
	case errors.Is(err, context.Canceled) || err != nil && ctx.Err() != nil:
		return errors.New("interrupted: the pages counted above are stored; run the same command again to continue where it stopped")
	case err != nil:
		return err
	case st.Failed > 0 || st.Owed > 0:
		return ErrReported
	}
	return nil
}
