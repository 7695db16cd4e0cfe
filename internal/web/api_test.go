package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// The API tests hold the server to its OpenAPI description
// (openapi.json): kin-openapi checks that the description is a valid
// OpenAPI 3.1 document, and validates the requests the tests make and
// the server's answers (status, headers, body) against it, with a JSON
// Schema 2020-12 validator as OpenAPI 3.1 has it.

// mustLoadOpenAPI loads and validates the description as served.
func mustLoadOpenAPI(tb testing.TB) *openapi3.T {
	tb.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		tb.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		tb.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// get requests path (with its query) from ts, with header name, value
// pairs, and returns the response with its body read.
func get(tb testing.TB, ts *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	return do(tb, ts, http.MethodGet, path, header...)
}

func do(tb testing.TB, ts *httptest.Server, method, path string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), method, ts.URL+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, body
}

// reQuotedParam is a path parameter after regexp.QuoteMeta: \{name\}.
var reQuotedParam = regexp.MustCompile(`\\\{(\w+)\\\}`)

// route finds the documented operation of a request path, and its path
// parameters; nil when none is documented. Only a document id ({id},
// {id...} in routes.go) spans segments: it has a slash.
func route(doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	// The longest templates first, so that /api/v1/documents/{id}/diff
	// is not taken for a document whose id ends in /diff.
	paths := doc.Paths.Map()
	tmpls := slices.SortedFunc(maps.Keys(paths), func(a, b string) int { return len(b) - len(a) })
	for _, tmpl := range tmpls {
		item := paths[tmpl]
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		var names []string
		re := "^" + reQuotedParam.ReplaceAllStringFunc(regexp.QuoteMeta(tmpl), func(s string) string {
			name := strings.Trim(s, `\{}`)
			names = append(names, name)
			if name == "id" {
				return "(.+)"
			}
			return "([^/]+)"
		}) + "$"
		m := regexp.MustCompile(re).FindStringSubmatch(path)
		if m == nil {
			continue
		}
		params := map[string]string{}
		for i, name := range names {
			v, err := url.PathUnescape(m[i+1])
			if err != nil {
				return nil, nil
			}
			params[name] = v
		}
		return &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: op}, params
	}
	return nil, nil
}

// validate checks a request and the server's answer to it against the
// description: a documented status, the documented headers and content
// type, and a body that its schema accepts. The request is checked only
// when checkRequest is set (the error tests send invalid ones).
func validate(t *testing.T, doc *openapi3.T, ts *httptest.Server, target string, checkRequest bool, resp *http.Response, body []byte) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rt, params := route(doc, http.MethodGet, u.EscapedPath())
	if rt == nil {
		t.Fatalf("GET %s: no documented route", u.Path)
	}
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+target, nil)
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: rt, Options: opts}
	if checkRequest {
		if err := openapi3filter.ValidateRequest(t.Context(), in); err != nil {
			t.Errorf("GET %s: the request does not conform to the description: %v", target, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Options: opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(t.Context(), out); err != nil {
		t.Errorf("GET %s: the answer (%d) does not conform to the description: %v", target, resp.StatusCode, err)
	}
}

// TestOpenAPIDocument checks that the served description is the file,
// and a valid OpenAPI 3.1 document.
func TestOpenAPIDocument(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("kin-openapi does not see openapi.json as OpenAPI 3.1")
	}
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/api/v1/openapi.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d", resp.StatusCode)
	}
	file, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, file) {
		t.Errorf("GET /api/v1/openapi.json differs from openapi.json")
	}
	if !json.Valid(body) {
		t.Errorf("GET /api/v1/openapi.json is not JSON")
	}
	// Every operation has an id, a summary and a success answer; every
	// parameter an example (kin-openapi checks the examples against
	// their schemas).
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s: no operationId or summary", method, path)
			}
			if op.Responses.Status(http.StatusOK) == nil {
				t.Errorf("%s %s: no 200 answer", method, path)
			}
			for _, p := range op.Parameters {
				if p.Value.Example == nil && len(p.Value.Examples) == 0 {
					t.Errorf("%s %s: parameter %s has no example", method, path, p.Value.Name)
				}
				if p.Value.Description == "" {
					t.Errorf("%s %s: parameter %s has no description", method, path, p.Value.Name)
				}
			}
		}
	}
}

// registeredAPIRoutes reads the method and path of every route under
// /api/v1/ from routes.go, in OpenAPI's path syntax ({id...} is {id}).
func registeredAPIRoutes(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		pattern, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		method, path, ok := strings.Cut(pattern, " ")
		if !ok {
			method, path = "GET", pattern
		}
		if !strings.HasPrefix(path, "/api/v1/") {
			return true
		}
		path = strings.ReplaceAll(path, "{$}", "")
		path = regexp.MustCompile(`\{(\w+)\.\.\.\}`).ReplaceAllString(path, "{$1}")
		routes = append(routes, method+" "+path)
		return true
	})
	if len(routes) == 0 {
		t.Fatal("found no /api/v1/ route in routes.go")
	}
	slices.Sort(routes)
	return routes
}

func documentedRoutes(doc *openapi3.T) []string {
	var routes []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			routes = append(routes, method+" "+path)
		}
	}
	slices.Sort(routes)
	return routes
}

// TestOpenAPIRoutes checks that every route the server registers under
// /api/v1/ is documented, that nothing else is, and that the API's index
// lists the same routes.
func TestOpenAPIRoutes(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	if diff := cmp.Diff(registeredAPIRoutes(t), documentedRoutes(doc)); diff != "" {
		t.Errorf("routes.go and openapi.json mismatch (-registered +documented):\n%s", diff)
	}
	ts := newServer(t, web.Config{})
	_, body := get(t, ts, "/api/v1/")
	var index struct{ Routes []string }
	if err := json.Unmarshal(body, &index); err != nil {
		t.Fatal(err)
	}
	var want []string
	for path := range doc.Paths.Map() {
		if path != "/api/v1/" {
			want = append(want, path)
		}
	}
	slices.Sort(want)
	got := slices.Sorted(slices.Values(index.Routes))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /api/v1/ routes mismatch (-documented +listed):\n%s", diff)
	}
}

// apiPath is the API address of a document: its id's segments
// percent-encoded, its slash kept.
func apiPath(id string) string {
	segs := strings.Split(id, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/api/v1/documents/" + strings.Join(segs, "/")
}

// allDocuments lists the id of every current document, newest first.
func allDocuments(t *testing.T) []transcript.DocumentHit {
	t.Helper()
	var hits []transcript.DocumentHit
	req := &transcript.SearchRequest{Query: &transcript.Query{}, Sort: transcript.SortNewest, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1}
	for {
		res, err := archive.Search(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, res.Hits...)
		if res.Next == "" {
			return hits
		}
		req.Cursor = res.Next
	}
}

// apiCase is a request of a documented operation.
type apiCase struct {
	name string
	op   string // operationId
	url  string
}

// apiOperationCases request every documented GET operation with
// realistic parameters.
func apiOperationCases() []apiCase {
	return []apiCase{
		{"index", "getIndex", "/api/v1/"},
		{"openapi", "getOpenAPI", "/api/v1/openapi.json"},
		{"stats", "getStats", "/api/v1/stats"},
		{"search words", "search", "/api/v1/search?q=talks"},
		{"search person and word", "search", "/api/v1/search?" + url.Values{"q": {`person:"Vladimir Putin" Kazakhstan`}, "sort": {"newest"},
			"limit": {"3"}, "turns": {"2"}, "facets": {"true"}}.Encode()},
		{"search phrase oldest", "search", "/api/v1/search?" + url.Values{"q": {`"strategic partnership" OR CSTO`}, "sort": {"oldest"}}.Encode()},
		{"search filters only", "search", "/api/v1/search?" + url.Values{"q": {`topic:"Foreign policy"`}, "facets": {"1"}}.Encode()},
		{"search no match", "search", "/api/v1/search?q=zzzzqqqq&facets=true"},
		{"kwic", "kwic", "/api/v1/kwic?q=talks"},
		{"kwic sorted, paged, filtered", "kwic", "/api/v1/kwic?" + url.Values{"q": {`person:"Vladimir Putin" "strategic partnership"`}, "sort": {"left"},
			"width": {"30"}, "offset": {"1"}, "limit": {"2"}}.Encode()},
		{"kwic no match", "kwic", "/api/v1/kwic?q=zzzzqqqq"},
		{"trend", "trend", "/api/v1/trend?q=talks"},
		{"trend of two by month per lang", "trend", "/api/v1/trend?" + url.Values{"q": {"talks", `person:"Vladimir Putin" energy`}, "by": {"month"}, "per": {"lang"}}.Encode()},
		{"verify", "verifyQuote", "/api/v1/verify?" + url.Values{"q": {"Spending on roads grew by 25% last year."}}.Encode()},
		{"verify not found", "verifyQuote", "/api/v1/verify?" + url.Values{"q": {"zzzzqqqq wwwwvvvv xxxxyyyy"}, "in": {"lang:en"}}.Encode()},
		{"figures", "figures", "/api/v1/figures?q=trade&limit=5&offset=1"},
		{"figures conflicts", "figures", "/api/v1/figures?conflicts=1"},
		{"document figures", "documentFigures", apiPath(sampleID) + "/figures"},
		{"documents", "listDocuments", "/api/v1/documents"},
		{"documents filtered", "listDocuments", "/api/v1/documents?" + url.Values{"person": {"Vladimir Putin"}, "topic": {"Foreign policy", "CSTO"},
			"lang": {"en"}, "type": {"transcript"}, "from": {"2020"}, "to": {"2022-12-31"}, "sort": {"oldest"}, "limit": {"3"}}.Encode()},
		{"documents geography and section", "listDocuments", "/api/v1/documents?" + url.Values{"geography": {"Kazakhstan"}, "section": {"Transcripts"}}.Encode()},
		{"documents speaker", "listDocuments", "/api/v1/documents?speaker=Tokayev"},
		{"document", "getDocument", apiPath(sampleID)},
		{"document escaped slash", "getDocument", "/api/v1/documents/" + url.PathEscape(sampleID)},
		{"document version", "getDocument", apiPath(sampleID) + "?version=1"},
		{"versions", "listVersions", apiPath(editedID) + "/versions"},
		{"versions of a one-version document", "listVersions", "/api/v1/documents/" + url.PathEscape(sampleID) + "/versions"},
		{"diff", "getDiff", apiPath(editedID) + "/diff"},
		{"diff from to", "getDiff", apiPath(editedID) + "/diff?from=2&to=1"},
		{"diff of a one-version document", "getDiff", apiPath(sampleID) + "/diff"},
		{"cite", "citeDocument", apiPath(sampleID) + "/cite"},
		{"qa", "documentExchanges", apiPath(sampleID) + "/qa"},
		{"editions", "documentEditions", apiPath(twinEN) + "/editions"},
		{"cite a turn in a style", "citeDocument", apiPath(editedID) + "/cite?turn=2&style=ris&version=1"},
		{"persons", "listPersons", "/api/v1/persons"},
		{"persons page", "listPersons", "/api/v1/persons?limit=2&cursor=1"},
		{"person", "getPerson", "/api/v1/persons/" + url.PathEscape("Vladimir Putin")},
		{"topics", "listTopics", "/api/v1/topics"},
		{"geography", "listGeography", "/api/v1/geography"},
		{"sections", "listSections", "/api/v1/sections"},
	}
}

// TestAPIOperations requests every documented operation with realistic
// parameters and validates the answers against the description.
func TestAPIOperations(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	tests := apiOperationCases()
	requested := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, ts, tt.url)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200: %s", tt.url, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("GET %s: Content-Type %q, want application/json", tt.url, ct)
			}
			u, _ := url.Parse(tt.url)
			rt, _ := route(doc, http.MethodGet, u.EscapedPath())
			if rt == nil || rt.Operation.OperationID != tt.op {
				t.Fatalf("GET %s: not routed to operation %s in the description", tt.url, tt.op)
			}
			requested[tt.op] = true
			validate(t, doc, ts, tt.url, true, resp, body)
		})
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !requested[op.OperationID] && method == http.MethodGet { // POSTs: see TestVerifyAPIPost
				t.Errorf("%s %s (%s) is documented but not requested by this test", method, path, op.OperationID)
			}
		}
	}
}

// TestAPIDocuments requests every document of the archive (every tenth
// with -short), and every stored version of it: each answer validates
// against the Document schema and is the document's canonical JSON.
func TestAPIDocuments(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	hits := allDocuments(t)
	if len(hits) == 0 || (haveCorpus && len(hits) < 100) {
		t.Fatalf("the archive lists %d documents", len(hits))
	}
	older := 0
	for i, h := range hits {
		if testing.Short() && i%10 != 0 {
			continue
		}
		versions, err := archive.Versions(t.Context(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range versions {
			path := apiPath(h.ID)
			d, err := archive.Document(t.Context(), h.ID)
			if v.Number != len(versions) {
				path += "?version=" + strconv.Itoa(v.Number)
				d, err = archive.DocumentVersion(t.Context(), h.ID, v.Number)
				older++
			}
			if err != nil {
				t.Fatal(err)
			}
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", path, resp.StatusCode)
				continue
			}
			validate(t, doc, ts, path, true, resp, body)
			want, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(append(want, '\n'), body) {
				t.Errorf("GET %s is not the canonical JSON of version %d", path, v.Number)
			}
		}
	}
	if haveCorpus && !testing.Short() && older == 0 {
		t.Errorf("no document has an earlier version to request")
	}
}

// TestAPIPersons walks the persons list, and requests every person (every
// tenth with -short) by the href the list gives: each is the listed
// person.
func TestAPIPersons(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	next := "/api/v1/persons?limit=40"
	seen := map[string]bool{}
	total := -1
	for next != "" {
		resp, body := get(t, ts, next)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", next, resp.StatusCode)
		}
		validate(t, doc, ts, next, true, resp, body)
		var page struct {
			Total   int
			Persons []json.RawMessage
			NextURL string `json:"next_url"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		total = page.Total
		for i, raw := range page.Persons {
			var p struct{ Name, Href string }
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			if seen[p.Name] {
				t.Errorf("person %q listed twice", p.Name)
			}
			seen[p.Name] = true
			if testing.Short() && i%10 != 0 {
				continue
			}
			resp, body := get(t, ts, p.Href)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s (person %q): status %d", p.Href, p.Name, resp.StatusCode)
				continue
			}
			validate(t, doc, ts, p.Href, true, resp, body)
			if !bytes.Equal(bytes.TrimSpace(body), bytes.TrimSpace(indentJSON(t, raw))) {
				t.Errorf("GET %s differs from the list's item for %q", p.Href, p.Name)
			}
		}
		next = page.NextURL
	}
	if len(seen) != total || total == 0 {
		t.Errorf("walked %d persons, total says %d", len(seen), total)
	}
}

func indentJSON(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAPIErrors checks that bad requests are refused with the documented
// JSON error, never a 500.
func TestAPIErrors(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	longQ := url.Values{"q": {strings.Repeat("talks ", 200)}}.Encode()
	tests := []struct {
		name   string
		method string // default GET
		url    string
		status int
		msg    string // a part of the message
		column int    // 0: no column
		hint   bool
	}{
		{name: "malformed query", url: "/api/v1/search?q=%22unclosed", status: 400, msg: "unclosed quote", column: 1, hint: true},
		{name: "malformed query column", url: "/api/v1/search?" + url.Values{"q": {"Путин (газ"}}.Encode(), status: 400, msg: "column", column: 7, hint: true},
		{name: "unknown parameter", url: "/api/v1/search?q=talks&toipc=x", status: 400, msg: `unknown parameter "toipc"`},
		{name: "unknown parameter documents", url: "/api/v1/documents?persn=Putin", status: 400, msg: `unknown parameter "persn"`},
		{name: "unknown parameter stats", url: "/api/v1/stats?x=1", status: 400, msg: `unknown parameter "x"`},
		{name: "unknown parameter topics", url: "/api/v1/topics?limit=3", status: 400, msg: `unknown parameter "limit"`},
		{name: "unknown parameter person", url: "/api/v1/persons/Vladimir%20Putin?x=1", status: 400, msg: `unknown parameter "x"`},
		{name: "search limit 0", url: "/api/v1/search?q=talks&limit=0", status: 400, msg: "limit must be a whole number from 1 to 100"},
		{name: "search limit 101", url: "/api/v1/search?q=talks&limit=101", status: 400, msg: "limit must be a whole number from 1 to 100"},
		{name: "search limit not a number", url: "/api/v1/search?q=talks&limit=ten", status: 400, msg: "limit must be"},
		{name: "search turns 51", url: "/api/v1/search?q=talks&turns=51", status: 400, msg: "turns must be a whole number from 1 to 50"},
		{name: "documents limit 0", url: "/api/v1/documents?limit=0", status: 400, msg: "limit must be"},
		{name: "documents limit 101", url: "/api/v1/documents?limit=101", status: 400, msg: "limit must be"},
		{name: "persons limit 1001", url: "/api/v1/persons?limit=1001", status: 400, msg: "limit must be"},
		{name: "search garbage cursor", url: "/api/v1/search?q=talks&cursor=garbage", status: 400, msg: "cursor"},
		{name: "search long cursor", url: "/api/v1/search?q=talks&cursor=" + strings.Repeat("x", 600), status: 400, msg: "cursor"},
		{name: "documents garbage cursor", url: "/api/v1/documents?cursor=garbage", status: 400, msg: "cursor"},
		{name: "persons garbage cursor", url: "/api/v1/persons?cursor=garbage", status: 400, msg: "cursor"},
		{name: "persons cursor past the end", url: "/api/v1/persons?cursor=99999", status: 400, msg: "cursor"},
		{name: "search sort", url: "/api/v1/search?q=talks&sort=best", status: 400, msg: "unknown sort"},
		{name: "documents sort", url: "/api/v1/documents?sort=relevance", status: 400, msg: "unknown sort"},
		{name: "facets", url: "/api/v1/search?q=talks&facets=maybe", status: 400, msg: "facets must be true or false"},
		{name: "empty query", url: "/api/v1/search?q=+", status: 400, msg: "the query is empty"},
		{name: "no query", url: "/api/v1/search", status: 400, msg: "the query is empty"},
		{name: "query too long", url: "/api/v1/search?" + longQ, status: 400, msg: "the query is too long", hint: true},
		{name: "query string too long", url: "/api/v1/search?q=" + strings.Repeat("a", 10<<10), status: 414, msg: "too long"},
		{name: "invalid UTF-8", url: "/api/v1/search?q=%ff", status: 400, msg: "not valid UTF-8"},
		{name: "invalid UTF-8 in a filter", url: "/api/v1/documents?person=%c3%28", status: 400, msg: "not valid UTF-8"},
		{name: "malformed query string", url: "/api/v1/search?q=a%zz", status: 400, msg: "malformed"},
		{name: "unknown person filter", url: "/api/v1/search?q=person:zzzzzz", status: 400, msg: `no person matches "zzzzzz"`},
		{name: "misspelt person filter", url: "/api/v1/search?q=person:putn", status: 400, msg: "did you mean Vladimir Putin?"},
		{name: "misspelt topic parameter", url: "/api/v1/documents?topic=Foreing+policy", status: 400, msg: "did you mean Foreign policy?"},
		{name: "unknown filter", url: "/api/v1/search?q=persn:putin", status: 400, msg: `unknown filter "persn:"`, column: 1, hint: true},
		{name: "bad date parameter", url: "/api/v1/documents?from=2020-13", status: 400, msg: "is not a date"},
		{name: "bad lang parameter", url: "/api/v1/documents?lang=de", status: 400, msg: "must be en or ru"},
		{name: "empty filter parameter", url: "/api/v1/documents?person=", status: 400, msg: "person is empty"},
		{name: "unknown document", url: "/api/v1/documents/en.kremlin.ru/0", status: 404, msg: "no document"},
		{name: "unknown version", url: apiPath(sampleID) + "?version=999", status: 404, msg: "no version 999"},
		{name: "version 0", url: apiPath(sampleID) + "?version=0", status: 400, msg: "version must be"},
		{name: "unknown person", url: "/api/v1/persons/Nobody%20Atall", status: 404, msg: `no person named "Nobody Atall"`},
		{name: "versions of an unknown document", url: "/api/v1/documents/en.kremlin.ru/0/versions", status: 404, msg: "no document", hint: true},
		{name: "versions parameter", url: apiPath(editedID) + "/versions?from=1", status: 400, msg: `unknown parameter "from"`},
		{name: "diff of an unknown document", url: "/api/v1/documents/en.kremlin.ru/0/diff", status: 404, msg: "no document", hint: true},
		{name: "diff unknown version", url: apiPath(editedID) + "/diff?from=1&to=3", status: 404, msg: "no version 3; it has 2 versions"},
		{name: "diff version 0", url: apiPath(editedID) + "/diff?from=0", status: 400, msg: "from must be"},
		{name: "diff parameter", url: apiPath(editedID) + "/diff?version=1", status: 400, msg: `unknown parameter "version"`},
		{name: "unknown route", url: "/api/nothing", status: 404, msg: "no API route"},
		{name: "unknown v1 route", url: "/api/v1/nothing", status: 404, msg: "no API route"},
		{name: "unknown version of the API", url: "/api/v2/search?q=talks", status: 404, msg: "no API route"},
		// The archive is read-only: other methods are refused (as 404
		// today; see the report about 405).
		{name: "POST", method: http.MethodPost, url: "/api/v1/search?q=talks", status: 405, msg: "read-only here: POST is not allowed"},
		{name: "DELETE", method: http.MethodDelete, url: apiPath(sampleID), status: 405, msg: "read-only here: DELETE is not allowed"},
	}
	errSchema := doc.Components.Schemas["Error"].Value
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			resp, body := do(t, ts, method, tt.url)
			if resp.StatusCode != tt.status {
				t.Errorf("%s %.80s: status %d, want %d: %s", method, tt.url, resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatalf("the body is not JSON: %v: %s", err, body)
			}
			if err := errSchema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
				t.Errorf("the body does not conform to the Error schema: %v", err)
			}
			var e struct {
				Error struct {
					Status  int
					Message string
					Column  int
					Hint    string
				}
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatal(err)
			}
			if e.Error.Status != resp.StatusCode {
				t.Errorf("error.status %d, want the response's %d", e.Error.Status, resp.StatusCode)
			}
			if !strings.Contains(e.Error.Message, tt.msg) {
				t.Errorf("error.message %q, want it to contain %q", e.Error.Message, tt.msg)
			}
			if e.Error.Column != tt.column {
				t.Errorf("error.column %d, want %d", e.Error.Column, tt.column)
			}
			if (e.Error.Hint != "") != tt.hint {
				t.Errorf("error.hint %q, want a hint: %v", e.Error.Hint, tt.hint)
			}
			if method != http.MethodGet {
				if allow := resp.Header.Get("Allow"); allow != "GET, HEAD" {
					t.Errorf("Allow %q, want GET, HEAD", allow)
				}
				return
			}
			// The status of a documented route is documented, with
			// this body.
			u, _ := url.Parse(tt.url)
			if rt, _ := route(doc, http.MethodGet, u.EscapedPath()); rt != nil {
				validate(t, doc, ts, tt.url, false, resp, body)
			}
		})
	}
}

// walk follows the next_url links of a list from first to its last page,
// checking each page against the description, and returns the items
// (decoded from the field named items) and the list's total (from the
// field named total).
func walk(t *testing.T, doc *openapi3.T, ts *httptest.Server, first, items, total string) ([]map[string]any, int) {
	t.Helper()
	var all []map[string]any
	want := -1
	next := first
	for pages := 0; next != ""; pages++ {
		if pages > 1000 {
			t.Fatalf("%s: more than 1000 pages", first)
		}
		resp, body := get(t, ts, next)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", next, resp.StatusCode, body)
		}
		validate(t, doc, ts, next, true, resp, body)
		var page map[string]any
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		n := int(page[total].(float64))
		if want >= 0 && n != want {
			t.Errorf("GET %s: %s %d, the first page said %d", next, total, n, want)
		}
		want = n
		for _, it := range page[items].([]any) {
			all = append(all, it.(map[string]any))
		}
		// next_url is this request with the cursor next, and no more.
		cursor, _ := page["next"].(string)
		nextURL, _ := page["next_url"].(string)
		if (cursor == "") != (nextURL == "") {
			t.Fatalf("GET %s: next %q but next_url %q", next, cursor, nextURL)
		}
		if nextURL != "" {
			cur, _ := url.Parse(next)
			nu, err := url.Parse(nextURL)
			if err != nil {
				t.Fatal(err)
			}
			wantQ := cur.Query()
			wantQ.Set("cursor", cursor)
			if nu.Path != cur.Path || !maps.EqualFunc(nu.Query(), wantQ, slices.Equal) {
				t.Errorf("GET %s: next_url %q, want %s?%s", next, nextURL, cur.Path, wantQ.Encode())
			}
		}
		next = nextURL
	}
	return all, want
}

// TestAPIPagination walks lists to their ends by their cursors: every
// item comes once, their count is the total, and in date order.
func TestAPIPagination(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	tests := []struct {
		name         string
		url          string
		items, total string
		order        string // newest, oldest or "" (relevance)
	}{
		{"documents", "/api/v1/documents?limit=7", "documents", "total", "newest"},
		{"documents oldest", "/api/v1/documents?limit=9&sort=oldest&lang=en", "documents", "total", "oldest"},
		{"documents filtered", "/api/v1/documents?limit=4&person=Vladimir+Putin&from=2010", "documents", "total", "newest"},
		{"search newest", "/api/v1/search?q=talks&limit=5&sort=newest", "hits", "documents", "newest"},
		{"search relevance", "/api/v1/search?q=talks&limit=5", "hits", "documents", ""},
		{"search filters only", "/api/v1/search?limit=6&q=" + url.QueryEscape(`topic:"Foreign policy"`), "hits", "documents", "newest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := walk(t, doc, ts, tt.url, tt.items, tt.total)
			if total == 0 {
				t.Fatalf("GET %s: nothing to page through", tt.url)
			}
			if len(items) != total {
				t.Errorf("walked %d items, %s says %d", len(items), tt.total, total)
			}
			seen := map[string]bool{}
			prev := ""
			for i, it := range items {
				id := it["id"].(string)
				if seen[id] {
					t.Errorf("item %d: %s came before", i, id)
				}
				seen[id] = true
				// Undated documents come last either way.
				date := it["date"].(string)
				if i > 0 && date != "" {
					switch {
					case prev == "":
						t.Errorf("item %d: %s dated %s after an undated one", i, id, date)
					case tt.order == "newest" && date > prev, tt.order == "oldest" && date < prev:
						t.Errorf("item %d: %s dated %s after %s, want %s first", i, id, date, prev, tt.order)
					}
				}
				prev = date
			}
		})
	}
}

// TestAPICaching checks the conditional GET, compression and caching
// headers of the API's reads.
func TestAPICaching(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, path := range []string{"/api/v1/", "/api/v1/stats", "/api/v1/search?q=talks", "/api/v1/documents?limit=3", apiPath(sampleID),
		apiPath(editedID) + "/versions", apiPath(editedID) + "/diff",
		"/api/v1/persons?limit=5", "/api/v1/persons/Vladimir%20Putin", "/api/v1/topics", "/api/v1/openapi.json"} {
		t.Run(path, func(t *testing.T) {
			resp, body := get(t, ts, path, "Accept-Encoding", "identity")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
				t.Errorf("Cache-Control %q, want a max-age", cc)
			}
			etag := resp.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			// The same answer has the same ETag.
			if again, _ := get(t, ts, path, "Accept-Encoding", "identity"); again.Header.Get("ETag") != etag {
				t.Errorf("ETag %q, then %q", etag, again.Header.Get("ETag"))
			}
			for _, match := range []string{etag, strings.TrimPrefix(etag, "W/"), `"other", ` + etag, "*"} {
				resp, b := get(t, ts, path, "If-None-Match", match)
				if resp.StatusCode != http.StatusNotModified {
					t.Errorf("If-None-Match: %s: status %d, want 304", match, resp.StatusCode)
				}
				if len(b) != 0 {
					t.Errorf("If-None-Match: %s: a 304 with a %d-byte body", match, len(b))
				}
				if resp.Header.Get("ETag") != etag {
					t.Errorf("If-None-Match: %s: ETag %q, want %q", match, resp.Header.Get("ETag"), etag)
				}
			}
			if resp, _ := get(t, ts, path, "If-None-Match", `W/"0123"`); resp.StatusCode != http.StatusOK {
				t.Errorf("If-None-Match with another ETag: status %d, want 200", resp.StatusCode)
			}
			// Gzip, for answers worth compressing.
			resp, zbody := get(t, ts, path, "Accept-Encoding", "gzip")
			if !slices.Contains(resp.Header.Values("Vary"), "Accept-Encoding") {
				t.Errorf("Vary %q, want Accept-Encoding", resp.Header.Values("Vary"))
			}
			if len(body) < 1024 {
				if resp.Header.Get("Content-Encoding") != "" {
					t.Errorf("a %d-byte answer is compressed", len(body))
				}
				return
			}
			if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", ce)
			}
			zr, err := gzip.NewReader(bytes.NewReader(zbody))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, body) {
				t.Errorf("the gzipped body decompresses to something else")
			}
			if resp.Header.Get("ETag") != etag {
				t.Errorf("gzipped: ETag %q, want %q", resp.Header.Get("ETag"), etag)
			}
		})
	}
	// HEAD answers the headers of GET without a body.
	resp, body := do(t, ts, http.MethodHead, "/api/v1/stats")
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD /api/v1/stats: status %d, %d-byte body, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
	}
}

// TestOpenAPIValidatorRejects checks that the validation above has
// teeth: answers altered in ways the description forbids fail it.
func TestOpenAPIValidatorRejects(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	tests := []struct {
		name   string
		url    string
		status int // default 200
		alter  func(map[string]any)
	}{
		{name: "document date format", url: apiPath(sampleID), alter: func(m map[string]any) { m["date"] = "10 February 2022" }},
		{name: "document field missing", url: apiPath(sampleID), alter: func(m map[string]any) { delete(m, "turns") }},
		{name: "document field unknown", url: apiPath(sampleID), alter: func(m map[string]any) { m["author"] = "x" }},
		{name: "document list null", url: apiPath(sampleID), alter: func(m map[string]any) { m["topics"] = nil }},
		{name: "turn speaker number", url: apiPath(sampleID), alter: func(m map[string]any) {
			m["turns"].([]any)[0].(map[string]any)["speaker"] = 7
		}},
		{name: "summary url number", url: "/api/v1/documents?limit=1", alter: func(m map[string]any) {
			m["documents"].([]any)[0].(map[string]any)["url"] = 7
		}},
		{name: "hit header string", url: "/api/v1/search?q=talks&limit=1", alter: func(m map[string]any) {
			m["hits"].([]any)[0].(map[string]any)["header"] = "talks"
		}},
		{name: "mark of three", url: "/api/v1/search?q=talks&limit=1", alter: func(m map[string]any) {
			m["hits"].([]any)[0].(map[string]any)["turns"].([]any)[0].(map[string]any)["snippet"].(map[string]any)["marks"] = []any{[]any{1, 2, 3}}
		}},
		{name: "term kind", url: "/api/v1/topics", alter: func(m map[string]any) { m["kind"] = "topics" }},
		{name: "error without message", url: "/api/v1/search?q=%22x", status: 400, alter: func(m map[string]any) {
			delete(m["error"].(map[string]any), "message")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, ts, tt.url)
			if want := max(tt.status, http.StatusOK); resp.StatusCode != want {
				t.Fatalf("GET %s: status %d, want %d", tt.url, resp.StatusCode, want)
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
			tt.alter(m)
			altered, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tt.url)
			rt, params := route(doc, http.MethodGet, u.EscapedPath())
			req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+tt.url, nil)
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: rt}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header}
			out.SetBodyBytes(altered)
			if err := openapi3filter.ValidateResponse(t.Context(), out); err == nil {
				t.Errorf("an altered answer of GET %s passed validation: %s", tt.url, altered)
			}
		})
	}
}
