package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/web"
)

// roomWidths are the widths the reading room's browser tests look at: a
// desktop and a phone.
var roomWidths = []int64{1280, 400}

// emulate sets the tab's viewport to width (a phone below 600 px).
func emulate(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	if width < 600 {
		mustDo(t, ctx, "emulate a phone", chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile))
		return
	}
	mustDo(t, ctx, "set a desktop viewport", chromedp.EmulateViewport(width, 900))
}

// viewportPNG captures what the viewport shows, as a PNG: a whole page
// of hundreds of turns is too tall to capture in time.
func viewportPNG(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// screenshot saves the viewport (whole, the whole page) as
// name-width.png among the test artifacts.
func screenshot(t *testing.T, ctx context.Context, name string, width int64, whole bool) {
	t.Helper()
	capture := viewportPNG
	if whole {
		capture = fullPagePNG
	}
	b := mustRun(t, ctx, "screenshot "+name, chromedp.Action[[]byte](capture))
	file := filepath.Join(artifactsDir(t), fmt.Sprintf("%s-%d.png", name, width))
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", file)
}

// rect is an element's box, as getBoundingClientRect gives it.
type rect struct {
	Top, Bottom, Left, Right, Width, Height float64
}

const rectJS = `(e => { if (!e) return null; const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right, Width: r.width, Height: r.height}; })`

// box is the box of the first element that selector finds.
func box(t *testing.T, ctx context.Context, selector string) rect {
	t.Helper()
	r := mustEval[*rect](t, ctx, rectJS+`(document.querySelector(`+strconv.Quote(selector)+`))`)
	if r == nil {
		t.Fatalf("no element %s", selector)
	}
	return *r
}

// TestBrowserDocumentPage opens a 300-turn event from a search, at
// desktop and phone widths: the side panel beside the text (sticky while
// reading) or after it, the speakers, the turn numbers, the highlighted
// matches and the previous/next links between them, the one cite
// control opening in the chosen turn.
func TestBrowserDocumentPage(t *testing.T) {
	const n, q = 300, "sanctions -person:Putin"
	ts := longServer(t, n)
	doc := longDoc(n)
	query, err := search.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := longArchive(t, n).Persons(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := search.NewTurnMatcher(query, ps, nil, search.UnnamedLabels(doc)).Match(doc)
	if len(want) < 3 {
		t.Fatalf("%q matches %d turns; the test needs three", q, len(want))
	}
	for _, width := range roomWidths {
		t.Run(strconv.Itoa(int(width)), func(t *testing.T) {
			ctx := newBrowser(t)
			emulate(t, ctx, width)
			mustLoad(t, ctx, "open the document from a search",
				chromedp.Navigate(ts.URL+"/d/"+longDocID+"?"+url.Values{"q": {q}}.Encode()))
			if w := mustEval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the page is %d px wide at %d px: it scrolls sideways", w, width)
			}
			article, side := box(t, ctx, "article.document"), box(t, ctx, "aside.doc-side")
			if width >= 1100 {
				if side.Left < article.Right || side.Top > article.Top+400 {
					t.Errorf("the side panel (%+v) is not beside the text (%+v)", side, article)
				}
			} else if side.Top < article.Bottom {
				t.Errorf("on a %d px screen the side panel (top %.0f) is not after the text (bottom %.0f)", width, side.Top, article.Bottom)
			}
			type speaker struct {
				Name, Href string
				Turns      int
			}
			got := mustEval[[]speaker](t, ctx, `Array.from(document.querySelectorAll('.speakers li'), li => ({Name: li.querySelector('a').textContent, Href: li.querySelector('a').getAttribute('href'), Turns: +li.querySelector('.n').textContent}))`)
			if len(got) == 0 || got[0].Name != "Dmitry Peskov" || got[0].Href != "#t1" || got[0].Turns != 1 {
				t.Errorf("the speakers start %+v, want Dmitry Peskov with 1 turn at #t1", got)
			}
			putin := 0
			for _, tr := range doc.Turns {
				if tr.Person == "Vladimir Putin" {
					putin++
				}
			}
			if !slices.Contains(got, speaker{Name: "Vladimir Putin", Href: "#t3", Turns: putin}) {
				t.Errorf("the speakers %+v lack Vladimir Putin with %d turns from #t3", got, putin)
			}
			// The turn numbers are shown.
			num := box(t, ctx, "#t151 .tn")
			if text := mustEval[string](t, ctx, `document.querySelector('#t151 .tn').textContent`); text != "151" || num.Width < 1 || num.Height < 1 {
				t.Errorf("turn 151's number reads %q at %+v; want 151, visible", text, num)
			}
			// The match bar counts the matches and leads to the first.
			bar := mustEval[string](t, ctx, `document.querySelector('.match-bar').textContent.replace(/\s+/g, ' ')`)
			if !strings.Contains(bar, fmt.Sprintf("%d turns match", len(want))) {
				t.Errorf("the match bar reads %q, want %d turns", bar, len(want))
			}
			mustDo(t, ctx, "follow First match", chromedp.Click(chromedp.CSS(".match-bar a[href^='#t']")))
			hash := func() string { return mustEval[string](t, ctx, `location.hash`) }
			if h := hash(); h != "#t"+strconv.Itoa(want[0]) {
				t.Fatalf("First match led to %s, want #t%d", h, want[0])
			}
			marks := mustEval[[]string](t, ctx, `Array.from(document.querySelectorAll(':target mark'), m => m.textContent.toLowerCase())`)
			if !slices.Contains(marks, "sanctions") {
				t.Errorf("the first match marks %q, want sanctions", marks)
			}
			if inView := mustEval[bool](t, ctx, `(() => { const r = document.querySelector(':target').getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; })()`); !inView {
				t.Error("the first match is not in view")
			}
			mustDo(t, ctx, "follow Next", chromedp.Click(chromedp.CSS(":target .match-nav a[rel=next]")))
			if h := hash(); h != "#t"+strconv.Itoa(want[1]) {
				t.Errorf("Next led to %s, want #t%d", h, want[1])
			}
			if nav := mustEval[string](t, ctx, `document.querySelector(':target .match-nav').textContent`); !strings.HasPrefix(nav, fmt.Sprintf("Match 2 of %d", len(want))) {
				t.Errorf("the second match says %q", nav)
			}
			mustDo(t, ctx, "follow Previous", chromedp.Click(chromedp.CSS(":target .match-nav a[rel=prev]")))
			if h := hash(); h != "#t"+strconv.Itoa(want[0]) {
				t.Errorf("Previous led to %s, want #t%d", h, want[0])
			}
			// On a desktop the side panel stays in view while the text
			// scrolls past it.
			if width >= 1100 {
				mustEval[int](t, ctx, `(window.scrollTo(0, document.body.scrollHeight / 2), 1)`)
				if s := box(t, ctx, "aside.doc-side"); s.Top < -1 || s.Top > 100 {
					t.Errorf("halfway down the page the side panel's top is at %.0f px: it does not stay in view", s.Top)
				}
			}
			// The cite control, once on the page, opens in turn 151.
			mustDo(t, ctx, "cite turn 151",
				chromedp.ScrollIntoView(chromedp.CSS("#t151 a.cite-link")),
				chromedp.Click(chromedp.CSS("#t151 a.cite-link")),
				chromedp.WaitVisible(chromedp.CSS("#t151 details.cite input")),
				chromedp.Poll[chromedp.Void](`document.querySelector('#t151 details.cite textarea').value.includes('Archived version')`,
					chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
			type cite struct {
				Controls  int
				Permalink string
				Citation  string
				APA       string
			}
			c := mustEval[cite](t, ctx, `(() => { const d = document.querySelector('#t151 details.cite');
				return {Controls: document.querySelectorAll('details.cite').length, Permalink: d.querySelector('input').value,
					Citation: d.querySelector('textarea').value, APA: d.querySelector('.cite-styles a:nth-child(2)').getAttribute('href')}; })()`)
			if c.Controls != 2 {
				t.Errorf("%d cite controls on the page, want 2 (the document's and the turns')", c.Controls)
			}
			if want := ts.URL + "/d/" + longDocID + "/t/151?v=1"; c.Permalink != want || !strings.Contains(c.Citation, want) || !strings.Contains(c.Citation, "Putin") {
				t.Errorf("turn 151's permalink %q and citation %q; want %s, by Putin", c.Permalink, c.Citation, want)
			}
			if !strings.Contains(c.APA, "turn=151") || !strings.Contains(c.APA, "style=apa") {
				t.Errorf("turn 151's APA link is %q", c.APA)
			}
			mustEval[int](t, ctx, `(window.scrollTo(0, 0), 1)`)
			screenshot(t, ctx, "room-document", width, false)
		})
	}
}

// TestBrowserSearchPage: the search page at desktop and phone widths:
// the facets beside the results, or behind a Refine button above them;
// numbered pages; the timeline's count axis.
func TestBrowserSearchPage(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	const q = "talks"
	for _, width := range roomWidths {
		t.Run(strconv.Itoa(int(width)), func(t *testing.T) {
			ctx := newBrowser(t)
			emulate(t, ctx, width)
			mustLoad(t, ctx, "search", chromedp.Navigate(ts.URL+"/search?q="+q))
			if w := mustEval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the page is %d px wide at %d px: it scrolls sideways", w, width)
			}
			facetsShown := func() bool { return mustEval[bool](t, ctx, `document.querySelector('.facets').checkVisibility()`) }
			hits := box(t, ctx, ".hits")
			if width >= 1100 {
				if !facetsShown() {
					t.Fatal("the facets are hidden on a desktop")
				}
				if f := box(t, ctx, ".facets"); f.Left < hits.Right {
					t.Errorf("the facets (%+v) are not beside the results (%+v)", f, hits)
				}
				if s := mustEval[bool](t, ctx, `document.querySelector('.refine > summary').checkVisibility()`); s {
					t.Error("the Refine button shows on a desktop")
				}
			} else {
				if facetsShown() {
					t.Error("on a phone the facets show before the Refine button is pressed")
				}
				if s := box(t, ctx, ".refine > summary"); s.Height < 1 || s.Bottom > hits.Top {
					t.Errorf("the Refine button (%+v) is not above the results (top %.0f)", s, hits.Top)
				}
				screenshot(t, ctx, "room-search-closed", width, false)
				mustDo(t, ctx, "press Refine", chromedp.Click(chromedp.CSS(".refine > summary")))
				if !facetsShown() {
					t.Fatal("Refine did not show the facets")
				}
				if f, h := box(t, ctx, ".facets"), box(t, ctx, ".hits"); f.Bottom > h.Top {
					t.Errorf("the opened facets (bottom %.0f) are not above the results (top %.0f)", f.Bottom, h.Top)
				}
			}
			// The timeline's count axis: 0 to the highest bar, and its
			// labels do not overlap the bars.
			type axis struct {
				Ticks   []string
				Highest int
				Overlap bool
			}
			a := mustEval[axis](t, ctx, `(() => {
				const bars = Array.from(document.querySelectorAll('svg.chart rect.bar'));
				const labels = Array.from(document.querySelectorAll('svg.chart text.tick:not(.count)'));
				const highest = Math.max(...Array.from(document.querySelectorAll('svg.chart title'), t => +t.textContent.split(': ')[1].split(' ')[0].replace(/,/g, '')));
				const overlap = labels.some(l => { const r = l.getBoundingClientRect(); return bars.some(b => { const s = b.getBoundingClientRect(); return s.height > 0 && r.left < s.right && r.right > s.left && r.top < s.bottom - 0.5 && r.bottom > s.top + 0.5; }); });
				return {Ticks: Array.from(document.querySelectorAll('svg.chart text.count'), t => t.textContent), Highest: highest, Overlap: overlap};
			})()`)
			if len(a.Ticks) < 2 || a.Ticks[0] != "0" || a.Ticks[len(a.Ticks)-1] != strconv.Itoa(a.Highest) {
				t.Errorf("the count axis reads %q, want 0 to %d", a.Ticks, a.Highest)
			}
			if a.Overlap {
				t.Error("a period label overlaps a bar")
			}
			screenshot(t, ctx, "room-search", width, true)
			// Page 2, by its number, and back with Previous.
			first := mustEval[string](t, ctx, `document.querySelector('.hit-title a').getAttribute('href')`)
			mustLoad(t, ctx, "open page 2", chromedp.Click(chromedp.CSS(`.pager ol li:nth-child(2) a`)))
			if cur := mustEval[string](t, ctx, `document.querySelector('.pager [aria-current=page]').textContent`); cur != "2" {
				t.Errorf("page 2's pager marks %q as current", cur)
			}
			if f := mustEval[string](t, ctx, `document.querySelector('.hit-title a').getAttribute('href')`); f == first {
				t.Error("page 2 starts with page 1's first hit")
			}
			mustLoad(t, ctx, "go back with Previous", chromedp.Click(chromedp.CSS(`.pager a[rel=prev]`)))
			if f := mustEval[string](t, ctx, `document.querySelector('.hit-title a').getAttribute('href')`); f != first {
				t.Errorf("Previous from page 2 starts with %s, want page 1's %s", f, first)
			}
		})
	}
}

// TestBrowserDocumentWithoutJavaScript: with scripts off, the match
// navigation of a document opened from a search still moves between the
// matches, and a turn's Cite link opens the turn's cite page.
func TestBrowserDocumentWithoutJavaScript(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	mustLoad(t, ctx, "open the sample from a search for CSTO", chromedp.Navigate(ts.URL+samplePage+"?q=CSTO"))
	mustDo(t, ctx, "follow First match", chromedp.Click(chromedp.CSS(".match-bar a[href^='#t']")))
	if h := mustEval[string](t, ctx, `location.hash`); h != "#t1" {
		t.Errorf("First match led to %s, want #t1", h)
	}
	mustDo(t, ctx, "follow Next", chromedp.Click(chromedp.CSS(":target .match-nav a[rel=next]")))
	if h := mustEval[string](t, ctx, `location.hash`); h != "#t2" {
		t.Errorf("Next led to %s, want #t2", h)
	}
	if m := mustEval[[]string](t, ctx, `Array.from(document.querySelectorAll(':target mark'), m => m.textContent)`); !slices.Contains(m, "CSTO") {
		t.Errorf("turn 2 marks %q, want CSTO", m)
	}
	if open := mustEval[bool](t, ctx, `!document.getElementById('cite-turn').hidden`); open {
		t.Error("without a script the page's turn cite control shows, empty")
	}
	mustLoad(t, ctx, "follow turn 2's Cite link", chromedp.Click(chromedp.CSS("#t2 a.cite-link")))
	type citePage struct{ Path, Kicker, Permalink string }
	c := mustEval[citePage](t, ctx, `({Path: location.pathname, Kicker: document.querySelector('.kicker').textContent, Permalink: document.querySelector('.cite-body input').value})`)
	if c.Path != samplePage+"/cite" || c.Kicker != "Cite turn 2" || c.Permalink != ts.URL+samplePage+"/t/2?v=1" {
		t.Errorf("the Cite link opened %+v, want turn 2's cite page", c)
	}
}
