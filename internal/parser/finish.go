package parser

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Finish completes a document that a format parser has filled with
// metadata and raw turns (Speaker and Paragraphs only, the paragraphs
// already CleanSpace'd): it drops empty paragraphs, merges unlabelled turns into their neighbours, numbers
// the turns, resolves every label to a person and role in the context of
// the whole document, collects stage directions into Notes, and detects
// the language when the parser left it empty. Every format calls it, so
// the same page gives the same turns whatever its format.
func Finish(doc *transcript.Document) {
	var turns []transcript.Turn
	for _, t := range doc.Turns {
		t.Speaker = CleanSpace(t.Speaker)
		// Paragraphs come CleanSpace'd from the format parsers; cleaning
		// them again here cost a fifth of a text parse.
		var ps []string
		for _, p := range t.Paragraphs {
			if p != "" {
				ps = append(ps, p)
			}
		}
		t.Paragraphs = ps
		if t.Speaker == "" {
			if len(ps) == 0 {
				continue
			}
			if n := len(turns); n > 0 && turns[n-1].Speaker == "" {
				turns[n-1].Paragraphs = append(turns[n-1].Paragraphs, ps...)
				continue
			}
		}
		turns = append(turns, t)
	}

	var people People
	var labels []string
	seen := map[string]bool{}
	for _, t := range turns {
		if t.Speaker != "" && !transcript.IsAnonymousSpeaker(t.Speaker) && !seen[t.Speaker] {
			seen[t.Speaker] = true
			labels = append(labels, t.Speaker)
			// A short label that is a name alone ("Kirill Kleymenov"; not
			// "Nailya Asker-zade, VGTRK", a name and an office).
			if ws := strings.Fields(normalizeLabel(t.Speaker)); len(ws) >= 2 && len(ws) <= 3 && allNameWords(ws) &&
				!slices.ContainsFunc(ws, func(w string) bool { return strings.ContainsAny(w, ",()[]") || orgNouns[strings.ToLower(w)] }) {
				people.Add(strings.Join(ws, " "))
			}
		}
	}
	for _, p := range doc.Persons {
		people.AddTaxonomy(p, labels)
	}
	type resolved struct{ person, role string }
	memo := map[string]resolved{} // a transcript repeats its labels
	for i := range turns {
		t := &turns[i]
		t.Index = i + 1
		t.Person, t.Role = "", ""
		if t.Speaker != "" {
			r, ok := memo[t.Speaker]
			if !ok {
				r.person, r.role = people.Resolve(t.Speaker)
				memo[t.Speaker] = r
			}
			t.Person, t.Role = r.person, r.role
		}
		t.Notes = nil
		for _, p := range t.Paragraphs {
			t.Notes = append(t.Notes, Notes(p)...)
		}
	}
	doc.Turns = turns
	if doc.Language == "" {
		var b strings.Builder
		b.WriteString(doc.Title)
		for _, t := range turns {
			for _, p := range t.Paragraphs {
				if b.Len() > 4000 {
					break
				}
				b.WriteString(p)
			}
		}
		doc.Language = DetectLanguage(b.String())
	}
}

var interjections = setOf(`applause laughter inaudible noise pause silence animation cheers cheering
аплодисменты смех оживление пауза шум`)

// Notes returns the stage directions of a paragraph, as printed: a
// bracketed aside that is the whole paragraph or opens it ("(Addressing
// media representatives.)"), a bracketed sentence ending in a full stop
// ("(Speaks German.)"), or a known interjection ("(Laughter)").
// Editorial brackets inside speech, such as "(OPCW)", are not notes.
func Notes(p string) []string {
	var notes []string
	rest := p
	offset := 0
	for {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			return notes
		}
		j := strings.IndexByte(rest[i:], ')')
		if j < 0 {
			return notes
		}
		inner := rest[i+1 : i+j]
		note := rest[i : i+j+1]
		atStart := strings.TrimSpace(p[:offset+i]) == ""
		if isNote(inner, atStart) {
			notes = append(notes, note)
		}
		offset += i + j + 1
		rest = rest[i+j+1:]
	}
}

func isNote(inner string, atStart bool) bool {
	inner = strings.TrimSpace(inner)
	if inner == "" || strings.ContainsAny(inner, "()") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(inner)
	if !unicode.IsUpper(first) {
		return false
	}
	word := strings.ToLower(strings.Trim(strings.Fields(inner)[0], ".,!"))
	if interjections[word] {
		return true
	}
	if len(strings.Fields(inner)) < 2 {
		return false
	}
	return atStart || strings.HasSuffix(inner, ".")
}
