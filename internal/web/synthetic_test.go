package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// worstQuery is the costliest search the server accepts: web.MaxPrefixes
// one-letter prefixes, OR-ed; each stands for a large part of the
// vocabulary. On the synthetic archive of 3,000 documents it takes about
// a second with facets (what a search page asks for).
const worstQuery = "a* OR b* OR c* OR d* OR e* OR f* OR g* OR h*"

// syntheticDocs is the size of the archive of slowArchive.
const syntheticDocs = 3000

var (
	slowOnce  sync.Once
	slowStore *sqlite.Store
	slowErr   error
)

// slowArchive returns an archive of syntheticDocs synthetic documents
// (storetest.Synthetic), built once per test binary, on which worstQuery
// is slow.
func slowArchive(t testing.TB) *sqlite.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("builds an archive of 3,000 documents")
	}
	if raceEnabled {
		// Its point is searches that take a second; under the race
		// detector they take a minute. The gate's concurrency is raced
		// by the tests with a held archive (TestBusySearch and others).
		t.Skip("too slow under the race detector")
	}
	slowOnce.Do(func() {
		ctx := context.Background()
		if slowStore, slowErr = sqlite.Open(ctx, filepath.Join(testDir, "slow.db")); slowErr != nil {
			return
		}
		for i := 0; i < syntheticDocs; i += 250 {
			var docs []*transcript.Document
			var raws []transcript.Raw
			for j := i; j < min(i+250, syntheticDocs); j++ {
				d := storetest.Synthetic(j)
				docs = append(docs, d)
				raws = append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
			}
			_, errs := slowStore.PutBatch(ctx, docs, raws)
			for _, err := range errs {
				if err != nil {
					slowErr = err
					return
				}
			}
		}
	})
	if slowErr != nil {
		t.Fatal(slowErr)
	}
	return slowStore
}

// answer is what a request got, and when.
type answer struct {
	path   string
	status int
	header http.Header
	body   string
	err    error
	at     time.Time
}

func request(base, path string) answer {
	a := answer{path: path}
	resp, err := http.Get(base + path)
	if err == nil {
		var b []byte
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		a.status, a.header, a.body = resp.StatusCode, resp.Header, string(b)
	}
	a.err, a.at = err, time.Now()
	return a
}

func searchPath(q string, more ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	return "/search?" + v.Encode()
}
