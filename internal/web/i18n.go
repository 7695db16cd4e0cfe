package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// The interface languages. The site speaks English or Russian, chosen per
// request by langOf; a document's own language (the query language's
// lang:) is another matter: a Russian document is dated in Russian
// whatever the interface.
const (
	langEN = "en"
	langRU = "ru"
)

// langs are the interface languages, the default first.
var langs = []string{langEN, langRU}

// langCookie remembers the language chosen with ?lang=.
const langCookie = "lang"

var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Russian})

// langOf is the interface language asked for by r: ?lang=ru|en (not
// under /api/, where lang is the documents' language), else the lang
// cookie, else the best of Accept-Language, else English.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); isLang(l) && !isAPI(r) {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && isLang(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" && len(al) < 512 {
		tag, _ := language.MatchStrings(langMatcher, al)
		if base, _ := tag.Base(); base.String() == langRU {
			return langRU
		}
	}
	return langEN
}

func isLang(l string) bool { return l == langEN || l == langRU }

type langKey struct{}

// withLang returns r's context with the interface language l.
func withLang(ctx context.Context, l string) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// reqLang is the interface language of a request the middleware has
// seen; English for any other.
func reqLang(r *http.Request) string { return ctxLang(r.Context()) }

// ctxLang is the interface language of a request's context.
func ctxLang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return langEN
}

// chooseLang handles a page's ?lang=: a valid choice sticks for a year
// in a cookie, and the parameter is taken out of the request, so that
// no handler sees it (several refuse parameters they do not know). Under
// /api/ lang is a filter of the documents' language and is left alone.
func chooseLang(w http.ResponseWriter, r *http.Request) *http.Request {
	if isAPI(r) || !r.URL.Query().Has("lang") {
		return r
	}
	if l := r.URL.Query().Get("lang"); isLang(l) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	}
	var kept []string
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); err == nil && k == "lang" {
			continue
		}
		kept = append(kept, kv)
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = strings.Join(kept, "&")
	r2.RequestURI = r2.URL.RequestURI()
	return r2
}

// langSwitchURL is r's address with ?lang=l, for the header's switch.
func langSwitchURL(r *http.Request, l string) string {
	v := r.URL.Query()
	v.Set("lang", l)
	u := url.URL{Path: r.URL.Path, RawQuery: encode(v)}
	return u.String()
}

// msg looks message id up in language l's catalogue, falling back to
// English and then to the id itself, so that a missing entry shows
// rather than breaks a page (TestCatalogue fails on it).
func msg(l, id string) string {
	if s, ok := catalogue[l][id]; ok {
		return s
	}
	if s, ok := catalogue[langEN][id]; ok {
		return s
	}
	return id
}

// tr is message id in language l with args put in its verbs (fmt's, so
// that a translation may reorder them with %[2]s). It is plain text, for
// Go code; the templates' t escapes the arguments and trusts the message.
func tr(l, id string, args ...any) string {
	m := msg(l, id)
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}

// trn is message id's plural form for n in language l, with n written
// out (as number writes it) as the first argument.
func trn(l, id string, n int, args ...any) string {
	return countForm(pluralForm(l, msg(l, id), n), number(l, n), args)
}

// countForm puts the count and args in a plural form; a form that names
// no count ("Edited once") takes none.
func countForm(form, n string, args []any) string {
	if !strings.Contains(form, "%") {
		return form
	}
	return fmt.Sprintf(form, append([]any{n}, args...)...)
}

// pluralForm picks n's form from a message of forms separated by "|":
// English has one and other; Russian one (1, 21, 101), few (2–4, 22–24)
// and many (0, 5–20, 25–30, 11–14).
func pluralForm(l, m string, n int) string {
	forms := strings.Split(m, "|")
	i := pluralIndex(l, n)
	if i >= len(forms) {
		i = len(forms) - 1
	}
	return forms[i]
}

func pluralIndex(l string, n int) int {
	if n < 0 {
		n = -n
	}
	if l == langRU {
		switch d, dd := n%10, n%100; {
		case d == 1 && dd != 11:
			return 0
		case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
			return 1
		default:
			return 2
		}
	}
	if n == 1 {
		return 0
	}
	return 1
}

// number writes n with thousands separated: 12,345 in English, 12 345
// (a no-break space) in Russian.
func number(l string, n int) string {
	if n < 0 {
		return "-" + number(l, -n)
	}
	sep := ","
	if l == langRU {
		sep = "\u00a0"
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// escapeArgs HTML-escapes the arguments of a message for a template,
// except those already HTML.
func escapeArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case template.HTML:
			out[i] = string(v)
		case string:
			out[i] = template.HTMLEscapeString(v)
		case int:
			out[i] = v
		default:
			out[i] = template.HTMLEscapeString(fmt.Sprint(v))
		}
	}
	return out
}

var monthsRU = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
var monthsRUAlone = [...]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}

// dateIn writes YYYY-MM-DD as a long date in language l: "10 February
// 2022", "10 февраля 2022"; a month alone as "February 2022", "февраль
// 2022". Anything else is returned as it is.
func dateIn(l, d string) string {
	if t, err := time.Parse("2006-01-02", d); err == nil {
		if l == langRU {
			return strconv.Itoa(t.Day()) + " " + monthsRU[t.Month()-1] + " " + strconv.Itoa(t.Year())
		}
		return t.Format("2 January 2006")
	}
	if t, err := time.Parse("2006-01", d); err == nil {
		if l == langRU {
			return monthsRUAlone[t.Month()-1] + " " + strconv.Itoa(t.Year())
		}
		return t.Format("January 2006")
	}
	return d
}

// stamp writes a moment in language l: "10 February 2022, 14:05 UTC".
func stamp(l string, t time.Time) string {
	t = t.UTC()
	return dateIn(l, t.Format("2006-01-02")) + ", " + t.Format("15:04") + " UTC"
}

// docLang is the language a document's dates are written in: its own
// when the interface has it, else English.
func docLang(l string) string {
	if l == langRU {
		return langRU
	}
	return langEN
}

// langFuncs are the template functions that speak language l: t (a
// message), tn (a message in the plural form for a count), longdate (a
// date in the interface language), docdate (a date in a document's own
// language), commas (a number) and plural (for the older templates).
func langFuncs(l string) template.FuncMap {
	return template.FuncMap{
		"lang": func() string { return l },
		"t": func(id string, args ...any) template.HTML {
			m := msg(l, id)
			if len(args) == 0 {
				return template.HTML(m)
			}
			return template.HTML(fmt.Sprintf(m, escapeArgs(args)...))
		},
		"tn": func(id string, n int, args ...any) template.HTML {
			return template.HTML(countForm(pluralForm(l, msg(l, id), n), number(l, n), escapeArgs(args)))
		},
		"longdate": func(d string) string { return dateIn(l, d) },
		"docdate":  func(d, docLanguage string) string { return dateIn(docLang(docLanguage), d) },
		"commas":   func(n int) string { return number(l, n) },
	}
}
