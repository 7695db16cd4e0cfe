// Package atom writes Atom 1.0 feeds (RFC 4287) with encoding/xml.
package atom

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// NS is the Atom namespace.
const NS = "http://www.w3.org/2005/Atom"

// Feed is an Atom feed document.
type Feed struct {
	XMLName  xml.Name `xml:"feed"`
	NS       string   `xml:"xmlns,attr"`
	ID       string   `xml:"id"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle,omitempty"`
	Updated  string   `xml:"updated"`
	Author   *Person  `xml:"author,omitempty"`
	Links    []Link   `xml:"link"`
	Rights   string   `xml:"rights,omitempty"`
	Gen      *Gen     `xml:"generator,omitempty"`
	Entries  []Entry  `xml:"entry"`
}

// Entry is one item of a feed.
type Entry struct {
	ID         string     `xml:"id"`
	Title      string     `xml:"title"`
	Updated    string     `xml:"updated"`
	Published  string     `xml:"published,omitempty"`
	Authors    []Person   `xml:"author,omitempty"`
	Links      []Link     `xml:"link"`
	Categories []Category `xml:"category,omitempty"`
	Summary    *Text      `xml:"summary,omitempty"`
	Content    *Text      `xml:"content,omitempty"`
	Rights     string     `xml:"rights,omitempty"`
}

// Person is an author.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Link is a link of a feed or entry.
type Link struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

// Category is a term an entry is filed under.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Text is a text construct: Type "text" or "html" with escaped Body.
type Text struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Gen names the software that wrote the feed.
type Gen struct {
	URI     string `xml:"uri,attr,omitempty"`
	Version string `xml:"version,attr,omitempty"`
	Name    string `xml:",chardata"`
}

// Time formats t as an Atom date (RFC 3339).
func Time(t time.Time) string { return t.Format(time.RFC3339) }

// Write writes f as an XML document. A link whose href has a scheme
// other than http or https (javascript:, data:, …) is left out: a feed
// reader may follow it, and only web pages are ever linked.
func (f *Feed) Write(w io.Writer) error {
	f.NS = NS
	f.Links = webLinks(f.Links)
	for i := range f.Entries {
		f.Entries[i].Links = webLinks(f.Entries[i].Links)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("atom: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// webLinks returns the links whose href is a web address: relative, or
// http or https.
func webLinks(ls []Link) []Link {
	var keep []Link
	for _, l := range ls {
		u, err := url.Parse(l.Href)
		if err != nil {
			continue
		}
		switch strings.ToLower(u.Scheme) {
		case "", "http", "https":
			keep = append(keep, l)
		}
	}
	return keep
}
