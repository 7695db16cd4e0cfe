package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// getLang fetches path from ts with the given Accept-Language and lang
// cookie ("" for none).
func getLang(t *testing.T, base, path, acceptLanguage, cookie string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "lang", Value: cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, b.String()
}

// TestInterfaceLanguage: Accept-Language chooses the interface, a lang
// cookie overrides it, ?lang= overrides both and sets the cookie; the
// html element's lang follows, and the header offers the other language.
func TestInterfaceLanguage(t *testing.T) {
	_, base := roomServer(t)
	tests := []struct {
		name, path, accept, cookie string
		want                       string // the interface language
		setCookie                  string // the lang cookie set, if any
	}{
		{"no preference", "/", "", "", "en", ""},
		{"Russian first", "/", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "", "ru", ""},
		{"English first", "/", "en-GB,en;q=0.9,ru;q=0.8", "", "en", ""},
		{"German only", "/", "de-DE,de;q=0.9", "", "en", ""},
		{"malformed header", "/", ";;q=x,,", "", "en", ""},
		{"cookie over header", "/", "en", "ru", "ru", ""},
		{"bad cookie ignored", "/", "ru", "xx", "ru", ""},
		{"?lang=ru over cookie", "/?lang=ru", "en", "en", "ru", "ru"},
		{"?lang=en over header", "/help?lang=en", "ru", "", "en", "en"},
		{"unknown ?lang= ignored", "/?lang=fr", "ru", "", "ru", ""},
		{"error page", "/no/such/page", "ru", "", "ru", ""},
		{"search", "/search?q=grain", "", "ru", "ru", ""},
		{"?lang= where parameters are checked", "/documents?lang=ru&sort=title", "", "", "ru", "ru"},
		{"?lang= on a cite page", "/d/en.kremlin.ru/99001/cite?turn=2&lang=ru", "", "", "ru", "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getLang(t, base, tt.path, tt.accept, tt.cookie)
			if resp.StatusCode != http.StatusOK && tt.name != "error page" {
				t.Fatalf("GET %s = %d", tt.path, resp.StatusCode)
			}
			if want := `<html lang="` + tt.want + `">`; !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %s", tt.path, want)
			}
			mark := map[string]string{"en": "How to search</a>", "ru": "Как искать</a>"}[tt.want]
			if !strings.Contains(body, mark) {
				t.Errorf("GET %s lacks %q", tt.path, mark)
			}
			if cur := `lang="` + tt.want + `" aria-current="true">` + strings.ToUpper(tt.want) + `</a>`; !strings.Contains(body, cur) {
				t.Errorf("GET %s: the switch does not mark %s current", tt.path, strings.ToUpper(tt.want))
			}
			var set string
			for _, c := range resp.Cookies() {
				if c.Name == "lang" {
					set = c.Value
					if c.MaxAge <= 0 || c.Path != "/" {
						t.Errorf("lang cookie %+v does not stick", c)
					}
				}
			}
			if set != tt.setCookie {
				t.Errorf("GET %s set lang cookie %q, want %q", tt.path, set, tt.setCookie)
			}
			if v := resp.Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Accept-Language") {
				t.Errorf("GET %s: Vary %q lacks Accept-Language", tt.path, v)
			}
		})
	}
}

// TestLanguageSwitchKeepsPage: the switch links to the same page, query
// included, in the other language.
func TestLanguageSwitchKeepsPage(t *testing.T) {
	_, base := roomServer(t)
	_, body := getLang(t, base, "/search?q="+url.QueryEscape("person:Zimin"), "", "")
	for _, want := range []string{`href="/search?lang=en&amp;q=person%3AZimin"`, `href="/search?lang=ru&amp;q=person%3AZimin"`} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks switch link %s", want)
		}
	}
}

// TestRussianInterface: pages in Russian, with Russian plural forms, and
// the headline naming what it counts.
func TestRussianInterface(t *testing.T) {
	_, base := roomServer(t)
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{"<h1>Что было сказано, кем и когда.</h1>", "1 документ · ", " · 2 персоны · 2022</p>"}},
		{"/search?q=" + url.QueryEscape("person:Zimin"), []string{"<strong>1 реплика</strong> в 1 документе", "Найденные реплики по месяцам"}},
		{"/search?q=" + url.QueryEscape("topic:Agriculture"), []string{`role="status"><strong>1 документ</strong> <span class="took">`}},
		{"/search?q=zzzyyyxxx", []string{"Ничего не найдено."}},
		{"/help", []string{"<caption>Язык запросов</caption>", "документы на русском или английском (язык документов, а не интерфейса)"}},
		{"/topics", []string{"1 значение с числом документов"}},
		{"/no/such/page", []string{"<title>Не найдено · Rostrum</title>", "<h1>Не найдено</h1>", "по адресу /no/such/page страницы нет", "На главную страницу"}},
		{"/search?q=" + url.QueryEscape("talks OR"), []string{"<h1>В запросе ошибка</h1>", "Все слова должны совпасть"}},
	}
	for _, tt := range tests {
		resp, body := getLang(t, base, tt.path, "ru", "")
		if resp.StatusCode != 200 && !strings.Contains(body, "Ошибка") {
			t.Fatalf("GET %s = %d", tt.path, resp.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s (ru) lacks %q", tt.path, w)
			}
		}
		for _, bad := range []string{"1 документов", "1 реплик<", "How to search</a>"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s (ru) says %q", tt.path, bad)
			}
		}
	}
}

// TestDocumentDates: a Russian document is dated in Russian and an
// English one in English, whatever the interface.
func TestDocumentDates(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	for _, ui := range []string{"en", "ru"} {
		_, ru := getLang(t, ts.URL, "/d/"+twinRU, ui, "")
		if !strings.Contains(ru, ">5 апреля 2023</time>") {
			t.Errorf("Russian document, %s interface: no Russian date", ui)
		}
		_, en := getLang(t, ts.URL, "/d/"+twinEN, ui, "")
		if !strings.Contains(en, ">5 April 2023</time>") {
			t.Errorf("English document, %s interface: no English date", ui)
		}
	}
}

// TestLangUnderAPI: under /api/, lang filters the documents' language;
// it sets no interface cookie.
func TestLangUnderAPI(t *testing.T) {
	_, base := roomServer(t)
	resp, body := getLang(t, base, "/api/v1/documents?lang=ru", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/v1/documents?lang=ru = %d: %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `"total": 0`) {
		t.Errorf("lang=ru did not filter the English archive: %.300s", body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			t.Errorf("the API set the interface cookie %q", c.Value)
		}
	}
}
