package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/trend"
)

// trendWebQueries is how many terms the trend page compares (and its
// chart draws); the API and the CSV take up to trend.MaxQueries.
const trendWebQueries = 5

// trendParams are the parameters of the trend page, its CSV and the API.
type trendParams struct {
	Qs  []string
	Req trend.Request
}

// parseTrend reads q (repeated), by and per. Empty q values are dropped;
// none at all is allowed only when emptyOK (the page's empty form).
func parseTrend(r *http.Request, maxQueries int, emptyOK bool) (*trendParams, error) {
	v := r.URL.Query()
	for _, k := range []string{"by", "per"} {
		if n := len(v[k]); n > 1 {
			return nil, errorT(http.StatusBadRequest, "err.twice", k, n)
		}
	}
	p := &trendParams{Req: trend.Request{By: v.Get("by"), Per: v.Get("per")}}
	if p.Req.By != "" && p.Req.By != trend.ByYear && p.Req.By != trend.ByMonth {
		return nil, errorf(http.StatusBadRequest, "unknown period %q: use year or month", truncate(p.Req.By, 40))
	}
	if p.Req.Per != "" && p.Req.Per != trend.PerPerson && p.Req.Per != trend.PerLang {
		return nil, errorf(http.StatusBadRequest, "unknown breakdown %q: use person or lang", truncate(p.Req.Per, 40))
	}
	for _, q := range v["q"] {
		if q = strings.TrimSpace(q); q != "" {
			p.Qs = append(p.Qs, q)
		}
	}
	switch {
	case len(p.Qs) == 0 && emptyOK:
		return p, nil
	case len(p.Qs) == 0:
		return nil, errorT(http.StatusBadRequest, "err.emptytrend", "sanctions")
	case len(p.Qs) > maxQueries:
		return nil, errorf(http.StatusBadRequest, "%d queries: a trend compares at most %d; drop some", len(p.Qs), maxQueries)
	}
	for _, q := range p.Qs {
		if n := len(q); n > MaxQueryBytes {
			return nil, errorT(http.StatusBadRequest, "err.toolong", n, MaxQueryBytes)
		}
		parsed, err := search.ParseQuery(q)
		if err != nil {
			return nil, err
		}
		if err := costOf(parsed).check(); err != nil {
			return nil, err
		}
		p.Req.Queries = append(p.Req.Queries, trend.Query{Text: q, Parsed: parsed})
	}
	if err := p.Req.Validate(); err != nil {
		return nil, (&httpError{Status: http.StatusBadRequest, Msg: userMessage(err)}).withHint("err.trendhint")
	}
	return p, nil
}

// allowTrendParams refuses parameters the trend's CSV and API do not
// know; q may repeat (see parseTrend for by and per).
func allowTrendParams(r *http.Request) error {
	for k := range r.URL.Query() {
		if k != "q" && k != "by" && k != "per" {
			return errorf(http.StatusBadRequest, "unknown parameter %q; this route takes q (repeated for each term), by, per", truncate(k, 40))
		}
	}
	return nil
}

// trendSource is what a trend reads: the concordance's source and the
// archive's word counts.
type trendSource struct {
	kwicSource
	transcript.WordCounter
}

// trend runs p's trend.
func (s *Server) trend(ctx context.Context, p *trendParams) (*trend.Result, error) {
	wc := s.archive
	req := p.Req
	req.Vocab = func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
		for _, q := range req.Queries {
			if search.NeedsVocab(q.Parsed) {
				return s.exportVocab(ctx, q.Parsed)
			}
		}
		return nil, nil, nil
	}
	return trend.Run(ctx, trendSource{kwicSource{s.searcher, s.archive}, wc}, &req)
}

// trendURL is path with p's queries, period and breakdown.
func trendURL(path string, p *trendParams) string {
	v := url.Values{"q": p.Qs}
	if p.Req.By != "" && p.Req.By != trend.ByYear {
		v.Set("by", p.Req.By)
	}
	if p.Req.Per != "" {
		v.Set("per", p.Req.Per)
	}
	return path + "?" + encode(v)
}

type trendPageData struct {
	page
	Inputs   []string // the term boxes: the queries, then empty ones
	By, Per  string
	Result   *trend.Result
	Took     string
	Chart    template.HTML
	Legend   []trendLegend
	Hidden   int // series not drawn (beyond the first five)
	Rows     []trendRow
	CSVURL   string
	APIURL   string
	KWICURLs []link // a concordance per query
}

type trendLegend struct {
	Label       string
	Index       int // the colour: trendColors[Index], and CSS class .swatch.sIndex
	Hits, Words string
	Rate        string
}

// trendRow is a period of the table: a cell per drawn series.
type trendRow struct {
	Period string
	Cells  []trendCell
}

type trendCell struct {
	Rate, Hits, Words string
	Empty             bool
}

func (s *Server) trendPage(w http.ResponseWriter, r *http.Request) error {
	p, err := parseTrend(r, trendWebQueries, true)
	if err != nil {
		return err
	}
	d := &trendPageData{page: page{Title: tr(reqLang(r), "trend.h1"), Nav: "search",
		Description: tr(reqLang(r), "trend.description")}, By: cmpOr(p.Req.By, trend.ByYear), Per: p.Req.Per}
	d.Inputs = append(d.Inputs, p.Qs...)
	for len(d.Inputs) < trendWebQueries {
		d.Inputs = append(d.Inputs, "")
	}
	if len(p.Qs) == 0 {
		return s.render(w, r, http.StatusOK, "trend", d)
	}
	d.Q = p.Qs[0]
	start := time.Now()
	res, err := s.trend(r.Context(), p)
	if err != nil {
		return err
	}
	d.Took = fmt.Sprintf("%.0f ms", float64(time.Since(start).Microseconds())/1000)
	d.Result = res
	d.Title = tr(reqLang(r), "trend.title", strings.Join(p.Qs, ", "))
	drawn := res.Series
	if len(drawn) > trendWebQueries {
		d.Hidden = len(drawn) - trendWebQueries
		drawn = drawn[:trendWebQueries]
	}
	d.Chart = trendChart(res, drawn, reqLang(r))
	for i, se := range drawn {
		d.Legend = append(d.Legend, trendLegend{Label: se.Label(), Index: i % len(trendColors),
			Hits: number(reqLang(r), int(se.Hits)), Words: number(reqLang(r), int(se.Words)), Rate: rateText(se.PerMillion)})
	}
	for _, period := range res.Periods() {
		row := trendRow{Period: period}
		for _, se := range drawn {
			c := trendCell{Empty: true}
			for _, pt := range se.Points {
				if pt.Period == period {
					c = trendCell{Rate: rateText(pt.PerMillion), Hits: number(reqLang(r), int(pt.Hits)), Words: number(reqLang(r), int(pt.Words))}
					break
				}
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
	}
	d.CSVURL = trendURL("/trend.csv", p)
	d.APIURL = trendURL("/api/v1/trend", p)
	for _, q := range p.Qs {
		d.KWICURLs = append(d.KWICURLs, link{Label: q, URL: "/kwic?" + encode(url.Values{"q": {q}})})
	}
	return s.render(w, r, http.StatusOK, "trend", d)
}

// rateText writes a rate per million words with two decimals.
func rateText(r *float64) string {
	if r == nil {
		return "–"
	}
	return strconv.FormatFloat(*r, 'f', 2, 64)
}

var trendColumns = []string{"query", "person", "lang", "period", "hits", "words", "per_million"}

// trendCSV answers with every point of every series, one row each.
func (s *Server) trendCSV(w http.ResponseWriter, r *http.Request) error {
	if err := allowTrendParams(r); err != nil {
		return err
	}
	p, err := parseTrend(r, trend.MaxQueries, false)
	if err != nil {
		return err
	}
	res, err := s.trend(r.Context(), p)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="rostrum-trend.csv"`)
	cw := csv.NewWriter(w)
	cw.Write(trendColumns)
	for _, se := range res.Series {
		person, lang := "", ""
		if se.Person != nil {
			person = *se.Person
		}
		if se.Lang != nil {
			lang = *se.Lang
		}
		for _, pt := range se.Points {
			rate := ""
			if pt.PerMillion != nil {
				rate = strconv.FormatFloat(*pt.PerMillion, 'f', -1, 64)
			}
			cw.Write([]string{excelCell(se.Query), excelCell(person), lang, pt.Period, strconv.FormatInt(pt.Hits, 10), strconv.FormatInt(pt.Words, 10), rate})
		}
	}
	cw.Flush()
	return cw.Error()
}

// apiTrendBody is the API's trend.
type apiTrendBody struct {
	Queries []string `json:"queries"`
	*trend.Result
}

func (s *Server) apiTrend(w http.ResponseWriter, r *http.Request) error {
	if err := allowTrendParams(r); err != nil {
		return err
	}
	p, err := parseTrend(r, trend.MaxQueries, false)
	if err != nil {
		return err
	}
	res, err := s.trend(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, apiTrendBody{Queries: p.Qs, Result: res})
}

// trendColors are the lines' colours, distinct in print and for the
// common colour blindnesses (Okabe and Ito's palette); the legend's
// swatches (.swatch.s0 to .s4 in style.css) have the same.
var trendColors = []string{"#1f4f8f", "#d55e00", "#009e73", "#cc79a7", "#e69f00"}

// trendChart draws the series as an SVG line chart: periods along the
// x axis at their place in time (a gap of years stays a gap), the rate
// per million words up the y axis, both labelled. A period without words
// breaks its line. Every point carries a <title> with its figures.
func trendChart(res *trend.Result, series []trend.Series, l string) template.HTML {
	const w, h, left, right, top, bottom = 720.0, 300.0, 64.0, 16.0, 14.0, 44.0
	periods := res.Periods()
	if len(periods) == 0 || len(series) == 0 {
		return ""
	}
	pos := func(p string) int { // months or years since the first period
		y, _ := strconv.Atoi(p[:4])
		if res.By == trend.ByMonth {
			m, _ := strconv.Atoi(p[5:7])
			return y*12 + m - 1
		}
		return y
	}
	first, last := pos(periods[0]), pos(periods[len(periods)-1])
	span := max(1, last-first)
	top1 := 0.0
	for _, se := range series {
		for _, pt := range se.Points {
			if pt.PerMillion != nil {
				top1 = max(top1, *pt.PerMillion)
			}
		}
	}
	yMax, yStep := niceScale(top1)
	px := func(p string) float64 {
		if last == first {
			return left + (w-left-right)/2
		}
		return left + (w-left-right)*float64(pos(p)-first)/float64(span)
	}
	py := func(r float64) float64 { return top + (h-top-bottom)*(1-r/yMax) }
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend-chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="trend-chart-title" xmlns="http://www.w3.org/2000/svg">`, w, h)
	fmt.Fprintf(&b, `<title id="trend-chart-title">%s</title>`, esc(tr(l, "trendchart.title."+res.By, periods[0], periods[len(periods)-1])))
	// Y axis: grid lines and values.
	for i := 0; float64(i)*yStep <= yMax+yStep/2; i++ {
		v := float64(i) * yStep
		y := py(v)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e2ded4" stroke-width="1"/>`, left, y, w-right, y)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="end" font-size="11" fill="#555b65">%s</text>`, left-6, y+4, esc(axisNumber(v, yStep)))
	}
	fmt.Fprintf(&b, `<text class="axis-title" transform="translate(14 %.1f) rotate(-90)" text-anchor="middle" font-size="12" fill="#1c1f24">%s</text>`, top+(h-top-bottom)/2, esc(tr(l, "trendchart.axis")))
	// X axis: the line, ticks at most every few periods, and its title.
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#9a9486" stroke-width="1"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#9a9486" stroke-width="1"/>`, left, top, left, h-bottom)
	every := max(1, (span+1+9)/10)
	if res.By == trend.ByMonth {
		every = max(1, ((span+1+9)/10+2)/3*3) // whole quarters
	}
	for i := first; i <= last; i++ {
		if (i-first)%every != 0 {
			continue
		}
		label := strconv.Itoa(i)
		if res.By == trend.ByMonth {
			label = fmt.Sprintf("%04d-%02d", i/12, i%12+1)
		}
		x := px(label)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#9a9486" stroke-width="1"/>`, x, h-bottom, x, h-bottom+4)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#555b65">%s</text>`, x, h-bottom+17, esc(label))
	}
	fmt.Fprintf(&b, `<text class="axis-title" x="%.1f" y="%.1f" text-anchor="middle" font-size="12" fill="#1c1f24">%s</text>`, left+(w-left-right)/2, h-6, esc(tr(l, "trend."+res.By)))
	// The series: a path broken where a period has no words, and a dot
	// per point.
	for i, se := range series {
		color := trendColors[i%len(trendColors)]
		var d strings.Builder
		prev := math.MinInt
		for _, pt := range se.Points {
			if pt.PerMillion == nil {
				prev = math.MinInt
				continue
			}
			cmd := "L"
			if prev == math.MinInt || pos(pt.Period)-prev > 1 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, px(pt.Period), py(*pt.PerMillion))
			prev = pos(pt.Period)
		}
		fmt.Fprintf(&b, `<g class="series" data-series="%d"><path d="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`, i, strings.TrimSpace(d.String()), color)
		for _, pt := range se.Points {
			if pt.PerMillion == nil {
				continue
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, %s: %s</title></circle>`,
				px(pt.Period), py(*pt.PerMillion), color, esc(se.Label()), esc(pt.Period),
				esc(tr(l, "trendchart.point", rateText(pt.PerMillion), trn(l, "trendchart.hits", int(pt.Hits)), number(l, int(pt.Words)))))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceScale returns the top of an axis at least v and its step: 1, 2 or
// 5 times a power of ten, four to eight steps.
func niceScale(v float64) (top, step float64) {
	if v <= 0 {
		return 1, 0.25
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	return math.Ceil(v/step) * step, step
}

// axisNumber writes an axis value with the decimals its step needs.
func axisNumber(v, step float64) string {
	if step >= 1 {
		return commas(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', int(-math.Floor(math.Log10(step))), 64)
}
