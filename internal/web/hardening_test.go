package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// TestHeadStatic: HEAD on an asset answers the length and ETag of the
// body GET gets (it answered Content-Length 0 and the empty body's ETag,
// and a 304 for it), and an asset's folder is not listed.
func TestHeadStatic(t *testing.T) {
	ts := newServer(t, web.Config{RateLimit: -1})
	do := func(method string) *http.Response {
		req, _ := http.NewRequest(method, ts.URL+"/static/style.css", nil)
		req.Header.Set("Accept-Encoding", "identity")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	get := do(http.MethodGet)
	body, _ := io.ReadAll(get.Body)
	get.Body.Close()
	head := do(http.MethodHead)
	head.Body.Close()
	if get.StatusCode != 200 || len(body) == 0 {
		t.Fatalf("GET /static/style.css = %d, %d bytes", get.StatusCode, len(body))
	}
	if head.StatusCode != 200 || head.Header.Get("ETag") != get.Header.Get("ETag") ||
		head.Header.Get("Content-Length") != get.Header.Get("Content-Length") || head.Header.Get("Content-Length") == "0" {
		t.Errorf("HEAD: %d, ETag %q, length %q; GET: ETag %q, length %q", head.StatusCode, head.Header.Get("ETag"),
			head.Header.Get("Content-Length"), get.Header.Get("ETag"), get.Header.Get("Content-Length"))
	}
	dir := fetch(t, ts.URL+"/static/")
	if dir.status != http.StatusNotFound || strings.Contains(dir.body, `href="site.js"`) {
		t.Errorf("GET /static/ = %d, lists the assets: %v", dir.status, strings.Contains(dir.body, `href="site.js"`))
	}
}

// TestHeadersTooLarge: headers over the limit get a 431 in the API's
// JSON under /api/ (they got the Go server's text/plain).
func TestHeadersTooLarge(t *testing.T) {
	ts := newServer(t, web.Config{RateLimit: -1})
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/stats", nil)
	req.Header.Set("X-Big", strings.Repeat("a", web.MaxHeaderBytes+1))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	err = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || err != nil || !strings.Contains(fmt.Sprint(body), "headers") {
		t.Errorf("GET /api/v1/stats with %d bytes of headers = %d %v (%v), want 431 in JSON", web.MaxHeaderBytes+1,
			resp.StatusCode, body, err)
	}
}
