package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/backoff"
)

// ErrRobots is returned for a URL that robots.txt disallows; it was not
// requested.
var ErrRobots = errors.New("disallowed by robots.txt")

// errTooLarge is a body over the size cap: a failure, never truncated data.
var errTooLarge = errors.New("page larger than the size cap")

// response is one answer, its body read whole.
type response struct {
	URL    string // the URL that answered, after redirects
	Status int
	Header http.Header
	Body   []byte
	At     time.Time
}

// fetcher makes polite requests: one at a time per host, with a delay
// between them, after robots.txt, with retries. It is safe for concurrent
// use; requests to one host wait for each other.
type fetcher struct {
	cfg    *Config
	client *http.Client
	// robotsFetched is told about each robots.txt answer, to record it.
	robotsFetched func(ctx context.Context, r *response, err error)

	mu    sync.Mutex
	hosts map[string]*host
}

// host is the per-host state of one run.
type host struct {
	mu     sync.Mutex // held for the whole of a request, so one at a time
	last   time.Time  // when the last request to it ended
	delay  time.Duration
	robots *robots // nil until read
}

func newFetcher(cfg *Config) *fetcher {
	client := cfg.Client
	if client == nil {
		client = &http.Client{}
	}
	c := *client
	c.Timeout = 0 // each attempt has its own deadline
	// net/http re-sends a GET at once, by itself, when the connection it
	// reused breaks before an answer (a reset, a server that closed it),
	// whatever the delay or Crawl-delay asks: retries are attempts' to
	// decide, with its backoff. A connection per request is what turns
	// that off (a request on a fresh connection is never re-sent); at one
	// request a second or less, the handshakes cost little.
	if c.Transport == nil {
		c.Transport = http.DefaultTransport
	}
	if t, ok := c.Transport.(*http.Transport); ok {
		t = t.Clone()
		t.DisableKeepAlives = true
		c.Transport = t
	}
	// Redirects are followed by get, so that every hop waits its turn and
	// is checked against robots.txt.
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &fetcher{cfg: cfg, client: &c, hosts: map[string]*host{}}
}

func (f *fetcher) host(u *url.URL) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[u.Host]
	if h == nil {
		h = &host{delay: f.cfg.delay()}
		f.hosts[u.Host] = h
	}
	return h
}

// get fetches rawURL, honouring robots.txt, following redirects within
// the same host. hdr is added to the request (conditional GET headers).
// An error means no usable answer came: ErrRobots, a network error or a
// retryable status after the last attempt, a body over the cap; answers
// such as 404 or 304 are returned, not errors. The response of a failed
// fetch may be non-nil (the last answer received).
func (f *fetcher) get(ctx context.Context, rawURL string, hdr http.Header) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	origin := u.Host
	for hop := 0; ; hop++ {
		if ok, err := f.allowed(ctx, u); err != nil {
			return nil, err
		} else if !ok {
			if hop > 0 {
				return nil, fmt.Errorf("redirected to %s: %w", u, ErrRobots)
			}
			return nil, ErrRobots
		}
		r, err := f.attempts(ctx, u, hdr)
		if err != nil {
			return r, err
		}
		if !isRedirect(r.Status) {
			return r, nil
		}
		loc := r.Header.Get("Location")
		if loc == "" {
			return r, fmt.Errorf("HTTP %d without a Location", r.Status)
		}
		next, err := u.Parse(loc)
		if err != nil {
			return r, fmt.Errorf("HTTP %d to a bad Location %q", r.Status, loc)
		}
		if next.Host != origin {
			return r, fmt.Errorf("HTTP %d redirects to another host: %s", r.Status, next)
		}
		if hop == maxRedirects {
			return r, fmt.Errorf("more than %d redirects", maxRedirects)
		}
		u = next
	}
}

const maxRedirects = 5

func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// allowed reports whether robots.txt lets the crawler fetch u, reading it
// first when this run has not.
func (f *fetcher) allowed(ctx context.Context, u *url.URL) (bool, error) {
	h := f.host(u)
	if r := h.rules(); r != nil {
		return r.allowed(u), nil
	}
	robotsURL := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	r, err := f.attempts(ctx, robotsURL, nil)
	for hop := 0; err == nil && isRedirect(r.Status) && hop < maxRedirects; hop++ {
		next, perr := robotsURL.Parse(r.Header.Get("Location"))
		if perr != nil || next.Host != u.Host {
			break
		}
		r, err = f.attempts(ctx, next, nil)
	}
	if ctx.Err() != nil && err != nil {
		return false, ctx.Err()
	}
	var rules *robots
	switch {
	case err != nil:
		rules = disallowAll // unreachable: wait for a later run
	case r.Status == http.StatusOK:
		rules = parseRobots(r.Body, productToken)
	case r.Status >= 500, r.Status == http.StatusTooManyRequests:
		rules = disallowAll
	default: // 404, 403 and other client errors: no rules
		rules = allowAll
	}
	if f.robotsFetched != nil {
		f.robotsFetched(ctx, r, err)
	}
	h.setRules(rules)
	return rules.allowed(u), nil
}

func (h *host) rules() *robots {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.robots
}

func (h *host) setRules(r *robots) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.robots = r
	h.delay = max(h.delay, r.delay)
}

// attempts requests u up to the configured number of times, waiting with
// exponential backoff and jitter (or as long as Retry-After asks) after a
// 429, a 5xx, a network error, a timeout or a truncated body.
func (f *fetcher) attempts(ctx context.Context, u *url.URL, hdr http.Header) (*response, error) {
	var last *response
	var lastErr error
	n := f.cfg.maxAttempts()
	for attempt := 1; ; attempt++ {
		r, retryAfter, err := f.once(ctx, u, hdr)
		if err == nil && !retryable(r.Status) {
			return r, nil
		}
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		last, lastErr = r, err
		if errors.Is(err, errTooLarge) {
			return r, err
		}
		if attempt >= n {
			break
		}
		wait := f.backoff().Wait(attempt)
		if retryAfter > 0 {
			if retryAfter > f.cfg.maxRetryAfter() {
				return r, fmt.Errorf("the server asks to wait %s before retrying, more than %s", retryAfter, f.cfg.maxRetryAfter())
			}
			wait = max(wait, retryAfter)
		}
		if err := sleep(ctx, wait); err != nil {
			return r, err
		}
	}
	if lastErr == nil {
		lastErr = fmt.Errorf("HTTP %d", last.Status)
	}
	return last, fmt.Errorf("%w (after %d attempts)", lastErr, n)
}

// retryable reports whether an answer with this status may succeed later.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// backoff is the wait after a failure: BackoffBase doubled per attempt,
// capped by MaxBackoff, with the upper half jittered.
func (f *fetcher) backoff() backoff.Policy {
	return backoff.Policy{Base: f.cfg.backoffBase(), Max: f.cfg.maxBackoff(), Jitter: true}
}

// once makes one request, in its turn for the host, and reads the body.
// It returns how long Retry-After asked to wait, or 0.
func (f *fetcher) once(ctx context.Context, u *url.URL, hdr http.Header) (*response, time.Duration, error) {
	h := f.host(u)
	h.mu.Lock()
	defer h.mu.Unlock()
	if wait := time.Until(h.last.Add(h.delay)); wait > 0 {
		if err := sleep(ctx, wait); err != nil {
			return nil, 0, err
		}
	}
	defer func() { h.last = time.Now() }()
	// A request under way finishes even when ctx ends (an interrupted
	// crawl stops after the current page), within its timeout.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.cfg.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", f.cfg.userAgent())
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, 0, describe(err)
	}
	defer resp.Body.Close()
	r := &response{URL: u.String(), Status: resp.StatusCode, Header: resp.Header}
	wait := retryAfter(resp.Header.Get("Retry-After"), f.cfg.now())
	limit := f.cfg.maxBytes()
	if resp.ContentLength > limit {
		r.At = f.cfg.now()
		return r, 0, fmt.Errorf("%w: Content-Length %d > %d", errTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	r.At = f.cfg.now()
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return r, wait, fmt.Errorf("truncated body after %d bytes", len(body))
		}
		return r, wait, fmt.Errorf("reading the body: %w", describe(err))
	}
	if int64(len(body)) > limit {
		return r, 0, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	r.Body = body
	return r, wait, nil
}

// describe shortens the errors of a request into what a user needs.
func describe(err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("timed out: %w", err)
	}
	return err
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// sleep waits d, or less if ctx ends, then returns ctx's error.
func sleep(ctx context.Context, d time.Duration) error { return backoff.Sleep(ctx, d) }
