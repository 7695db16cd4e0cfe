package web_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/rostrum/rostrum/internal/web"
)

// TestBrowserVerify pastes an altered quote into the verification form,
// as a reader would, submits it, and checks the answer the browser
// shows: the verdict, the figure marked in the diff, a link to the
// source turn that lands on it; no console error and nothing wider than
// a phone's screen. It saves screenshots of the form and the answer at
// desktop and phone widths.
func TestBrowserVerify(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	var cl consoleLog
	if err := chromedp.Listen(ctx, cl.listen); err != nil {
		t.Fatal(err)
	}
	dir := artifactsDir(t)
	shot := func(name string) {
		t.Helper()
		b := mustRun(t, ctx, "screenshot "+name, chromedp.Action[[]byte](fullPagePNG))
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := colours(img, 64); n < 16 {
			t.Errorf("%s has %d colours: it looks blank", name, n)
		}
		file := filepath.Join(dir, name+".png")
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
	quote := "Spending on roads grew by 40% last year."
	for _, width := range []int64{1280, 390} {
		height, opts := int64(900), []chromedp.EmulateViewportOption(nil)
		if width < 600 {
			height, opts = 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}
		}
		mustDo(t, ctx, "set the viewport", chromedp.EmulateViewport(width, height, opts...))
		cl.take()
		mustLoad(t, ctx, "open the form", chromedp.Navigate(ts.URL+"/verify"))
		shot(fmt.Sprintf("verify-form-%d", width))
		mustDo(t, ctx, "type the quote", chromedp.SendKeys(chromedp.CSS("#vq"), quote))
		mustLoad(t, ctx, "submit the form", chromedp.Click(chromedp.CSS(".verify-form button")))
		type answer struct {
			Path, Badge, Del, Ins, Kind, Source, Textarea string
			Width                                         int
		}
		got := mustEval[answer](t, ctx, `(() => {
			const q = s => document.querySelector(s);
			return {Path: location.pathname, Badge: q('.verdict .badge')?.textContent ?? '',
				Del: q('.diffline del.sig')?.textContent ?? '', Ins: q('.diffline ins.sig')?.textContent ?? '',
				Kind: q('.diffline .kind')?.textContent ?? '', Source: q('.source .doc a')?.getAttribute('href') ?? '',
				Textarea: q('#vq').value, Width: document.documentElement.scrollWidth};
		})()`)
		if got.Path != "/verify" || got.Badge != "altered" || got.Del != "27" || got.Ins != "40" || got.Kind != "figure" {
			t.Errorf("width %d: the answer shows %+v; want the altered verdict and 27 → 40 marked as a figure", width, got)
		}
		if got.Textarea != quote {
			t.Errorf("width %d: the form lost the quote: %q", width, got.Textarea)
		}
		if width < 600 && got.Width > int(width) {
			t.Errorf("the answer is %d px wide at phone width %d px", got.Width, width)
		}
		shot(fmt.Sprintf("verify-answer-%d", width))
		settle(t, ctx)
		for _, e := range cl.take() {
			t.Errorf("width %d: %s", width, e)
		}
		if !strings.HasPrefix(got.Source, "/d/"+editedID) {
			t.Fatalf("the source link is %q", got.Source)
		}
	}
	// The source link lands on the turn.
	mustLoad(t, ctx, "follow the source link", chromedp.Click(chromedp.CSS(".source .doc a")))
	if hash := mustEval[string](t, ctx, `location.hash`); hash != "#t3" {
		t.Errorf("the source link lands on %q, want #t3", hash)
	}
	// The keyboard alone: Tab from the textarea to the filters, Enter.
	mustLoad(t, ctx, "open the form", chromedp.Navigate(ts.URL+"/verify"))
	mustDo(t, ctx, "type the quote", chromedp.SendKeys(chromedp.CSS("#vq"), "Spending on roads grew by 27% last year."))
	mustLoad(t, ctx, "press Enter in the filters", chromedp.SendKeys(chromedp.CSS("#vin"), "lang:en"+kb.Enter))
	if badge := mustEval[string](t, ctx, `document.querySelector('.verdict .badge').textContent`); badge != "exact" {
		t.Errorf("the exact quote's verdict reads %q", badge)
	}
}
