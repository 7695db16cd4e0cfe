package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/parser"
)

// Model is what Learn takes from a corpus of real pages: Markov chains of
// their sentences, the distributions of their sizes, their taxonomy
// vocabularies, and the names of the real people in them (so that
// generated text never names one). A Model is read-only once learned and
// safe for concurrent use.
type Model struct {
	Stats Stats

	v                                       *vocab
	narrative, speech, lead, title, caption *chain

	places, times     []string
	geography, topics []string // one entry per occurrence: drawing one follows the frequencies
	tagCombos         []tagCombo
	// shapes are the corpus's transcripts' make-ups. Their numbers go
	// together (a press conference has many turns, anonymous questions and
	// no named speaker besides the President; an address one turn), so a
	// generated transcript copies one whole.
	shapes    []shape
	pool      *pool
	realNames map[string]bool
}

// Stats are the statistics Learn measured on the corpus. Dist values are
// the observed values themselves; generation draws from them.
type Stats struct {
	Pages int
	Kinds map[string]int // the corpus's own mix; generation uses the full mirror's (NOTES §3)

	TurnsPerTranscript Dist // labelled turns on a page that has any
	ParasPerTurn       Dist
	IntroParas         Dist // paragraphs before the first label
	BodyParas          Dist // paragraphs of a page without labels
	WordsNarrative     Dist // words per paragraph outside speech
	WordsSpeech        Dist // words per paragraph of speech
	TitleWords         Dist
	LeadWords          Dist
	Speakers           Dist // named speakers per transcript besides the main one
	Photos             Dist // slider length
	BoxItems           Dist // items per "See also" box
	GeographyItems     Dist
	TopicItems         Dist
	PersonItems        Dist

	MainSpeakerShare float64 // turns of the most frequent speaker (the President)
	AnonymousShare   float64 // turns labelled Question, Remark and the like
	FullLabelShare   float64 // main speaker's labels that print the office
	StageShare       float64 // speech paragraphs that are a stage direction, "(Applause.)"

	TagColumns map[string]int // "Geography+Topics" → pages

	NarrativeSentences, SpeechSentences int
	NarrativeTokens, SpeechTokens       int
	RealNames                           int // distinct real person names found
	Vocabulary                          int
}

// Dist is an empirical distribution: the values observed, sorted.
type Dist []int

// Mean returns the average value, 0 for none.
func (d Dist) Mean() float64 {
	if len(d) == 0 {
		return 0
	}
	s := 0
	for _, v := range d {
		s += v
	}
	return float64(s) / float64(len(d))
}

// Median returns the middle value, 0 for none.
func (d Dist) Median() int {
	if len(d) == 0 {
		return 0
	}
	return d[len(d)/2]
}

// Max returns the largest value, 0 for none.
func (d Dist) Max() int {
	if len(d) == 0 {
		return 0
	}
	return d[len(d)-1]
}

func (d Dist) String() string {
	return fmt.Sprintf("n=%d mean=%.1f median=%d max=%d", len(d), d.Mean(), d.Median(), d.Max())
}

// shape is a transcript's make-up: its labelled turns, its named
// speakers besides the main one, and the turns of the main speaker and
// of anonymous ones.
type shape struct{ turns, speakers, main, anonymous int }

type tagCombo struct {
	geography, topics, persons bool
	weight                     float64
}

// FindCorpus looks for the shared corpus's kremlin-en folder: in
// $ROSTRUM_CORPUS (the shared/corpus folder), else in shared/corpus under
// dir or any of its parents (the project sits beside shared/).
func FindCorpus(dir string) (string, error) {
	if d := os.Getenv("ROSTRUM_CORPUS"); d != "" {
		return filepath.Join(d, "kremlin-en"), nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "corpus", "kremlin-en")
		if fi, err := os.Stat(filepath.Join(c, "docs")); err == nil && fi.IsDir() {
			return c, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("no corpus to learn from: shared/corpus/kremlin-en is not in %s or any folder above it; pass --learn DIR, the kremlin-en folder of the shared corpus", abs)
}

// corpusDoc is the part of a corpus docs/<id>.json record that Learn reads.
type corpusDoc struct {
	Kind   string  `json:"kind"`
	Title  string  `json:"title"`
	Lead   *string `json:"lead"`
	Time   *string `json:"time"`
	Place  *string `json:"place"`
	Photos []struct {
		Caption string `json:"caption"`
	} `json:"photos"`
	Body []struct {
		Type    string   `json:"type"`
		Text    string   `json:"text"`
		Bold    []string `json:"bold"`
		Title   string   `json:"title"`
		Caption string   `json:"caption"`
		Items   []struct {
			Text string `json:"text"`
		} `json:"items"`
	} `json:"body"`
	Tags map[string][]string `json:"tags"`
}

// Learn reads the structured records of dir (a kremlin-en folder holding
// docs/*.json; its parent shared/corpus is accepted too) and learns a Model.
func Learn(dir string) (*Model, error) {
	files, err := filepath.Glob(filepath.Join(dir, "docs", "*.json"))
	if err == nil && len(files) == 0 {
		files, err = filepath.Glob(filepath.Join(dir, "kremlin-en", "docs", "*.json"))
	}
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("learn: no docs/*.json records in %s: pass --learn the kremlin-en folder of the shared corpus", dir)
	}
	sort.Strings(files) // the model, and so the output, must not depend on the directory's order
	docs := make([]corpusDoc, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("learn: %w", err)
		}
		var d corpusDoc
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("learn: %s: %w", f, err)
		}
		docs = append(docs, d)
	}
	return learn(docs)
}

// label is a speaker label found in a record, with the name it ends in.
type label struct {
	text      string
	name      string // "Given Surname", empty for anonymous speakers and offices alone
	role      bool   // the label prints an office before the name
	anonymous bool
}

type paragraph struct {
	text  string // speech without its label
	label *label
}

// learner learns a Model from the corpus in passes: the words and real
// names (readWords, findNames), the fictional cast (castPool), then the
// chains and distributions (learnDoc per document, finish).
type learner struct {
	m    *Model
	docs []corpusDoc

	bodies      [][]paragraph   // each document's paragraphs, labels split off
	corpusWords map[string]bool // words seen in lower case
	allWords    map[string]bool // every word, lower-cased
	realParts   map[string]bool // capitalised name parts
	surnames    map[string]bool
	geoWords    map[string]bool
	nameCount   map[string]int // turns by speaker name
	top         string         // the main speaker: most turns
	topWords    []string

	narr, speech, leads, titles, captions *chainBuilder

	mainTurns, allTurns, anonTurns, mainFull int
	stageParas, speechParas                  int
}

func learn(docs []corpusDoc) (*Model, error) {
	l := &learner{
		m: &Model{v: newVocab(), realNames: map[string]bool{}}, docs: docs, bodies: make([][]paragraph, len(docs)),
		corpusWords: map[string]bool{}, allWords: map[string]bool{}, realParts: map[string]bool{}, surnames: map[string]bool{},
		geoWords: map[string]bool{}, nameCount: map[string]int{},
		narr: newChainBuilder(2), speech: newChainBuilder(2), leads: newChainBuilder(2), titles: newChainBuilder(2), captions: newChainBuilder(2),
	}
	st := &l.m.Stats
	st.Pages = len(docs)
	st.Kinds = map[string]int{}
	st.TagColumns = map[string]int{}

	// Pass 1: the words of the corpus and the real names.
	for i := range docs {
		l.readWords(i)
	}
	l.findNames()
	l.castPool()
	// Pass 2: chains and distributions.
	for i := range docs {
		l.learnDoc(i)
	}
	return l.finish()
}

func (l *learner) addWords(s string) {
	for _, w := range strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")) {
		_, core, _ := splitCore(w)
		if core == "" {
			continue
		}
		lower := strings.ToLower(core)
		l.allWords[lower] = true
		if core == lower {
			l.corpusWords[core] = true
		}
	}
}

func (l *learner) addName(name string) {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return
	}
	l.m.realNames[name] = true
	for i, w := range ws {
		w = titleCase(w)
		l.realParts[w] = true
		if i == len(ws)-1 {
			l.surnames[w] = true
		}
	}
}

// readWords reads document i's words, its persons tags and its
// paragraphs, splitting off their labels.
func (l *learner) readWords(i int) {
	d := &l.docs[i]
	l.addWords(d.Title)
	if d.Lead != nil {
		l.addWords(*d.Lead)
	}
	for _, g := range d.Tags["Geography"] {
		for _, w := range strings.Fields(strings.ReplaceAll(g, "\u00a0", " ")) {
			l.geoWords[w] = true
		}
	}
	for _, p := range d.Tags["Persons"] {
		ws := strings.Fields(strings.ReplaceAll(p, "\u00a0", " "))
		if len(ws) >= 2 {
			// Surname first: "Tokayev Kassym-Jomart".
			l.addName(strings.Join(append(ws[1:len(ws):len(ws)], ws[0]), " "))
			l.m.realNames[strings.Join(ws, " ")] = true
		}
	}
	for _, b := range d.Body {
		if b.Type != "p" {
			continue
		}
		text := strings.TrimSpace(strings.ReplaceAll(b.Text, "\u00a0", " "))
		if text == "" {
			continue
		}
		l.addWords(text)
		var para paragraph
		para.text = text
		if lb, speech, ok := splitLabel(text, b.Bold); ok {
			para.label, para.text = lb, speech
			if lb.name != "" {
				l.addName(lb.name)
				l.nameCount[lb.name]++
			}
		}
		l.bodies[i] = append(l.bodies[i], para)
	}
}

// findNames finds the name parts in the text, keeps those that are no
// ordinary words, and picks the main speaker.
func (l *learner) findNames() {
	// Names in the text: "Mr Tokayev", "President Erdogan".
	for i := range l.bodies {
		for _, p := range l.bodies[i] {
			ws := strings.Fields(p.text)
			for k := 0; k+1 < len(ws); k++ {
				switch ws[k] {
				case "Mr", "Mrs", "Ms", "Dr", "President", "Prime":
				default:
					continue
				}
				if ws[k] == "Prime" {
					if ws[k+1] != "Minister" || k+2 >= len(ws) {
						continue
					}
					k++
				}
				_, core, _ := splitCore(ws[k+1])
				if isCapitalised(core) && !roleWordsEn[core] && !anonymousWords[core] {
					l.realParts[core] = true
					l.surnames[core] = true
				}
			}
		}
	}
	// A capitalised word next to a known given name or surname is a name
	// part too: "Dina Velikovskaya" once "Dina" is known as a given name.
	givenNames := map[string]bool{}
	for n := range l.m.realNames {
		if ws := strings.Fields(n); len(ws) >= 2 {
			givenNames[ws[0]] = true
		}
	}
	common := func(w string) bool {
		return l.corpusWords[strings.ToLower(w)] || months[w] || l.geoWords[w] || keepWords[w] || roleWordsEn[w] ||
			anonymousWords[w] || !isCapitalised(w)
	}
	for i := range l.bodies {
		for _, p := range l.bodies[i] {
			ws := strings.Fields(p.text)
			for k := 0; k+1 < len(ws); k++ {
				_, a, asuf := splitCore(ws[k])
				bpre, b, _ := splitCore(ws[k+1])
				if asuf != "" || bpre != "" || a == "" || b == "" {
					continue // "Russia, Moscow": punctuation between the words
				}
				switch {
				case givenNames[a] && !common(b):
					l.realParts[b], l.surnames[b] = true, true
				case l.surnames[b] && l.realParts[b] && !common(a):
					l.realParts[a] = true
				}
			}
		}
	}
	// A part that is also an ordinary word ("May", "Young"), a month or a
	// place word stays: replacing it would garble the text.
	for p := range l.realParts {
		if l.corpusWords[strings.ToLower(p)] || months[p] || l.geoWords[p] || keepWords[p] {
			delete(l.realParts, p)
		}
	}
	for n, c := range l.nameCount {
		if c > l.nameCount[l.top] || c == l.nameCount[l.top] && n < l.top {
			l.top = n
		}
	}
	l.topWords = strings.Fields(l.top)
	l.m.Stats.RealNames = len(l.m.realNames)
}

// castPool makes the fictional cast: no part may be a word of the
// corpus, a name or anything else.
func (l *learner) castPool() {
	for _, d := range l.docs {
		for _, col := range d.Tags {
			for _, x := range col {
				l.addWords(x)
			}
		}
	}
	l.m.pool = newPool(func(part string) bool { return l.allWords[strings.ToLower(part)] })
}

func (l *learner) wordID(w string) int32 {
	v := l.m.v
	known := len(v.words)
	id := v.id(w)
	if int(id) < known {
		return id
	}
	pre, core, suf := splitCore(w)
	if core != "" && l.realParts[core] {
		nw := nameWord{pre: pre, suf: suf, part: core, surname: l.surnames[core]}
		if len(l.topWords) >= 2 && core == l.topWords[0] {
			nw.top = 1
		}
		if len(l.topWords) >= 2 && core == l.topWords[len(l.topWords)-1] {
			nw.top = 2
		}
		v.flags[id] |= wordName
		v.byID[id] = nw
	}
	return id
}

func (l *learner) ids(words []string) []int32 {
	out := make([]int32, len(words))
	for i, w := range words {
		out[i] = l.wordID(w)
	}
	return out
}

func fields(s string) []string { return strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")) }

// addLine learns a whole line (a title, a caption) as one sentence.
func (l *learner) addLine(b *chainBuilder, line string) {
	ws := fields(line)
	for _, w := range ws {
		if len(w) > maxWordLen {
			return
		}
	}
	b.add(l.ids(ws))
}

// learnText learns text sentence by sentence into b, and the sentences
// in the third person into thirdPersonTo too, if set; it returns the
// number of words.
func (l *learner) learnText(b *chainBuilder, text string, thirdPersonTo *chainBuilder) int {
	ws := fields(text)
sentences:
	for _, s := range splitSentences(ws) {
		for _, w := range s {
			if len(w) > maxWordLen {
				continue sentences
			}
		}
		sid := l.ids(s)
		b.add(sid)
		if thirdPersonTo != nil && thirdPerson(s) {
			thirdPersonTo.add(sid)
		}
	}
	return len(ws)
}

// learnDoc learns document i: its metadata, its taxonomy and its body.
func (l *learner) learnDoc(i int) {
	d := &l.docs[i]
	l.learnMeta(d)
	l.learnTags(d)
	l.learnBody(l.bodies[i])
}

func (l *learner) learnMeta(d *corpusDoc) {
	m, st := l.m, &l.m.Stats
	st.Kinds[d.Kind]++
	l.addLine(l.titles, d.Title)
	st.TitleWords = append(st.TitleWords, len(fields(d.Title)))
	if d.Lead != nil && *d.Lead != "" {
		st.LeadWords = append(st.LeadWords, l.learnText(l.leads, *d.Lead, nil))
	}
	if d.Time != nil && *d.Time != "" {
		m.times = append(m.times, *d.Time)
	}
	if d.Place != nil && *d.Place != "" {
		m.places = append(m.places, strings.ReplaceAll(*d.Place, "\u00a0", " "))
	}
	if len(d.Photos) > 0 {
		st.Photos = append(st.Photos, len(d.Photos))
		seen := map[string]bool{}
		for _, p := range d.Photos {
			if c := strings.TrimSpace(p.Caption); c != "" && !seen[c] {
				seen[c] = true
				l.addLine(l.captions, c)
			}
		}
	}
	for _, b := range d.Body {
		switch b.Type {
		case "cut":
			st.BoxItems = append(st.BoxItems, len(b.Items))
			for _, it := range b.Items {
				l.addLine(l.titles, it.Text)
			}
		case "media":
			if c := strings.TrimSpace(b.Caption); c != "" && c != "None" {
				l.addLine(l.captions, c)
			}
		}
	}
}

// learnTags learns the taxonomy. The records hold a few empty items (a
// column's heading printed twice): they are no tags.
func (l *learner) learnTags(d *corpusDoc) {
	m, st := l.m, &l.m.Stats
	tags := map[string][]string{}
	for col, items := range d.Tags {
		for _, x := range items {
			x = strings.TrimSpace(strings.ReplaceAll(x, "\u00a0", " "))
			if x != "" && !footerHeadings[strings.ToLower(x)] {
				tags[col] = append(tags[col], x)
			}
		}
	}
	g, t, p := len(tags["Geography"]) > 0, len(tags["Topics"]) > 0, len(tags["Persons"]) > 0
	st.TagColumns[comboName(g, t, p)]++
	m.geography = append(m.geography, tags["Geography"]...)
	m.topics = append(m.topics, tags["Topics"]...)
	if g {
		st.GeographyItems = append(st.GeographyItems, len(tags["Geography"]))
	}
	if t {
		st.TopicItems = append(st.TopicItems, len(tags["Topics"]))
	}
	if p {
		st.PersonItems = append(st.PersonItems, len(tags["Persons"]))
	}
}

// learnBody learns a body: the narrative before the first turn, then the
// turns, their speakers and their shape.
func (l *learner) learnBody(body []paragraph) {
	st := &l.m.Stats
	first := -1
	var paras []paragraph // without separators
	for _, p := range body {
		switch {
		case isSeparatorText(p.text) && p.label == nil, p.text == "<…>" || p.text == "<...>":
			continue
		}
		if p.label != nil && first < 0 {
			first = len(paras)
		}
		paras = append(paras, p)
	}
	if first < 0 {
		st.BodyParas = append(st.BodyParas, len(paras))
		for _, p := range paras {
			st.WordsNarrative = append(st.WordsNarrative, l.learnText(l.narr, p.text, nil))
		}
		return
	}
	st.IntroParas = append(st.IntroParas, first)
	for _, p := range paras[:first] {
		st.WordsNarrative = append(st.WordsNarrative, l.learnText(l.narr, p.text, nil))
	}
	turns, inTurn := 0, 0
	var sh shape
	speakers := map[string]bool{}
	for _, p := range paras[first:] {
		if p.label != nil {
			if turns > 0 {
				st.ParasPerTurn = append(st.ParasPerTurn, inTurn)
			}
			turns++
			inTurn = 0
			l.allTurns++
			switch {
			case p.label.anonymous:
				l.anonTurns++
				sh.anonymous++
			case p.label.name == l.top:
				l.mainTurns++
				sh.main++
				if p.label.role {
					l.mainFull++
				}
			case p.label.name != "":
				speakers[p.label.name] = true
			}
		}
		inTurn++
		if isStage(p.text) {
			l.stageParas++
			continue
		}
		if p.text == "" {
			continue
		}
		l.speechParas++
		st.WordsSpeech = append(st.WordsSpeech, l.learnText(l.speech, p.text, l.narr))
	}
	st.ParasPerTurn = append(st.ParasPerTurn, inTurn)
	st.TurnsPerTranscript = append(st.TurnsPerTranscript, turns)
	st.Speakers = append(st.Speakers, len(speakers))
	sh.turns, sh.speakers = turns, len(speakers)
	l.m.shapes = append(l.m.shapes, sh)
}

// finish builds the chains and sums up the distributions.
func (l *learner) finish() (*Model, error) {
	m, st, v := l.m, &l.m.Stats, l.m.v
	share := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	st.MainSpeakerShare = share(l.mainTurns, l.allTurns)
	st.AnonymousShare = share(l.anonTurns, l.allTurns)
	st.FullLabelShare = share(l.mainFull, l.mainTurns)
	st.StageShare = share(l.stageParas, l.stageParas+l.speechParas)

	m.narrative, m.speech = l.narr.build(v), l.speech.build(v)
	m.lead, m.title, m.caption = l.leads.build(v), l.titles.build(v), l.captions.build(v)
	if m.narrative.empty() || m.speech.empty() || m.title.empty() || m.lead.empty() {
		return nil, errors.New("learn: the corpus has too little text (no narrative, speech, titles or leads)")
	}
	st.NarrativeSentences, st.NarrativeTokens = m.narrative.sentences, m.narrative.tokens
	st.SpeechSentences, st.SpeechTokens = m.speech.sentences, m.speech.tokens
	st.Vocabulary = len(v.words) - 1
	for _, d := range []*Dist{&st.TurnsPerTranscript, &st.ParasPerTurn, &st.IntroParas, &st.BodyParas,
		&st.WordsNarrative, &st.WordsSpeech, &st.TitleWords, &st.LeadWords, &st.Speakers, &st.Photos,
		&st.BoxItems, &st.GeographyItems, &st.TopicItems, &st.PersonItems} {
		sort.Ints(*d)
	}
	m.tagCombos = tagCombos(st.TagColumns)
	if len(m.times) == 0 {
		m.times = []string{"12:00"}
	}
	return m, nil
}

// RealNames returns the real person names found in the corpus, in both
// orders for the footer's surname-first form.
func (m *Model) RealNames() []string {
	out := make([]string, 0, len(m.realNames))
	for n := range m.realNames {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FictionalNames returns every person name the generator can print.
func (m *Model) FictionalNames() []string { return m.pool.names() }

// splitLabel finds the speaker label that opens a paragraph: its first
// bold run, ending with a colon or followed by one (after a bracketed
// annotation perhaps: "<b>Question</b> (retranslated):").
func splitLabel(text string, bold []string) (*label, string, bool) {
	if len(bold) == 0 {
		return nil, "", false
	}
	b := strings.TrimSpace(strings.ReplaceAll(bold[0], "\u00a0", " "))
	if b == "" || !strings.HasPrefix(text, b) {
		return nil, "", false
	}
	rest := text[len(b):]
	var l string
	switch {
	case strings.HasSuffix(b, ":"):
		l = strings.TrimSuffix(b, ":")
	default:
		r := strings.TrimLeft(rest, " ")
		if strings.HasPrefix(r, "(") {
			if k := strings.IndexByte(r, ')'); k > 0 && k < 100 {
				b += " " + r[:k+1]
				r = strings.TrimLeft(r[k+1:], " ")
			}
		}
		if !strings.HasPrefix(r, ":") {
			return nil, "", false
		}
		l, rest = b, r[1:]
	}
	l = strings.TrimSpace(l)
	if l == "" || utf8.RuneCountInString(l) > 240 || strings.ContainsAny(l, ".!?") && !strings.Contains(l, "(") {
		return nil, "", false
	}
	return parseLabel(l), strings.TrimSpace(rest), true
}

// anonymousWords open the labels of speakers with no name.
var anonymousWords = setOf(`Question Questions Remark Remarks Reply Response Comment Comments Audience Voice Voices Answer`)

// roleWordsEn end an office in a label, never a name.
var roleWordsEn = setOf(`President Minister Chairman Chairwoman Governor Secretary Speaker Director Ambassador
Mayor Head Deputy Prime CEO Commander Chief Envoy Aide Adviser Spokesman Moderator Premier King Queen Emir`)

func parseLabel(s string) *label {
	l := &label{text: s}
	core := s
	for strings.HasSuffix(core, ")") {
		k := strings.LastIndexByte(core, '(')
		if k < 0 {
			break
		}
		core = strings.TrimSpace(core[:k])
	}
	ws := strings.Fields(core)
	if len(ws) == 0 {
		return l
	}
	if anonymousWords[titleCase(ws[0])] {
		l.anonymous = true
		return l
	}
	j := len(ws)
	for j > 0 && isCapitalised(ws[j-1]) && !roleWordsEn[titleCase(ws[j-1])] && !keepWords[ws[j-1]] {
		j--
	}
	run := ws[j:]
	if len(run) < 2 {
		return l
	}
	name := run[len(run)-2:]
	l.name = titleCase(name[0]) + " " + titleCase(name[1])
	l.role = len(ws) > 2
	return l
}

// splitCore splits a word into leading punctuation, its letters and
// trailing punctuation with a possessive: "(Putin’s," → "(", "Putin", "’s,".
func splitCore(w string) (pre, core, suf string) {
	i := strings.IndexFunc(w, unicode.IsLetter)
	if i < 0 {
		return w, "", ""
	}
	j := strings.LastIndexFunc(w, unicode.IsLetter)
	_, size := utf8.DecodeRuneInString(w[j:])
	pre, core, suf = w[:i], w[i:j+size], w[j+size:]
	for _, p := range []string{"’s", "'s"} {
		if strings.HasSuffix(core, p) && len(core) > len(p) {
			core, suf = core[:len(core)-len(p)], p+suf
		}
	}
	return pre, core, suf
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// titleCase gives "PUTIN" → "Putin"; other words come back as they are.
func titleCase(w string) string {
	if strings.ToUpper(w) != w {
		return w
	}
	return parser.TitleWord(w)
}

var months = setOf(`January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday`)

// keepWords are capitalised words that a label's name may end with but
// that the text needs as they are.
var keepWords = setOf(`Russia Russian Federation Kremlin Moscow State Council Assembly Duma Government Club Union
Centre Center President Minister Madam Sir Excellency Colleagues Friends Mr Mrs Ms Dr Lord Lady`)

// firstPerson words mark speech: a sentence without them can stand in
// narrative text.
var firstPerson = setOf(`I I’m I've I’ve I'm I’d I'd I’ll I'll me my My mine we We we’re We’re we've we’ve us our Our ours you You your Your yours`)

func thirdPerson(words []string) bool {
	if len(words) < 4 {
		return false
	}
	for _, w := range words {
		_, core, _ := splitCore(w)
		if firstPerson[core] {
			return false
		}
	}
	last := words[len(words)-1]
	return !strings.HasSuffix(strings.TrimRight(last, "”\"»)’"), "?")
}

func isSeparatorText(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return s == "***"
}

// isStage reports whether a paragraph is only a stage direction, "(Applause.)".
func isStage(s string) bool {
	return strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1 && len(s) < 120
}

// footerHeadings are the column headings of the footer, which no tag may
// be.
var footerHeadings = setOf(`geography topics persons география темы персоны лица регионы`)

func comboName(g, t, p bool) string {
	var parts []string
	if g {
		parts = append(parts, "Geography")
	}
	if t {
		parts = append(parts, "Topics")
	}
	if p {
		parts = append(parts, "Persons")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// Footer columns on the full mirror (NOTES §3): none on 3,976 of 7,235
// pages, Topics only on 1,084, all three on 1,082. The remaining 1,093
// pages are shared among the other combinations as in the corpus.
const (
	mirrorPages     = 7235
	mirrorNoTags    = 3976
	mirrorTopics    = 1084
	mirrorAllThree  = 1082
	mirrorOtherTags = mirrorPages - mirrorNoTags - mirrorTopics - mirrorAllThree
)

func tagCombos(sample map[string]int) []tagCombo {
	combos := []tagCombo{
		{weight: mirrorNoTags},
		{topics: true, weight: mirrorTopics},
		{geography: true, topics: true, persons: true, weight: mirrorAllThree},
	}
	other := 0
	var names []string
	for name, n := range sample {
		switch name {
		case "none", "Topics", "Geography+Topics+Persons":
			continue
		}
		other += n
		names = append(names, name)
	}
	sort.Strings(names)
	if other == 0 {
		return append(combos, tagCombo{geography: true, topics: true, weight: mirrorOtherTags})
	}
	for _, name := range names {
		c := tagCombo{weight: mirrorOtherTags * float64(sample[name]) / float64(other)}
		for _, part := range strings.Split(name, "+") {
			switch part {
			case "Geography":
				c.geography = true
			case "Topics":
				c.topics = true
			case "Persons":
				c.persons = true
			}
		}
		combos = append(combos, c)
	}
	return combos
}
