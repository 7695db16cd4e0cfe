package bench_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/bench"
)

// TestLoad loads a server that answers /ok with 200 and /bad with 500,
// and checks what Load counts against what the server saw.
func TestLoad(t *testing.T) {
	const clients = 8
	var inFlight, peak, served, gzipAsked atomic.Int64
	// The first requests wait until clients of them are in flight (or a
	// second has passed), so that a Load that sent fewer at once fails.
	var once sync.Once
	all := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		if n == clients {
			once.Do(func() { close(all) })
		}
		select {
		case <-all:
		case <-time.After(time.Second):
		}
		served.Add(1)
		if r.Header.Get("Accept-Encoding") == "gzip" {
			gzipAsked.Add(1)
		}
		time.Sleep(2 * time.Millisecond)
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte("ok\n"))
		default:
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte("bad\n"))
		}
	}))
	defer srv.Close()

	cfg := bench.LoadConfig{BaseURL: srv.URL, Paths: []string{"/ok", "/bad?x=1"}, Clients: clients,
		Duration: 600 * time.Millisecond, Warmup: 200 * time.Millisecond}
	res, err := bench.Load(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ok, bad := res.Status[http.StatusOK], res.Status[http.StatusInternalServerError]
	if ok == 0 || bad == 0 || ok+bad != res.Requests || len(res.Status) != 2 {
		t.Fatalf("statuses %v for %d requests: want 200s and 500s, nothing else", res.Status, res.Requests)
	}
	// Round robin: the two paths alternate, give or take the requests
	// under way at either end of the measured time.
	if d := ok - bad; d > clients || d < -clients {
		t.Errorf("%d 200s and %d 500s: want about as many of each", ok, bad)
	}
	if res.Errors != bad {
		t.Errorf("got %d errors, want %d (the 500s)", res.Errors, bad)
	}
	if !strings.Contains(res.FirstError, "/bad?x=1") || !strings.Contains(res.FirstError, "500") {
		t.Errorf("first error %q: want the path and the status", res.FirstError)
	}
	if n := served.Load(); int64(res.Requests) > n {
		t.Errorf("counted %d requests, but the server answered %d", res.Requests, n)
	}
	if n := served.Load(); gzipAsked.Load() != n {
		t.Errorf("%d of %d requests asked for gzip", gzipAsked.Load(), n)
	}
	if got, want := res.Bytes, int64(3*ok+4*bad); got != want {
		t.Errorf("got %d bytes, want %d", got, want)
	}
	if got := peak.Load(); got != clients {
		t.Errorf("peak concurrency %d, want %d", got, clients)
	}
	if got, want := res.Rate, float64(res.Requests)/cfg.Duration.Seconds(); got != want {
		t.Errorf("rate %v, want %v", got, want)
	}
	if res.P50 < 2*time.Millisecond || res.P50 > res.P95 || res.P95 > res.P99 || res.P99 > res.Max {
		t.Errorf("latencies p50 %v p95 %v p99 %v max %v: want ordered, at least the handler's 2 ms", res.P50, res.P95, res.P99, res.Max)
	}
}

// TestLoadRefused counts requests that get no answer as errors.
func TestLoadRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	res, err := bench.Load(t.Context(), bench.LoadConfig{BaseURL: base, Paths: []string{"/x"}, Clients: 2, Duration: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 0 || res.Errors == 0 || !strings.HasPrefix(res.FirstError, "/x: ") {
		t.Errorf("%d requests, %d errors, first %q: want only errors, with the path", res.Requests, res.Errors, res.FirstError)
	}
}

func TestLoadBadConfig(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		cfg  bench.LoadConfig
	}{
		{"no paths", t.Context(), bench.LoadConfig{BaseURL: "http://127.0.0.1:1", Duration: time.Second}},
		{"no duration", t.Context(), bench.LoadConfig{BaseURL: "http://127.0.0.1:1", Paths: []string{"/"}}},
		{"cancelled", ctx, bench.LoadConfig{BaseURL: "http://127.0.0.1:1", Paths: []string{"/"}, Duration: time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := bench.Load(tt.ctx, tt.cfg); err == nil {
				t.Error("got no error")
			}
		})
	}
}
