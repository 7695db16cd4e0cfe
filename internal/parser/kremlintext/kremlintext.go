// Package kremlintext parses kremlin.ru pages saved as text dumps: one
// block per line, in the main-site layout (the sample in
// shared/samples/kremlin-text), the accessible "special" layout (view
// settings, "Transcripts /" breadcrumb, date and place on one line) and the
// archive-era layout (navigation chrome, ALL-CAPS labels).
//
// A dump has no bold, so speaker labels are found from the text alone:
// a line that opens with a label and a colon ("Vladimir Putin: Thank
// you."), a label alone on its line, or a label broken over two lines
// (the name, then ": speech"). parser.LabelOK decides whether the text
// before the colon reads as a label, which keeps sentences such as "I
// repeat:" and headings such as "Meeting points:" out of the turns.
package kremlintext

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// MaxLine is the longest line accepted, in bytes.
const MaxLine = 4 << 20

type line struct {
	n int    // 1-based line number in the input
	s string // CleanSpace'd text
}

// Parse reads one text dump. source names the input in errors; when its
// base name is a number ("55714.txt") that number is taken as the page's
// kremlin.ru id. A dump that rostrum gen made opens with a marker line
// (see reSynthetic) and is parsed as a synthetic document.
func Parse(r io.Reader, source string) (*transcript.Document, error) {
	doc, _, err := ParseWith(r, source, parser.Options{})
	return doc, err
}

// ParseWith is Parse with what the caller knows of the page (opt fills a
// missing title or date), and it returns warnings for what the page lacks:
// a page without a title or a date line is parsed all the same, with
// those fields empty.
func ParseWith(r io.Reader, source string, opt parser.Options) (*transcript.Document, []parser.Warning, error) {
	if err := opt.Check(); err != nil {
		return nil, nil, &parser.ParseError{Source: source, Err: err}
	}
	lines, err := readLines(r, source)
	if err != nil {
		return nil, nil, err
	}
	if len(lines) == 0 {
		return nil, nil, parser.Errorf(source, 1, "empty input")
	}
	if kind := parser.FeedKind([]byte(lines[0].s)); kind != "" {
		return nil, nil, parser.Errorf(source, lines[0].n, "not a kremlin.ru page: an %s feed", kind)
	}
	synthetic := ""
	if m := reSynthetic.FindStringSubmatch(lines[0].s); m != nil && lines[0].n == 1 {
		synthetic = "synthetic/" + m[1] + "/" + m[2]
		lines = lines[1:]
		if len(lines) == 0 {
			return nil, nil, parser.Errorf(source, 1, "synthetic document marker and nothing else")
		}
	}
	p := &pageParser{source: source, lines: lines, seen: map[string]bool{}}
	doc, err := p.parse()
	if err != nil {
		return nil, nil, err
	}
	if err := bodyOnlyOK(doc, lines, opt, source); err != nil {
		return nil, nil, err
	}
	warnings := opt.Complete(doc, source)
	parser.Finish(doc)
	if synthetic != "" {
		doc.Source, doc.ID, doc.URL = transcript.SourceSynthetic, synthetic, ""
	}
	if doc.ID == "" {
		doc.ID, doc.URL = pageID(source, p.directID, doc)
	}
	if err := doc.Validate(); err != nil {
		return nil, nil, &parser.ParseError{Source: source, Line: faultLine(lines, err), Err: err}
	}
	return doc, warnings, nil
}

// minBody is the least text, in characters, that a page with neither a
// title, a date nor a speaker label must hold to be taken for a page's
// body copied alone; anything shorter is some other file.
const minBody = 200

// bodyOnlyOK refuses an input that shows nothing of a page: no title, no
// date (in the page or given with --title and --date), no speaker label,
// and either under minBody characters of text or a Markdown file (its
// first line a "# " heading), such as the notes that sit in a folder of
// pages. A body copied from a page is longer, and plain prose.
func bodyOnlyOK(doc *transcript.Document, lines []line, opt parser.Options, source string) error {
	if doc.Title != "" || doc.Date != "" || opt.Title != "" || opt.Date != "" {
		return nil
	}
	if strings.HasPrefix(lines[0].s, "# ") {
		// A page's dump never opens with a Markdown heading; notes do,
		// and their "Term: explanation" lines would pass for labels.
		return parser.Errorf(source, lines[0].n, "not a kremlin.ru page: a Markdown file (no title or date, and a # heading)")
	}
	n := 0
	for _, t := range doc.Turns {
		if t.Speaker != "" {
			return nil
		}
		for _, p := range t.Paragraphs {
			n += utf8.RuneCountInString(p)
		}
	}
	switch {
	case n < minBody:
		return parser.Errorf(source, lines[0].n, "not a kremlin.ru page: no title, date or speaker label, and only %d characters of text (give --title or --date to take it as a page)", n)
	}
	return nil
}

// faultLine is the line of a validation error's quoted value, or 1.
func faultLine(lines []line, err error) int {
	for _, v := range parser.Quoted(err) {
		for _, l := range lines {
			if strings.Contains(l.s, v) {
				return l.n
			}
		}
	}
	return 1
}

// readLines reads the whole input and splits it into non-blank lines.
// The lines are substrings of one string, so a clean line costs no copy.
func readLines(r io.Reader, source string) ([]line, error) {
	var buf bytes.Buffer
	if n, ok := r.(interface{ Len() int }); ok {
		buf.Grow(n.Len() + bytes.MinRead) // bytes and strings readers: one allocation (ReadFrom wants MinRead free)
	} else if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<30 {
			buf.Grow(int(fi.Size()) + bytes.MinRead)
		}
	}
	_, err := buf.ReadFrom(r)
	data := buf.Bytes()
	if err != nil {
		return nil, parser.Errorf(source, 1, "read: %v", err)
	}
	text := string(bytes.TrimPrefix(data, []byte("\ufeff")))
	out := make([]line, 0, strings.Count(text, "\n")+1)
	for n := 1; text != ""; n++ {
		raw := text
		if k := strings.IndexByte(text, '\n'); k >= 0 {
			raw, text = text[:k], text[k+1:]
		} else {
			text = ""
		}
		if len(raw) > MaxLine {
			return nil, parser.Errorf(source, n, "line longer than %d bytes", MaxLine)
		}
		s, err := parser.CleanLine(raw)
		if err != nil {
			return nil, &parser.ParseError{Source: source, Line: n, Err: err}
		}
		if s != "" {
			out = append(out, line{n: n, s: s})
		}
	}
	return out, nil
}

// reSynthetic matches the line that rostrum gen writes first on every
// document it makes up. Only that exact line, as line 1, marks a page
// synthetic: the page then gets source "synthetic", the id
// "synthetic/LANG/N" and no URL, so that made-up text can never pass for
// a kremlin.ru page.
var reSynthetic = regexp.MustCompile(`^Synthetic document \(rostrum gen\): fictional text, not from kremlin\.ru — id (en|ru)/([1-9][0-9]{0,11})$`)

var reDirectLink = regexp.MustCompile(`(?i)kremlin\.ru/d/(\d{1,9})\b`)

var reNumericBase = regexp.MustCompile(`^\d{1,9}$`)

// pageID returns the page's id and URL: the kremlin.ru id printed in the
// footer's "Direct link" line, or the file's name when it is a number, else a hash of the fields that identify the event, so
// that an edited page keeps its id; a page with neither date nor title is
// known by its text.
func pageID(source, direct string, doc *transcript.Document) (id, url string) {
	base := strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	if direct != "" {
		base = direct
	}
	if reNumericBase.MatchString(base) {
		return parser.KremlinID(doc.Language, base, doc.Date, doc.Title)
	}
	if doc.Date == "" && doc.Title == "" {
		return parser.KremlinContentID(doc), ""
	}
	return parser.KremlinID(doc.Language, "", doc.Date, doc.Title)
}

type pageParser struct {
	source  string
	lines   []line
	special bool
	doc     transcript.Document
	tooMany int // the line at which the body passed transcript.MaxTurns turns, or 0
	// dateLine is the special layout's "Date, Place" line, repeated at the end.
	dateLine string
	// directID is the id printed in the footer's "Direct link" line.
	directID string
	// repeats indexes the shingles of the body (lines bodyStart to
	// bodyEnd), to find pull-quotes; nil until a quoted line needs it.
	repeats            *repeats
	bodyStart, bodyEnd int
	// knownCaptions are the lead and the slider captions (40 bytes or
	// more), which inline photo captions repeat.
	knownCaptions []string
	// shortLines counts the body's short lines by hash, to find captions
	// printed more than once; nil until a candidate needs it.
	shortLines map[uint64]int
	// seen holds the labels of the turns found so far, folded.
	seen map[string]bool
}

func (p *pageParser) parse() (*transcript.Document, error) {
	p.doc.Source = transcript.SourceKremlin
	i := p.header()
	end := p.footer(i)
	if i >= end && p.doc.Title == "" {
		return nil, parser.Errorf(p.source, p.lines[len(p.lines)-1].n, "no title and no body: not a kremlin.ru page")
	}
	p.body(i, end)
	if p.tooMany > 0 {
		return nil, parser.Errorf(p.source, p.tooMany, "more than %d speaker turns: a document may have at most %d", transcript.MaxTurns, transcript.MaxTurns)
	}
	return &p.doc, nil
}

// header reads the page's header and returns the index of the first body
// line. The header is found by its date line, the one thing every layout
// prints under its title ("February 10, 2022", "October 11, 2021,
// Novo-Ogaryovo, Moscow Region", "Announcement, December 14, 2012"): above
// it stand the lead (main layout), the title, perhaps a breadcrumb, and
// page chrome; below it the time, the place, the lead (special layout) and
// the photo slider. Chrome is known by its look (short lines that make no
// sentence, navigation bars), not by its wording, so that a layout whose
// chrome has changed is still read. A page that shows no date line under
// a title (a body copied from the page) has no title and no date: its body
// starts after the chrome lines that open it.
func (p *pageParser) header() int {
	n := len(p.lines)
	for k := 0; k < n && k < maxHeader; k++ {
		if p.isDateLine(k) {
			if top, title, ok := p.above(k); ok {
				p.readAbove(top, title, k)
				return p.below(k)
			}
		}
		if !p.headerLine(k) {
			break
		}
	}
	// No header: skip the chrome that opens the page.
	i := 0
	for i < n && i < maxHeader && isChrome(p.lines[i].s) {
		p.markSpecial(p.lines[i].s)
		i++
	}
	return i
}

// maxHeader is the most lines a header may take up to its date line.
const maxHeader = 30

// headerLine reports whether line k may belong to a header: no label, no
// box, no separator, not a long paragraph of several sentences.
func (p *pageParser) headerLine(k int) bool {
	s := p.lines[k].s
	if isSeparator(s) || isBoxHeading(s) || isCounter(s) || utf8.RuneCountInString(s) > 1000 {
		return false
	}
	_, _, _, ok := p.labelAt(k, len(p.lines))
	return !ok
}

// above checks that the lines before the date line k make a header:
// chrome lines, an optional breadcrumb, the title and at most three lines
// of lead. It returns the index of the breadcrumb or title, and that of
// the title (-1 when the page shows none: the special site's "Select
// font" variant puts the date right under the breadcrumb).
//
// The title and lead are the lines right above the date that are no
// chrome (longer, or sentences); the first of them is the title, unless
// all are sentences, which makes them the lead and the line above them,
// however short, the title.
func (p *pageParser) above(k int) (top, title int, ok bool) {
	// The main site's layout: a breadcrumb, the title, a lead of up to
	// three lines, the date. Between a breadcrumb and the date there is
	// no chrome, so a short title ("Meeting with Boris Kovalchuk") and a
	// lead without a full stop read as what they are.
	for c := k - 2; c >= 0 && k-c <= 5; c-- {
		if !isCrumb(p.lines[c].s) {
			continue
		}
		if p.titleLike(c + 1) {
			for i := c + 2; i < k; i++ {
				if !p.headerLine(i) || chromeLike(p.lines[i].s) && !p.titleLike(i) {
					return p.aboveNoCrumb(k)
				}
			}
			return c, c + 1, true
		}
		break
	}
	return p.aboveNoCrumb(k)
}

// aboveNoCrumb is above for a header that shows no breadcrumb over its
// title.
func (p *pageParser) aboveNoCrumb(k int) (top, title int, ok bool) {
	j := k - 1
	sentences := true
	for j >= 0 && k-1-j < 4 && (p.titleLike(j) || p.leadLike(j)) && !chromeLike(p.lines[j].s) {
		sentences = sentences && isSentence(p.lines[j].s)
		j--
	}
	title = -1
	switch {
	case j < k-1 && !sentences && p.titleLike(j+1):
		title = j + 1
	case j >= 0 && p.titleLike(j):
		title = j
		j--
	case j < k-1:
		return 0, 0, false // sentences under no title: body text, not a header
	}
	top = j + 1
	if j >= 0 && isCrumb(p.lines[j].s) {
		// Above a breadcrumb there is only chrome, whatever it looks like.
		return j, title, true
	}
	if title < 0 && (j < 0 || !parser.SiteName(p.lines[j].s) && !navBar(p.lines[j].s) && !isChrome(p.lines[j].s)) {
		return 0, 0, false // no title needs the chrome to end right above the date
	}
	for ; j >= 0; j-- {
		if !chromeLike(p.lines[j].s) {
			return 0, 0, false
		}
	}
	return top, title, true
}

// readAbove reads the breadcrumb, title and lead between the chrome and
// the date line k. Chrome before top is passed over.
func (p *pageParser) readAbove(top, title, k int) {
	for i := 0; i < top; i++ {
		p.markSpecial(p.lines[i].s)
	}
	if top < k && isCrumb(p.lines[top].s) {
		s := p.lines[top].s
		if crumb, ok := strings.CutSuffix(s, "/"); ok {
			p.doc.Section = parser.TrimSpace(crumb)
			p.special = true
		} else {
			p.doc.Section = s
		}
	}
	if title < 0 {
		return
	}
	p.doc.Title = p.lines[title].s
	var lead []string
	for i := title + 1; i < k; i++ {
		lead = append(lead, p.lines[i].s)
	}
	p.doc.Lead = strings.Join(lead, " ")
}

// below reads the date line k and what follows it in the header: time,
// place, the special layout's lead, the photo slider.
func (p *pageParser) below(k int) int {
	if _, rest, _ := parser.ParseDate(p.lines[k].s); rest != "" && reAnnounce.FindStringIndex(p.lines[k].s) == nil {
		p.special = true // only the special layout puts the place on the date line
	}
	n := len(p.lines)
	i := p.dateTimePlace(k)
	if p.special && p.doc.Lead == "" && i < n && p.plainBodyLine(i) && !p.isDateLine(i) {
		p.doc.Lead = p.lines[i].s
		i++
	}
	return p.slider(i)
}

// markSpecial notes the view settings that open the special layout.
func (p *pageParser) markSpecial(s string) {
	l := strings.ToLower(parser.Fold(s))
	for _, c := range []string{"view settings", "select font", "font size", "character spacing", "official website",
		"версия для слабовидящих", "размер шрифта", "настройки"} {
		if strings.HasPrefix(l, c) {
			p.special = true
		}
	}
	if parser.SiteName(s) {
		p.special = true
	}
}

// isSentence reports whether s ends like a sentence, as a lead does and a
// title does not.
func isSentence(s string) bool {
	s = strings.TrimRight(s, "”»\"’)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// titleLike reports whether line i can be a page title: text of some
// words that is no breadcrumb, chrome, site name or heading with a colon.
func (p *pageParser) titleLike(i int) bool {
	s := p.lines[i].s
	if isCrumb(s) || parser.SiteName(s) || navBar(s) || strings.HasSuffix(s, ":") || !p.headerLine(i) {
		return false
	}
	if utf8.RuneCountInString(s) > 400 {
		return false
	}
	// One word makes a title only under a breadcrumb: alone, it is as
	// likely a link of the chrome.
	return len(strings.Fields(s)) >= 2 || i > 0 && isCrumb(p.lines[i-1].s)
}

// leadLike reports whether line i can be a line of a lead: a header line
// that makes a sentence, however long (titles stop at 400 characters,
// leads run longer).
func (p *pageParser) leadLike(i int) bool {
	return isSentence(p.lines[i].s) && p.headerLine(i)
}

// isCrumb reports whether s is a breadcrumb: a section name and a slash
// ("Transcripts /", "Документ /"), or one of the main site's section names
// on its own.
func isCrumb(s string) bool {
	if crumb, ok := strings.CutSuffix(s, "/"); ok {
		return len(s) < 60 && parser.TrimSpace(crumb) != "" && !strings.Contains(crumb, "/")
	}
	return breadcrumbs[strings.ToLower(parser.Fold(s))]
}

// chromeLike reports whether s looks like page chrome: a navigation bar, a
// site name, or a short line of a few words that makes no sentence
// ("Font size:", "Select font Arial Times New Roman", "Printer-friendly
// version", "Images / Settings").
func chromeLike(s string) bool {
	if navBar(s) || parser.SiteName(s) || isChrome(s) {
		return true
	}
	return utf8.RuneCountInString(s) <= 60 && len(strings.Fields(s)) <= 8 && !isSentence(s) && !strings.ContainsAny(s, "“”«»\"")
}

// navBar reports whether s is a bar of navigation links: "Main page /
// President of Russia / Constitution", "| Search | About site | Site map".
func navBar(s string) bool {
	return strings.HasPrefix(s, "|") || strings.Count(s, " | ") >= 2 || strings.Count(s, " / ") >= 2
}

// chromeLines open pages of the special and archive-era sites.
var chromeLines = []string{"view settings", "select font", "font size", "site colours", "site colors",
	"character spacing", "images", "settings", "official website of the president of russia",
	"main page", "printer-friendly version", "версия для печати", "настройки", "размер шрифта",
	"цвета сайта", "изображения", "официальный сайт президента россии", "normal version", "обычная версия"}

// chromeWords are navigation links that make a whole line by themselves;
// a title may start with them ("Video address to …"), so they match only
// whole lines.
var chromeWords = map[string]bool{"audio": true, "video": true, "photos": true, "russian version": true,
	"english version": true, "site map": true, "about site": true, "версия для слабовидящих": true,
	"english": true, "русский": true}

func isChrome(s string) bool {
	l := strings.ToLower(parser.Fold(s))
	if chromeWords[l] {
		return true
	}
	for _, c := range chromeLines {
		if l == c || strings.HasPrefix(l, c+":") || strings.HasPrefix(l, c+" ") && len(l) < 80 && !strings.HasSuffix(l, ".") {
			return true
		}
	}
	// archive.kremlin.ru navigation: "Main page / President of Russia / Constitution …",
	// "| Search | About site | Site map | Russian version"
	return strings.HasPrefix(l, "|") || strings.Count(l, " | ") >= 2 || strings.Count(l, " / ") >= 2
}

// breadcrumbs are the section names that open a main-site page.
var breadcrumbs = map[string]bool{"events": true, "news": true, "transcripts": true, "документ": true,
	"события": true, "новости": true, "стенограммы": true, "мероприятия": true, "security council": true,
	"announcements": true, "documents": true}

var (
	reCounter  = regexp.MustCompile(`^(\d{1,3}) (?:of|из) (\d{1,3})$`)
	reAnnounce = regexp.MustCompile(`^(?:Announcement|Анонс),? `)
	reFileMeta = regexp.MustCompile(`(?i)^(?:doc|docx|pdf|rtf|zip|xls|xlsx|ppt|pptx|txt), [\d.,]+ ?[KMG]B$`)
)

func (p *pageParser) isDateLine(i int) bool {
	s := p.lines[i].s
	if m := reAnnounce.FindStringIndex(s); m != nil {
		return parser.IsDateLine(s[m[1]:])
	}
	date, rest, ok := parser.ParseDate(s)
	if !ok || date == "" {
		return false
	}
	return rest == "" || p.special || looksLikePlace(rest)
}

func (p *pageParser) dateTimePlace(i int) int {
	s := p.lines[i].s
	if m := reAnnounce.FindStringIndex(s); m != nil {
		s = s[m[1]:]
	}
	date, rest, _ := parser.ParseDate(s)
	p.doc.Date = date
	if rest != "" {
		p.doc.Place = rest
		p.dateLine = p.lines[i].s
	}
	i++
	if i < len(p.lines) {
		if t, ok := parser.ParseClock(p.lines[i].s); ok {
			p.doc.Time = t
			i++
		}
	}
	if p.doc.Place == "" && i < len(p.lines) && looksLikePlace(p.lines[i].s) && !p.brokenLabelAt(i) {
		p.doc.Place = p.lines[i].s
		i++
	}
	return i
}

// looksLikePlace reports whether s reads as a place line: "The Kremlin,
// Moscow", "Novo-Ogaryovo, Moscow Region", "Москва, Кремль".
func looksLikePlace(s string) bool {
	if utf8.RuneCountInString(s) > 90 || len(strings.Fields(s)) > 9 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	if strings.ContainsAny(s, ":;!?“”\"«»") || strings.HasSuffix(s, ".") || strings.HasSuffix(s, ",") {
		return false
	}
	if isCounter(s) || isBoxHeading(s) || isSeparator(s) || isFooterHeading(s) {
		return false
	}
	for _, w := range strings.Fields(s) {
		core := strings.Trim(w, ",()")
		if core == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(core)
		if unicode.IsLower(r) && !placeLinkWords[core] {
			return false
		}
	}
	return true
}

var placeLinkWords = map[string]bool{"of": true, "the": true, "and": true, "on": true, "in": true,
	"upon": true, "de": true, "la": true, "am": true, "an": true, "der": true, "область": true,
	"край": true, "район": true, "и": true, "на": true, "в": true}

// slider reads the photo carousel that follows the header: "6 of 6" and
// the caption of that slide, with its "Photo: …" credit.
func (p *pageParser) slider(i int) int {
	if i+1 < len(p.lines) {
		if m := reCounter.FindStringSubmatch(p.lines[i].s); m != nil {
			p.addPhoto(m, p.lines[i+1].s)
			return i + 2
		}
	}
	return i
}

func (p *pageParser) addPhoto(counter []string, caption string) {
	var pos, count int
	fmt.Sscan(counter[1], &pos)
	fmt.Sscan(counter[2], &count)
	if pos > count {
		pos = 0
	}
	caption, credit := splitCredit(caption)
	p.doc.Media = append(p.doc.Media, transcript.Media{Kind: transcript.MediaPhoto, Position: pos, Count: count,
		Caption: caption, Credit: credit})
}

var reCredit = regexp.MustCompile(`\s*(?:Photo|Фото)\s*:\s*([^:]+)$`)

func splitCredit(caption string) (string, string) {
	if m := reCredit.FindStringSubmatchIndex(caption); m != nil {
		return parser.TrimSpace(caption[:m[0]]), parser.TrimSpace(caption[m[2]:m[3]])
	}
	return caption, ""
}

// reMoreToggle matches the footer's "3 more" link, which is no tag.
var reMoreToggle = regexp.MustCompile(`^(?:\d+ more|ещё \d+|еще \d+)$`)

var footerHeadings = map[string]bool{"geography": true, "topics": true, "persons": true,
	"география": true, "темы": true, "персоны": true, "лица": true, "регионы": true}

func isFooterHeading(s string) bool {
	return len(s) <= 20 && footerHeadings[strings.ToLower(s)]
}

var reSections = regexp.MustCompile(`^(?:Published in sections?|Опубликовано? в раздел(?:ах|е))\s*:\s*(.*)$`)
var rePubDate = regexp.MustCompile(`^(?:Publication date|Дата публикации)\s*:\s*(.*)$`)

// footer reads the taxonomy and publication block at the end of the page
// and returns the index where it starts (len(lines) when there is none).
func (p *pageParser) footer(start int) int {
	n := len(p.lines)
	end := n
	// Trailing status lines, in any order: "Text version", "Direct link: …",
	// "Publication date: …", "Published in …", "Publication status".
	for end > start {
		s := parser.Fold(p.lines[end-1].s)
		ls := strings.ToLower(s)
		switch {
		case ls == "text version" || ls == "текстовая версия" || ls == "publication status" ||
			ls == "статус публикации":
		case strings.HasPrefix(ls, "direct link:") || strings.HasPrefix(ls, "прямая ссылка:"):
			// "Direct link: en.kremlin.ru/d/55714" gives the page's own id.
			if m := reDirectLink.FindStringSubmatch(s); m != nil {
				p.directID = m[1]
			}
		case reSections.MatchString(s):
			p.doc.PublishedIn = nil
			for _, sec := range strings.Split(reSections.FindStringSubmatch(s)[1], ",") {
				if sec = parser.TrimSpace(sec); sec != "" {
					p.doc.PublishedIn = append(p.doc.PublishedIn, sec)
				}
			}
		case rePubDate.MatchString(s):
			v := rePubDate.FindStringSubmatch(s)[1]
			if d, rest, ok := parser.ParseDate(v); ok {
				if t, ok := parser.ParseClock(rest); ok {
					p.doc.PublishedAt = d + "T" + t
				} else {
					p.doc.PublishedAt = d + "T00:00"
				}
			}
		default:
			goto tags
		}
		end--
	}
tags:
	// Taxonomy columns: the earliest heading from which every following line
	// is a heading or a short item, headings in page order.
	for h := max(start, end-400); h < end; h++ {
		if !isFooterHeading(p.lines[h].s) {
			continue
		}
		if cols, ok := p.tagColumns(h, end); ok {
			p.doc.Geography, p.doc.Topics, p.doc.Persons = cols[0], cols[1], cols[2]
			return h
		}
	}
	return end
}

func (p *pageParser) tagColumns(h, end int) ([3][]string, bool) {
	var cols [3][]string
	col := -1
	for k := h; k < end; k++ {
		s := p.lines[k].s
		switch strings.ToLower(s) {
		case "geography", "география", "регионы":
			if col >= 0 {
				return cols, false
			}
			col = 0
			continue
		case "topics", "темы":
			if col >= 1 {
				return cols, false
			}
			col = 1
			continue
		case "persons", "персоны", "лица":
			if col >= 2 {
				return cols, false
			}
			col = 2
			continue
		}
		if utf8.RuneCountInString(s) > 120 || strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "Jr.") {
			return cols, false
		}
		if !reMoreToggle.MatchString(s) {
			cols[col] = append(cols[col], s)
		}
	}
	return cols, true
}
