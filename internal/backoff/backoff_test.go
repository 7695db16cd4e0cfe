package backoff

import (
	"context"
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	p := Policy{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond}
	for n, want := range map[int]time.Duration{0: 10 * time.Millisecond, 1: 10 * time.Millisecond, 2: 20 * time.Millisecond, 3: 40 * time.Millisecond, 4: 50 * time.Millisecond, 100: 50 * time.Millisecond} {
		if got := p.Wait(n); got != want {
			t.Errorf("Wait(%d) = %v, want %v", n, got, want)
		}
	}
	p.Jitter = true
	for n := 1; n <= 10; n++ {
		want := Policy{Base: p.Base, Max: p.Max}.Wait(n)
		for range 20 {
			if d := p.Wait(n); d < want/2 || d > want {
				t.Fatalf("jittered Wait(%d) = %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

func TestRetry(t *testing.T) {
	p := Policy{Base: time.Millisecond, Max: 4 * time.Millisecond}
	calls := 0
	if !p.Retry(t.Context(), time.Time{}, func() bool { calls++; return calls == 5 }) || calls != 5 {
		t.Errorf("Retry until the fifth call: %d calls", calls)
	}

	// A deadline: gives up before a wait that would end after it.
	calls = 0
	start := time.Now()
	if p.Retry(t.Context(), start.Add(20*time.Millisecond), func() bool { calls++; return false }) {
		t.Error("Retry with a failing try succeeded")
	}
	if took := time.Since(start); took > 20*time.Millisecond+50*time.Millisecond || calls < 3 {
		t.Errorf("Retry to a 20ms deadline took %v and made %d calls", took, calls)
	}

	// A context that ends.
	ctx, cancel := context.WithCancel(t.Context())
	calls = 0
	if p.Retry(ctx, time.Time{}, func() bool { calls++; cancel(); return false }) || calls != 1 {
		t.Errorf("Retry after the context ended: %d calls, want 1", calls)
	}
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("Sleep on an ended context = %v", err)
	}
	if err := Sleep(t.Context(), time.Millisecond); err != nil {
		t.Errorf("Sleep = %v", err)
	}
}
