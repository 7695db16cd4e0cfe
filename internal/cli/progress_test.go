package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestIngestReparse ingests the bundled sample page and a file that is
// no page into a real SQLite archive, then reparses it: the failure is
// told on stderr, a line, and no progress bar is drawn there when it is
// not a terminal.
func TestIngestReparse(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sample, err := filepath.Abs("../../cmd/rostrum/sample/2022-02-10-press-statements-russia-kazakhstan.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := engine.Open(t.Context(), filepath.Join(dir, "a.db"), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var stderr strings.Builder
	cfg := ingest.Config{Formats: ingest.Parsers(parser.Options{}, nil), Format: ingest.Auto}
	res, err := Ingest(t.Context(), a, []string{sample, bad}, cfg, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 1 || res.Failed != 1 {
		t.Errorf("Ingest: %s; want 1 new, 1 failed", res.Summary())
	}
	if lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], bad) {
		t.Errorf("Ingest's stderr: %q, want one line about %s", stderr.String(), bad)
	}
	stderr.Reset()
	rres, err := Reparse(t.Context(), a, ingest.ReparseConfig{Formats: ingest.Parsers(parser.Options{}, nil), DryRun: true}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if rres.Checked != 1 || rres.Failed != 0 || stderr.Len() != 0 {
		t.Errorf("Reparse: %+v, stderr %q", rres, stderr.String())
	}
}

func TestCrawlReport(t *testing.T) {
	ctx := t.Context()
	st := crawl.Stats{Failed: 1, Failures: []crawl.Failure{{URL: "http://x/1", Err: "404"}}}
	var stdout, stderr strings.Builder
	CrawlReport(&stdout, &stderr, st)
	if stderr.String() != "http://x/1: 404\n" || stdout.String() != st.Summary()+"\n" {
		t.Errorf("CrawlReport: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if err := CrawlOutcome(ctx, st, nil); err != ErrReported {
		t.Errorf("CrawlOutcome with a failure: %v, want ErrReported", err)
	}
	if err := CrawlOutcome(ctx, crawl.Stats{}, nil); err != nil {
		t.Errorf("CrawlOutcome of a clean crawl: %v", err)
	}
	if err := CrawlOutcome(ctx, crawl.Stats{}, transcript.ErrUnavailable); err != transcript.ErrUnavailable {
		t.Errorf("CrawlOutcome of a failed crawl: %v", err)
	}
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range []error{context.Canceled, transcript.ErrUnavailable} {
		if got := CrawlOutcome(stopped, crawl.Stats{}, err); got == nil || !strings.HasPrefix(got.Error(), "interrupted: ") {
			t.Errorf("CrawlOutcome of a stopped crawl (%v): %v", err, got)
		}
	}
	if p, clearLine := CrawlProgress(&stderr); p != nil || clearLine == nil {
		t.Errorf("CrawlProgress off a terminal: want no progress and a clear func")
	}
}

// TestWarnings: warnings told by parsers at once come out whole, a line
// each.
func TestWarnings(t *testing.T) {
	var b strings.Builder
	warn := Warnings(&b)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			warn([]parser.Warning{{Source: fmt.Sprintf("p%d.html", i), Msg: "no date"}, {Source: fmt.Sprintf("p%d.html", i), Msg: "no title"}})
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 16 {
		t.Fatalf("Warnings printed %d lines, want 16:\n%s", len(lines), b.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "p") || !strings.Contains(l, ".html: warning: no ") {
			t.Errorf("Warnings printed %q", l)
		}
	}
}

func TestProgressOffTerminal(t *testing.T) {
	var b strings.Builder
	if p, clearLine := IndexProgress(&b); p != nil || clearLine == nil {
		t.Error("IndexProgress off a terminal: want no progress and a clear func")
	}
	t.Setenv("NO_COLOR", "")
	if ColorOK(&b) {
		t.Error("ColorOK of a buffer")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !ColorOK(tty) {
			t.Error("ColorOK(/dev/tty) without NO_COLOR = false")
		}
		t.Setenv("NO_COLOR", "1")
		if ColorOK(tty) {
			t.Error("ColorOK(/dev/tty) with NO_COLOR = true")
		}
	}
}

func TestCopyProgress(t *testing.T) {
	var b strings.Builder
	p := &CopyProgress{W: &b, From: "a.db", To: "postgres://rostrum@db/rostrum"}
	p.Started(transcript.Stats{Documents: 1, Versions: 3})
	p.Draw(1, 1)
	p.Clear()
	if got, want := b.String(), "copying 1 document (3 versions) from a.db to postgres://rostrum@db/rostrum\n"; got != want {
		t.Errorf("CopyProgress off a terminal wrote %q, want %q", got, want)
	}
}
