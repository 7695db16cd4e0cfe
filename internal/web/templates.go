package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/transcript"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the templates in templates/, each rendered inside
// layout.html.
var pageNames = []string{"home", "search", "document", "diff", "kwic", "trend", "verify", "figures", "person", "persons", "terms", "list", "documents", "editions", "years", "help", "cite", "error"}

// parseTemplates parses each page once per interface language, its t, tn, longdate
// and commas functions bound to that language, so that a template needs
// no language argument (the "hit" template deep in a range as much as the
// layout); the pages are keyed "en/home", "ru/home".
func parseTemplates() map[string]*template.Template {
	pages, err := parseTemplatesFS(templateFS)
	if err != nil {
		panic(err)
	}
	return pages
}

func parseTemplatesFS(fsys fs.FS) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, l := range langs {
		layout, err := template.New("layout.html").Funcs(funcs).Funcs(langFuncs(l)).ParseFS(fsys, "templates/layout.html", "templates/parts.html", "templates/figures_parts.html")
		if err != nil {
			return nil, err
		}
		for _, name := range pageNames {
			t := template.Must(layout.Clone())
			if pages[l+"/"+name], err = t.ParseFS(fsys, "templates/"+name+".html"); err != nil {
				return nil, err
			}
		}
	}
	return pages, nil
}

// render writes page name with data, as HTML with the given status, in
// r's interface language.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	// Config.DevTemplates, when set, is a folder (internal/web of the
	// source tree, for rostrum serve --dev) whose templates are read
	// afresh for every page, so that an edit shows on the next reload;
	// while they do not parse, the error page is the built-in one.
	pages := s.pages
	if s.cfg.DevTemplates != "" {
		dev, err := parseTemplatesFS(os.DirFS(s.cfg.DevTemplates))
		switch {
		case err == nil:
			pages = dev
		case name != "error":
			return fmt.Errorf("web: templates: %w", err)
		}
	}
	l := reqLang(r)
	t, ok := pages[l+"/"+name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	if d, ok := data.(interface{ base() *page }); ok {
		b := d.base()
		b.Template = name
		b.Lang = l
		b.LangURLs = [2]string{langSwitchURL(r, langEN), langSwitchURL(r, langRU)}
	}
	w.Header().Add("Vary", "Accept-Language, Cookie")
	if bw, ok := w.(*bufWriter); ok && !bw.streaming {
		// The middleware's buffer holds the page until it is finished:
		// render into it rather than into a buffer of our own and copy
		// (half a megabyte for a long transcript). A failure drops what
		// was written, as handle does for a handler's error.
		if h, ok := data.(interface{ sizeHint() int }); ok {
			bw.buf.Grow(h.sizeHint())
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		if err := t.ExecuteTemplate(w, "layout.html", data); err != nil {
			bw.reset()
			return fmt.Errorf("web: render %s: %w", name, err)
		}
		return nil
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// page is what every page gives the layout.
type page struct {
	Title       string // the <title>, before " · Rostrum"
	Description string
	Q           string // the search box's value
	FeedURL     string // an Atom feed for this page, if any
	Canonical   string
	Nav         string    // which header link is current: search, persons, topics, countries, years
	Template    string    // the page's template, set by render (a class on <body>)
	Lang        string    // the interface language, set by render
	LangURLs    [2]string // this page in English and in Russian (the header's switch), set by render
}

func (p *page) base() *page { return p }

var funcs = template.FuncMap{
	"snippet":    snippetHTML,
	"docURL":     docURL,
	"turnURL":    turnURL,
	"docFigures": docFigures,
	"figValue":   figures.FormatValue,
	"hitTurnURL": hitTurnURL,
	"hitMoreURL": hitMoreURL,
	"personURL":  personURL,
	"topicURL":   func(t string) string { return "/topic/" + url.PathEscape(t) },
	"countryURL": func(t string) string { return "/country/" + url.PathEscape(t) },
	"sectionURL": func(t string) string { return "/section/" + url.PathEscape(t) },
	"termPath":   func(prefix, t string) string { return prefix + url.PathEscape(t) },
	"yearURL":    func(y string) string { return "/year/" + url.PathEscape(y) },
	"searchURL":  searchURL,
	"plural":     plural,
	"quote":      quoteValue,
	"add":        func(a, b int) int { return a + b },
	"fieldLabel": fieldLabel,
	"sameName":   sameName,
}

// sameName reports whether two names read the same, whatever their case
// and spaces: a speaker label that is the person's name.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// snippetHTML escapes a snippet's text and wraps its marks in <mark>.
func snippetHTML(sn transcript.Snippet) template.HTML {
	var b strings.Builder
	at := 0
	for _, m := range sn.Marks {
		if m[0] < at || m[1] > len(sn.Text) || m[0] > m[1] {
			continue
		}
		b.WriteString(template.HTMLEscapeString(sn.Text[at:m[0]]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(sn.Text[m[0]:m[1]]))
		b.WriteString("</mark>")
		at = m[1]
	}
	b.WriteString(template.HTMLEscapeString(sn.Text[at:]))
	return template.HTML(strings.ReplaceAll(b.String(), "\n\n", " ¶ "))
}

// commas writes n with thousands separators.
func commas(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return commas(n) + " " + one
	}
	return commas(n) + " " + many
}

// docURL is a document's page. Ids hold slashes (en.kremlin.ru/67763),
// which stay as they are; each segment is escaped.
func docURL(id string) string {
	segs := strings.Split(id, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/d/" + strings.Join(segs, "/")
}

func turnURL(id string, turn int) string { return fmt.Sprintf("%s#t%d", docURL(id), turn) }

func personURL(name string) string { return "/person/" + url.PathEscape(name) }

// searchURL is the search page for query q, with optional extra
// parameters as name, value pairs.
func searchURL(q string, kv ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return "/search?" + encode(v)
}

// quoteValue quotes a filter value for the query language when it has
// more than one word or a character the parser treats specially.
func quoteValue(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\"()«»“”:-*") {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, "") + `"`
}

// static serves the embedded assets.
func (s *Server) static() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			// A folder: the assets are not for browsing.
			s.writeError(w, r, errorT(http.StatusNotFound, "err.nopagehere"))
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// fieldLabel writes a document field's name for people: published_in is
// "Published in".
func fieldLabel(name string) string {
	switch name {
	case "url":
		return "Source URL"
	case "":
		return ""
	}
	s := strings.ReplaceAll(name, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
