package kremlinhtml

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// page holds the landmarks of one parsed HTML page, found in one pass.
type page struct {
	root      *html.Node
	tooMany   bool // the body passed transcript.MaxTurns turns (body.tooMany)
	htmlLang  string
	metaLang  string // meta itemprop=inLanguage inside the article
	canonical string
	ogURL     string
	ogTitle   string
	docTitle  string // <title>

	article   *html.Node
	body      *html.Node
	categ     *html.Node
	title     *html.Node
	lead      *html.Node
	published *html.Node
	clock     *html.Node
	place     *html.Node
	announce  *html.Node
	content   *html.Node
	status    *html.Node
	tagCols   []*html.Node
	printLink *html.Node
	textLink  *html.Node
}

func newPage(root *html.Node) *page {
	p := &page{root: root}
	p.scan(root)
	return p
}

// scan records the landmarks. The first of each kind wins; inside an
// article, the article's own elements win over the page's.
func (p *page) scan(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Html:
			if p.htmlLang == "" {
				p.htmlLang = attr(c, "lang")
			}
		case atom.Body:
			if p.body == nil {
				p.body = c
			}
		case atom.Title:
			if p.docTitle == "" {
				p.docTitle = text(c)
			}
			continue
		case atom.Script, atom.Style, atom.Noscript, atom.Template:
			continue
		case atom.Link:
			if p.canonical == "" && hasToken(attr(c, "rel"), "canonical") {
				p.canonical = attr(c, "href")
			}
			continue
		case atom.Meta:
			switch attr(c, "property") {
			case "og:url":
				p.ogURL = attr(c, "content")
			case "og:title":
				p.ogTitle = parser.CleanSpace(attr(c, "content"))
			}
			if p.article != nil && p.metaLang == "" && attr(c, "itemprop") == "inLanguage" {
				p.metaLang = attr(c, "content")
			}
			continue
		case atom.Article:
			if p.article == nil && (hasClass(c, "read__in") || strings.HasPrefix(attr(c, "id"), "event-")) {
				p.article = c
			}
		}
		cls := attr(c, "class")
		if cls != "" {
			p.classify(c, cls)
		}
		p.scan(c)
	}
}

func (p *page) classify(c *html.Node, cls string) {
	set := func(dst **html.Node) {
		if *dst == nil {
			*dst = c
		}
	}
	for _, tok := range strings.Fields(cls) {
		switch tok {
		case "read__categ":
			set(&p.categ)
		case "entry-title":
			set(&p.title)
		case "read__lead":
			set(&p.lead)
		case "read__published":
			set(&p.published)
		case "read__time":
			set(&p.clock)
		case "read__place":
			set(&p.place)
		case "announce_date":
			set(&p.announce)
		case "read__internal_content":
			set(&p.content)
		case "read__status":
			set(&p.status)
		case "read__tagscol":
			p.tagCols = append(p.tagCols, c)
		case "print_link":
			set(&p.printLink)
		case "text_version_link":
			set(&p.textLink)
		}
	}
}

// document builds the Document from the landmarks: metadata, media,
// related items and raw turns. Finish completes it.
func (p *page) document() *transcript.Document {
	doc := &transcript.Document{Source: transcript.SourceKremlin}
	doc.Section = text(p.categ)
	doc.Title = text(p.title)
	if doc.Title == "" {
		doc.Title = p.fallbackTitle()
	}
	doc.Lead = text(p.lead)
	if p.published != nil {
		if d, _, ok := parser.ParseDate(attr(p.published, "datetime")); ok {
			doc.Date = d
		} else if d, _, ok := parser.ParseDate(text(p.published)); ok {
			doc.Date = d
		}
	}
	if t, ok := parser.ParseClock(text(p.clock)); ok {
		doc.Time = t
	}
	doc.Place = text(p.place)
	if doc.Date == "" && p.announce != nil {
		doc.Date = announcementDate(text(p.announce))
	}
	for _, col := range p.tagCols {
		p.tags(doc, col)
	}
	p.statusFields(doc)

	b := newBody(doc)
	switch {
	case p.content != nil:
		b.container(p.content)
	case p.article != nil:
		b.container(p.article)
	case p.body != nil:
		b.container(p.body)
	}
	b.flush()
	b.settle()
	doc.Turns = b.turns
	p.tooMany = b.tooMany
	if p.content == nil {
		dateLines(doc)
	}

	doc.Language = p.language(doc)
	num := p.number()
	host := "kremlin.ru"
	if doc.Language == "en" {
		host = "en.kremlin.ru"
	}
	doc.ID, doc.URL = parser.KremlinID(doc.Language, num, doc.Date, doc.Title)
	base := doc.URL
	if base == "" {
		base = "http://" + host + "/"
	}
	for i := range doc.Related {
		doc.Related[i].URL = absURL(base, doc.Related[i].URL)
	}
	return doc
}

// fallbackTitle is the title of a page without h1.entry-title: a plain
// h1 in the article, og:title, or <title> without the site name.
func (p *page) fallbackTitle() string {
	scope := p.article
	if scope == nil {
		scope = p.body
	}
	if h := find(scope, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h != nil {
		if t := text(h); t != "" && !parser.SiteName(t) {
			return t
		}
	}
	if p.ogTitle != "" && !parser.SiteName(p.ogTitle) {
		return p.ogTitle
	}
	t := p.docTitle
	if parser.SiteName(t) {
		return "" // "Президент России — официальный сайт": the site's name, no title
	}
	for _, sep := range []string{" • ", " - ", " | "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			t = parser.CleanSpace(t[:i])
			break
		}
	}
	return t
}

// language is the page's language: the article's or page's lang
// attribute, else what its text looks like.
func (p *page) language(doc *transcript.Document) string {
	for _, l := range []string{p.htmlLang, p.metaLang} {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.HasPrefix(l, "ru"):
			return "ru"
		case strings.HasPrefix(l, "en"):
			return "en"
		}
	}
	var b strings.Builder
	b.WriteString(doc.Title)
	b.WriteString(" ")
	b.WriteString(doc.Lead)
	for _, t := range doc.Turns {
		for _, s := range t.Paragraphs {
			if b.Len() > 4000 {
				break
			}
			b.WriteString(" ")
			b.WriteString(s)
		}
	}
	return parser.DetectLanguage(b.String())
}

var (
	reEventID  = regexp.MustCompile(`^event-(\d+)$`)
	reDirect   = regexp.MustCompile(`kremlin\.ru/d/(\d+)\s*$`)
	reCanon    = regexp.MustCompile(`^(?:https?:)?//(?:en\.|www\.)?kremlin\.ru/(?:events|acts|supplement|catalog)/[a-z0-9/_-]*?/(\d+)/?$`)
	reCopyLink = regexp.MustCompile(`/copy/(\d+)$`)
)

// number is the page's own numeric id, or "".
func (p *page) number() string {
	if p.article != nil {
		if m := reEventID.FindStringSubmatch(attr(p.article, "id")); m != nil {
			return m[1]
		}
	}
	if p.printLink != nil {
		for _, s := range []string{attr(p.printLink, "href"), text(p.printLink)} {
			if m := reDirect.FindStringSubmatch(s); m != nil {
				return m[1]
			}
		}
	}
	for _, s := range []string{p.canonical, p.ogURL} {
		if m := reCanon.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			return m[1]
		}
	}
	if p.textLink != nil {
		if m := reCopyLink.FindStringSubmatch(attr(p.textLink, "href")); m != nil {
			return m[1]
		}
	}
	return ""
}

// announcementDate reads "Announcement, December 14, 2012" or
// "Анонс, 14 декабря 2012 года".
func announcementDate(s string) string {
	if d, _, ok := parser.ParseDate(s); ok {
		return d
	}
	if _, rest, ok := strings.Cut(s, ","); ok {
		if d, _, ok := parser.ParseDate(rest); ok {
			return d
		}
	}
	return ""
}

// tags reads one footer column: a heading and a list of items.
func (p *page) tags(doc *transcript.Document, col *html.Node) {
	h := find(col, func(n *html.Node) bool {
		return n.DataAtom == atom.H3 || n.DataAtom == atom.H2 || n.DataAtom == atom.H4
	})
	if h == nil {
		return
	}
	var dst *[]string
	switch strings.ToLower(parser.Fold(text(h))) {
	case "geography", "география":
		dst = &doc.Geography
	case "topics", "темы":
		dst = &doc.Topics
	case "persons", "people", "лица", "персоны", "персоналии":
		dst = &doc.Persons
	default:
		return
	}
	walk(col, func(n *html.Node) bool {
		if n.DataAtom == atom.Li {
			if t := text(n); t != "" {
				*dst = append(*dst, t)
			}
			return false
		}
		return true
	})
}

// statusFields reads the "Publication status" block: sections,
// publication date and time.
func (p *page) statusFields(doc *transcript.Document) {
	if p.status == nil {
		return
	}
	walk(p.status, func(n *html.Node) bool {
		if n.DataAtom != atom.P && n.DataAtom != atom.Div || n == p.status {
			return true
		}
		t := text(n)
		lt := strings.ToLower(parser.Fold(t))
		switch {
		case strings.HasPrefix(lt, "published in") || strings.HasPrefix(lt, "опубликован в"):
			walk(n, func(a *html.Node) bool {
				if a.DataAtom == atom.A {
					if s := text(a); s != "" {
						doc.PublishedIn = append(doc.PublishedIn, s)
					}
					return false
				}
				return true
			})
			if len(doc.PublishedIn) == 0 {
				if _, list, ok := strings.Cut(t, ":"); ok {
					for _, s := range strings.Split(list, ",") {
						if s = parser.CleanSpace(s); s != "" {
							doc.PublishedIn = append(doc.PublishedIn, s)
						}
					}
				}
			}
			return false
		case strings.HasPrefix(lt, "publication date") || strings.HasPrefix(lt, "дата публикации"):
			_, when, _ := strings.Cut(t, ":")
			if d, rest, ok := parser.ParseDate(when); ok {
				if c, ok := parser.ParseClock(rest); ok {
					doc.PublishedAt = d + "T" + c
				}
			}
			return false
		}
		return true
	})
}

// absURL makes href absolute against base when it can: wget rewrote
// in-site links to relative ones ("56710.html"), which resolve against
// the page's canonical URL with the added ".html" dropped.
func absURL(base, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(href, "javascript:") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	if u.IsAbs() {
		return href
	}
	b, err := url.Parse(base)
	if err != nil {
		return href
	}
	r := b.ResolveReference(u)
	if strings.HasSuffix(r.Host, "kremlin.ru") && strings.HasSuffix(r.Path, ".html") {
		r.Path = strings.TrimSuffix(r.Path, ".html")
	}
	return r.String()
}

// line is the line of the page body in data, for errors about the page
// as a whole.
func (p *page) line(data []byte) int {
	if i := bytes.Index(data, []byte("<body")); i >= 0 {
		return lineAt(data, i)
	}
	return 1
}

// dateLines reads the "October 11, 2021, Novo-Ogaryovo, Moscow Region"
// line that opens (and may close) the body of a page without the main
// site's header, as the special site prints it, into date and place. Only
// short lines that make no sentence (view settings such as "Font size: A
// A") may stand before it; they are chrome and are dropped with it.
func dateLines(doc *transcript.Document) {
	if doc.Date != "" || len(doc.Turns) == 0 || doc.Turns[0].Speaker != "" || len(doc.Turns[0].Paragraphs) == 0 {
		return
	}
	t := &doc.Turns[0]
	for k, first := range t.Paragraphs {
		if k >= 4 {
			return
		}
		d, rest, ok := parser.ParseDate(first)
		if !ok || len(rest) > 120 {
			if !chromeLike(first) {
				return
			}
			continue
		}
		doc.Date = d
		if doc.Place == "" {
			doc.Place = rest
		}
		t.Paragraphs = t.Paragraphs[k+1:]
		last := &doc.Turns[len(doc.Turns)-1]
		if n := len(last.Paragraphs); n > 0 && last.Paragraphs[n-1] == first {
			last.Paragraphs = last.Paragraphs[:n-1]
		}
		return
	}
}

// chromeLike reports whether a paragraph before the date line looks like
// page chrome: short, a few words, no sentence.
func chromeLike(s string) bool {
	if utf8.RuneCountInString(s) > 60 || len(strings.Fields(s)) > 8 {
		return false
	}
	return !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?")
}
