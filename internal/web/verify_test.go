package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/rostrum/rostrum/internal/verify"
	"github.com/rostrum/rostrum/internal/web"
)

// The edited document's turn, as version 1 and version 2 say it.
const (
	roadsV1 = "Spending on roads grew by 25% last year."
	roadsV2 = "Spending on roads grew by 27% last year."
)

func post(t *testing.T, ts string, path, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(ts+path, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, b.Bytes()
}

func TestVerifyAPI(t *testing.T) {
	ts := newServer(t, web.Config{})
	tests := []struct {
		name    string
		quote   string
		verdict string
		version int
		edited  bool
	}{
		{"version 1, edited since", roadsV1, verify.Exact, 1, true},
		{"current version", roadsV2, verify.Exact, 2, false},
		{"figure changed", "Spending on roads grew by 40% last year.", verify.Altered, 2, false},
		{"not in the archive", "Zebras migrate across the frozen tundra every January.", verify.NotFound, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				var (
					resp *http.Response
					body []byte
				)
				if method == http.MethodGet {
					resp, body = get(t, ts, "/api/v1/verify?"+url.Values{"q": {tt.quote}}.Encode())
				} else {
					b, _ := json.Marshal(map[string]string{"quote": tt.quote})
					resp, body = post(t, ts.URL, "/api/v1/verify", "application/json", string(b))
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d: %s", method, resp.StatusCode, body)
				}
				var res verify.Result
				if err := json.Unmarshal(body, &res); err != nil {
					t.Fatal(err)
				}
				if res.Verdict != tt.verdict {
					t.Fatalf("%s: verdict %s, want %s: %s", method, res.Verdict, tt.verdict, body)
				}
				if tt.verdict == verify.NotFound {
					continue
				}
				if res.Match == nil || res.Match.DocID != editedID || res.Match.Version != tt.version || res.Match.Permalink == "" ||
					res.History == nil || res.History.EditedSince != tt.edited {
					t.Errorf("%s: match %+v, history %+v", method, res.Match, res.History)
				}
			}
		})
	}
}

// TestVerifyAPIPost validates the POST operation against the API's
// description (TestAPIOperations requests the GETs).
func TestVerifyAPIPost(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	for _, body := range []string{`{"quote": "` + roadsV2 + `"}`, `{"quote": "Spending on roads grew by 40% last year.", "in": "lang:en"}`} {
		resp, b := post(t, ts.URL, "/api/v1/verify", "application/json", body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: status %d: %s", body, resp.StatusCode, b)
		}
		rt, params := route(doc, http.MethodPost, "/api/v1/verify")
		if rt == nil || rt.Operation.OperationID != "verifyQuoteBody" {
			t.Fatal("POST /api/v1/verify is not described as verifyQuoteBody")
		}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL+"/api/v1/verify", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: rt, Options: opts}
		if err := openapi3filter.ValidateRequest(t.Context(), in); err != nil {
			t.Errorf("POST %s: the request does not conform: %v", body, err)
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Options: opts}
		out.SetBodyBytes(b)
		if err := openapi3filter.ValidateResponse(t.Context(), out); err != nil {
			t.Errorf("POST %s: the answer does not conform: %v", body, err)
		}
	}
}

func TestVerifyBadInput(t *testing.T) {
	ts := newServer(t, web.Config{})
	big := strings.Repeat("sanctions ", 10240) // 100 KB
	over := strings.Repeat("gas ", 1100)       // 4400 bytes
	form := func(q string) string { return url.Values{"q": {q}}.Encode() }
	jsonQuote := func(q string) string { b, _ := json.Marshal(map[string]string{"quote": q}); return string(b) }
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		status      int
		want        string
	}{
		{"page: empty", "GET", "/verify?q=", "", "", 400, "the quote is empty"},
		{"page: blank", "GET", "/verify?q=%20%20", "", "", 400, "the quote is empty"},
		{"page: two words", "GET", "/verify?q=strategic+partnership", "", "", 400, "at least 3"},
		{"page: unknown parameter", "GET", "/verify?quote=x", "", "", 400, "unknown parameter"},
		{"page: bad filters", "GET", "/verify?" + url.Values{"q": {roadsV2}, "in": {"(lang:en"}}.Encode(), "", "", 400, "the filters (in)"},
		{"page: words in the filters", "GET", "/verify?" + url.Values{"q": {roadsV2}, "in": {"roads"}}.Encode(), "", "", 400, "filters only"},
		{"page: long address", "GET", "/verify?q=" + strings.Repeat("a+", 2100), "", "", 414, "too long"},
		{"page: POST empty", "POST", "/verify", "application/x-www-form-urlencoded", form(""), 400, "the quote is empty"},
		{"page: POST over 4 KiB", "POST", "/verify", "application/x-www-form-urlencoded", form(over), 413, "the limit is 4096"},
		{"page: POST 100 KB", "POST", "/verify", "application/x-www-form-urlencoded", form(big), 413, "a quote may have 4096"},
		{"page: POST not a form", "POST", "/verify", "text/plain", roadsV2, 415, "from the form"},
		{"API: empty", "GET", "/api/v1/verify?q=", "", "", 400, "the quote is empty"},
		{"API: no q", "GET", "/api/v1/verify", "", "", 400, "the quote is empty"},
		{"API: POST empty", "POST", "/api/v1/verify", "application/json", jsonQuote(""), 400, "the quote is empty"},
		{"API: POST over 4 KiB", "POST", "/api/v1/verify", "application/json", jsonQuote(over), 413, "the limit is 4096"},
		{"API: POST 100 KB", "POST", "/api/v1/verify", "application/json", jsonQuote(big), 413, "a quote may have 4096"},
		{"API: POST not JSON", "POST", "/api/v1/verify", "application/x-www-form-urlencoded", form(roadsV2), 415, "as JSON"},
		{"API: POST malformed JSON", "POST", "/api/v1/verify", "application/json", `{"quote": `, 400, "could not be read"},
		{"API: POST unknown field", "POST", "/api/v1/verify", "application/json", `{"qoute": "a b c"}`, 400, "unknown field"},
		{"API: POST two values", "POST", "/api/v1/verify", "application/json", jsonQuote(roadsV2) + "{}", 400, "more than one JSON value"},
		{"API: POST with a query string", "POST", "/api/v1/verify?q=x", "application/json", jsonQuote(roadsV2), 400, "not in the address"},
		{"API: PUT", "PUT", "/api/v1/verify", "application/json", jsonQuote(roadsV2), 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(b.String(), tt.want) {
				t.Errorf("%s %.80s: status %d, body %.300q; want %d and %q", tt.method, tt.path, resp.StatusCode, b.String(), tt.status, tt.want)
			}
		})
	}
}

func TestVerifyPage(t *testing.T) {
	ts := newServer(t, web.Config{})
	// The empty form.
	resp, body := get(t, ts, "/verify")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `<form class="verify-form" action="/verify" method="post">`) {
		t.Fatalf("GET /verify: status %d:\n%s", resp.StatusCode, body)
	}
	checkCSPClean(t, "/verify", string(body))
	// A quote of the first version: exact, edited since, linked to the
	// turn in that version.
	resp, body = post(t, ts.URL, "/verify", "application/x-www-form-urlencoded", url.Values{"q": {roadsV1}}.Encode())
	page := string(body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /verify: status %d:\n%s", resp.StatusCode, page)
	}
	for _, want := range []string{`class="verdict verdict-exact"`, "Edited since:", "/t/2?v=1", "Link to this verification", "/api/v1/verify?q="} {
		if !strings.Contains(page, want) {
			t.Errorf("POST /verify of version 1's words: the page lacks %q", want)
		}
	}
	checkCSPClean(t, "/verify", page)
	// An altered quote: the diff marks the figure.
	_, body = get(t, ts, "/verify?"+url.Values{"q": {"Spending on roads grew by 40% last year."}}.Encode())
	page = string(body)
	for _, want := range []string{`class="verdict verdict-altered"`, `<del class="sig" title="figure differs">27</del>`, `<ins class="sig" title="figure differs">40</ins>`, "a figure differs"} {
		if !strings.Contains(page, want) {
			t.Errorf("GET /verify of an altered quote: the page lacks %q", want)
		}
	}
	// Not found.
	_, body = get(t, ts, "/verify?"+url.Values{"q": {"Zebras migrate across the frozen tundra every January."}}.Encode())
	if !strings.Contains(string(body), "Not found.") {
		t.Errorf("GET /verify of an unknown quote:\n%s", body)
	}
}
