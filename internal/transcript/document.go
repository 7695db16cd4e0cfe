package transcript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Source names used in Document.Source.
const (
	SourceKremlin   = "kremlin.ru"
	SourceSynthetic = "synthetic"
)

// Relations used in Related.Relation.
const (
	RelationSeeAlso    = "see_also"
	RelationAdditional = "additional"
)

// Media kinds used in Media.Kind.
const (
	MediaPhoto = "photo"
	MediaVideo = "video"
)

// Document is one published event page. Empty strings stand for absent
// values and are written as JSON null; nil slices are written as [].
//
// A Document is a plain value: it is not safe for concurrent mutation, but
// any number of goroutines may read it.
type Document struct {
	ID          string
	Source      string
	URL         string
	Language    string // "en" or "ru"
	Section     string
	Title       string
	Lead        string
	Date        string // YYYY-MM-DD
	Time        string // HH:MM, Moscow time as published
	Place       string
	PublishedIn []string
	PublishedAt string // YYYY-MM-DDTHH:MM
	Geography   []string
	Topics      []string
	Persons     []string // surname-first, exactly as the page lists them
	Media       []Media
	Related     []Related
	Turns       []Turn
}

// Turn is one speaker's uninterrupted contribution to a transcript. Index
// counts from 1 in document order; it is the N of the permalink DOCID#tN.
// A Turn with no Speaker holds the body of a page without a transcript, or
// the unlabelled text before the first label.
type Turn struct {
	Index      int
	Speaker    string   // the label exactly as printed, without its colon
	Person     string   // canonical person, empty for anonymous speakers
	Role       string   // the office printed in the label, if any
	Paragraphs []string // as printed, trimmed
	Notes      []string // stage directions, kept as printed
}

// Media is a photo or video named on the page. Position and Count are the
// slider's "k of n" (zero when unknown).
type Media struct {
	Kind     string
	Position int
	Count    int
	Caption  string
	Credit   string
}

// Related is an item of a "See also" or "Additional" box.
type Related struct {
	Relation string
	Title    string
	Date     string // YYYY-MM-DD, or empty
	URL      string
}

// MaxTurns is the most turns a document may have: the search index keys a
// turn in 14 bits (see package archive). Parsers stop at it rather than
// read on through a hostile file.
const MaxTurns = 1<<14 - 1

// Permalink returns the citation anchor of turn index i of the document,
// "DOCID#tN".
func (d *Document) Permalink(i int) string { return fmt.Sprintf("%s#t%d", d.ID, i) }

var (
	reDate        = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)
	reTime        = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	rePublishedAt = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$`)
)

// Validate reports the first way in which d breaks the document model, as
// an error wrapping ErrInvalid, or nil.
func (d *Document) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: document %q: %s", ErrInvalid, d.ID, fmt.Sprintf(format, args...))
	}
	if d.ID == "" {
		return bad("empty id")
	}
	if d.Source == "" {
		return bad("empty source")
	}
	if d.Language != "en" && d.Language != "ru" {
		return bad("language %q is not en or ru", d.Language)
	}
	if d.Date != "" && !reDate.MatchString(d.Date) {
		return bad("date %q is not YYYY-MM-DD", d.Date)
	}
	if d.Time != "" && !reTime.MatchString(d.Time) {
		return bad("time %q is not HH:MM", d.Time)
	}
	if d.PublishedAt != "" && !rePublishedAt.MatchString(d.PublishedAt) {
		return bad("published_at %q is not YYYY-MM-DDTHH:MM", d.PublishedAt)
	}
	if d.URL != "" && !IsWebURL(d.URL) {
		return bad("url %q is not an http or https URL", d.URL)
	}
	// Fields in SPEC order, so that the first fault reported is always the same.
	for _, f := range [...]struct{ name, s string }{{"id", d.ID}, {"source", d.Source}, {"url", d.URL},
		{"section", d.Section}, {"title", d.Title}, {"lead", d.Lead}, {"place", d.Place}} {
		if err := checkText(f.s); err != nil {
			return bad("%s: %v", f.name, err)
		}
	}
	for _, f := range [...]struct {
		name string
		list []string
	}{{"published_in", d.PublishedIn}, {"geography", d.Geography}, {"topics", d.Topics}, {"persons", d.Persons}} {
		name := f.name
		for _, s := range f.list {
			if s == "" {
				return bad("%s: empty item", name)
			}
			if err := checkText(s); err != nil {
				return bad("%s: %v", name, err)
			}
		}
	}
	for i, m := range d.Media {
		if m.Kind != MediaPhoto && m.Kind != MediaVideo {
			return bad("media %d: kind %q is not photo or video", i, m.Kind)
		}
		if m.Position < 0 || m.Count < 0 || (m.Count > 0 && m.Position > m.Count) {
			return bad("media %d: position %d of %d", i, m.Position, m.Count)
		}
		if err := checkText(m.Caption + m.Credit); err != nil {
			return bad("media %d: %v", i, err)
		}
	}
	for i, r := range d.Related {
		if r.Relation != RelationSeeAlso && r.Relation != RelationAdditional {
			return bad("related %d: relation %q is not see_also or additional", i, r.Relation)
		}
		if r.Title == "" {
			return bad("related %d: empty title", i)
		}
		if r.Date != "" && !reDate.MatchString(r.Date) {
			return bad("related %d: date %q is not YYYY-MM-DD", i, r.Date)
		}
		if err := checkText(r.Title + r.URL); err != nil {
			return bad("related %d: %v", i, err)
		}
		if r.URL != "" && !IsWebURL(r.URL) {
			return bad("related %d: url %q is not an http or https URL", i, r.URL)
		}
	}
	if len(d.Turns) > MaxTurns {
		return bad("%d turns, more than the %d a document may have", len(d.Turns), MaxTurns)
	}
	for i, t := range d.Turns {
		if t.Index != i+1 {
			return bad("turn %d has index %d", i+1, t.Index)
		}
		if t.Speaker == "" && (t.Person != "" || t.Role != "") {
			return bad("turn %d: person or role without a speaker", t.Index)
		}
		if err := checkText(t.Speaker + t.Person + t.Role); err != nil {
			return bad("turn %d: %v", t.Index, err)
		}
		for j, p := range t.Paragraphs {
			if p == "" || strings.TrimSpace(p) != p {
				return bad("turn %d paragraph %d: empty or untrimmed", t.Index, j+1)
			}
			if err := checkText(p); err != nil {
				return bad("turn %d paragraph %d: %v", t.Index, j+1, err)
			}
		}
		for _, n := range t.Notes {
			if err := checkText(n); err != nil {
				return bad("turn %d note: %v", t.Index, err)
			}
		}
	}
	return nil
}

// IsWebURL reports whether s is an absolute http or https URL with a
// host: the only URLs a document may hold, since they are written into
// links (a "javascript:" or "data:" URL in an href runs in the reader's
// browser).
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8")
	}
	if strings.ContainsRune(s, 0) {
		return fmt.Errorf("NUL character")
	}
	return nil
}

// wire types give the canonical JSON: SPEC field names in SPEC order,
// null for absent scalars and [] for absent lists.
type wireDocument struct {
	ID          string        `json:"id"`
	Source      string        `json:"source"`
	URL         *string       `json:"url"`
	Language    string        `json:"language"`
	Section     *string       `json:"section"`
	Title       *string       `json:"title"`
	Lead        *string       `json:"lead"`
	Date        *string       `json:"date"`
	Time        *string       `json:"time"`
	Place       *string       `json:"place"`
	PublishedIn []string      `json:"published_in"`
	PublishedAt *string       `json:"published_at"`
	Geography   []string      `json:"geography"`
	Topics      []string      `json:"topics"`
	Persons     []string      `json:"persons"`
	Media       []wireMedia   `json:"media"`
	Related     []wireRelated `json:"related"`
	Turns       []wireTurn    `json:"turns"`
}

type wireTurn struct {
	Index      int      `json:"index"`
	Speaker    *string  `json:"speaker"`
	Person     *string  `json:"person"`
	Role       *string  `json:"role"`
	Paragraphs []string `json:"paragraphs"`
	Notes      []string `json:"notes"`
}

type wireMedia struct {
	Kind     string  `json:"kind"`
	Position *int    `json:"position"`
	Count    *int    `json:"count"`
	Caption  *string `json:"caption"`
	Credit   *string `json:"credit"`
}

type wireRelated struct {
	Relation string  `json:"relation"`
	Title    string  `json:"title"`
	Date     *string `json:"date"`
	URL      *string `json:"url"`
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func intPtr(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func val[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MarshalJSON writes the canonical JSON form of SPEC §1.
func (d Document) MarshalJSON() ([]byte, error) {
	w := wireDocument{
		ID: d.ID, Source: d.Source, URL: ptr(d.URL), Language: d.Language, Section: ptr(d.Section),
		Title: ptr(d.Title), Lead: ptr(d.Lead), Date: ptr(d.Date), Time: ptr(d.Time), Place: ptr(d.Place),
		PublishedIn: list(d.PublishedIn), PublishedAt: ptr(d.PublishedAt),
		Geography: list(d.Geography), Topics: list(d.Topics), Persons: list(d.Persons),
		Media: []wireMedia{}, Related: []wireRelated{}, Turns: []wireTurn{},
	}
	for _, m := range d.Media {
		w.Media = append(w.Media, wireMedia{Kind: m.Kind, Position: intPtr(m.Position), Count: intPtr(m.Count),
			Caption: ptr(m.Caption), Credit: ptr(m.Credit)})
	}
	for _, r := range d.Related {
		w.Related = append(w.Related, wireRelated{Relation: r.Relation, Title: r.Title, Date: ptr(r.Date), URL: ptr(r.URL)})
	}
	for _, t := range d.Turns {
		w.Turns = append(w.Turns, wireTurn{Index: t.Index, Speaker: ptr(t.Speaker), Person: ptr(t.Person),
			Role: ptr(t.Role), Paragraphs: list(t.Paragraphs), Notes: list(t.Notes)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // UTF-8 and <…> as printed
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// UnmarshalJSON reads the canonical JSON form. Unknown fields are rejected
// so that a typo in an imported file is reported instead of losing data.
func (d *Document) UnmarshalJSON(b []byte) error {
	var w wireDocument
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*d = Document{
		ID: w.ID, Source: w.Source, URL: val(w.URL), Language: w.Language, Section: val(w.Section),
		Title: val(w.Title), Lead: val(w.Lead), Date: val(w.Date), Time: val(w.Time), Place: val(w.Place),
		PublishedIn: nonEmpty(w.PublishedIn), PublishedAt: val(w.PublishedAt),
		Geography: nonEmpty(w.Geography), Topics: nonEmpty(w.Topics), Persons: nonEmpty(w.Persons),
	}
	for _, m := range w.Media {
		d.Media = append(d.Media, Media{Kind: m.Kind, Position: val(m.Position), Count: val(m.Count),
			Caption: val(m.Caption), Credit: val(m.Credit)})
	}
	for _, r := range w.Related {
		d.Related = append(d.Related, Related{Relation: r.Relation, Title: r.Title, Date: val(r.Date), URL: val(r.URL)})
	}
	for _, t := range w.Turns {
		d.Turns = append(d.Turns, Turn{Index: t.Index, Speaker: val(t.Speaker), Person: val(t.Person),
			Role: val(t.Role), Paragraphs: nonEmpty(t.Paragraphs), Notes: nonEmpty(t.Notes)})
	}
	return nil
}

func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
