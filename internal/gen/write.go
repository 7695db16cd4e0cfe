package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// PerDir is the most documents Write puts in one folder.
const PerDir = 1000

// Path returns where Write puts document n under dir: dir/000/000123.txt,
// PerDir documents to a folder. The name's number is the document's own,
// as in its id.
func Path(dir string, n int) string {
	return filepath.Join(dir, pad(n/PerDir, 3), pad(n, 6)+".txt")
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Result counts what Write wrote.
type Result struct {
	Documents, English, Russian int
	Bytes                       int64
	Elapsed                     time.Duration
}

// Rate returns the documents written per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Documents) / r.Elapsed.Seconds()
}

// WriteConfig sets how Write works.
type WriteConfig struct {
	// Workers is the number of documents made at a time; 0 means one per CPU.
	Workers int
	// Progress, when set, is called about ten times a second and at the
	// end with the documents written so far, always from Write's own
	// goroutine.
	Progress func(done, total int, elapsed time.Duration)
}

// Write writes documents 1 to n into dir, which must be empty or not
// exist yet, on several goroutines. The files are the same whatever the
// number of workers. When ctx is cancelled, Write stops and returns what
// it wrote with ctx's error.
func (g *Generator) Write(ctx context.Context, dir string, n int, cfg WriteConfig) (Result, error) {
	start := time.Now()
	if err := emptyDir(dir); err != nil {
		return Result{}, err
	}
	for d := 0; d <= n/PerDir; d++ {
		if err := os.MkdirAll(filepath.Join(dir, pad(d, 3)), 0o755); err != nil {
			return Result{}, fmt.Errorf("gen: %w", err)
		}
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		res        Result
		firstErr   error
	)
	const chunk = 32 // documents a worker takes at once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine Result
			var buf []byte
			defer func() {
				mu.Lock()
				res.Documents += mine.Documents
				res.English += mine.English
				res.Russian += mine.Russian
				res.Bytes += mine.Bytes
				mu.Unlock()
			}()
			for ctx.Err() == nil {
				from := int(next.Add(chunk)) - chunk + 1
				if from > n {
					return
				}
				for i := from; i < from+chunk && i <= n; i++ {
					var lang string
					buf, lang = g.Document(buf[:0], i)
					if err := os.WriteFile(Path(dir, i), buf, 0o644); err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = fmt.Errorf("gen: %w", err)
						}
						mu.Unlock()
						cancel()
						return
					}
					mine.Documents++
					mine.Bytes += int64(len(buf))
					if lang == "ru" {
						mine.Russian++
					} else {
						mine.English++
					}
					done.Add(1)
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for wait := true; wait; {
		select {
		case <-finished:
			wait = false
		case <-tick.C:
			if cfg.Progress != nil {
				cfg.Progress(int(done.Load()), n, time.Since(start))
			}
		}
	}
	res.Elapsed = time.Since(start)
	if cfg.Progress != nil {
		cfg.Progress(res.Documents, n, res.Elapsed)
	}
	if firstErr != nil {
		return res, firstErr
	}
	return res, ctx.Err()
}

// errNotEmpty is returned for an output folder that already holds files:
// documents left from a larger run would mix with the new ones.
var errNotEmpty = errors.New("is not empty: give a new or empty folder")

func emptyDir(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && err != io.EOF {
		return fmt.Errorf("gen: %s: %w", dir, err)
	}
	if len(names) > 0 {
		return fmt.Errorf("gen: %s %w", dir, errNotEmpty)
	}
	return nil
}
