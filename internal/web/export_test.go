package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// exportRow is a row of an export, as a user's tools read it.
type exportRow struct {
	DocID     string `json:"doc_id"`
	Date      string `json:"date"`
	Title     string `json:"title"`
	Speaker   string `json:"speaker"`
	Person    string `json:"person"`
	Role      string `json:"role"`
	Turn      int    `json:"turn"`
	QA        string `json:"qa"`
	Text      string `json:"text"`
	Permalink string `json:"permalink"`
	URL       string `json:"url"`
}

// exportHeader is the layout of every CSV of turns (cmd/rostrum's export
// checks the same).
var exportHeader = []string{"doc_id", "date", "title", "turn", "speaker", "person", "role", "qa", "text", "permalink", "url"}

// wantExport builds the rows an export of q should hold from the
// archive: every matching document of the search (every page, up to 50
// turns each, which the archive's documents do not exceed: see
// TestExportLongDocument for longer ones), a turn-0 row holding the lead for one matched by its
// header or by filters alone, then a row per matching turn with the
// turn's full text (its paragraphs, a blank line between them).
func wantExport(t *testing.T, base, q string) []exportRow {
	t.Helper()
	query, err := search.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	req := &transcript.SearchRequest{Query: query, Limit: transcript.MaxSearchLimit, TurnsPerDoc: transcript.MaxTurnsPerDoc}
	var rows []exportRow
	for {
		res, err := archive.Search(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		// Exports write every space as a plain one; the archive keeps the
		// page's no-break spaces.
		p := transcript.PlainSpaces
		for _, h := range res.Hits {
			doc, err := archive.Document(t.Context(), h.ID)
			if err != nil {
				t.Fatal(err)
			}
			if h.Header != nil || len(h.Turns) == 0 {
				rows = append(rows, exportRow{DocID: h.ID, Date: doc.Date, Title: p(doc.Title), Text: p(doc.Lead), Permalink: h.ID, URL: base + "/d/" + h.ID})
			}
			exchange := map[int]string{}
			for _, x := range qa.Pairs(doc, false) {
				exchange[x.Question.Turn] = "q" + strconv.Itoa(x.Question.Turn)
				for _, a := range x.Answers {
					exchange[a.Turn] = "q" + strconv.Itoa(x.Question.Turn)
				}
			}
			for _, th := range h.Turns {
				dt := doc.Turns[th.Index-1]
				rows = append(rows, exportRow{DocID: h.ID, Date: doc.Date, Title: p(doc.Title), Speaker: p(dt.Speaker), Person: p(dt.Person), Role: p(dt.Role),
					Turn: dt.Index, QA: exchange[dt.Index], Text: p(strings.Join(dt.Paragraphs, "\n\n")),
					Permalink: h.ID + "#t" + strconv.Itoa(dt.Index), URL: base + "/d/" + h.ID + "#t" + strconv.Itoa(dt.Index)})
			}
		}
		if res.Next == "" {
			return rows
		}
		req.Cursor = res.Next
	}
}

// getExport fetches an export and checks its headers.
func getExport(t *testing.T, ts *httptest.Server, format, q string) []byte {
	t.Helper()
	path := "/export." + format + "?" + url.Values{"q": {q}}.Encode()
	resp, body := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %.300s", path, resp.StatusCode, body)
	}
	wantType := map[string]string{"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}[format]
	if ct := resp.Header.Get("Content-Type"); ct != wantType {
		t.Errorf("GET %s: Content-Type %q, want %q", path, ct, wantType)
	}
	if cd, want := resp.Header.Get("Content-Disposition"), `attachment; filename="rostrum-search.`+format+`"`; cd != want {
		t.Errorf("GET %s: Content-Disposition %q, want %q", path, cd, want)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
	}
	return body
}

func parseCSV(t *testing.T, body []byte) []exportRow {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(records) == 0 {
		t.Fatal("the CSV is empty: no header row")
	}
	if diff := cmp.Diff(exportHeader, records[0]); diff != "" {
		t.Fatalf("CSV header row mismatch (-want +got):\n%s", diff)
	}
	var rows []exportRow
	for i, rec := range records[1:] {
		turn, err := strconv.Atoi(rec[3])
		if err != nil {
			t.Fatalf("CSV row %d: turn %q is not a number", i+1, rec[3])
		}
		rows = append(rows, exportRow{DocID: rec[0], Date: rec[1], Title: rec[2], Turn: turn, Speaker: rec[4], Person: rec[5], Role: rec[6],
			QA: rec[7], Text: rec[8], Permalink: rec[9], URL: rec[10]})
	}
	return rows
}

func parseJSONL(t *testing.T, body []byte) []exportRow {
	t.Helper()
	var rows []exportRow
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var row exportRow
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("JSON Lines line %d: %v: %s", n, err, sc.Bytes())
		}
		if dec.More() {
			t.Fatalf("JSON Lines line %d holds more than one value", n)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(body) > 0 && !bytes.HasSuffix(body, []byte("\n")) {
		t.Error("the JSON Lines export does not end with a newline")
	}
	return rows
}

// TestExport checks the CSV and JSON Lines exports against the archive.
func TestExport(t *testing.T) {
	ts := newServer(t, web.Config{})
	tests := []struct {
		name       string
		q          string
		headerOnly bool // the query has filters only: one turn-0 row a document
		person     string
	}{
		{name: "person and word", q: `person:"Vladimir Putin" CSTO`, person: "Vladimir Putin"},
		{name: "words", q: `talks Kazakhstan`},
		{name: "topic", q: `topic:"Foreign policy"`, headerOnly: true},
		{name: "geography", q: `geography:Kazakhstan`, headerOnly: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := wantExport(t, ts.URL, tt.q)
			if len(want) == 0 {
				t.Fatalf("%s matches nothing in the archive", tt.q)
			}
			csvBody := getExport(t, ts, "csv", tt.q)
			if bytes.ContainsRune(csvBody, '\u00a0') {
				t.Errorf("CSV export of %s holds no-break spaces", tt.q)
			}
			csvRows := parseCSV(t, csvBody)
			if diff := cmp.Diff(want, csvRows); diff != "" {
				t.Errorf("CSV export of %s mismatch (-want +got):\n%s", tt.q, diff)
			}
			jsonRows := parseJSONL(t, getExport(t, ts, "jsonl", tt.q))
			if diff := cmp.Diff(csvRows, jsonRows); diff != "" {
				t.Errorf("JSON Lines and CSV exports of %s differ (-csv +jsonl):\n%s", tt.q, diff)
			}
			docs := map[string]bool{}
			for i, row := range csvRows {
				docs[row.DocID] = true
				switch {
				case row.Turn == 0:
					if row.Permalink != row.DocID || !strings.HasSuffix(row.URL, "/d/"+row.DocID) {
						t.Errorf("row %d: permalink %q and url %q, want %s and a URL ending with /d/%s", i, row.Permalink, row.URL, row.DocID, row.DocID)
					}
					if row.Speaker != "" || row.Person != "" || row.Role != "" {
						t.Errorf("row %d: a turn-0 row with speaker %q, person %q, role %q", i, row.Speaker, row.Person, row.Role)
					}
				case tt.headerOnly:
					t.Errorf("row %d: turn %d for a query of filters only", i, row.Turn)
				default:
					if suffix := "/d/" + row.DocID + "#t" + strconv.Itoa(row.Turn); row.Permalink != row.DocID+"#t"+strconv.Itoa(row.Turn) || !strings.HasSuffix(row.URL, suffix) {
						t.Errorf("row %d: permalink %q and url %q, want DOCID#tN and a URL ending with %s", i, row.Permalink, row.URL, suffix)
					}
					if tt.person != "" && row.Person != tt.person {
						t.Errorf("row %d (%s#t%d): person %q, want %q", i, row.DocID, row.Turn, row.Person, tt.person)
					}
				}
			}
			if tt.headerOnly && len(docs) != len(csvRows) {
				t.Errorf("%d rows for %d documents, want one each", len(csvRows), len(docs))
			}
		})
	}
}

// TestExportStream checks the headers of a streamed export and its
// compression.
func TestExportStream(t *testing.T) {
	ts := newServer(t, web.Config{})
	q := url.Values{"q": {"talks"}}.Encode()
	plain := getExport(t, ts, "csv", "talks")
	resp, zbody := get(t, ts, "/export.csv?"+q, "Accept-Encoding", "gzip")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	query, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	res, err := archive.Search(t.Context(), &transcript.SearchRequest{Query: query, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Header.Get("X-Rostrum-Documents"); got != strconv.Itoa(res.Documents) {
		t.Errorf("X-Rostrum-Documents %q, want %d", got, res.Documents)
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", ce)
	}
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, plain) {
		t.Errorf("the gzipped export decompresses to something else (%d bytes, want %d)", len(got), len(plain))
	}
}

// TestExportErrors checks that an export of a bad query is an error page
// with a 400, not an empty or partial file.
func TestExportErrors(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, format := range []string{"csv", "jsonl"} {
		for _, q := range []string{"q=%22unclosed", "q=person:zzzzzz", "q=", "q=%ff", "q=talks&limit=0"} {
			path := "/export." + format + "?" + q
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: status %d, want 400", path, resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: Content-Type %q, want an HTML error page", path, ct)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != "" {
				t.Errorf("GET %s: Content-Disposition %q on an error", path, cd)
			}
			if bytes.HasPrefix(body, []byte("doc_id,")) {
				t.Errorf("GET %s: the error is a CSV file", path)
			}
		}
	}
}

// longDocument is a document of 120 turns that all mention gas: Ann
// Example (a person) speaks the odd turns, about oil prices too, and an
// unnamed "Question" the even ones; every tenth turn discusses talks.
func longDocument() *transcript.Document {
	d := &transcript.Document{ID: "test/long", Source: "test", Language: "en", Title: "A long meeting", Date: "2024-03-01"}
	for i := 1; i <= 120; i++ {
		t := transcript.Turn{Index: i, Speaker: "Question", Paragraphs: []string{"Gas supplies, round " + strconv.Itoa(i) + "."}}
		if i%2 == 1 {
			t.Speaker, t.Person = "Ann Example", "Ann Example"
			t.Paragraphs = append(t.Paragraphs, "And the prices of oil.")
		}
		if i%10 == 0 {
			t.Paragraphs[0] += " We were discussing the talks."
		}
		d.Turns = append(d.Turns, t)
	}
	return d
}

// TestExportLongDocument: an export holds every matching turn of a
// document, beyond the turns a search returns per document, and only
// those.
func TestExportLongDocument(t *testing.T) {
	doc := longDocument()
	store := mustStore(t, doc, &transcript.Document{ID: "test/short", Source: "test", Language: "en", Title: "Gas", Date: "2024-02-01",
		Turns: []transcript.Turn{{Index: 1, Speaker: "Bob", Paragraphs: []string{"Gas and oil prices."}}}})
	var logs lockedBuffer
	srv := httptest.NewServer(web.NewServer(store, web.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}))
	t.Cleanup(srv.Close)
	ts := srv
	turns := func(keep func(i int) bool) []int {
		var out []int
		for i := 1; i <= 120; i++ {
			if keep(i) {
				out = append(out, i)
			}
		}
		return out
	}
	odd := func(i int) bool { return i%2 == 1 }
	tests := []struct {
		q    string
		want []int // the turns of test/long, in document order
	}{
		{q: "gas", want: turns(func(int) bool { return true })},
		{q: "supply", want: turns(func(int) bool { return true })}, // stemmed as supplies
		{q: "oil", want: turns(odd)},
		{q: `"oil prices"`, want: nil},
		{q: `"prices of oil"`, want: turns(odd)},
		{q: "gas -oil", want: turns(func(i int) bool { return !odd(i) })},
		{q: "oil OR talk", want: turns(func(i int) bool { return odd(i) || i%10 == 0 })},
		{q: "discuss*", want: turns(func(i int) bool { return i%10 == 0 })},
		{q: `person:"Ann Example" supplies`, want: turns(odd)},
		{q: `speaker:Question gas`, want: turns(func(i int) bool { return !odd(i) })},
		{q: `-person:"Ann Example" gas`, want: turns(func(i int) bool { return !odd(i) })},
		{q: "gas", want: turns(func(int) bool { return true })},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			for _, format := range []string{"csv", "jsonl"} {
				body := getExport(t, ts, format, tt.q)
				rows := parseCSVOrJSONL(t, format, body)
				var got []int
				for _, r := range rows {
					if r.DocID != doc.ID {
						continue
					}
					if r.Turn == 0 {
						continue
					}
					if dt := doc.Turns[r.Turn-1]; r.Text != strings.Join(dt.Paragraphs, "\n\n") || r.Speaker != dt.Speaker {
						t.Errorf("%s: turn %d: text %q speaker %q, want the turn's", format, r.Turn, r.Text, r.Speaker)
					}
					got = append(got, r.Turn)
				}
				if len(got) != len(tt.want) {
					t.Errorf("%s export of %s: %d rows for %s, want %d", format, tt.q, len(got), doc.ID, len(tt.want))
				}
				sorted := slices.Sorted(slices.Values(got))
				if diff := cmp.Diff(tt.want, sorted); diff != "" {
					t.Errorf("%s export of %s: turns of %s mismatch (-want +got):\n%s", format, tt.q, doc.ID, diff)
				}
				if len(slices.Compact(sorted)) != len(got) {
					t.Errorf("%s export of %s: a turn exported twice", format, tt.q)
				}
			}
			if l := logs.String(); strings.Contains(l, "disagree") {
				t.Errorf("the export fell back to the engine's turns:\n%s", l)
			}
		})
	}
}

// lockedBuffer is a log that server goroutines write while a test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func parseCSVOrJSONL(t *testing.T, format string, body []byte) []exportRow {
	t.Helper()
	if format == "csv" {
		return parseCSV(t, body)
	}
	return parseJSONL(t, body)
}

// TestExportExcel: the "for Excel" CSV holds the plain CSV's rows behind
// a byte order mark, with formula cells neutralised and nothing else
// changed; the plain CSV stays byte-faithful.
func TestExportExcel(t *testing.T) {
	ts := newServer(t, web.Config{})
	const q = `talks Kazakhstan`
	plain := getExport(t, ts, "csv", q)
	path := "/export.csv?" + url.Values{"q": {q}, "excel": {"1"}}.Encode()
	resp, excel := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	body, ok := bytes.CutPrefix(excel, []byte("\ufeff"))
	if !ok {
		t.Fatalf("GET %s: no UTF-8 byte order mark", path)
	}
	if bytes.HasPrefix(plain, []byte("\ufeff")) {
		t.Error("the plain CSV starts with a byte order mark")
	}
	p, err := csv.NewReader(bytes.NewReader(plain)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != len(x) || len(p) < 2 {
		t.Fatalf("%d rows for Excel, %d plain", len(x), len(p))
	}
	for i := range p {
		for j := range p[i] {
			want := p[i][j]
			if want != "" && strings.ContainsRune("=+-@\t\r", rune(want[0])) {
				want = "'" + want
			}
			if x[i][j] != want {
				t.Errorf("row %d cell %d: %q for Excel, want %q", i, j, x[i][j], want)
			}
		}
	}
}
