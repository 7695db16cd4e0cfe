package archive

import (
	"runtime"
	"sync"
)

// Parallel calls f(i) for every i from 0 to n-1, on as many goroutines as
// there are cores (at most n), and returns once every call has returned:
// how both engines prepare the documents of a batch (marshal, hash,
// compress, tokenize) outside their write transaction.
func Parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
