package textout

import (
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/ingest"
)

// IngestBar draws an ingest's progress on one terminal line.
type IngestBar struct{ Line }

// Progress draws s.
func (b *IngestBar) Progress(s ingest.Status) {
	if b.Due(s.Done >= s.Total) {
		b.Draw(fmt.Sprintf("%s %d/%d files  %d docs  %.1f docs/s", Meter(s.Done, s.Total), s.Done, s.Total, s.Documents, s.Rate()))
	}
}

// ReparseBar draws reparse's progress on one terminal line.
type ReparseBar struct{ Line }

// ReparseProgress draws s.
func (b *ReparseBar) ReparseProgress(s ingest.ReparseStatus) {
	if b.Due(s.Done >= s.Total) {
		b.Draw(fmt.Sprintf("%s %d/%d docs  %d changed  %.1f docs/s", Meter(s.Done, s.Total), s.Done, s.Total, s.Changed, s.Rate()))
	}
}

// CrawlBar draws a crawl's progress on one terminal line.
type CrawlBar struct{ Line }

// Progress draws p.
func (b *CrawlBar) Progress(p crawl.Progress) {
	if !b.Due(p.Total > 0 && p.Done >= p.Total) {
		return
	}
	var line string
	if p.Phase == "feed" {
		line = fmt.Sprintf("reading the feed: %d pages", p.Feeds)
	} else {
		line = fmt.Sprintf("%d/%d  new %d  changed %d  unchanged %d  not modified %d  failed %d", p.Done, p.Total, p.New, p.Changed, p.Unchanged, p.NotModified, p.Failed)
	}
	if u := p.URL; u != "" {
		if len(u) > 50 { // keep the end, where the page number is
			u = "…" + u[len(u)-49:]
		}
		line += "  " + u
	}
	b.Draw(line)
}

// CopyBar draws copy's progress on one terminal line.
type CopyBar struct {
	Line
	Total int       // versions to copy
	Start time.Time // when the copy started
}

// Draw draws the versions done (written or found in the target) and
// written.
func (b *CopyBar) Draw(done, written int) {
	rate := float64(written) / max(time.Since(b.Start).Seconds(), 1e-3)
	b.Line.Draw(fmt.Sprintf("%s %d/%d versions  %.1f versions/s", Meter(done, b.Total), done, b.Total, rate))
}
