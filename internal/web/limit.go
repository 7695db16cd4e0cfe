package web

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate limits per client address.
const (
	// DefaultRateLimit is the requests a second one client address may
	// sustain.
	DefaultRateLimit = 10
	// DefaultRateBurst is the requests one client address may send at
	// once, above the rate, before it is held to it.
	DefaultRateBurst = 50

	maxClients = 1 << 16 // buckets kept; when full, idle ones are dropped
)

// limiter is a token bucket per client address: each request takes a
// token, and tokens come back at rate a second up to burst. A client out
// of tokens gets a 429 that says when the next one comes. A bucket that
// has filled up again is the same as no bucket, so those are dropped when
// the map grows. It is safe for concurrent use.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	clients map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(max(burst, 1)), now: now, clients: map[netip.Prefix]*bucket{}}
}

// allow takes a token for client, or reports how long until there is one.
func (l *limiter) allow(client netip.Prefix) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= maxClients {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.clients[client] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep drops the buckets that are full again.
func (l *limiter) sweep(now time.Time) {
	for c, b := range l.clients {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.clients, c)
		}
	}
}

// limited reports whether r is exempt from the rate limit: /healthz, for
// load balancers and monitors, and the static assets every page loads.
func limited(r *http.Request) bool {
	return r.URL.Path != "/healthz" && !strings.HasPrefix(r.URL.Path, "/static/")
}

// rateLimit answers r with a 429 when its client has run out of requests.
func (s *Server) rateLimit(r *http.Request) *httpError {
	if s.limiter == nil || !limited(r) {
		return nil
	}
	ok, retry := s.limiter.allow(clientOf(r, s.cfg.TrustProxy))
	if ok {
		return nil
	}
	secs := int(math.Ceil(retry.Seconds()))
	wait := "a second"
	if secs > 1 {
		wait = strconv.Itoa(secs) + " seconds"
	}
	return &httpError{Status: http.StatusTooManyRequests, RetryAfter: time.Duration(max(secs, 1)) * time.Second,
		Msg:  fmt.Sprintf("too many requests from your address: the limit is %g a second, in bursts of up to %g", s.limiter.rate, s.limiter.burst),
		Hint: "Wait " + wait + ", then send fewer requests at a time."}
}

// clientOf returns the address r came from, as the prefix that stands
// for one client: the IPv4 address, or the /64 network of an IPv6 one
// (which one machine commonly holds whole). Behind a trusted proxy it is
// the last address of X-Forwarded-For, the one that proxy added;
// earlier ones are the client's to write.
func clientOf(r *http.Request, trustProxy bool) netip.Prefix {
	addr := ""
	if trustProxy {
		if xs := r.Header.Values("X-Forwarded-For"); len(xs) > 0 {
			last := xs[len(xs)-1]
			addr = strings.TrimSpace(last[strings.LastIndexByte(last, ',')+1:])
		}
	}
	if addr == "" {
		addr = r.RemoteAddr
		if host, _, err := net.SplitHostPort(addr); err == nil {
			addr = host
		}
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		// Not an address (a unix socket, a malformed header): such
		// requests share one bucket.
		return netip.Prefix{}
	}
	ip = ip.Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.WithZone("").Prefix(bits)
	return p
}
