package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// BenchmarkDocumentPage renders the sample document's page through the
// whole handler chain (middleware, archive, template, ETag, gzip).
func BenchmarkDocumentPage(b *testing.B) {
	srv := web.NewServer(archive, web.Config{RateLimit: -1})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/d/"+sampleID, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
		io.Copy(io.Discard, w.Body)
	}
}

// BenchmarkSearchPageCached is a search page answered from the cache.
func BenchmarkSearchPageCached(b *testing.B) {
	srv := web.NewServer(archive, web.Config{RateLimit: -1})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/search?q=talks", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkDocumentPageUncached renders and gzips the sample document's
// page on every request (both caches off): the cost of a page the cache
// does not hold. It reports the size of the gzipped answer.
func BenchmarkDocumentPageUncached(b *testing.B) {
	srv := web.NewServer(archive, web.Config{CacheSize: -1, RateLimit: -1})
	b.ReportAllocs()
	var size int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/d/"+sampleID, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" {
			b.Fatal(w.Code, w.Header().Get("Content-Encoding"))
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "gzip-bytes")
}

// BenchmarkGzipLevel compresses the sample document's page at each
// level worth considering, with a reused writer as the server's pool
// gives one, to choose its gzip level: the time per page and the
// gzipped size.
func BenchmarkGzipLevel(b *testing.B) {
	w := httptest.NewRecorder()
	web.NewServer(archive, web.Config{CacheSize: -1, RateLimit: -1}).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/d/"+sampleID, nil))
	page := w.Body.Bytes()
	for _, level := range []int{gzip.BestSpeed, 2, 3, 4, 5, gzip.DefaultCompression} {
		b.Run("level="+strconv.Itoa(level), func(b *testing.B) {
			z, _ := gzip.NewWriterLevel(nil, level)
			var out bytes.Buffer
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				out.Reset()
				z.Reset(&out)
				z.Write(page)
				z.Close()
			}
			b.ReportMetric(float64(out.Len()), "gzip-bytes")
		})
	}
}
