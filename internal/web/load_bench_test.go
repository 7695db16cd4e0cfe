package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/web"
)

// BenchmarkWhileHeavy measures what a cheap request takes on the
// synthetic archive of 3,000 documents, idle and while four clients each
// send the worst-case search (worstQuery, a search page with facets, each
// time with another limit so that the result cache does not help) again
// as soon as it is answered: the hardening issue's "four slow searches
// stop the whole site". The cheap requests are /healthz, a document page
// and an ordinary search (a phrase that one document matches, first page
// with facets, never twice the same). Each reports its p50 and its
// slowest answer; the loaded ones also how many worst-case searches were
// answered 200 or 503 (busy) meanwhile. Run it with a fixed count:
//
//	go test ./internal/web -run XXX -bench WhileHeavy -benchtime 20x
func BenchmarkWhileHeavy(b *testing.B) {
	ts := httptest.NewServer(web.NewServer(slowArchive(b), web.Config{RateLimit: -1, RequestTimeout: time.Minute}))
	defer ts.Close()
	var n atomic.Int64 // makes each cheap search new
	cheap := []struct {
		name string
		path func() string
	}{
		{"healthz", func() string { return "/healthz" }},
		{"document", func() string { return fmt.Sprintf("/d/%s", storetest.Synthetic(int(n.Add(1))%syntheticDocs).ID) }},
		{"search", func() string {
			return searchPath(fmt.Sprintf("%q", fmt.Sprintf("synthetic event %d", n.Add(1)%syntheticDocs)))
		}},
	}
	for _, load := range []string{"idle", "heavy"} {
		var stop func() (ok, busy int64)
		if load == "heavy" {
			stop = worstClients(ts.URL, 4)
			time.Sleep(time.Second) // every client's first search under way
		}
		for _, c := range cheap {
			b.Run(load+"/"+c.name, func(b *testing.B) {
				var took []time.Duration
				for b.Loop() {
					start := time.Now()
					r := request(ts.URL, c.path())
					if r.err != nil || r.status != http.StatusOK {
						b.Fatalf("GET %s: %d %v", r.path, r.status, r.err)
					}
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
			})
		}
		if stop != nil {
			ok, busy := stop()
			b.Logf("worst-case searches meanwhile: %d answered, %d busy (503)", ok, busy)
		}
	}
}

// worstClients starts clients that each send worstQuery again as soon as
// it is answered; stop ends them and counts their 200s and 503s.
func worstClients(base string, clients int) (stop func() (ok, busy int64)) {
	var (
		wg       sync.WaitGroup
		done     atomic.Bool
		ok, busy atomic.Int64
		n        atomic.Int64
	)
	for range clients {
		wg.Go(func() {
			for !done.Load() {
				r := request(base, searchPath(worstQuery, "limit", fmt.Sprint(1+n.Add(1)%100)))
				switch r.status {
				case http.StatusOK:
					ok.Add(1)
				case http.StatusServiceUnavailable:
					busy.Add(1)
				}
			}
		})
	}
	return func() (int64, int64) {
		done.Store(true)
		wg.Wait()
		return ok.Load(), busy.Load()
	}
}
