package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// The browser tests drive the site in a real headless Chromium (Debian's
// chromium package) through chromedp: what a reader does with a keyboard
// and a mouse, and what the browser reports back (console errors, CSP
// violations, layout at phone width). They skip when chromium is not on
// PATH, unless ROSTRUM_BROWSER_REQUIRED=1, which CI sets.

// browserTimeout bounds each top-level browser test, so that a hung
// browser fails the test instead of blocking CI.
const browserTimeout = 60 * time.Second

// samplePage is the sample document's page.
const samplePage = "/d/" + sampleID

// newBrowser starts a headless Chromium for one test and returns the
// context of its first tab. Every call made with it or with a tab opened
// from it (newTab) ends within browserTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("ROSTRUM_BROWSER_REQUIRED") == "1" {
			t.Fatalf("ROSTRUM_BROWSER_REQUIRED=1 but chromium is not on PATH: %v", err)
		}
		t.Skipf("chromium is not on PATH (install Debian's chromium package); set ROSTRUM_BROWSER_REQUIRED=1 to fail instead: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	// The user data directory is made before the allocator's cleanup is
	// registered, so that the browser has exited when it is removed.
	profile := t.TempDir()
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
	)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// newTab opens a tab in the browser of ctx, closed when t ends.
func newTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// mustDo runs steps in the tab of ctx; what names them in a failure.
func mustDo(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// mustRun runs one action that returns a value.
func mustRun[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// mustEval evaluates a JavaScript expression in the page and decodes its
// JSON value into a T.
func mustEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return mustRun(t, ctx, "evaluate "+js, chromedp.Evaluate[T](js))
}

// mustLoad runs steps that lead to a new page (a navigation, a click on a
// link, Enter in a form) and waits until it has loaded with status 200.
func mustLoad(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp == nil || resp.Status != 200 {
		status := int64(0)
		if resp != nil {
			status = resp.Status
		}
		t.Fatalf("%s: got status %d, want 200", what, status)
	}
}

// countRE reads the search page's count: "1,234 matches in 56 documents".
var countRE = regexp.MustCompile(`^([\d,]+) match(?:es)? in ([\d,]+) documents?\b`)

// resultCount reads the match and document counts of a results page.
func resultCount(t *testing.T, ctx context.Context) (matches, docs int) {
	t.Helper()
	text := mustEval[string](t, ctx, `(document.querySelector('p.count') || {textContent: ''}).textContent.trim()`)
	m := countRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("the results page's count is %q, want \"N matches in M documents\"", text)
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
		if err != nil {
			t.Fatalf("count %q: %v", text, err)
		}
		return n
	}
	return atoi(m[1]), atoi(m[2])
}

// archiveSearch is what the archive answers for q, as the search page asks.
func archiveSearch(t *testing.T, q string) *transcript.SearchResult {
	t.Helper()
	query, err := search.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	res, err := archive.Search(t.Context(), &transcript.SearchRequest{Query: query})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

// locationQ is the q parameter of the page's address.
func locationQ(t *testing.T, ctx context.Context) string {
	t.Helper()
	return mustEval[string](t, ctx, `new URL(location.href).searchParams.get('q') || ''`)
}

// TestBrowserReader follows a reader through the site: a phrase search
// typed on the home page, a matching turn, its speaker's page, a facet,
// the cite control and the keyboard's first stop.
func TestBrowserReader(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	browser := newBrowser(t)
	ctx := browser
	const phrase = `"strategic partnership"`

	ok := t.Run("search", func(t *testing.T) {
		mustLoad(t, ctx, "open the home page", chromedp.Navigate(ts.URL+"/"))
		mustLoad(t, ctx, "type the phrase and press Enter",
			chromedp.SendKeys(chromedp.CSS("#hq"), phrase),
			chromedp.KeyEvent(kb.Enter))
		if got := locationQ(t, ctx); got != phrase {
			t.Fatalf("the results page's q is %q, want %q", got, phrase)
		}
		if got := mustEval[string](t, ctx, `document.getElementById('q').value`); got != phrase {
			t.Errorf("the header search box holds %q, want %q", got, phrase)
		}
		matches, docs := resultCount(t, ctx)
		want := archiveSearch(t, phrase)
		if matches != want.Total || docs != want.Documents {
			t.Errorf("the page counts %d matches in %d documents; the archive has %d in %d", matches, docs, want.Total, want.Documents)
		}
		if docs == 0 {
			t.Fatal("the phrase matches no document")
		}
		marks := mustEval[[]string](t, ctx, `Array.from(document.querySelectorAll('.hits mark'), m => m.textContent)`)
		if len(marks) == 0 {
			t.Fatal("the results have no <mark> elements")
		}
		// A phrase is marked as a whole.
		for _, m := range marks {
			switch strings.Join(strings.Fields(strings.ToLower(m)), " ") {
			case "strategic", "partnership", "strategic partnership":
			default:
				t.Errorf("a highlight reads %q, want strategic, partnership or both", m)
			}
		}
	})

	ok = ok && t.Run("open a hit", func(t *testing.T) {
		href := mustEval[string](t, ctx, `document.querySelector('.turn-hit .who a').getAttribute('href')`)
		// The link opens the document with the search's matches
		// highlighted (?q=), at the turn.
		m := regexp.MustCompile(`^(/d/[^?#]+)(\?q=[^#]+)#(t\d+)$`).FindStringSubmatch(href)
		if m == nil {
			t.Fatalf("the first hit's speaker link is %q, want /d/…?q=…#tN", href)
		}
		path, search, anchor := m[1], m[2], m[3]
		mustLoad(t, ctx, "click the first hit's speaker link", chromedp.Click(chromedp.CSS(".turn-hit .who a")))
		type landing struct {
			Path, Search, Hash string
			Exists             bool
			Turn               bool
			Target             string
			Top                float64
			Height             float64
			Marks              []string
		}
		got := mustEval[landing](t, ctx, `(() => {
			const el = document.getElementById(`+strconv.Quote(anchor)+`);
			const target = document.querySelector(':target');
			return {Path: location.pathname, Search: location.search, Hash: location.hash, Exists: !!el,
				Marks: el ? Array.from(el.querySelectorAll('mark'), m => m.textContent.toLowerCase()) : [],
				Turn: !!el && el.classList.contains('turn'), Target: target ? target.id : '',
				Top: el ? el.getBoundingClientRect().top : -1, Height: window.innerHeight};
		})()`)
		if got.Path != path || got.Search != search || got.Hash != "#"+anchor {
			t.Errorf("landed on %s%s%s, want %s%s#%s", got.Path, got.Search, got.Hash, path, search, anchor)
		}
		if !slices.Contains(got.Marks, "strategic partnership") {
			t.Errorf("the turn landed on marks %q, want the phrase searched for", got.Marks)
		}
		if !got.Exists || !got.Turn {
			t.Fatalf("element #%s: exists %v, has class turn %v; want both", anchor, got.Exists, got.Turn)
		}
		if got.Target != anchor {
			t.Errorf(":target is #%s, want #%s", got.Target, anchor)
		}
		if got.Top < -1 || got.Top >= got.Height {
			t.Errorf("turn #%s is at top %.0f px, outside the %.0f px viewport", anchor, got.Top, got.Height)
		}
	})

	_ = ok && t.Run("follow a person", func(t *testing.T) {
		href := mustEval[string](t, ctx, `(document.querySelector('.speaker a') || {pathname: ''}).pathname`)
		esc, found := strings.CutPrefix(href, "/person/")
		if !found {
			t.Fatalf("the document's first speaker link goes to %q, want /person/…", href)
		}
		name, err := url.PathUnescape(esc)
		if err != nil {
			t.Fatal(err)
		}
		p, err := archive.Person(t.Context(), name)
		if err != nil {
			t.Fatalf("Person(%q): %v", name, err)
		}
		mustLoad(t, ctx, "click the speaker label", chromedp.Click(chromedp.CSS(".speaker a")))
		if got := mustEval[string](t, ctx, `document.querySelector('h1').textContent.trim()`); got != p.Name {
			t.Errorf("the person page's h1 is %q, want %q", got, p.Name)
		}
		if n := mustEval[int](t, ctx, `document.querySelectorAll('figure.histogram svg.chart rect.bar').length`); n == 0 {
			t.Error("the person page has no bar chart (figure.histogram svg.chart with bars)")
		}
		// Each turn names its person: by a person link, or by its label
		// when the label is the person's name.
		people := mustEval[[]string](t, ctx, `Array.from(document.querySelectorAll('section[aria-labelledby="latest-h"] .hits .turn-hit .who'), w => (w.querySelector('.person-link') || w.querySelector('a')).textContent)`)
		if len(people) == 0 {
			t.Fatal("the person page lists no latest turns")
		}
		for _, who := range people {
			if strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(who), "›")) != p.Name {
				t.Errorf("a latest turn is by %q, want %q", who, p.Name)
			}
		}
	})

	t.Run("facet", func(t *testing.T) {
		const q = "talks"
		mustLoad(t, ctx, "search "+q, chromedp.Navigate(ts.URL+"/search?"+url.Values{"q": {q}}.Encode()))
		before, _ := resultCount(t, ctx)
		if h := mustEval[string](t, ctx, `(document.querySelector('.facets section.facet h2') || {textContent: ''}).textContent`); h != "Speakers" {
			t.Fatalf("the first facet is %q, want Speakers", h)
		}
		const link = ".facets section.facet:first-of-type li a"
		name := mustEval[string](t, ctx, `document.querySelector('`+link+`').textContent`)
		mustLoad(t, ctx, "click speaker "+name, chromedp.Click(chromedp.CSS(link)))
		newQ := locationQ(t, ctx)
		if !strings.Contains(newQ, "person:") || !strings.HasPrefix(newQ, q+" ") {
			t.Errorf("after the facet the query is %q, want %q and a person: filter", newQ, q)
		}
		chips := mustEval[[]string](t, ctx, `Array.from(document.querySelectorAll('.chips li span'), s => s.textContent)`)
		if len(chips) != 1 || !strings.HasPrefix(chips[0], "person:") {
			t.Errorf("filter chips %q, want one person: chip", chips)
		}
		after, docs := resultCount(t, ctx)
		if after > before {
			t.Errorf("the facet raised the count from %d to %d matches", before, after)
		}
		want := archiveSearch(t, newQ)
		if after != want.Total || docs != want.Documents {
			t.Errorf("the page counts %d matches in %d documents for %q; the archive has %d in %d", after, docs, newQ, want.Total, want.Documents)
		}
	})

	t.Run("cite", func(t *testing.T) {
		doc, err := archive.Document(t.Context(), sampleID)
		if err != nil {
			t.Fatal(err)
		}
		mustLoad(t, ctx, "open the sample document", chromedp.Navigate(ts.URL+samplePage))
		// The page has one cite control for the turns, which turn 2's
		// Cite link opens in the turn.
		mustDo(t, ctx, "open turn 2's cite control",
			chromedp.Click(chromedp.CSS("#t2 a.cite-link")),
			chromedp.WaitVisible(chromedp.CSS("#t2 details.cite input")))
		// site.js selects the permalink when the control opens; the
		// toggle event that it waits for comes a moment after the click.
		if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(() => {
			const i = document.querySelector('#t2 details.cite input');
			const c = document.querySelector('#t2 details.cite textarea');
			return i.value.length > 0 && i.selectionEnd - i.selectionStart === i.value.length && c.value.length > 1;
		})()`, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Second))); err != nil {
			t.Errorf("opening turn 2's cite control did not select its permalink and load its citation: %v", err)
		}
		type cite struct {
			Open                bool
			Permalink, Citation string
			Copies              int
		}
		got := mustEval[cite](t, ctx, `(() => {
			const d = document.querySelector('#t2 details.cite');
			return {Open: d.open, Permalink: d.querySelector('input').value, Citation: d.querySelector('textarea').value,
				Copies: d.querySelectorAll('button.copy').length};
		})()`)
		if !got.Open {
			t.Error("turn 2's cite control did not open")
		}
		// Pinned to the version cited, so that it survives edits.
		if want := ts.URL + samplePage + "/t/2?v=1"; got.Permalink != want {
			t.Errorf("permalink %q, want %q", got.Permalink, want)
		}
		for _, want := range []string{doc.Title, "CC BY 4.0", "Archived version 1: " + ts.URL + samplePage + "/t/2?v=1"} {
			if !strings.Contains(got.Citation, want) {
				t.Errorf("the citation %q lacks %q", got.Citation, want)
			}
		}
		if got.Copies != 2 {
			t.Errorf("turn 2's cite control has %d Copy buttons, want 2 (site.js adds one per field)", got.Copies)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		tab := newTab(t, browser)
		mustLoad(t, tab, "open the home page", chromedp.Navigate(ts.URL+"/"))
		mustDo(t, tab, "press Tab", chromedp.KeyEvent(kb.Tab))
		type focus struct {
			Text    string
			Visible bool
		}
		got := mustEval[focus](t, tab, `(() => {
			const a = document.activeElement, r = a.getBoundingClientRect();
			return {Text: a.textContent.trim(), Visible: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight};
		})()`)
		if got.Text != "Skip to content" {
			t.Fatalf("the first Tab focuses %q, want the Skip to content link", got.Text)
		}
		if !got.Visible {
			t.Error("the focused Skip to content link is not visible in the viewport")
		}
		mustDo(t, tab, "press Enter", chromedp.KeyEvent(kb.Enter))
		if id := mustEval[string](t, tab, `document.activeElement.id`); id != "main" {
			t.Errorf("after Enter on Skip to content the focus is on #%s, want #main", id)
		}
	})
}

// TestBrowserWithoutJavaScript searches with script execution off: the
// form and the results are plain HTML.
func TestBrowserWithoutJavaScript(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	// With scripts on, site.js adds Copy buttons to every document page.
	mustLoad(t, ctx, "open the sample document", chromedp.Navigate(ts.URL+samplePage))
	if n := mustEval[int](t, ctx, `document.querySelectorAll('button.copy').length`); n != 0 {
		t.Fatalf("the page has %d Copy buttons: site.js ran, so scripts are not off", n)
	}
	const q = `"strategic partnership"`
	mustLoad(t, ctx, "type in the header search box and press Enter",
		chromedp.SendKeys(chromedp.CSS("#q"), q),
		chromedp.KeyEvent(kb.Enter))
	if got := locationQ(t, ctx); got != q {
		t.Fatalf("the results page's q is %q, want %q", got, q)
	}
	matches, docs := resultCount(t, ctx)
	if want := archiveSearch(t, q); matches != want.Total || docs != want.Documents {
		t.Errorf("the page counts %d matches in %d documents; the archive has %d in %d", matches, docs, want.Total, want.Documents)
	}
	if n := mustEval[int](t, ctx, `document.querySelectorAll('.hits > li.hit').length`); n == 0 {
		t.Error("no results are listed")
	}
}

// consoleLog gathers the errors a tab reports: console.error calls,
// uncaught exceptions and browser log errors, among them CSP violations
// and failed loads.
type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			if a.Value != nil {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "exception: " + d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	c.mu.Lock()
	c.errs = append(c.errs, msg)
	c.mu.Unlock()
}

// take returns the errors gathered so far and forgets them.
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	errs := c.errs
	c.errs = nil
	return errs
}

// settle makes a round trip to the page, so that the events the browser
// sent before it have reached the listener.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	mustRun(t, ctx, "settle", chromedp.Evaluate[int](`new Promise(r => setTimeout(() => r(1), 50))`, chromedp.EvalAwaitPromise))
}

// browserPages are the pages the console, layout and screenshot tests
// visit, by name.
func browserPages(t *testing.T) []struct{ name, path string } {
	t.Helper()
	putin, err := archive.Person(t.Context(), "Vladimir Putin")
	if err != nil {
		t.Fatalf("Person(Vladimir Putin): %v", err)
	}
	return []struct{ name, path string }{
		{"home", "/"},
		{"search", "/search?" + url.Values{"q": {`"strategic partnership"`}}.Encode()},
		{"document", samplePage},
		{"person", "/person/" + url.PathEscape(putin.Name)},
		{"diff", "/d/" + editedID + "/diff"},
		{"kwic", "/kwic?" + url.Values{"q": {"talks"}}.Encode()},
		{"trend", "/trend?" + url.Values{"q": {"talks", "energy", "Ukraine"}}.Encode()},
		{"documents", "/documents?" + url.Values{"q": {"geography:Kazakhstan"}}.Encode()},
		{"editions", "/d/" + twinEN + "/editions"},
		{"figures", "/figures?" + url.Values{"q": {"trade"}}.Encode()},
		{"verify", "/verify"},
	}
}

// TestBrowserConsoleAndPhoneWidth loads the main pages at phone width
// and checks that the browser reports no error (console, exception, CSP
// violation, failed load) and that nothing is wider than the screen.
func TestBrowserConsoleAndPhoneWidth(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	var cl consoleLog
	if err := chromedp.Listen(ctx, cl.listen); err != nil {
		t.Fatal(err)
	}
	const phone = 375
	mustDo(t, ctx, "emulate a phone", chromedp.EmulateViewport(phone, 800, chromedp.EmulateMobile))
	for _, pg := range browserPages(t) {
		t.Run(pg.name, func(t *testing.T) {
			cl.take()
			mustLoad(t, ctx, "open "+pg.path, chromedp.Navigate(ts.URL+pg.path))
			if w := mustEval[int](t, ctx, `document.documentElement.scrollWidth`); w > phone {
				t.Errorf("%s is %d px wide at phone width %d px: it scrolls sideways", pg.path, w, phone)
			}
			settle(t, ctx)
			for _, e := range cl.take() {
				t.Errorf("%s: %s", pg.path, e)
			}
		})
	}
	// The check above is only worth something if a violation would be
	// seen: an inline script is one the policy refuses.
	t.Run("a CSP violation is seen", func(t *testing.T) {
		cl.take()
		mustEval[int](t, ctx, `(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1'; document.head.appendChild(s); return 1; })()`)
		if ran := mustEval[bool](t, ctx, `window.inlineRan === 1`); ran {
			t.Fatal("an inline script ran: the Content-Security-Policy does not forbid it")
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			settle(t, ctx)
			errs := cl.take()
			if len(errs) > 0 {
				if !strings.Contains(strings.Join(errs, "\n"), "Content Security Policy") {
					t.Errorf("the injected inline script reported %q, want a Content Security Policy error", errs)
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("an inline script was refused, but no error reached the listener")
			}
		}
	})
}

// artifactsDir is where the screenshots go: $ROSTRUM_ARTIFACTS, or
// rostrum-e2e in the temporary directory. It outlives the test.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ROSTRUM_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "rostrum-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fullPagePNG captures the whole page, not only the viewport, as a PNG.
func fullPagePNG(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	if m.CSSContentSize == nil {
		return nil, errors.New("the browser reported no content size")
	}
	beyond, surface := true, true
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: &beyond,
		FromSurface:           &surface,
		Clip: &page.Viewport{
			Width:  m.CSSContentSize.Width,
			Height: m.CSSContentSize.Height,
			Scale:  1,
		},
	})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// colours counts the distinct colours of img, up to limit.
func colours(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// TestBrowserScreenshots saves full-page PNGs of the main pages at
// desktop and phone widths, for people to look at, and checks that each
// decodes, is as wide as the page's viewport and is not blank.
func TestBrowserScreenshots(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	dir := artifactsDir(t)
	t.Logf("screenshots in %s", dir)
	pages := browserPages(t)
	// Decoding a tall PNG takes seconds under the race detector, so the
	// checks run beside the browser, two at a time, while it loads and
	// captures the next page.
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	check := func(file string, b []byte, width int) {
		sem <- struct{}{}
		defer func() { <-sem }()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			return
		}
		if w := img.Bounds().Dx(); w != width {
			t.Errorf("%s is %d px wide, want the page's viewport width %d", file, w, width)
		}
		if n := colours(img, 64); n < 16 {
			t.Errorf("%s has %d colours: it looks blank", file, n)
		}
	}
	for _, width := range []int64{1280, 390} {
		height, opts := int64(900), []chromedp.EmulateViewportOption(nil)
		if width < 600 {
			height, opts = 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}
		}
		mustDo(t, ctx, "set the viewport", chromedp.EmulateViewport(width, height, opts...))
		for _, pg := range pages {
			mustLoad(t, ctx, "open "+pg.path, chromedp.Navigate(ts.URL+pg.path))
			// The viewport less a desktop scrollbar.
			viewport := mustEval[int](t, ctx, `document.documentElement.clientWidth`)
			b := mustRun(t, ctx, "screenshot "+pg.path, chromedp.Action[[]byte](fullPagePNG))
			file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", pg.name, width))
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			wg.Go(func() { check(file, b, viewport) })
		}
	}
	wg.Wait()
}

// TestBrowserHistory: the diff page of an edited document marks what was
// added, and the permalink of a turn cited before the edit, copied from
// the Cite control of the old version, lands on the same turn, which the
// edit renumbered.
func TestBrowserHistory(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	mustLoad(t, ctx, "open the edited document", chromedp.Navigate(ts.URL+"/d/"+editedID))
	mustLoad(t, ctx, "follow the Edited link", chromedp.Click(chromedp.CSS(".edited a")))
	type diffView struct {
		Path string
		Ins  []string
		Del  []string
		Deco string
	}
	got := mustEval[diffView](t, ctx, `(() => {
		const ins = document.querySelector('.transcript ins');
		return {Path: location.pathname + location.search,
			Ins: Array.from(document.querySelectorAll('.transcript ins'), e => e.textContent),
			Del: Array.from(document.querySelectorAll('.transcript del'), e => e.textContent),
			Deco: ins ? getComputedStyle(ins).textDecorationLine : ''};
	})()`)
	if got.Path != "/d/"+editedID+"/diff?from=1&to=2" {
		t.Errorf("the Edited link leads to %s", got.Path)
	}
	for _, want := range []string{"27%", "When will the plan be published?"} {
		if !slices.Contains(got.Ins, want) {
			t.Errorf("the diff page's <ins> elements %q lack %q", got.Ins, want)
		}
	}
	if !slices.Contains(got.Del, "25%") {
		t.Errorf("the diff page's <del> elements %q lack 25%%", got.Del)
	}
	if got.Deco != "underline" {
		t.Errorf("<ins> is drawn with text-decoration %q, want underline (readable without colour)", got.Deco)
	}
	// Cite turn 2 of version 1, the speech that the edit made turn 3.
	mustLoad(t, ctx, "open version 1", chromedp.Navigate(ts.URL+"/d/"+editedID+"?version=1"))
	mustDo(t, ctx, "open turn 2's cite control",
		chromedp.Click(chromedp.CSS("#t2 a.cite-link")),
		chromedp.WaitVisible(chromedp.CSS("#t2 details.cite input")))
	permalink := mustEval[string](t, ctx, `document.querySelector('#t2 details.cite input').value`)
	if want := ts.URL + "/d/" + editedID + "/t/2?v=1"; permalink != want {
		t.Fatalf("turn 2's permalink in version 1 is %q, want %q", permalink, want)
	}
	mustLoad(t, ctx, "open the permalink", chromedp.Navigate(permalink))
	type landing struct {
		Path, Search, Hash, Target, Text string
	}
	l := mustEval[landing](t, ctx, `(() => {
		const t = document.querySelector(':target');
		return {Path: location.pathname, Search: location.search, Hash: location.hash, Target: t ? t.id : '',
			Text: t ? t.textContent : ''};
	})()`)
	// The edit changed the turn's text, which the page it lands on says.
	if l.Path != "/d/"+editedID || l.Search != "?changed=2&from=1" || l.Hash != "#t3" || l.Target != "t3" {
		t.Errorf("the permalink landed on %s%s%s (:target #%s), want /d/%s?changed=2&from=1#t3", l.Path, l.Search, l.Hash, l.Target, editedID)
	}
	if !strings.Contains(l.Text, "Spending on roads grew by 27% last year.") {
		t.Errorf("the turn the permalink lands on reads %q, want the cited speech", l.Text)
	}
}
