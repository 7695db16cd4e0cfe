package verify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/search"
)

// word is one word of a quote or of a source turn.
type word struct {
	term       string // stemmed term, as the index has it: what alignment compares
	fold       string // folded, not stemmed: what "the same words" compares
	start, end int    // byte offsets in the text
	cap        bool   // written with a capital letter
	initial    bool   // the first word of a sentence (its capital says nothing)
	elided     bool   // an ellipsis (… or ...) stands before it in the quote
}

// percentTerm is the term of %, percent, per cent and процент in all
// their forms, so that 15% and 15 per cent read alike.
const percentTerm = "%"

// words splits text into its words with the tokenizer the index uses
// (package search), so that a quote and a turn compare as the archive's
// search does: case, ё and typographic apostrophes do not count, and a
// word's stemmed forms share a term. Per cent signs and words become one
// term, and a per cent sign is a word; an ellipsis marks the word after
// it.
func words(tok *search.Tokenizer, text string) []word {
	var ws []word
	_ = tok.Each(text, false, func(fold string, start, end int) error {
		ws = append(ws, word{fold: fold, start: start, end: end})
		return nil
	})
	// The stemmed pass splits text into the same words.
	k := 0
	_ = tok.Each(text, true, func(term string, start, _ int) error {
		for k < len(ws) && ws[k].start < start {
			k++
		}
		if k < len(ws) && ws[k].start == start {
			ws[k].term = term
		}
		return nil
	})
	out := make([]word, 0, len(ws)+4)
	// percents adds a word for each per cent sign of text[from:to].
	percents := func(from, to int) {
		for k := from; k < to; k++ {
			if text[k] == '%' {
				out = append(out, word{term: percentTerm, fold: percentTerm, start: k, end: k + 1})
			}
		}
	}
	prevEnd := 0
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		percents(prevEnd, w.start)
		if w.term == "" {
			w.term = w.fold
		}
		r, _ := utf8.DecodeRuneInString(text[w.start:])
		w.cap = unicode.IsUpper(r)
		gap := text[prevEnd:w.start]
		w.initial = len(out) == 0 || sentenceEnd(gap)
		w.elided = len(out) > 0 && (strings.Contains(gap, "…") || strings.Contains(gap, "..."))
		switch {
		case w.fold == "per" && i+1 < len(ws) && ws[i+1].fold == "cent" && strings.TrimSpace(text[w.end:ws[i+1].start]) == "":
			w.end = ws[i+1].end
			i++
			w.term, w.fold = percentTerm, percentTerm
		case w.term == "percent" || w.term == "процент":
			w.term, w.fold = percentTerm, percentTerm
		}
		out = append(out, w)
		prevEnd = w.end
	}
	percents(prevEnd, len(text))
	return out
}

// overlap is the weight of the quote's words whose term text has, as a
// share of all the quote's weight: an upper bound of how much of the
// quote a turn can match, read in one pass of the tokenizer.
func overlap(tok *search.Tokenizer, text string, quote map[string]float64, total float64, seen map[string]bool) float64 {
	clear(seen)
	var sum float64
	_ = tok.Each(text, true, func(term string, _, _ int) error {
		if term == "percent" || term == "процент" {
			term = percentTerm
		}
		if w, ok := quote[term]; ok && !seen[term] {
			seen[term] = true
			sum += w
		}
		return nil
	})
	if strings.Contains(text, "%") && !seen[percentTerm] {
		sum += quote[percentTerm]
	}
	return sum / total
}

// sentenceEnd reports whether the text between two words ends a
// sentence, so that the next word's capital is the sentence's.
func sentenceEnd(gap string) bool {
	return strings.ContainsAny(gap, ".!?:;\n")
}

// Kinds of a significant difference: what makes a quote altered.
const (
	KindFigure   = "figure"
	KindName     = "name"
	KindNegation = "negation"
)

// figure reports whether w is a figure: a number written in digits, a
// per cent, or a number word.
func (w word) figure() bool {
	if w.term == percentTerm || strings.IndexFunc(w.fold, unicode.IsDigit) >= 0 {
		return true
	}
	if numberWords[w.fold] {
		return true
	}
	for _, p := range numberPrefixes {
		if strings.HasPrefix(w.fold, p) {
			return true
		}
	}
	return false
}

// negation reports whether w negates.
func (w word) negation() bool {
	return negations[w.fold] || strings.HasSuffix(w.fold, "n't") || strings.HasPrefix(w.fold, "никак")
}

// name reports whether w reads as a name: a capital that does not start
// a sentence.
func (w word) name() bool {
	if !w.cap || w.initial {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w.fold)
	return unicode.IsLetter(r)
}

// kindOf is the significant kind of a word that one text has and the
// other lacks, or "".
func (w word) kind() string {
	switch {
	case w.negation():
		return KindNegation
	case w.figure():
		return KindFigure
	case w.name():
		return KindName
	}
	return ""
}

// substKind is the significant kind of one word replaced by another.
func substKind(s, q word) string {
	switch {
	case s.negation() != q.negation(),
		strings.TrimPrefix(s.fold, "не") == q.fold && s.fold != q.fold,
		strings.TrimPrefix(q.fold, "не") == s.fold && s.fold != q.fold,
		strings.TrimPrefix(s.fold, "un") == q.fold && s.fold != q.fold,
		strings.TrimPrefix(q.fold, "un") == s.fold && s.fold != q.fold:
		return KindNegation
	case s.figure() || q.figure():
		return KindFigure
	case s.name() || q.name():
		return KindName
	}
	return ""
}

var negations = setOf(
	"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "cannot", "without",
	"не", "нет", "ни", "никогда", "ничего", "ничто", "никто", "никого", "нигде", "никуда", "ниоткуда", "нельзя", "без",
)

var numberWords = setOf(
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
	"fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "half",
	"twice", "double", "triple", "once",
	"один", "одна", "одно", "одного", "одной", "два", "две", "двух", "три", "трех", "четыре", "четырех", "пять", "шесть", "семь",
	"восемь", "девять", "десять", "сто", "двести", "триста", "половина", "дважды", "вдвое", "втрое",
)

var numberPrefixes = []string{"million", "billion", "trillion", "тысяч", "миллион", "миллиард", "триллион", "пятьдесят", "шестьдесят",
	"семьдесят", "восемьдесят", "девяност", "двадцат", "тридцат", "сорок"}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// stopWords weigh little when a quote's words are counted: they match
// anywhere, so they say little about where a quote comes from.
var stopWords = setOf(
	"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was", "were", "be",
	"been", "it", "its", "this", "that", "these", "those", "we", "i", "you", "he", "she", "they", "our", "my", "your", "their", "his",
	"her", "us", "them", "me", "will", "would", "have", "has", "had", "do", "does", "did", "but", "if", "so", "which", "who", "what",
	"there", "here", "all", "also", "very", "can", "could", "should", "about", "into", "than", "then", "more", "most", "such", "some",
	"и", "в", "во", "на", "с", "со", "по", "к", "ко", "о", "об", "от", "до", "из", "за", "для", "что", "это", "как", "а", "но", "же",
	"мы", "я", "вы", "он", "она", "они", "его", "ее", "их", "нас", "вас", "наш", "наши", "бы", "ли", "то", "так", "уже", "все", "всё",
	"тоже", "также", "очень", "у", "при", "был", "была", "были", "быть", "есть",
)

// weight is how much a word counts towards the similarity of a quote and its source.
func (w word) weight() float64 {
	if stopWords[w.fold] {
		return 0.25
	}
	return 1
}
