package web_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rostrum/rostrum/internal/web"
)

// TestBrowserTrend loads a trend of three terms and checks that the
// browser draws its SVG chart: visible, as wide as its figure, a line
// per term with a length, labelled axes, and a legend beside it.
func TestBrowserTrend(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	mustDo(t, ctx, "set the viewport", chromedp.EmulateViewport(1280, 900))
	path := "/trend?" + url.Values{"q": {"talks", "energy", "Ukraine"}}.Encode()
	mustLoad(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path))
	if w := mustEval[float64](t, ctx, `document.querySelector('svg.trend-chart').getBoundingClientRect().width`); w < 300 {
		t.Errorf("the chart is %.0f px wide: it does not render", w)
	}
	if h := mustEval[float64](t, ctx, `document.querySelector('svg.trend-chart').getBoundingClientRect().height`); h < 150 {
		t.Errorf("the chart is %.0f px high: it does not render", h)
	}
	lengths := mustEval[[]float64](t, ctx, `[...document.querySelectorAll('svg.trend-chart g.series path')].map(p => p.getTotalLength())`)
	if len(lengths) != 3 {
		t.Fatalf("the chart draws %d lines, want 3", len(lengths))
	}
	for i, l := range lengths {
		if l <= 0 {
			t.Errorf("line %d has length %v: it is not drawn", i, l)
		}
	}
	if n := mustEval[int](t, ctx, `[...document.querySelectorAll('svg.trend-chart text')].filter(e => e.getBBox().width > 0).length`); n < 6 {
		t.Errorf("the chart shows %d labels, want the axes' values and titles", n)
	}
	if n := mustEval[int](t, ctx, `document.querySelectorAll('.trend-legend li').length`); n != 3 {
		t.Errorf("the legend has %d entries, want 3", n)
	}
	if n := mustEval[int](t, ctx, `document.querySelectorAll('.trend-table tbody tr').length`); n < 2 {
		t.Errorf("the table has %d rows", n)
	}
}
