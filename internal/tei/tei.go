// Package tei writes documents as TEI XML in the manner of the ParlaMint
// corpora: a teiCorpus whose header lists every person of the person
// registry (listPerson, names in both scripts where known, the roles
// printed in their labels with the dates they were printed), then one TEI
// per document with its header (title, date, place, source URL, licence)
// and one u per attributed turn (who="#id", or ana for a generic speaker:
// a question from the press, a remark), its paragraphs as seg, its stage
// directions as note or kinesic.
//
// The XML is written by hand with every text and attribute escaped, and
// characters that XML 1.0 forbids dropped, so that any stored text gives
// a well-formed file.
package tei

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"unicode"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Namespace is TEI's XML namespace.
const Namespace = "http://www.tei-c.org/ns/1.0"

// The licence of kremlin.ru's content, which every copy must carry.
const (
	LicenceName = "CC BY 4.0"
	LicenceURL  = "https://creativecommons.org/licenses/by/4.0/"
)

// The generic speakers: categories of the speaker_types taxonomy that a
// u without a person points to with ana.
var generic = []struct{ id, desc string }{
	{"question", "A question from the floor or the press, by a speaker the transcript does not name"},
	{"remark", "A remark from the floor, by a speaker the transcript does not name"},
	{"reply", "A reply by a speaker the transcript does not name"},
	{"unidentified", "A speaker whose label names no person the archive knows"},
}

// genericLabels maps generic speaker labels, folded, to their category.
var genericLabels = map[string]string{
	"question": "question", "questions": "question", "вопрос": "question", "вопросы": "question",
	"remark": "remark", "remarks": "remark", "реплика": "remark", "реплики": "remark", "comment": "remark",
	"reply": "reply", "answer": "reply", "ответ": "reply",
}

// Person is an entry of the listPerson.
type Person struct {
	ID    string
	Names []persons.Member // the shown name first
	Roles []Role
}

// Role is a role printed in a person's labels, with the first and last
// dates of the documents that print it ("" when undated).
type Role struct {
	Name, From, To string
}

// People is the listPerson of a corpus: the registry's persons with the
// roles their turns print. Build it with NewPeople, then Add every
// document. It is not safe for concurrent use.
type People struct {
	reg    *persons.Registry
	list   []*Person
	byName map[string]*Person // shown name → entry
	roles  map[*Person]map[string]*Role
}

// NewPeople starts a listPerson with every person of reg (nil for none:
// then each turn's person is a person of its own).
func NewPeople(reg *persons.Registry) *People {
	p := &People{reg: reg, byName: map[string]*Person{}, roles: map[*Person]map[string]*Role{}}
	if reg != nil {
		for _, rp := range reg.Persons() {
			p.entry(rp.Name, rp.Members)
		}
	}
	return p
}

func (p *People) entry(name string, members []persons.Member) *Person {
	if e, ok := p.byName[name]; ok {
		return e
	}
	if len(members) == 0 {
		members = []persons.Member{{Name: name}}
	}
	e := &Person{ID: "", Names: members}
	p.byName[name] = e
	p.list = append(p.list, e)
	return e
}

// lookup returns the entry of a turn's person, adding one the registry
// does not know.
func (p *People) lookup(person string) *Person {
	name := person
	if p.reg != nil {
		name = p.reg.Canonical(person)
	}
	return p.entry(name, nil)
}

// Add records the persons and roles of doc's turns.
func (p *People) Add(doc *transcript.Document) {
	for _, t := range doc.Turns {
		if t.Person == "" {
			continue
		}
		e := p.lookup(t.Person)
		if t.Role == "" {
			continue
		}
		rs := p.roles[e]
		if rs == nil {
			rs = map[string]*Role{}
			p.roles[e] = rs
		}
		r := rs[t.Role]
		if r == nil {
			r = &Role{Name: t.Role}
			rs[t.Role] = r
		}
		if doc.Date != "" {
			if r.From == "" || doc.Date < r.From {
				r.From = doc.Date
			}
			if doc.Date > r.To {
				r.To = doc.Date
			}
		}
	}
}

// finish gives every person an xml:id and settles their roles, earliest
// first; the list is in order of the ids.
func (p *People) finish() []*Person {
	taken := map[string]bool{}
	for _, generic := range generic {
		taken[generic.id] = true
	}
	slices.SortStableFunc(p.list, func(a, b *Person) int { return strings.Compare(a.Names[0].Name, b.Names[0].Name) })
	for _, e := range p.list {
		if e.ID != "" {
			taken[e.ID] = true
			continue
		}
		base := personID(e.Names[0].Name)
		id := base
		for n := 2; taken[id]; n++ {
			id = fmt.Sprintf("%s.%d", base, n)
		}
		taken[id] = true
		e.ID = id
		e.Roles = e.Roles[:0]
		for _, r := range p.roles[e] {
			e.Roles = append(e.Roles, *r)
		}
		slices.SortFunc(e.Roles, func(a, b Role) int {
			if a.From != b.From {
				if a.From == "" {
					return 1
				}
				if b.From == "" {
					return -1
				}
				return strings.Compare(a.From, b.From)
			}
			return strings.Compare(a.Name, b.Name)
		})
	}
	return p.list
}

// ID returns the xml:id of a turn's person, after the list was written.
func (p *People) ID(person string) string { return p.lookup(person).ID }

// personID makes an xml:id (an NCName) of a name: its letters and digits,
// word by word, capitalised: Vladimir Putin → VladimirPutin.
func personID(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	id := b.String()
	if id == "" || !unicode.IsLetter([]rune(id)[0]) {
		id = "p" + id
	}
	return id
}

// DocumentID makes the xml:id of a document of the given id: the id with
// each character an NCName cannot hold (the / of kremlin.ru/67763) as _.
func DocumentID(id string) string {
	var b strings.Builder
	for i, r := range id {
		switch {
		case unicode.IsLetter(r) || r == '_' || (i > 0 && (unicode.IsDigit(r) || r == '.' || r == '-')):
			b.WriteRune(r)
		case i == 0 && (unicode.IsDigit(r) || r == '.' || r == '-'):
			b.WriteString("d")
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// lang is the language of a name: ru when it is written in Cyrillic.
func lang(name string) string {
	for _, r := range name {
		if unicode.Is(unicode.Cyrillic, r) {
			return "ru"
		}
	}
	return "en"
}

// Header says what a corpus is.
type Header struct {
	Title string // e.g. "Rostrum archive of kremlin.ru"
	Date  string // the export's date, YYYY-MM-DD
}

// WriteCorpus writes a teiCorpus of the documents docs yields: it reads
// them twice, first to collect their persons' roles for the listPerson,
// then to write them.
func WriteCorpus(out io.Writer, h Header, reg *persons.Registry, docs func() iter.Seq2[*transcript.Document, error]) error {
	people := NewPeople(reg)
	for doc, err := range docs() {
		if err != nil {
			return err
		}
		people.Add(doc)
	}
	w := &writer{w: bufio.NewWriterSize(out, 64<<10), ids: map[string]bool{}}
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open(0, "teiCorpus", "xmlns", Namespace, "xml:lang", "en")
	w.corpusHeader(h, people.finish())
	for doc, err := range docs() {
		if err != nil {
			return err
		}
		w.document(1, doc, people, false)
		if w.err != nil {
			return w.err
		}
	}
	w.close(0, "teiCorpus")
	return w.flush()
}

// WriteDocument writes one document as a TEI file of its own: its header
// lists its persons and the generic speakers, so that every who and ana
// points into the file.
func WriteDocument(out io.Writer, doc *transcript.Document, reg *persons.Registry) error {
	people := NewPeople(nil)
	if reg != nil {
		for _, t := range doc.Turns {
			if t.Person != "" {
				if rp, ok := reg.Lookup(t.Person); ok {
					people.entry(rp.Name, rp.Members)
				}
			}
		}
	}
	people.reg = reg
	people.Add(doc)
	w := &writer{w: bufio.NewWriterSize(out, 16<<10), ids: map[string]bool{}}
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.standalone = people.finish()
	w.document(0, doc, people, true)
	return w.flush()
}

// writer writes indented XML, keeping the first error.
type writer struct {
	w          *bufio.Writer
	err        error
	ids        map[string]bool // xml:ids written, so that none repeats
	standalone []*Person       // the persons of a document written alone
}

func (w *writer) raw(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

func (w *writer) flush() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

func (w *writer) indent(depth int) { w.raw(strings.Repeat("  ", depth)) }

// start writes <name attr="value"…>; attributes with an empty value are
// left out.
func (w *writer) start(name string, attrs ...string) {
	w.raw("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.raw(" " + attrs[i] + `="` + escape(attrs[i+1], true) + `"`)
	}
}

func (w *writer) open(depth int, name string, attrs ...string) {
	w.indent(depth)
	w.start(name, attrs...)
	w.raw(">\n")
}

func (w *writer) close(depth int, name string) {
	w.indent(depth)
	w.raw("</" + name + ">\n")
}

// empty writes <name attr…/>.
func (w *writer) empty(depth int, name string, attrs ...string) {
	w.indent(depth)
	w.start(name, attrs...)
	w.raw("/>\n")
}

// elem writes <name attr…>text</name> on a line of its own.
func (w *writer) elem(depth int, name, text string, attrs ...string) {
	w.indent(depth)
	w.start(name, attrs...)
	w.raw(">" + escape(text, false) + "</" + name + ">\n")
}

// id returns an xml:id not written before: id, or id with a suffix.
func (w *writer) id(id string) string {
	got := id
	for n := 2; w.ids[got]; n++ {
		got = fmt.Sprintf("%s.%d", id, n)
	}
	w.ids[got] = true
	return got
}

func (w *writer) corpusHeader(h Header, people []*Person) {
	w.open(1, "teiHeader")
	w.open(2, "fileDesc")
	w.open(3, "titleStmt")
	w.elem(4, "title", h.Title, "type", "main", "xml:lang", "en")
	w.close(3, "titleStmt")
	w.open(3, "publicationStmt")
	w.elem(4, "publisher", "Rostrum")
	w.availability(4)
	w.empty(4, "date", "when", h.Date)
	w.close(3, "publicationStmt")
	w.open(3, "sourceDesc")
	w.elem(4, "p", "Transcripts, speeches and statements of the President of Russia website (kremlin.ru), as stored in a Rostrum archive: the current version of each document.")
	w.close(3, "sourceDesc")
	w.close(2, "fileDesc")
	w.speakerTypes(2)
	w.open(2, "profileDesc")
	w.listPerson(3, people)
	w.close(2, "profileDesc")
	w.close(1, "teiHeader")
}

func (w *writer) availability(depth int) {
	w.open(depth, "availability", "status", "free")
	w.elem(depth+1, "licence", LicenceName, "target", LicenceURL)
	w.elem(depth+1, "p", transcript.Attribution)
	w.close(depth, "availability")
}

// speakerTypes writes the encodingDesc with the generic speakers'
// taxonomy.
func (w *writer) speakerTypes(depth int) {
	w.open(depth, "encodingDesc")
	w.open(depth+1, "classDecl")
	w.open(depth+2, "taxonomy", "xml:id", w.id("speaker_types"))
	for _, g := range generic {
		w.open(depth+3, "category", "xml:id", w.id(g.id))
		w.elem(depth+4, "catDesc", g.desc, "xml:lang", "en")
		w.close(depth+3, "category")
	}
	w.close(depth+2, "taxonomy")
	w.close(depth+1, "classDecl")
	w.close(depth, "encodingDesc")
}

func (w *writer) listPerson(depth int, people []*Person) {
	w.open(depth, "particDesc")
	w.open(depth+1, "listPerson")
	for _, p := range people {
		w.open(depth+2, "person", "xml:id", w.id(p.ID))
		seen := map[string]bool{}
		for _, m := range p.Names {
			l := lang(m.Name)
			typ := ""
			if seen[l] {
				typ = "variant"
			}
			seen[l] = true
			w.elem(depth+3, "persName", m.Name, "xml:lang", l, "type", typ)
		}
		for _, r := range p.Roles {
			w.elem(depth+3, "affiliation", r.Name, "from", r.From, "to", r.To, "xml:lang", lang(r.Name))
		}
		w.close(depth+2, "person")
	}
	w.close(depth+1, "listPerson")
	w.close(depth, "particDesc")
}

// document writes one TEI; alone, with the persons and speaker types its
// who and ana point to.
func (w *writer) document(depth int, doc *transcript.Document, people *People, alone bool) {
	docID := w.id(DocumentID(doc.ID))
	attrs := []string{"xml:id", docID, "xml:lang", doc.Language}
	if alone {
		attrs = append([]string{"xmlns", Namespace}, attrs...)
	}
	w.open(depth, "TEI", attrs...)
	d := depth + 1
	w.open(d, "teiHeader")
	w.open(d+1, "fileDesc")
	w.open(d+2, "titleStmt")
	w.elem(d+3, "title", cmpOr(doc.Title, doc.ID), "type", "main")
	w.close(d+2, "titleStmt")
	w.open(d+2, "publicationStmt")
	w.elem(d+3, "publisher", "Rostrum")
	w.elem(d+3, "idno", doc.ID, "type", "rostrum")
	w.availability(d + 3)
	w.close(d+2, "publicationStmt")
	if doc.Lead != "" {
		w.open(d+2, "notesStmt")
		w.elem(d+3, "note", doc.Lead, "type", "lead")
		w.close(d+2, "notesStmt")
	}
	w.open(d+2, "sourceDesc")
	w.open(d+3, "bibl")
	w.elem(d+4, "title", cmpOr(doc.Title, doc.ID))
	w.elem(d+4, "publisher", "President of Russia website", "xml:lang", "en")
	if doc.URL != "" {
		w.elem(d+4, "idno", doc.URL, "type", "URI")
	}
	if doc.Date != "" {
		w.elem(d+4, "date", strings.TrimSpace(doc.Date+" "+doc.Time), "when", doc.Date)
	}
	if doc.PublishedAt != "" {
		w.elem(d+4, "date", doc.PublishedAt, "type", "published", "when", doc.PublishedAt[:10])
	}
	w.close(d+3, "bibl")
	w.close(d+2, "sourceDesc")
	w.close(d+1, "fileDesc")
	if alone {
		w.speakerTypes(d + 1)
	}
	w.open(d+1, "profileDesc")
	if alone {
		w.listPerson(d+2, w.standalone)
	}
	if doc.Place != "" || doc.Date != "" {
		w.open(d+2, "settingDesc")
		w.open(d+3, "setting")
		if doc.Place != "" {
			w.elem(d+4, "name", doc.Place, "type", "place")
		}
		if doc.Date != "" {
			w.elem(d+4, "date", strings.TrimSpace(doc.Date+" "+doc.Time), "when", doc.Date)
		}
		w.close(d+3, "setting")
		w.close(d+2, "settingDesc")
	}
	classes := []struct {
		n     string
		terms []string
	}{{"section", append(slices.Clip(nonEmpty(doc.Section)), doc.PublishedIn...)}, {"topic", doc.Topics}, {"geography", doc.Geography}, {"person", doc.Persons}}
	if slices.ContainsFunc(classes, func(c struct {
		n     string
		terms []string
	}) bool {
		return len(c.terms) > 0
	}) {
		w.open(d+2, "textClass")
		for _, k := range classes {
			if len(k.terms) == 0 {
				continue
			}
			w.open(d+3, "keywords", "n", k.n)
			for _, t := range k.terms {
				w.elem(d+4, "term", t)
			}
			w.close(d+3, "keywords")
		}
		w.close(d+2, "textClass")
	}
	w.close(d+1, "profileDesc")
	w.close(d, "teiHeader")

	w.open(d, "text")
	w.open(d+1, "body")
	w.open(d+2, "div", "type", "transcript")
	if doc.Title != "" {
		w.elem(d+3, "head", doc.Title)
	}
	for _, t := range doc.Turns {
		w.turn(d+3, docID, &t, people)
	}
	if len(doc.Turns) == 0 {
		w.elem(d+3, "p", "")
	}
	w.close(d+2, "div")
	w.close(d+1, "body")
	w.close(d, "text")
	w.close(depth, "TEI")
}

// turn writes a turn: a u after a note with the label as printed, or for
// a turn without a speaker (a page's body text) its paragraphs as p.
func (w *writer) turn(depth int, docID string, t *transcript.Turn, people *People) {
	uid := fmt.Sprintf("%s.t%d", docID, t.Index)
	if t.Speaker == "" {
		for i, p := range t.Paragraphs {
			w.indent(depth)
			w.start("p", "xml:id", w.id(fmt.Sprintf("%s.p%d", uid, i+1)))
			w.raw(">")
			w.inline(p, t.Notes)
			w.raw("</p>\n")
		}
		return
	}
	w.elem(depth, "note", t.Speaker, "type", "speaker")
	who, ana := "", ""
	if t.Person != "" {
		who = "#" + people.ID(t.Person)
	} else if g, ok := genericLabels[strings.ToLower(strings.Trim(t.Speaker, " .:"))]; ok {
		ana = "#" + g
	} else {
		ana = "#unidentified"
	}
	w.open(depth, "u", "who", who, "ana", ana, "xml:id", w.id(uid))
	for i, p := range t.Paragraphs {
		if isNote(p, t.Notes) {
			w.indent(depth + 1)
			w.stage(p)
			w.raw("\n")
			continue
		}
		w.indent(depth + 1)
		w.start("seg", "xml:id", w.id(fmt.Sprintf("%s.p%d", uid, i+1)))
		w.raw(">")
		w.inline(p, t.Notes)
		w.raw("</seg>\n")
	}
	w.close(depth, "u")
}

// isNote reports whether a paragraph is a stage direction of its own.
func isNote(p string, notes []string) bool {
	return slices.Contains(notes, strings.TrimSpace(p))
}

// inline writes a paragraph's text with its stage directions marked.
func (w *writer) inline(p string, notes []string) {
	for p != "" {
		at, note := -1, ""
		for _, n := range notes {
			if n == "" {
				continue
			}
			if i := strings.Index(p, n); i >= 0 && (at < 0 || i < at) {
				at, note = i, n
			}
		}
		if at < 0 {
			w.raw(escape(p, false))
			return
		}
		w.raw(escape(p[:at], false))
		w.stage(note)
		p = p[at+len(note):]
	}
}

// stage writes a stage direction: applause as kinesic, others as note.
func (w *writer) stage(n string) {
	l := strings.ToLower(n)
	if strings.Contains(l, "applause") || strings.Contains(l, "аплодисменты") {
		w.raw(`<kinesic type="applause"><desc>` + escape(n, false) + `</desc></kinesic>`)
		return
	}
	w.raw(`<note type="comment">` + escape(n, false) + `</note>`)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// escape makes s XML text (or, with attr, an attribute value): markup
// characters escaped, characters XML 1.0 forbids dropped.
func escape(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case (r == '\n' || r == '\t' || r == '\r') && attr:
			fmt.Fprintf(&b, "&#%d;", r)
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF:
			b.WriteRune(r)
		}
	}
	return b.String()
}
