package archive

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Stored is what Cause needs to know of a version: its document, and the
// hash and format of the raw input it was parsed from. Doc may be nil
// when RawHash alone decides (the same raw input as the version before).
type Stored struct {
	Doc     *transcript.Document
	RawHash string
	Format  string
}

// Cause says why next was stored after prev (nil for a document's first
// version): transcript.CauseRederived when both were parsed from the same
// raw input, transcript.CauseRendering when the raw inputs differ but
// the content the source publishes does not, else transcript.CauseEdit.
//
// The published content is the title, lead, date, time, place, section,
// publication time and tags, and the turns: their speaker labels,
// paragraphs and stage directions, each compared with its white space
// folded. Media, related links and the URL are page furniture, and which
// persons a label names (Person, Role) is derived by the parser; neither
// is compared.
//
// Two renderings of one page in different formats (a text dump and the
// HTML) do not carry the same parts of it, so between formats a field that
// one of them lacks is not compared, and a paragraph that only one of
// them has is not an edit when it is page furniture: a photo caption or
// the lead repeated in the body, or a pull quote repeating words of the
// text that both have. Between versions of one format every difference
// counts.
func Cause(prev *Stored, next Stored) string {
	switch {
	case prev == nil:
		return transcript.CauseFirst
	case prev.RawHash == next.RawHash:
		return transcript.CauseRederived
	case prev.Doc == nil || next.Doc == nil:
		return transcript.CauseEdit
	case samePublished(prev.Doc, next.Doc, prev.Format != next.Format):
		return transcript.CauseRendering
	}
	return transcript.CauseEdit
}

// samePublished reports whether a and b publish the same content;
// lenient allows for what one rendering carries and the other lacks.
func samePublished(a, b *transcript.Document, lenient bool) bool {
	same := func(x, y string) bool {
		x, y = fold(x), fold(y)
		return x == y || lenient && (x == "" || y == "")
	}
	for _, f := range [][2]string{
		{a.Title, b.Title}, {a.Lead, b.Lead}, {a.Date, b.Date}, {a.Time, b.Time}, {a.Place, b.Place},
		{a.Section, b.Section}, {a.PublishedAt, b.PublishedAt},
	} {
		if !same(f[0], f[1]) {
			return false
		}
	}
	for _, f := range [][2][]string{
		{a.PublishedIn, b.PublishedIn}, {a.Geography, b.Geography}, {a.Topics, b.Topics}, {a.Persons, b.Persons},
	} {
		if !same(strings.Join(f[0], "\n"), strings.Join(f[1], "\n")) {
			return false
		}
	}
	x, y := publishedItems(a), publishedItems(b)
	if slices.Equal(x, y) {
		return true
	}
	if !lenient {
		return false
	}
	return onlyFurniture(a, b, x, y)
}

// An item is one piece of the published body, in order: a turn's speaker
// label, one of its paragraphs or one of its stage directions, folded and
// marked with its kind so that a paragraph never matches a label.
const (
	itemSpeaker   = "s\x00"
	itemParagraph = "p\x00"
	itemNote      = "n\x00"
)

func publishedItems(doc *transcript.Document) []string {
	var items []string
	for _, t := range doc.Turns {
		items = append(items, itemSpeaker+fold(t.Speaker))
		for _, p := range t.Paragraphs {
			items = append(items, itemParagraph+fold(p))
		}
		for _, n := range t.Notes {
			items = append(items, itemNote+fold(n))
		}
	}
	return items
}

// maxAlign bounds the comparisons an alignment of two bodies may take;
// larger bodies that differ are taken as edited.
const maxAlign = 1 << 22

// onlyFurniture reports whether the bodies x and y, of a and b, differ
// only by paragraphs that one rendering shows and the other leaves out:
// captions, the lead repeated, and pull quotes. Every other item has to
// be in both, in the same order.
func onlyFurniture(a, b *transcript.Document, x, y []string) bool {
	// What both start and end with is common; align the rest.
	var common []string
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		common = append(common, x[0])
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		common = append(common, x[len(x)-1])
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	if len(x)*len(y) > maxAlign {
		return false
	}
	onlyX, onlyY, both := align(x, y)
	common = append(common, both...)
	captions := map[string]bool{}
	for _, d := range []*transcript.Document{a, b} {
		if d.Lead != "" {
			captions[fold(d.Lead)] = true
		}
		for _, m := range d.Media {
			if m.Caption != "" {
				captions[fold(m.Caption)] = true
				captions[fold(m.Caption+" "+m.Credit)] = true
			}
		}
	}
	// Pull quotes repeat, often cut, words of the text around them, which
	// both renderings have.
	var shared []string
	for _, it := range common {
		if p, ok := strings.CutPrefix(it, itemParagraph); ok {
			shared = append(shared, p)
		}
	}
	var shingles map[uint64]bool // made when a paragraph is no caption
	for _, it := range append(onlyX, onlyY...) {
		p, ok := strings.CutPrefix(it, itemParagraph)
		if !ok {
			return false // a label or a stage direction: the turns differ
		}
		if captions[p] {
			continue
		}
		if shingles == nil {
			shingles = shingleSet(shared)
		}
		if !repeats(p, shingles) {
			return false
		}
	}
	return true
}

// align returns the items that only x has, those that only y has, and
// those of a longest common subsequence.
func align(x, y []string) (onlyX, onlyY, common []string) {
	n, m := len(x), len(y)
	// lcs[i][j] is the length of a longest common subsequence of x[i:]
	// and y[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			common = append(common, x[i])
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			onlyX = append(onlyX, x[i])
			i++
		default:
			onlyY = append(onlyY, y[j])
			j++
		}
	}
	return append(onlyX, x[i:]...), append(onlyY, y[j:]...), common
}

// shingleLen is the words per shingle: long enough that common phrases
// do not make a new paragraph look like a repetition.
const shingleLen = 3

// minCovered is the share of a paragraph's shingles that the shared text
// must have for the paragraph to count as a repetition of it.
const minCovered = 0.8

// repeats reports whether most of paragraph p's word sequences are in
// shingles: a pull quote, which repeats a sentence or two of the text,
// sometimes cut or with a word changed.
func repeats(p string, shingles map[uint64]bool) bool {
	ws := words(p)
	if len(ws) < 2*shingleLen {
		return false
	}
	covered, total := 0, 0
	for i := 0; i+shingleLen <= len(ws); i++ {
		total++
		if shingles[shingle(ws[i:i+shingleLen])] {
			covered++
		}
	}
	return float64(covered) >= minCovered*float64(total)
}

func shingleSet(paragraphs []string) map[uint64]bool {
	set := map[uint64]bool{}
	for _, p := range paragraphs {
		ws := words(p)
		for i := 0; i+shingleLen <= len(ws); i++ {
			set[shingle(ws[i:i+shingleLen])] = true
		}
	}
	return set
}

// shingle hashes a run of words (FNV-1a, with a separator between words).
func shingle(ws []string) uint64 {
	h := fnv.New64a()
	for _, w := range ws {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// words splits s into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// fold trims s and turns each run of white space (no-break spaces too)
// into one space: renderings of one page differ in how they space.
func fold(s string) string {
	// Most text needs no folding: say so without allocating.
	space := true // at the start, or after a space
	for _, r := range s {
		isSpace := unicode.IsSpace(r)
		if isSpace && (space || r != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		space = isSpace
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// CauseAfter is the cause of next, stored after a version whose raw input
// has prevRawHash and prevFormat and whose canonical JSON is prevJSON.
// An engine may leave prevJSON nil when the raw hashes are equal, since
// the documents are not compared then.
func CauseAfter(prevRawHash, prevFormat string, prevJSON []byte, next Stored) (string, error) {
	prev := &Stored{RawHash: prevRawHash, Format: prevFormat}
	if prevRawHash != next.RawHash {
		doc, err := Decode(prevJSON)
		if err != nil {
			return "", err
		}
		prev.Doc = doc
	}
	return Cause(prev, next), nil
}

// FillCauses gives the versions of one document that lack a cause (those
// stored before causes were recorded) the one Cause computes; vs is every
// version, oldest first, and load returns version n's document.
func FillCauses(vs []transcript.Version, load func(n int) (*transcript.Document, error)) error {
	docs := map[int]*transcript.Document{}
	get := func(n int) (*transcript.Document, error) {
		if d, ok := docs[n]; ok {
			return d, nil
		}
		d, err := load(n)
		if err != nil {
			return nil, fmt.Errorf("version %d: %w", n, err)
		}
		docs[n] = d
		return d, nil
	}
	for i := range vs {
		v := &vs[i]
		switch {
		case v.Cause != "":
			continue
		case i == 0:
			v.Cause = transcript.CauseFirst
			continue
		case vs[i-1].RawHash == v.RawHash:
			v.Cause = transcript.CauseRederived
			continue
		}
		p := vs[i-1]
		a, err := get(p.Number)
		if err != nil {
			return err
		}
		b, err := get(v.Number)
		if err != nil {
			return err
		}
		v.Cause = Cause(&Stored{Doc: a, RawHash: p.RawHash, Format: p.Format}, Stored{Doc: b, RawHash: v.RawHash, Format: v.Format})
	}
	return nil
}
