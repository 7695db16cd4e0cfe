package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Security headers sent with every response. The policy allows no inline
// script or style: the templates use classes and static/site.js only.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := rw.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		// The interface language: pages in the cache are kept per
		// language, and a ?lang= choice sticks in a cookie.
		lang := langOf(r)
		chose := r.URL.Query().Has("lang") && !isAPI(r)
		r = chooseLang(rw, r)
		r = r.WithContext(withLang(r.Context(), lang))
		w := &bufWriter{rw: rw, r: r, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				w.reset()
				s.writeError(w, r, errorT(http.StatusInternalServerError, "err.internal"))
			}
			w.finish()
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query_bytes", len(r.URL.RawQuery),
				"status", w.status, "bytes", w.written, "ms", float64(time.Since(start).Microseconds())/1000)
		}()
		if err := s.rateLimit(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := checkRequest(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		timeout := s.cfg.RequestTimeout
		if strings.HasPrefix(r.URL.Path, "/export.") {
			timeout = exportTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		// Without a page cache (CacheSize < 0) no copy of the answer is
		// made for one; an answer that sets the language cookie is not
		// kept (the cookie is not for whoever reads the page next).
		if cacheablePage(r) && s.pageCache != nil && !chose {
			key := pageKey(r)
			if !isAPI(r) {
				key = lang + " " + key // pages speak the interface language
			}
			e, gen, ok := s.pageCache.get(ctx, key)
			if ok {
				w.served = e.serve(rw, r)
				return
			}
			// The answer's age counts from before it is rendered, so
			// that nothing it shows is older than pageMaxAge.
			at := s.cfg.Now()
			w.keep = func(h http.Header, body []byte) { s.pageCache.put(gen, at, key, h, body) }
		}
		inner := r.WithContext(ctx)
		if r.Method == http.MethodHead {
			// The handler answers HEAD as GET, so that the length and
			// ETag are those of the body a GET gets; finish sends no
			// body. (http.FileServer wrote none for HEAD: Content-Length
			// 0 and the empty body's ETag, and a 304 for it.)
			inner.Method = http.MethodGet
		}
		next.ServeHTTP(w, inner)
	})
}

// checkRequest refuses what no handler should see: an oversized or
// malformed query string and parameters that are not UTF-8.
// MaxHeaderBytes is the most a request's headers may take.
const MaxHeaderBytes = 64 << 10

func checkRequest(r *http.Request) *httpError {
	n := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	if n > MaxHeaderBytes {
		return errorf(http.StatusRequestHeaderFieldsTooLarge, "the request's headers take %d bytes; the limit is %d", n, MaxHeaderBytes)
	}
	if n := len(r.URL.RawQuery); n > MaxRawQueryBytes {
		return errorf(http.StatusRequestURITooLong, "the address is too long: its query string has %d bytes; the limit is %d", n, MaxRawQueryBytes)
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorf(http.StatusBadRequest, "the address's query string is malformed (%v)", err)
	}
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return errorf(http.StatusBadRequest, "a parameter name is not valid UTF-8")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return errorf(http.StatusBadRequest, "parameter %s is not valid UTF-8", k)
			}
			if strings.ContainsRune(v, 0) {
				return errorf(http.StatusBadRequest, "parameter %s holds a NUL character", k)
			}
		}
	}
	if !utf8.ValidString(r.URL.Path) {
		return errorf(http.StatusBadRequest, "the address is not valid UTF-8")
	}
	return nil
}

// bufWriter holds a response until the handler returns, so that an
// error midway can still become an error page, and so that finish can
// answer a conditional GET from the body's hash and compress it. A
// handler that streams (an export) calls stream instead.
type bufWriter struct {
	rw      http.ResponseWriter
	r       *http.Request
	status  int
	buf     bytes.Buffer
	written int64

	streaming bool
	out       io.Writer
	gz        *gzip.Writer

	// keep, when set, is given a finished 200 answer to cache.
	keep func(h http.Header, body []byte)
	// served is the status of an answer written from the page cache;
	// finish then has nothing to do.
	served int
}

func (w *bufWriter) Header() http.Header { return w.rw.Header() }

func (w *bufWriter) WriteHeader(status int) {
	if !w.streaming {
		w.status = status
	}
}

func (w *bufWriter) Write(p []byte) (int, error) {
	if w.streaming {
		n, err := w.out.Write(p)
		w.written += int64(n)
		return n, err
	}
	return w.buf.Write(p)
}

// reset drops what was buffered, for an error page instead.
func (w *bufWriter) reset() {
	if !w.streaming {
		w.buf.Reset()
		w.status = http.StatusOK
	}
}

// stream sends the headers now and returns a writer straight to the
// client (gzipped when it accepts that); nothing buffered is kept.
func stream(w http.ResponseWriter) io.Writer {
	bw, ok := w.(*bufWriter)
	if !ok {
		return w
	}
	if bw.streaming {
		return bw
	}
	bw.buf.Reset()
	bw.streaming = true
	h := bw.rw.Header()
	h.Add("Vary", "Accept-Encoding")
	h.Del("Content-Length")
	bw.out = bw.rw
	if acceptsGzip(bw.r) {
		h.Set("Content-Encoding", "gzip")
		bw.gz = newGzip(bw.rw)
		bw.out = bw.gz
	}
	bw.rw.WriteHeader(bw.status)
	return bw
}

// flush pushes what a stream has written so far to the client.
func flush(w io.Writer) {
	if bw, ok := w.(*bufWriter); ok && bw.streaming {
		if bw.gz != nil {
			bw.gz.Flush()
		}
		if f, ok := bw.rw.(http.Flusher); ok {
			f.Flush()
		}
	}
}

func (w *bufWriter) finish() {
	if w.served != 0 {
		w.status = w.served
		return
	}
	if w.streaming {
		if w.gz != nil {
			w.gz.Close()
			gzipWriters.Put(w.gz)
			w.gz = nil
		}
		return
	}
	h := w.rw.Header()
	body := w.buf.Bytes()
	if w.status == http.StatusOK && (w.r.Method == http.MethodGet || w.r.Method == http.MethodHead) {
		sum := sha256.Sum256(body)
		etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
		h.Set("ETag", etag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "public, max-age=60")
		}
		if match := w.r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
			h.Del("Content-Type")
			w.rw.WriteHeader(http.StatusNotModified)
			w.status = http.StatusNotModified
			return
		}
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	if compressible(h.Get("Content-Type")) {
		h.Add("Vary", "Accept-Encoding")
		if len(body) >= 1024 && acceptsGzip(w.r) {
			var z bytes.Buffer
			z.Grow(len(body) / 3)
			gz := newGzip(&z)
			gz.Write(body)
			gz.Close()
			gzipWriters.Put(gz)
			body = z.Bytes()
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if w.keep != nil && w.status == http.StatusOK && w.r.Method == http.MethodGet {
		w.keep(h.Clone(), bytes.Clone(body))
	}
	w.rw.WriteHeader(w.status)
	if w.r.Method != http.MethodHead {
		n, _ := w.rw.Write(body)
		w.written = int64(n)
	}
}

// gzipLevel is the compression of answers. On the sample document's page
// (30 KB; BenchmarkGzipLevel, figures in BENCHMARKS.md) BestSpeed gives
// 9.9 KB in about 0.5 ms; level 2 saves 5% of the bytes for 30% more
// time, the default level 12% for two to three times the time. The server is bound by
// CPU on uncached pages, a kilobyte is little to a client, and cached
// pages keep their compressed bytes: speed wins.
const gzipLevel = gzip.BestSpeed

// gzipWriters recycles gzip writers: setting one up (its compressor's
// tables, about a megabyte for the levels above BestSpeed) cost a third of
// the CPU of rendering an uncached document page. A writer goes back once
// closed, still pointing at its last destination until the next newGzip
// resets it.
var gzipWriters = sync.Pool{New: func() any {
	z, _ := gzip.NewWriterLevel(io.Discard, gzipLevel)
	return z
}}

// newGzip returns a pooled gzip writer to w; put it back in gzipWriters
// once closed.
func newGzip(w io.Writer) *gzip.Writer {
	z := gzipWriters.Get().(*gzip.Writer)
	z.Reset(w)
	return z
}

func etagMatches(header, etag string) bool {
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for _, t := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, e := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		e, q, _ := strings.Cut(strings.TrimSpace(e), ";")
		if strings.EqualFold(strings.TrimSpace(e), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func compressible(ct string) bool {
	for _, p := range []string{"text/", "application/json", "application/atom+xml", "application/xml", "image/svg+xml", "application/javascript", "application/x-ndjson"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}
