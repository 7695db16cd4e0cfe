package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// BenchmarkDocumentPage renders the sample document's page through the
// whole handler chain (middleware, archive, template, ETag, gzip).
func BenchmarkDocumentPage(b *testing.B) {
	srv := web.NewServer(archive, web.Config{})
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
	srv := web.NewServer(archive, web.Config{})
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
