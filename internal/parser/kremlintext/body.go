package kremlintext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

var (
	reSeparator = regexp.MustCompile(`^\*\s*\*\s*\*$`)
	reCaption   = regexp.MustCompile(`^(?:With|Meeting with|At the|At a|During the|President (?:Vladimir )?Putin (?:with|at|during)|(?:Vladimir Putin|Dmitry Medvedev) (?:with|at|during)) \p{Lu}`)
	reFirstPers = regexp.MustCompile(`\b(?:I|we|We|our|Our|my|My|us|you|You)\b`)
)

// captionStarts are the first three bytes of every reCaption match.
var captionStarts = map[string]bool{"Wit": true, "Mee": true, "At ": true, "Dur": true, "Pre": true, "Vla": true, "Dmi": true}

func isSeparator(s string) bool {
	return len(s) <= 12 && s != "" && s[0] == '*' && reSeparator.MatchString(s)
}

func isBoxHeading(s string) bool {
	if len(s) > 30 {
		return false
	}
	switch strings.ToLower(parser.Fold(s)) {
	case "see also", "additional", "смотрите также", "см. также", "дополнительно":
		return true
	}
	return false
}

func boxRelation(s string) string {
	switch strings.ToLower(parser.Fold(s)) {
	case "additional", "дополнительно":
		return transcript.RelationAdditional
	}
	return transcript.RelationSeeAlso
}

// body splits the lines between the header and the footer into turns,
// boxes, photos and stage furniture.
func (p *pageParser) body(i, end int) {
	cur := transcript.Turn{}
	flush := func() {
		if cur.Speaker != "" || len(cur.Paragraphs) > 0 {
			p.doc.Turns = append(p.doc.Turns, cur)
		}
		cur = transcript.Turn{}
	}
	for i < end {
		s := p.lines[i].s
		switch {
		case isSeparator(s):
			flush()
			i++
			continue
		case isBoxHeading(s) && i+1 < end:
			i = p.box(i, end)
			continue
		case isCounter(s) && i+1 < end:
			p.addPhoto(reCounter.FindStringSubmatch(s), p.lines[i+1].s)
			i += 2
			continue
		case p.dateLine != "" && s == p.dateLine:
			i++ // the special layout repeats its date line at the end
			continue
		}
		if label, rest, next, ok := p.labelAt(i, end); ok {
			flush()
			p.seen[parser.Fold(label)] = true
			cur.Speaker = label
			if rest != "" {
				cur.Paragraphs = append(cur.Paragraphs, rest)
			}
			i = next
			continue
		}
		if p.isPullQuote(i, end) {
			i++
			continue
		}
		if isInlineCaption(s) {
			caption, credit := splitCredit(s)
			p.doc.Media = append(p.doc.Media, transcript.Media{Kind: transcript.MediaPhoto, Caption: caption, Credit: credit})
			i++
			continue
		}
		cur.Paragraphs = append(cur.Paragraphs, s)
		i++
	}
	flush()
}

// box reads a "See also" or "Additional" box: its heading, then items of a
// title line, a date line (a range gives its first day) and an optional
// file line ("doc, 2.3 MB"). The speech it interrupts continues after it.
func (p *pageParser) box(i, end int) int {
	rel := boxRelation(p.lines[i].s)
	i++
	for first := true; i < end; first = false {
		title := p.lines[i].s
		hasDate := i+1 < end && parser.IsDateLine(p.lines[i+1].s)
		if !first && !hasDate {
			break // the box is over: this line is body text again
		}
		if isBoxHeading(title) || isSeparator(title) {
			break
		}
		if _, _, _, ok := p.labelAt(i, end); ok && !hasDate {
			break
		}
		item := transcript.Related{Relation: rel, Title: title}
		i++
		if hasDate {
			item.Date, _, _ = parser.ParseDate(p.lines[i].s)
			i++
		}
		if i < end && reFileMeta.MatchString(p.lines[i].s) {
			i++
		}
		p.doc.Related = append(p.doc.Related, item)
	}
	return i
}

// labelAt reports whether line i opens a turn, and returns the label, the
// speech that follows it on the same line, and the index of the next line.
// Three shapes occur: "Label: speech", "Label:" alone, and "Label" followed
// by a line ": speech".
func (p *pageParser) labelAt(i, end int) (label, rest string, next int, ok bool) {
	s := p.lines[i].s
	if c := strings.IndexByte(s, ':'); c > 0 && c <= 4*parser.MaxLabel {
		label = parser.TrimSpace(s[:c])
		rest = parser.TrimSpace(s[c+1:])
		if p.labelText(label, rest) {
			return label, rest, i + 1, true
		}
	}
	if p.brokenLabelAt(i) && i+1 < end {
		rest = parser.TrimSpace(strings.TrimPrefix(p.lines[i+1].s, ":"))
		if p.labelText(s, rest) {
			return s, rest, i + 2, true
		}
	}
	return "", "", 0, false
}

// brokenLabelAt reports whether line i is a label whose colon opens the next line.
func (p *pageParser) brokenLabelAt(i int) bool {
	return i+1 < len(p.lines) && strings.HasPrefix(p.lines[i+1].s, ":") && !strings.Contains(p.lines[i].s, ":")
}

// labelText decides whether label, followed by rest on its line, opens a
// turn. Beyond parser.LabelOK, speech after a label starts like a
// sentence: a short label followed by a lower-case word ("India and
// Russia: new prospects") is a heading or a sentence.
//
// A list of appointments ("Minister of Foreign Affairs: Sergei Lavrov.")
// pairs an office with a bare name: a label not seen before on the page
// followed by nothing but a name is such a list line.
func (p *pageParser) labelText(label, rest string) bool {
	if !parser.LabelOK(label) {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	anonymous := transcript.IsAnonymousSpeaker(label)
	if unicode.IsLower(r) && len(strings.Fields(label)) <= 3 && !anonymous {
		return false
	}
	if !anonymous && reBareName.MatchString(rest) && !p.seen[parser.Fold(label)] && !addresses[strings.Fields(rest)[0]] {
		return false
	}
	return true
}

// addresses open speech that is only a name: "Mr President."
var addresses = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Sir": true, "Madam": true,
	"Mister": true, "Comrade": true, "Comrades": true, "Dear": true, "Your": true, "Good": true, "Thank": true,
	"Colleagues": true, "Friends": true, "Ladies": true}

var reBareName = regexp.MustCompile(`^\p{Lu}[\p{L}’'-]+(?: \p{Lu}[\p{L}’'-]+){1,3}\.?$`)

// isPullQuote reports whether line i is a pull-quote: a line wholly in
// quotation marks that repeats a sentence printed elsewhere on the page.
// Such quotes are page decoration; keeping them would count the words twice.
func (p *pageParser) isPullQuote(i, end int) bool {
	s := p.lines[i].s
	if !strings.HasPrefix(s, "“") && !strings.HasPrefix(s, "”") && !strings.HasPrefix(s, "\"") && !strings.HasPrefix(s, "«") {
		return false
	}
	if !strings.HasSuffix(s, "”") && !strings.HasSuffix(s, "\"") && !strings.HasSuffix(s, "»") && !strings.HasSuffix(s, "“") {
		return false
	}
	inner := strings.Trim(s, "“”\"«» ")
	if strings.ContainsAny(inner, "“”\"«»") {
		return false // a quotation with quotes inside is speech, not decoration
	}
	for _, sent := range sentences(inner) {
		if utf8.RuneCountInString(sent) < 30 {
			continue
		}
		for k := max(0, i-60); k < min(end, i+60); k++ {
			if k != i && strings.Contains(p.lines[k].s, sent) {
				return true
			}
		}
	}
	return false
}

func sentences(s string) []string {
	var out []string
	for len(s) > 0 {
		k := strings.IndexAny(s, ".!?")
		if k < 0 {
			out = append(out, strings.TrimSpace(s))
			break
		}
		out = append(out, strings.TrimSpace(s[:k+1]))
		s = s[k+1:]
	}
	return out
}

// isInlineCaption reports whether a body line is the caption of an inline
// photo ("With President of Armenia Serzh Sargsyan."): short, in the
// captions' own phrasing, and with no first or second person, which speech
// nearly always has. The test is kept narrow: dropping a line of speech
// would be worse than keeping a caption.
func isInlineCaption(s string) bool {
	if len(s) < 8 || !captionStarts[s[:3]] {
		return false
	}
	return utf8.RuneCountInString(s) <= 180 && reCaption.MatchString(s) && !reFirstPers.MatchString(s) &&
		!strings.Contains(s, ":") && strings.Count(s, ".") <= 2
}

// plainBodyLine reports whether line i is ordinary text: no label, box,
// counter or separator.
func (p *pageParser) plainBodyLine(i int) bool {
	s := p.lines[i].s
	if isSeparator(s) || isBoxHeading(s) || isCounter(s) || isFooterHeading(s) {
		return false
	}
	_, _, _, ok := p.labelAt(i, len(p.lines))
	return !ok
}

// isCounter reports whether s is a slider counter, "6 of 6".
func isCounter(s string) bool {
	return len(s) <= 14 && s != "" && s[0] >= '0' && s[0] <= '9' && reCounter.MatchString(s)
}
