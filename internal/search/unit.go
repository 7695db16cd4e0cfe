package search

import (
	"encoding/hex"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TokenizerVersion names the tokenizer's behaviour. An engine that stores
// terms records it and rebuilds its index when it changes, so that a
// change to folding or stemming never leaves old terms unmatchable.
//
// rostrum-2: turns carry their part in a press exchange (FieldQA).
const TokenizerVersion = "rostrum-2"

// Unit is one searchable unit of a document. Unit 0 is the document's
// header (its title and lead); units 1…n are its turns, with the turn's
// text as Body. A document without turns has only its header.
type Unit struct {
	Index int // 0 for the header, else Turn.Index
	Title string
	Lead  string
	Body  string // the turn's paragraphs joined by a blank line
	// Meta holds the unit's filter tokens (see MetaToken): the
	// document's language, sections, types, topics and geography on
	// every unit, MetaHeader on the header, the speaker's person and
	// label on a turn.
	Meta []string
}

// Filter fields of meta tokens.
const (
	FieldHeader    = 'd' // the header unit; value ""
	FieldLang      = 'l'
	FieldSection   = 's' // the breadcrumb section and every published_in entry
	FieldType      = 'y' // transcript, news, document, announcement
	FieldTopic     = 't'
	FieldGeography = 'g'
	FieldPerson    = 'p' // the turn's canonical person
	FieldSpeaker   = 'k' // the turn's label as printed
	FieldQA        = 'q' // the turn's part in an exchange: question or answer (package qa)
)

// The values of qa: filters: a question of an exchange, or a turn that
// answers one.
const (
	QAQuestion = qa.Question
	QAAnswer   = qa.Answer
)

// MetaToken returns the index term that stands for "field has value": a
// "0", the field letter and 16 hex digits of a hash of the folded value.
// It contains digits, so the tokenizer neither stems nor splits it, and
// it cannot be confused with a word because filters match it only in the
// meta column.
func MetaToken(field byte, value string) string {
	h := fnv.New64a()
	h.Write([]byte(Fold(value)))
	var b [2 + 16]byte
	b[0], b[1] = '0', field
	hex.Encode(b[2:], h.Sum(nil))
	return string(b[:])
}

// DocType maps a published_in section to the document type that type:
// filters on, or "" for a section that is no type.
func DocType(section string) string {
	switch Fold(section) {
	case "transcripts", "стенограммы":
		return "transcript"
	case "news", "новости":
		return "news"
	case "documents", "документы":
		return "document"
	case "announcements", "анонсы":
		return "announcement"
	}
	return ""
}

// Units returns the searchable units of doc.
func Units(doc *transcript.Document) []Unit {
	var common []string
	add := func(field byte, value string) {
		if value != "" {
			common = append(common, MetaToken(field, value))
		}
	}
	add(FieldLang, doc.Language)
	add(FieldSection, doc.Section)
	for _, s := range doc.PublishedIn {
		add(FieldSection, s)
		add(FieldType, DocType(s))
	}
	for _, s := range doc.Topics {
		add(FieldTopic, s)
	}
	for _, s := range doc.Geography {
		add(FieldGeography, s)
	}
	common = dedup(common)

	// A turn's part in the document's exchanges (package qa).
	parts := qa.Parts(doc)

	units := make([]Unit, 0, len(doc.Turns)+1)
	header := Unit{Title: doc.Title, Lead: doc.Lead, Meta: append(append(make([]string, 0, len(common)+1), common...),
		MetaToken(FieldHeader, ""))}
	units = append(units, header)
	for _, t := range doc.Turns {
		meta := common
		if t.Speaker != "" {
			meta = append(append(make([]string, 0, len(common)+2), common...), MetaToken(FieldSpeaker, t.Speaker))
			if t.Person != "" {
				meta = append(meta, MetaToken(FieldPerson, t.Person))
			}
		}
		if part := parts[t.Index]; part != "" {
			meta = append(slices.Clip(meta), MetaToken(FieldQA, part))
		}
		units = append(units, Unit{Index: t.Index, Body: strings.Join(t.Paragraphs, "\n\n"), Meta: meta})
	}
	return units
}

// MetaText joins meta tokens into the text of an index column.
func MetaText(meta []string) string { return strings.Join(meta, " ") }

func dedup(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
