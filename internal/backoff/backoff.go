// Package backoff is the one way Rostrum waits between attempts: a wait
// that doubles from a base up to a cap, optionally jittered, and a loop
// that tries again until it succeeds, a deadline would pass, or its
// context ends.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Policy is a doubling wait: Base before the first retry, doubled for
// each further one, at most Max. With Jitter, each wait is a random time
// in the upper half of that, so that clients that failed together do not
// retry together.
type Policy struct {
	Base, Max time.Duration
	Jitter    bool
}

// Wait is the wait before retry n (from 1).
func (p Policy) Wait(n int) time.Duration {
	d := p.Base << min(max(n-1, 0), 30)
	if d <= 0 || d > p.Max {
		d = p.Max
	}
	if p.Jitter {
		d = d/2 + rand.N(d/2+1)
	}
	return d
}

// Retry waits and calls try, again and again, until try reports done, or
// the next wait would end after deadline (zero: no deadline), or ctx
// ends; it reports whether try succeeded. It waits before the first call:
// the caller has made the first attempt already.
func (p Policy) Retry(ctx context.Context, deadline time.Time, try func() (done bool)) bool {
	for n := 1; ; n++ {
		w := p.Wait(n)
		if !deadline.IsZero() && time.Now().Add(w).After(deadline) {
			return false
		}
		if Sleep(ctx, w) != nil {
			return false
		}
		if try() {
			return true
		}
	}
}

// Sleep waits for d, or until ctx ends, and returns ctx's error then.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
