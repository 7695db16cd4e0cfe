package ingest

import (
	"context"
	"sync"
)

// ordered runs fn on each item on workers goroutines and hands the
// results over in the items' order: each element of the returned channel
// is the one-result channel of the next item, so a consumer reads results
// as soon as they are ready, in order, while parsing runs up to ahead
// items in front of it. stop ends the work early and waits for the
// goroutines; call it when done (also after reading everything).
func ordered[In, Out any](ctx context.Context, items []In, workers, ahead int, fn func(context.Context, In) Out) (results <-chan chan Out, stop func()) {
	work, cancel := context.WithCancel(ctx)
	type job struct {
		item In
		out  chan Out
	}
	jobs := make(chan job)
	order := make(chan chan Out, ahead)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(order)
		defer close(jobs)
		for _, it := range items {
			out := make(chan Out, 1)
			select {
			case order <- out:
			case <-work.Done():
				return
			}
			select {
			case jobs <- job{it, out}:
			case <-work.Done():
				return
			}
		}
	})
	for range max(1, workers) {
		wg.Go(func() {
			for j := range jobs {
				j.out <- fn(work, j.item)
			}
		})
	}
	return order, func() {
		cancel()
		wg.Wait()
	}
}
