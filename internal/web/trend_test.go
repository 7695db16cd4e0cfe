package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/web"
)

// termByYear counts, over every dated turn of the archive, the words and
// the terms equal to word's stem, by year.
func termByYear(t *testing.T, word string) map[string][2]int64 {
	t.Helper()
	tok := search.NewTokenizer()
	stem := tok.Terms(word, true)[0]
	out := map[string][2]int64{}
	for doc, err := range archive.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Date) < 7 {
			continue
		}
		c := out[doc.Date[:4]]
		for _, turn := range doc.Turns {
			for _, p := range turn.Paragraphs {
				for _, term := range tok.Terms(p, true) {
					c[1]++
					if term == stem {
						c[0]++
					}
				}
			}
		}
		out[doc.Date[:4]] = c
	}
	for y, c := range out {
		if c[1] == 0 {
			delete(out, y)
		}
	}
	return out
}

type apiTrend struct {
	Queries []string `json:"queries"`
	By      string   `json:"by"`
	Series  []struct {
		Query      string   `json:"query"`
		Lang       *string  `json:"lang"`
		Hits       int64    `json:"hits"`
		Words      int64    `json:"words"`
		PerMillion *float64 `json:"per_million"`
		Points     []struct {
			Period     string   `json:"period"`
			Hits       int64    `json:"hits"`
			Words      int64    `json:"words"`
			PerMillion *float64 `json:"per_million"`
		} `json:"points"`
	} `json:"series"`
}

func TestTrendAPI(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/api/v1/trend?q=talks&q=Ukraine")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/trend: status %d: %s", resp.StatusCode, body)
	}
	var res apiTrend
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 2 || res.By != "year" || strings.Join(res.Queries, ",") != "talks,Ukraine" {
		t.Fatalf("GET /api/v1/trend: %d series by %q for %q", len(res.Series), res.By, res.Queries)
	}
	for i, word := range []string{"talks", "Ukraine"} {
		want := termByYear(t, word)
		s := res.Series[i]
		if s.Query != word || len(s.Points) != len(want) {
			t.Errorf("series %d: %q with %d points, want %q with %d", i, s.Query, len(s.Points), word, len(want))
		}
		for _, p := range s.Points {
			if got := [2]int64{p.Hits, p.Words}; got != want[p.Period] {
				t.Errorf("%s %s: hits and words %v, the archive's turns have %v", word, p.Period, got, want[p.Period])
			}
			if p.PerMillion == nil || *p.PerMillion != float64(p.Hits)*1e6/float64(p.Words) {
				t.Errorf("%s %s: per_million %v", word, p.Period, p.PerMillion)
			}
		}
	}
	// A breakdown by language names each series' language.
	resp, body = get(t, ts, "/api/v1/trend?q=talks&per=lang&by=month")
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK || len(res.Series) == 0 || res.Series[0].Lang == nil {
		t.Errorf("GET per=lang: status %d, %v: %.300s", resp.StatusCode, err, body)
	}
	for _, p := range res.Series[0].Points {
		if len(p.Period) != 7 {
			t.Errorf("by=month: period %q", p.Period)
		}
	}
}

func TestTrendPageAndCSV(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/trend?q=talks&q=energy")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /trend: status %d", resp.StatusCode)
	}
	page := string(body)
	for _, s := range []string{`<svg class="trend-chart"`, `per million words</text>`, `<table class="trend-table">`,
		`href="/trend.csv?q=talks&amp;q=energy"`, `href="/api/v1/trend?q=talks&amp;q=energy"`, `<ul class="trend-legend">`, `href="/kwic?q=talks"`} {
		if !strings.Contains(page, s) {
			t.Errorf("GET /trend?q=talks&q=energy lacks %s", s)
		}
	}
	// The chart is well-formed XML with a line per term and a dot per point.
	i := strings.Index(page, `<svg class="trend-chart"`)
	j := i + strings.Index(page[max(i, 0):], "</svg>")
	if i < 0 || j < i {
		t.Fatal("no svg")
	}
	svg := page[i : j+len("</svg>")]
	dec := xml.NewDecoder(strings.NewReader(svg))
	paths, circles, texts := 0, 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the chart is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "path":
				paths++
			case "circle":
				circles++
			case "text":
				texts++
			}
		}
	}
	points := len(termByYear(t, "talks")) + len(termByYear(t, "energy"))
	if paths != 2 || circles != points || texts < 4 {
		t.Errorf("the chart has %d lines, %d dots, %d labels; want 2, %d and the axes' labels", paths, circles, texts, points)
	}
	// The empty form, and the search page's link.
	if resp, body := get(t, ts, "/trend"); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `<form class="trend-form"`) ||
		strings.Contains(string(body), "<svg class=\"trend-chart\"") {
		t.Errorf("GET /trend: status %d, or no form, or a chart", resp.StatusCode)
	}
	if _, body := get(t, ts, "/search?q=talks"); !strings.Contains(string(body), `href="/trend?q=talks"`) {
		t.Errorf("the search page does not link to the trend")
	}

	resp, body = get(t, ts, "/trend.csv?q=talks")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET /trend.csv: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := termByYear(t, "talks")
	if len(rows) != len(want)+1 || strings.Join(rows[0], ",") != "query,person,lang,period,hits,words,per_million" {
		t.Fatalf("GET /trend.csv: %d rows, header %q; want %d", len(rows), rows[0], len(want)+1)
	}
	for _, r := range rows[1:] {
		h, _ := strconv.ParseInt(r[4], 10, 64)
		w, _ := strconv.ParseInt(r[5], 10, 64)
		if [2]int64{h, w} != want[r[3]] {
			t.Errorf("GET /trend.csv: %s has %d hits in %d words, want %v", r[3], h, w, want[r[3]])
		}
	}
}

func TestTrendBadInput(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, base := range []string{"/trend", "/trend.csv", "/api/v1/trend"} {
		for _, tt := range []struct {
			query url.Values
			want  string
		}{
			{url.Values{"q": {"gas"}, "by": {"week"}}, "unknown period"},
			{url.Values{"q": {"gas"}, "per": {"topic"}}, "unknown breakdown"},
			{url.Values{"q": {"gas"}, "by": {"year", "month"}}, "given 2 times"},
			{url.Values{"q": {"(gas"}}, "column"},
			{url.Values{"q": {"lang:en"}}, "no words to count"},
			{url.Values{"q": {"person:zzzzqqqq gas"}}, "zzzzqqqq"},
			{url.Values{"q": {"gas from:1950-01-01 to:1950-12-31"}}, "no periods to show"},
			{url.Values{"q": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}, "at most"},
			{url.Values{"q": {strings.Repeat("gas ", 300)}}, "too long"},
		} {
			target := base + "?" + tt.query.Encode()
			resp, body := get(t, ts, target)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s: status %d, body lacks %q or status is not 400:\n%.300s", target, resp.StatusCode, tt.want, body)
			}
		}
	}
	for _, target := range []string{"/trend.csv", "/api/v1/trend", "/api/v1/trend?q=gas&limit=3", "/trend?q=a&q=b&q=c&q=d&q=e&q=f"} {
		if resp, body := get(t, ts, target); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400:\n%.300s", target, resp.StatusCode, body)
		}
	}
}
