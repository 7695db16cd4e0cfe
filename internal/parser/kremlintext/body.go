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
	reCaption   = regexp.MustCompile(`^(?:With|Meeting with|At the|At a|During the|During an?|Speaking at|President (?:Vladimir )?Putin[ \x{a0}](?:with|at|during)|(?:Vladimir Putin|Dmitry Medvedev)[ \x{a0}](?:with|at|during))[ \x{a0}]\p{Lu}`)
	reFirstPers = regexp.MustCompile(`\b(?:I|we|We|our|Our|my|My|us|you|You)\b`)
)

// captionStarts are the first three bytes of every reCaption match.
var captionStarts = map[string]bool{"Wit": true, "Mee": true, "At ": true, "Dur": true, "Spe": true, "Pre": true,
	"Vla": true, "Dmi": true}

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
	p.bodyStart, p.bodyEnd = i, end
	p.knownCaptions = p.knownCaptions[:0]
	for _, c := range append([]string{p.doc.Lead}, p.captions()...) {
		if len(c) >= 40 {
			p.knownCaptions = append(p.knownCaptions, c)
		}
	}
	cur := transcript.Turn{}
	flush := func() {
		if cur.Speaker != "" || len(cur.Paragraphs) > 0 {
			p.doc.Turns = append(p.doc.Turns, cur)
		}
		cur = transcript.Turn{}
	}
	for i < end {
		if len(p.doc.Turns) > transcript.MaxTurns {
			// Read no further: the document cannot be stored, and a
			// hostile file of many labels would cost a lot to finish.
			p.tooMany = p.lines[i].n
			return
		}
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
			// The speaker is the label as printed, its notes included
			// ("Question (retranslated)"); transcript.SplitLabel tells
			// them from the name.
			cur.Speaker = label
			if rest != "" {
				cur.Paragraphs = append(cur.Paragraphs, rest)
			}
			i = next
			continue
		}
		if p.isPullQuote(i) {
			i++
			continue
		}
		if isInlineCaption(s) || p.repeatsCaption(s) || p.repeatedCaption(s) {
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

// shingle is the number of words in a shingle, the unit in which
// pull-quotes are matched against the body.
const shingle = 6

// repeats indexes the body's text by shingles (runs of six words, folded
// to lower case) to find pull-quotes: page decoration that repeats, often
// abridged, a passage printed elsewhere on the page ("We can say that this
// is a historic event …" beside "Without exaggeration, we can say that
// this is a historic event …"). Kept, they would count the words twice.
type repeats struct {
	// lines maps a shingle's hash to the first line holding it, plus
	// manyLines when more lines hold it too.
	lines map[uint64]uint32
}

const manyLines = 1 << 31

func newRepeats(lines []line, start, end int) *repeats {
	size := 0
	for _, l := range lines[start:end] {
		size += len(l.s) / 6 // about one word, so one shingle, in six bytes
	}
	r := &repeats{lines: make(map[uint64]uint32, size)}
	for i := start; i < end; i++ {
		forShingles(lines[i].s, func(h uint64) {
			switch v, ok := r.lines[h]; {
			case !ok:
				r.lines[h] = uint32(i)
			case v&^manyLines != uint32(i):
				r.lines[h] = v | manyLines
			}
		})
	}
	return r
}

// elsewhere reports whether a shingle of line i also stands in another line.
func (r *repeats) elsewhere(h uint64, i int) bool {
	v, ok := r.lines[h]
	return ok && (v&manyLines != 0 || v != uint32(i))
}

// isPullQuote reports whether line i is a pull-quote: a line wholly in
// quotation marks at least 70% of whose shingles (and at least three)
// stand in other lines of the page; the quote may be abridged or join two
// paragraphs. A line without quotation marks is never taken for one: on a
// text dump nothing tells a quote from the paragraph it repeats, and
// dropping speech would be worse than counting a sentence twice.
func (p *pageParser) isPullQuote(i int) bool {
	s := p.lines[i].s
	if len(s) > 1500 || !quoted(s) {
		return false
	}
	if p.repeats == nil {
		// Built on the first quoted line: most pages have none.
		p.repeats = newRepeats(p.lines, p.bodyStart, p.bodyEnd)
	}
	total, elsewhere := 0, 0
	forShingles(s, func(h uint64) {
		total++
		if p.repeats.elsewhere(h, i) {
			elsewhere++
		}
	})
	return total >= 3 && 10*elsewhere >= 7*total
}

// quoted reports whether s is wholly in quotation marks, in any of the
// pairs the site uses (“…”, ”…“, "…", «…»).
func quoted(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	open, close := strings.ContainsRune("“”\"«", first), strings.ContainsRune("“”\"»", last)
	return open && close && len(s) > 2
}

// forShingles calls fn with the hash of every run of six consecutive
// words of s: runs of letters and digits, ASCII letters folded to lower
// case (other bytes are taken as they are, which is enough to match a
// quote with its source).
func forShingles(s string, fn func(uint64)) {
	var ring [shingle]uint64
	n := 0
	h, inWord := uint64(14695981039346656037), false
	end := func() {
		ring[n%shingle] = h
		n++
		if n >= shingle {
			var sh uint64
			for k := range shingle {
				sh = sh*31 + ring[(n+k)%shingle]
			}
			fn(sh)
		}
		h, inWord = 14695981039346656037, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 0x80:
			if n := punctLen(s, i); n > 0 {
				if inWord {
					end()
				}
				i += n - 1
				continue
			}
		default:
			if inWord {
				end()
			}
			continue
		}
		h ^= uint64(c)
		h *= 1099511628211
		inWord = true
	}
	if inWord {
		end()
	}
}

// punctLen returns the length of the non-ASCII space or punctuation that
// starts at s[i], or 0: NBSP and the guillemets (C2 A0, AB, BB), and the
// General Punctuation block (E2 80 xx: typographic quotes, dashes, "…").
func punctLen(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	switch {
	case s[i] == 0xC2 && (s[i+1] == 0xA0 || s[i+1] == 0xAB || s[i+1] == 0xBB):
		return 2
	case s[i] == 0xE2 && s[i+1] == 0x80 && i+2 < len(s):
		return 3
	}
	return 0
}

// isInlineCaption reports whether a body line is the caption of an inline
// photo ("With President of Armenia Serzh Sargsyan."): short, in the
// captions' own phrasing, and with no first or second person, which speech
// nearly always has. The test is kept narrow: dropping a line of speech
// would be worse than keeping a caption.
//
// A line that stands several times on the page, is short and has five
// words or more with no first or second person is a caption too: the site
// repeats an inline photo's caption under every photo of a series
// ("During an interview to American TV channel NBC.").
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

// repeatsCaption reports whether a body line repeats the page's lead or a
// photo caption: the caption of an inline photo, which the site often
// words as the lead ("The President listened to a report …"), possibly
// with a sentence added ("… With Minister of Industry and Trade Denis
// Manturov.").
func (p *pageParser) repeatsCaption(s string) bool {
	for _, c := range p.knownCaptions {
		if strings.HasPrefix(s, c) && len(s) <= len(c)+160 {
			return true
		}
	}
	return false
}

func (p *pageParser) captions() []string {
	var out []string
	for _, m := range p.doc.Media {
		out = append(out, m.Caption)
	}
	return out
}

// repeatedCaption reports whether s is a short line without first or
// second person that the page prints more than once: the caption of a
// series of inline photos.
func (p *pageParser) repeatedCaption(s string) bool {
	if len(s) > 160 || s[len(s)-1] != '.' {
		return false
	}
	if p.shortLines == nil {
		p.shortLines = map[uint64]int{}
		for _, l := range p.lines[p.bodyStart:p.bodyEnd] {
			if len(l.s) <= 160 {
				p.shortLines[hashString(l.s)]++
			}
		}
	}
	return p.shortLines[hashString(s)] > 1 && !reFirstPers.MatchString(s) && !strings.Contains(s, ":") &&
		len(strings.Fields(s)) >= 5
}

// hashString is FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
