package crawl

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// feedPage is one page of a kremlin.ru Atom feed, as far as the crawler
// reads it.
type feedPage struct {
	Next    string      // the href of rel="next", or ""
	Entries []feedEntry // in feed order, newest first
}

// feedEntry is one item of a feed.
type feedEntry struct {
	URL       string // the alternate link, else the id
	Published string // verbatim
	Updated   string // verbatim
}

// Time returns the time the feed gave for the entry, verbatim: published,
// else updated.
func (e feedEntry) Time() string {
	if e.Published != "" {
		return e.Published
	}
	return e.Updated
}

// Date returns the entry's date as the feed wrote it, YYYY-MM-DD, or "".
// The wall-clock date is taken as written: kremlin.ru's offsets are wrong
// (+04:00 in 2020, when Moscow was on UTC+3), while its wall clock is
// Moscow time.
func (e feedEntry) Date() string {
	t := e.Time()
	if len(t) >= 10 {
		if _, err := time.Parse(time.DateOnly, t[:10]); err == nil {
			return t[:10]
		}
	}
	return ""
}

// moscow is Moscow time since October 2014 (UTC+3, no summer time).
var moscow = time.FixedZone("MSK", 3*3600)

// updatedAt reads the entry's updated time as Moscow wall-clock time,
// ignoring the offset written, or reports false.
func (e feedEntry) updatedAt() (time.Time, bool) {
	s := e.Updated
	if len(s) < 19 {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", s[:19], moscow)
	return t, err == nil
}

type xmlFeed struct {
	XMLName xml.Name   `xml:"feed"`
	Links   []xmlLink  `xml:"link"`
	Entries []xmlEntry `xml:"entry"`
}

type xmlLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type xmlEntry struct {
	ID        string    `xml:"id"`
	Published string    `xml:"published"`
	Updated   string    `xml:"updated"`
	Links     []xmlLink `xml:"link"`
}

// parseFeed reads an Atom feed page.
func parseFeed(data []byte) (feedPage, error) {
	var f xmlFeed
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	if err := d.Decode(&f); err != nil {
		return feedPage{}, fmt.Errorf("atom feed: %w", err)
	}
	if f.XMLName.Local != "feed" {
		return feedPage{}, fmt.Errorf("atom feed: the document is <%s>, not <feed>", f.XMLName.Local)
	}
	var p feedPage
	for _, l := range f.Links {
		if l.Rel == "next" {
			p.Next = strings.TrimSpace(l.Href)
		}
	}
	for _, e := range f.Entries {
		u := ""
		for _, l := range e.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				u = strings.TrimSpace(l.Href)
				break
			}
		}
		if u == "" {
			u = strings.TrimSpace(e.ID)
		}
		if u == "" {
			continue
		}
		p.Entries = append(p.Entries, feedEntry{URL: u, Published: strings.TrimSpace(e.Published), Updated: strings.TrimSpace(e.Updated)})
	}
	return p, nil
}
