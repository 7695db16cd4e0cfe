package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the tests' own connections

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// mustOpen opens a new archive in a fresh schema, closed when the test ends.
func mustOpen(tb testing.TB) *postgres.Store {
	tb.Helper()
	_, dsn := pgtest.Schema(tb, pgtest.DSN(tb), "test_")
	s, err := postgres.Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	storetest.CloseAtEnd(tb, s)
	return s
}

// tally counts the conformance cases that ran and failed, and reports
// them when the suite ends, so that a run's log says how much of the
// suite PostgreSQL passed.
type tally struct {
	suite       string
	ran, failed atomic.Int32
	mu          sync.Mutex
	failures    []string
}

func newTally(t *testing.T, suite string) *tally {
	c := &tally{suite: suite}
	t.Cleanup(func() {
		t.Logf("%s: %d conformance cases ran on PostgreSQL, %d failed %v", c.suite, c.ran.Load(), c.failed.Load(), c.failures)
	})
	return c
}

// add counts t, a case of the suite.
func (c *tally) add(t *testing.T) {
	c.ran.Add(1)
	t.Cleanup(func() {
		if t.Failed() {
			c.failed.Add(1)
			c.mu.Lock()
			c.failures = append(c.failures, t.Name())
			c.mu.Unlock()
		}
	})
}

func TestStore(t *testing.T) {
	pgtest.DSN(t)
	c := newTally(t, "storetest")
	storetest.Run(t, func(t *testing.T) transcript.Store {
		c.add(t)
		return mustOpen(t)
	})
}

func TestCrawlLog(t *testing.T) {
	pgtest.DSN(t)
	c := newTally(t, "storetest.RunCrawlLog")
	storetest.RunCrawlLog(t, func(t *testing.T) transcript.Store {
		c.add(t)
		return mustOpen(t)
	})
}

func TestPersonRegistry(t *testing.T) {
	pgtest.DSN(t)
	storetest.RunPersonRegistry(t, func(t *testing.T) transcript.Store { return mustOpen(t) })
}

func TestSearch(t *testing.T) {
	pgtest.DSN(t)
	c := newTally(t, "searchtest")
	searchtest.Run(t, func(t *testing.T) searchtest.Archive {
		c.add(t)
		s := mustOpen(t)
		t.Cleanup(func() {
			if err := s.IntegrityCheck(context.WithoutCancel(t.Context())); err != nil {
				t.Error(err)
			}
		})
		return s
	})
}

// TestWritersAcrossStores: Stores on one archive, as separate processes
// would have, write the same documents at once. Each document is inserted
// once, each change is a version of its own, numbered without gaps or
// duplicates, and the derived tables stay consistent.
func TestWritersAcrossStores(t *testing.T) {
	t.Parallel()
	_, dsn := pgtest.Schema(t, pgtest.DSN(t), "test_")
	const writers, docs = 4, 12
	stores := make([]*postgres.Store, 2)
	for i := range stores {
		s, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	doc := func(i, writer int) *transcript.Document {
		d := storetest.Synthetic(i)
		d.Turns = d.Turns[:4]
		if writer >= 0 {
			d.Title = fmt.Sprintf("changed by writer %d", writer)
		}
		return d
	}
	raw := func(d *transcript.Document) transcript.Raw {
		return transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.Title)}
	}
	// run has each writer store its version of every document, half of
	// them one Put at a time, half in a PutBatch, in different orders.
	run := func(version func(i, w int) *transcript.Document) [][]transcript.PutResult {
		results := make([][]transcript.PutResult, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				s := stores[w%len(stores)]
				results[w] = make([]transcript.PutResult, docs)
				var batch []*transcript.Document
				var raws []transcript.Raw
				for j := range docs {
					i := (j + w*docs/writers) % docs
					d := version(i, w)
					if w%2 == 0 {
						res, err := s.Put(t.Context(), d, raw(d))
						if err != nil {
							t.Errorf("writer %d: %v", w, err)
						}
						results[w][i] = res
						continue
					}
					batch, raws = append(batch, d), append(raws, raw(d))
				}
				if len(batch) == 0 {
					return
				}
				res, errs := s.PutBatch(t.Context(), batch, raws)
				for k, d := range batch {
					if errs[k] != nil {
						t.Errorf("writer %d: %v", w, errs[k])
					}
					var i int
					fmt.Sscanf(d.ID, "synthetic/%d", &i)
					results[w][i] = res[k]
				}
			})
		}
		wg.Wait()
		return results
	}

	// The same new documents from every writer: one insert each.
	results := run(func(i, _ int) *transcript.Document { return doc(i, -1) })
	for i := range docs {
		inserted := 0
		for w := range writers {
			switch results[w][i].Status {
			case transcript.Inserted:
				inserted++
			case transcript.Unchanged:
			default:
				t.Errorf("document %d, writer %d: %v", i, w, results[w][i].Status)
			}
		}
		if inserted != 1 {
			t.Errorf("document %d inserted %d times, want once", i, inserted)
		}
	}
	// A different change from every writer: a version each.
	results = run(doc)
	for i := range docs {
		var got []int
		for w := range writers {
			if results[w][i].Status != transcript.Updated {
				t.Errorf("document %d, writer %d: %v, want updated", i, w, results[w][i].Status)
			}
			got = append(got, results[w][i].Version)
		}
		slices.Sort(got)
		if want := []int{2, 3, 4, 5}; !slices.Equal(got, want) {
			t.Errorf("document %d: versions %v, want %v", i, got, want)
		}
	}
	st, err := stores[0].Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != docs || st.Versions != docs*(writers+1) {
		t.Errorf("Stats: %d documents, %d versions; want %d, %d", st.Documents, st.Versions, docs, docs*(writers+1))
	}
	if err := stores[1].IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

// TestOriginNotText: a raw input's origin that PostgreSQL text cannot hold
// (a file name in another encoding, a NUL) is stored with U+FFFD in place
// of the bad bytes, rather than failing the document.
func TestOriginNotText(t *testing.T) {
	t.Parallel()
	s := mustOpen(t)
	doc := storetest.Synthetic(3)
	raw := transcript.Raw{Origin: "pages/\xff\xfe\x00.txt", Format: "kremlin-text", Bytes: []byte("text")}
	if _, err := s.Put(t.Context(), doc, raw); err != nil {
		t.Fatal(err)
	}
	got, err := s.RawInput(t.Context(), doc.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := "pages/\uFFFD\uFFFD.txt"; got.Origin != want || string(got.Bytes) != "text" {
		t.Errorf("RawInput = origin %q, bytes %q; want %q, %q", got.Origin, got.Bytes, want, "text")
	}
}
