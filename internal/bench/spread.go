package bench

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// SpreadConfig measures search throughput when reads are spread over
// several servers holding the same archive: a PostgreSQL primary and its
// streaming replicas.
type SpreadConfig struct {
	// Servers are the archives' DSNs, the primary first. The run measures
	// the first server alone, then the first two, and so on.
	Servers  []string
	Clients  int           // concurrent searchers (default 8)
	Duration time.Duration // measured time per step (default 20 s)
	Warmup   time.Duration // unmeasured load before each step
	Log      io.Writer
}

// SpreadStep is the throughput with the first Servers servers.
type SpreadStep struct {
	Servers  int
	Queries  int
	Errors   int
	PerSec   float64
	P50, P99 time.Duration
	PerShare []int  // queries answered by each server
	Error    string // the first error, when Errors > 0
}

// Spread runs the query mix, on a loop, from cfg.Clients goroutines that
// each take the next server in turn, first against one server, then
// two, and so on. Each client runs whole queries with facets off, as
// the web API's search does by default, and its next query as soon as
// the last one is answered (a closed loop), so requests per second is
// what the servers deliver at that concurrency.
func Spread(ctx context.Context, cfg SpreadConfig) ([]SpreadStep, error) {
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("spread: no servers")
	}
	clients := cfg.Clients
	if clients <= 0 {
		clients = 8
	}
	duration := cfg.Duration
	if duration <= 0 {
		duration = 20 * time.Second
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	var stores []transcript.Archive
	defer func() {
		for _, s := range stores {
			s.Close()
		}
	}()
	for _, dsn := range cfg.Servers {
		s, err := openArchive(ctx, dsn, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", engine.Display(dsn), err)
		}
		stores = append(stores, s)
	}
	queries, err := archiveMix(ctx, stores[0])
	if err != nil {
		return nil, err
	}
	parsed := make([]*transcript.Query, len(queries))
	for i, q := range queries {
		if parsed[i], err = search.ParseQuery(q.Text); err != nil {
			return nil, fmt.Errorf("query %q: %w", q.Text, err)
		}
	}
	var steps []SpreadStep
	for n := 1; n <= len(stores); n++ {
		if cfg.Warmup > 0 {
			logf("spread: %d server(s), warming up for %s", n, cfg.Warmup)
			if _, err := spreadRun(ctx, stores[:n], parsed, clients, cfg.Warmup); err != nil {
				return steps, err
			}
		}
		logf("spread: %d server(s), %d clients, %s", n, clients, duration)
		step, err := spreadRun(ctx, stores[:n], parsed, clients, duration)
		if err != nil {
			return steps, err
		}
		steps = append(steps, step)
	}
	return steps, nil
}

func spreadRun(ctx context.Context, stores []transcript.Archive, queries []*transcript.Query, clients int, d time.Duration) (SpreadStep, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errs   int
		first  string
		share  = make([]int, len(stores))
		ticket atomic.Int64
		wg     sync.WaitGroup
	)
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			myErrs := 0
			myShare := make([]int, len(stores))
			for ctx.Err() == nil {
				t := int(ticket.Add(1))
				srv := t % len(stores)
				q := queries[t%len(queries)]
				began := time.Now()
				_, err := stores[srv].Search(ctx, &transcript.SearchRequest{Query: q})
				if ctx.Err() != nil {
					break // cut off by the end of the step, not an answer
				}
				if err != nil {
					if myErrs == 0 {
						mu.Lock()
						if first == "" {
							first = err.Error()
						}
						mu.Unlock()
					}
					myErrs++
					continue
				}
				mine = append(mine, time.Since(began))
				myShare[srv]++
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += myErrs
			for i, n := range myShare {
				share[i] += n
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	step := SpreadStep{Servers: len(stores), Queries: len(lat), Errors: errs, PerShare: share,
		PerSec: float64(len(lat)) / elapsed.Seconds(), Error: first}
	if len(lat) > 0 {
		step.P50 = lat[len(lat)/2]
		step.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return step, nil
}

// WriteSpread prints the steps as a table.
func WriteSpread(w io.Writer, steps []SpreadStep) {
	fmt.Fprintf(w, "%-8s %8s %10s %8s %8s %6s  %s\n", "servers", "queries", "queries/s", "p50 ms", "p99 ms", "errors", "answered by each")
	for _, s := range steps {
		fmt.Fprintf(w, "%-8d %8d %10.1f %8.1f %8.1f %6d  %v\n", s.Servers, s.Queries, s.PerSec,
			float64(s.P50)/float64(time.Millisecond), float64(s.P99)/float64(time.Millisecond), s.Errors, s.PerShare)
	}
	for _, s := range steps {
		if s.Error != "" {
			fmt.Fprintf(w, "%d server(s): first error: %s\n", s.Servers, s.Error)
		}
	}
	if len(steps) > 1 && steps[0].PerSec > 0 {
		fmt.Fprintf(w, "throughput with %d servers: %.2f× one server's\n", steps[len(steps)-1].Servers, steps[len(steps)-1].PerSec/steps[0].PerSec)
	}
}
