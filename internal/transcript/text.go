package transcript

import (
	"fmt"
	"io"
	"strings"
)

// Attribution is the credit line that every reproduction of a kremlin.ru
// page must carry.
const Attribution = "Source: President of Russia website, CC BY 4.0"

// Text returns the document as plain text for reading and quoting: a header
// (section, title, lead, date and time, place), then each turn as
// "Speaker: first paragraph" followed by its other paragraphs, a blank line
// between paragraphs, unlabelled turns plain; then related items, the
// taxonomy, where and when it was published, the source URL and, for
// kremlin.ru documents, the attribution.
func (d *Document) Text() string {
	var b strings.Builder
	_ = d.WriteText(&b) // a strings.Builder never fails
	return b.String()
}

// WriteText writes Text to w and returns w's first error.
func (d *Document) WriteText(w io.Writer) error {
	var blocks []string
	add := func(lines ...string) {
		var kept []string
		for _, l := range lines {
			if l != "" {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			blocks = append(blocks, strings.Join(kept, "\n"))
		}
	}
	when := d.Date
	if d.Time != "" {
		when = strings.TrimPrefix(when+", "+d.Time, ", ")
	}
	add(d.Section, d.Title)
	add(d.Lead)
	add(when, d.Place)
	for _, t := range d.Turns {
		for i, p := range t.Paragraphs {
			if i == 0 && t.Speaker != "" {
				p = t.Speaker + ": " + p
			}
			add(p)
		}
		if len(t.Paragraphs) == 0 && t.Speaker != "" {
			add(t.Speaker + ":")
		}
	}
	var related []string
	for _, r := range d.Related {
		label := "See also"
		if r.Relation == RelationAdditional {
			label = "Additional"
		}
		line := label + ": " + r.Title
		if r.Date != "" {
			line += " (" + r.Date + ")"
		}
		if r.URL != "" {
			line += " " + r.URL
		}
		related = append(related, line)
	}
	add(related...)
	list := func(name string, items []string) string {
		if len(items) == 0 {
			return ""
		}
		return name + ": " + strings.Join(items, ", ")
	}
	published := ""
	if d.PublishedAt != "" {
		published = "Published at: " + strings.Replace(d.PublishedAt, "T", " ", 1)
	}
	add(list("Geography", d.Geography), list("Topics", d.Topics), list("Persons", d.Persons),
		list("Published in", d.PublishedIn), published)
	source := ""
	if d.Source == SourceKremlin {
		source = Attribution
	}
	url := ""
	if d.URL != "" {
		url = "Source URL: " + d.URL
	}
	add(url, source)
	_, err := fmt.Fprintln(w, strings.Join(blocks, "\n\n"))
	return err
}

// PlainSpaces returns s with every space other than the plain one (the
// no-break space U+00A0 that kremlin.ru puts after short words, figure
// and narrow no-break spaces, thin and hair spaces, the ideographic space)
// written as a plain space, for exports that researchers load into tools
// where "in a plenary" should find "in a plenary": the stored document
// keeps what the page printed. Line breaks and tabs are kept.
func PlainSpaces(s string) string {
	if !strings.ContainsFunc(s, isOtherSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isOtherSpace(r) {
			return ' '
		}
		return r
	}, s)
}

func isOtherSpace(r rune) bool {
	return r == '\u00a0' || r == '\u1680' || r >= '\u2000' && r <= '\u200a' || r == '\u202f' || r == '\u205f' || r == '\u3000'
}
