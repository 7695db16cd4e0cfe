package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rostrum/rostrum/internal/web"
)

// TestBrowserLanguages reads the site in English and in Russian, at
// desktop and phone widths: the header's switch changes the language of
// the page it is on and the choice sticks on the next pages; the html
// element's lang follows; a Russian document is dated in Russian in the
// English interface; nothing scrolls sideways. Screenshots of each page
// in each language are kept.
func TestBrowserLanguages(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	pages := []struct{ name, path, en, ru string }{
		{"home", "/", "What was said, by whom, and when.", "Что было сказано, кем и когда."},
		{"search", "/search?q=" + url.QueryEscape("person:putin talks"), " match", " совпадени"},
		{"document", "/d/" + sampleID, "Speakers", "Выступающие"},
		{"help", "/help", "The query language", "Язык запросов"},
		{"documents", "/documents", "Newest first", "Сначала новые"},
		{"persons", "/persons", "One entry per person", "Одна запись на человека"},
		{"kwic", "/kwic?q=talks", "occurrences in", "вхождени"},
		{"trend", "/trend?q=talks&q=gas", "per million", "на миллион"},
		{"figures", "/figures?q=trade", "Figures", "Цифры"},
		{"verify", "/verify?q=" + url.QueryEscape("Spending on roads grew by 25% last year."), "Similarity", "Сходство"},
		{"diff", "/d/" + editedID + "/diff", "What changed", "Что изменилось"},
		{"error", "/no/such/page", "Not found", "Не найдено"},
	}
	for _, width := range roomWidths {
		for _, lang := range []string{"ru", "en"} {
			t.Run(strconv.Itoa(int(width))+"-"+lang, func(t *testing.T) {
				ctx := newBrowser(t)
				emulate(t, ctx, width)
				// The browser asks for English (chromium's default); the
				// switch turns the search page into lang, query kept.
				mustLoad(t, ctx, "search in English", chromedp.Navigate(ts.URL+pages[1].path))
				if l := mustEval[string](t, ctx, `document.documentElement.lang`); l != "en" {
					t.Fatalf("the first page's lang is %q, want en", l)
				}
				sw := box(t, ctx, ".lang-switch")
				if sw.Height < 1 || sw.Right > float64(width) {
					t.Errorf("the language switch (%+v) is not visible at %d px", sw, width)
				}
				if lang == "ru" {
					mustLoad(t, ctx, "press RU", chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang=ru]`)))
					if l := mustEval[string](t, ctx, `document.documentElement.lang`); l != "ru" {
						t.Errorf("after RU the page's lang is %q", l)
					}
					if q := mustEval[string](t, ctx, `document.querySelector('#q').value`); q != "person:putin talks" {
						t.Errorf("after RU the search box holds %q; the switch lost the query", q)
					}
				} else {
					// Russian chosen first (its cookie set), then EN.
					mustLoad(t, ctx, "search in Russian", chromedp.Navigate(ts.URL+pages[1].path+"&lang=ru"))
					mustLoad(t, ctx, "press EN", chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang=en]`)))
					if l := mustEval[string](t, ctx, `document.documentElement.lang`); l != "en" {
						t.Errorf("after EN the page's lang is %q", l)
					}
				}
				for _, p := range pages {
					// No ?lang= from here on: the cookie carries the choice.
					if p.name == "error" {
						mustDo(t, ctx, "open "+p.name, chromedp.Navigate(ts.URL+p.path))
					} else {
						mustLoad(t, ctx, "open "+p.name, chromedp.Navigate(ts.URL+p.path))
					}
					if l := mustEval[string](t, ctx, `document.documentElement.lang`); l != lang {
						t.Errorf("%s: lang %q, want %q (the choice did not stick)", p.name, l, lang)
					}
					want := map[string]string{"en": p.en, "ru": p.ru}[lang]
					// innerText: what shows (a heading may be upper-cased).
					if text := mustEval[string](t, ctx, `document.body.innerText`); !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
						t.Errorf("%s in %s lacks %q", p.name, lang, want)
					}
					if cur := mustEval[string](t, ctx, `document.querySelector('.lang-switch [aria-current]').textContent`); cur != strings.ToUpper(lang) {
						t.Errorf("%s: the switch marks %q current, want %s", p.name, cur, strings.ToUpper(lang))
					}
					if w := mustEval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
						t.Errorf("%s in %s is %d px wide at %d px: it scrolls sideways", p.name, lang, w, width)
					}
					screenshot(t, ctx, "lang-"+p.name+"-"+lang, width, p.name != "document")
				}
				// A Russian document is dated in Russian whatever the
				// interface, and an English one in English.
				mustLoad(t, ctx, "open the Russian edition", chromedp.Navigate(ts.URL+"/d/"+twinRU))
				if d := mustEval[string](t, ctx, `document.querySelector('.doc-head time').textContent`); d != "5 апреля 2023" {
					t.Errorf("the Russian document is dated %q in the %s interface", d, lang)
				}
				mustLoad(t, ctx, "open the English edition", chromedp.Navigate(ts.URL+"/d/"+twinEN))
				if d := mustEval[string](t, ctx, `document.querySelector('.doc-head time').textContent`); d != "5 April 2023" {
					t.Errorf("the English document is dated %q in the %s interface", d, lang)
				}
			})
		}
	}
}
