package gen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// vocab is the word list shared by the English chains. Word 0 is the
// boundary: it starts and ends every sentence.
type vocab struct {
	words []string
	index map[string]int32
	flags []uint8
	// names describes, for words flagged wordName, how to print them with
	// a fictional name part instead of the real one; keyed by the word's
	// offset in text.
	names   map[uint32]nameWord
	byID    map[int32]nameWord
	text    []byte   // every word, one after the other
	offs    []uint32 // each word's offset in text
	laidOut int      // words in text so far
}

const (
	// wordBind marks a short word that kremlin.ru binds to the next one
	// with a no-break space ("of\u00a0the").
	wordBind uint8 = 1 << iota
	// wordName marks a word holding a part of a real person's name.
	wordName
)

// nameWord is a word with a real name part in it, "(Putin’s": the
// punctuation around the part is kept, the part is replaced.
type nameWord struct {
	pre, suf string
	part     string // the real name part, for choosing its replacement
	surname  bool   // the part ends a name
	top      int8   // 1 or 2 when the part is the given name or surname of the corpus's main speaker
}

func newVocab() *vocab {
	return &vocab{words: []string{""}, index: map[string]int32{"": 0}, flags: []uint8{0},
		names: map[uint32]nameWord{}, byID: map[int32]nameWord{}}
}

// id returns the word's number, adding it when new.
func (v *vocab) id(w string) int32 {
	if i, ok := v.index[w]; ok {
		return i
	}
	i := int32(len(v.words))
	v.words = append(v.words, w)
	v.index[w] = i
	var f uint8
	if bindWords[w] {
		f |= wordBind
	}
	v.flags = append(v.flags, f)
	return i
}

// layout appends the words added since the last call to text, which
// ends with 16 spare bytes so that a word can be copied 16 bytes at once.
func (v *vocab) layout() {
	v.text = v.text[:len(v.text)-min(len(v.text), 16)]
	for ; v.laidOut < len(v.words); v.laidOut++ {
		w := v.laidOut
		v.offs = append(v.offs, uint32(len(v.text)))
		v.text = append(v.text, v.words[w]...)
		if nw, ok := v.byID[int32(w)]; ok {
			v.names[v.offs[w]] = nw
		}
	}
	v.text = append(v.text, make([]byte, 16)...)
}

// bindWords are the short words after which kremlin.ru's typesetting
// puts a no-break space.
var bindWords = setOf(`a an the of in on at to by for and or as is it be no not with from into
The A An In On At To By For As It И и в В с С на На по По о О к К у У из Из за За от От до До не Не`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// chain is a word-level Markov chain of order 1 or 2. A state is the last
// one or two words; its edges are the words seen after it, one edge per
// occurrence, so that a uniform pick among them follows the learned
// frequencies with a single random number. Generation touches only the
// edges and the vocabulary's text: each edge carries its word's place in
// the text and the edge range of the state it leads to.
type chain struct {
	start edge // leads to the state at a sentence's start
	edges []edge
	// sentences and tokens count what the chain learned from.
	sentences, tokens int
}

// edge is 12 bytes, to keep as many as possible in the CPU's caches: the
// chain is walked at random and its edges are most of the time spent.
type edge struct {
	lo uint32 // the next state's edges start at edges[lo]
	// nf holds the next state's number of edges (nf & edgeCount; 0 ends
	// the sentence) and the word's flags (nf >> flagShift).
	nf uint32
	// word holds the word's offset in vocab.text (word >> 8) and its
	// length in bytes (word & 0xff).
	word uint32
}

const (
	flagShift = 30
	edgeCount = 1<<flagShift - 1
	// maxWordLen is the longest word a chain holds; the learner drops
	// sentences with longer ones (run-together text, not words).
	maxWordLen = 255
)

func (e edge) n() uint32    { return e.nf & edgeCount }
func (e edge) flags() uint8 { return uint8(e.nf >> flagShift) }
func (e edge) off() uint32  { return e.word >> 8 }
func (e edge) size() uint32 { return e.word & 0xff }
func (e edge) end() bool    { return e.nf&edgeCount == 0 }

type chainBuilder struct {
	order     int
	ids       map[uint64]int32
	keys      []uint64
	succ      [][]int32
	sentences int
	tokens    int
}

func newChainBuilder(order int) *chainBuilder {
	b := &chainBuilder{order: order, ids: map[uint64]int32{}}
	b.state(0, 0)
	return b
}

func key(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

func (b *chainBuilder) state(prev2, prev1 int32) int32 {
	if b.order == 1 {
		prev2 = 0
	}
	k := key(prev2, prev1)
	if i, ok := b.ids[k]; ok {
		return i
	}
	i := int32(len(b.keys))
	b.ids[k] = i
	b.keys = append(b.keys, k)
	b.succ = append(b.succ, nil)
	return i
}

// add learns one sentence of word ids.
func (b *chainBuilder) add(sentence []int32) {
	if len(sentence) == 0 {
		return
	}
	b.sentences++
	b.tokens += len(sentence)
	var p2, p1 int32
	for _, w := range sentence {
		s := b.state(p2, p1)
		b.succ[s] = append(b.succ[s], w)
		p2, p1 = p1, w
	}
	s := b.state(p2, p1)
	b.succ[s] = append(b.succ[s], 0)
}

// build lays the chain out over v's text; v must hold every word added.
func (b *chainBuilder) build(v *vocab) *chain {
	v.layout()
	off := make([]uint32, len(b.succ)+1)
	for s, succ := range b.succ {
		off[s+1] = off[s] + uint32(len(succ))
	}
	c := &chain{edges: make([]edge, 0, off[len(b.succ)]), sentences: b.sentences, tokens: b.tokens}
	c.start = edge{lo: off[0], nf: off[1] - off[0]}
	// Every (prev, word) pair seen was itself a state, so the lookups
	// below find one.
	for s, succ := range b.succ {
		p1 := int32(uint32(b.keys[s]))
		for _, w := range succ {
			if w == 0 {
				c.edges = append(c.edges, edge{})
				continue
			}
			next := b.ids[key(p1, w)]
			if b.order == 1 {
				next = b.ids[key(0, w)]
			}
			c.edges = append(c.edges, edge{lo: off[next], nf: off[next+1] - off[next] | uint32(v.flags[w])<<flagShift,
				word: v.offs[w]<<8 | uint32(len(v.words[w]))})
		}
	}
	return c
}

// empty reports whether the chain learned nothing.
func (c *chain) empty() bool { return c == nil || c.sentences == 0 }

// splitSentences cuts a paragraph's words into sentences: after a word
// ending in . ! or ? (maybe before a closing quote or bracket) when the
// next word starts with a capital, a digit or an opening quote. An
// initial ("V.") ends no sentence.
func splitSentences(words []string) [][]string {
	var out [][]string
	start := 0
	for i, w := range words {
		if i+1 < len(words) && !endsSentence(w) {
			continue
		}
		if i+1 < len(words) {
			r, _ := utf8.DecodeRuneInString(words[i+1])
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("“\"«(‘", r)) {
				continue
			}
		}
		out = append(out, words[start:i+1])
		start = i + 1
	}
	return out
}

func endsSentence(w string) bool {
	t := strings.TrimRight(w, "”\"»)’")
	if t == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if last != '.' && last != '!' && last != '?' && last != '…' {
		return false
	}
	// "V." and "U.S." are initials, not sentence ends.
	core := strings.TrimRight(t, ".")
	return !(utf8.RuneCountInString(core) <= 1 || strings.Contains(core, "."))
}
