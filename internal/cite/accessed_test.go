package cite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// fakeLog is a crawl log that knows only the fetches of one URL.
type fakeLog struct {
	transcript.CrawlLog
	url     string
	fetches []transcript.Fetch
	err     error
}

func (l *fakeLog) Fetches(_ context.Context, url string) ([]transcript.Fetch, error) {
	if url != l.url {
		return nil, nil
	}
	return l.fetches, l.err
}

func TestAccessed(t *testing.T) {
	at := func(day int) time.Time { return time.Date(2024, 3, day, 12, 0, 0, 0, time.UTC) }
	doc := english
	stored := transcript.Version{Number: 2, StoredAt: at(20)}
	log := &fakeLog{url: doc.URL, fetches: []transcript.Fetch{
		{URL: doc.URL, FetchedAt: at(1), DocumentID: doc.ID, Version: 1, Outcome: transcript.FetchNew},
		{URL: doc.URL, FetchedAt: at(2), DocumentID: doc.ID, Version: 1, Outcome: transcript.FetchUnchanged},
		{URL: doc.URL, FetchedAt: at(3), DocumentID: "other", Version: 2, Outcome: transcript.FetchChanged},
		{URL: doc.URL, FetchedAt: at(4), DocumentID: doc.ID, Version: 2, Outcome: transcript.FetchChanged},
		{URL: doc.URL, FetchedAt: at(5), DocumentID: doc.ID, Version: 2, Outcome: transcript.FetchChanged},
	}}
	tests := []struct {
		name     string
		log      transcript.CrawlLog
		v        transcript.Version
		want     time.Time
		wantFrom string
	}{
		{"the fetch that stored the version", log, stored, at(4), cite.AccessedFetch},
		{"the first version", log, transcript.Version{Number: 1, StoredAt: at(21)}, at(1), cite.AccessedFetch},
		{"no fetch of the version", log, transcript.Version{Number: 3, StoredAt: at(22)}, at(22), cite.AccessedStored},
		{"no crawl log", nil, stored, at(20), cite.AccessedStored},
		{"fetched under another URL", &fakeLog{url: "http://mirror/67763", fetches: log.fetches}, stored, at(20), cite.AccessedStored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from, err := cite.Accessed(t.Context(), tt.log, doc, tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) || from != tt.wantFrom {
				t.Errorf("Accessed = %v, %q; want %v, %q", got, from, tt.want, tt.wantFrom)
			}
		})
	}
	broken := errors.New("disk on fire")
	if _, _, err := cite.Accessed(t.Context(), &fakeLog{url: doc.URL, err: broken}, doc, stored); !errors.Is(err, broken) {
		t.Errorf("Accessed with a failing log: err %v, want %v", err, broken)
	}
}

func TestPermalink(t *testing.T) {
	tests := []struct {
		base, id string
		n, v     int
		want     string
	}{
		{"https://r.example.org/", "kremlin.ru/67763", 0, 2, "https://r.example.org/d/kremlin.ru/67763?version=2"},
		{"https://r.example.org", "kremlin.ru/67763", 4, 2, "https://r.example.org/d/kremlin.ru/67763/t/4?v=2"},
		{"https://r.example.org", "x/a b?", 1, 1, "https://r.example.org/d/x/a%20b%3F/t/1?v=1"},
		{"", "kremlin.ru/67763", 4, 2, ""},
	}
	for _, tt := range tests {
		if got := cite.Permalink(tt.base, tt.id, tt.n, tt.v); got != tt.want {
			t.Errorf("Permalink(%q, %q, %d, %d) = %q, want %q", tt.base, tt.id, tt.n, tt.v, got, tt.want)
		}
	}
}
