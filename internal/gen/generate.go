package gen

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Config sets what a Generator makes.
type Config struct {
	Seed    uint64
	Russian float64 // share of documents in Russian, 0 to 1
}

// Generator writes synthetic documents. Document n depends only on the
// Model, the Config and n, so documents can be made in any order, on any
// number of goroutines, with the same result. A Generator is safe for
// concurrent use.
type Generator struct {
	m   *Model
	cfg Config
	// Offsets of the low-discrepancy sequences that choose each
	// document's language and kind, so that the mix is right to a
	// document or two for any number of documents.
	langOffset, kindOffset float64
}

// New returns a Generator of documents from m.
func New(m *Model, cfg Config) *Generator {
	r := rand.New(rand.NewPCG(cfg.Seed, 0x6c616e67))
	return &Generator{m: m, cfg: cfg, langOffset: r.Float64(), kindOffset: r.Float64()}
}

type docKind uint8

const (
	kindNews docKind = iota
	kindTranscript
	kindDocument
	kindAnnouncement
	kindSecurityCouncil
)

// kindMix is the mix of pages on the full 7,235-page mirror (NOTES §3):
// "News" only 5,331, "News, Transcripts" 1,395, Documents 206,
// Announcements 173, Security Council 103.
var kindMix = [...]struct {
	kind  docKind
	pages float64
}{{kindNews, 5331}, {kindTranscript, 1395}, {kindDocument, 206}, {kindAnnouncement, 173}, {kindSecurityCouncil, 103}}

const (
	// Of the 1,395 transcripts, 43 have no speaker labels; 50 of the
	// other pages have some (NOTES §3).
	transcriptLabelled = 1 - 43.0/1395
	otherLabelled      = 50.0 / (7208 - 1395)
	// Place is missing on 3,349 of 7,235 pages; a photo slider opens
	// 2,631; "See also" boxes are on 2,403 and "Additional" on 153; 407
	// of the slider captions carry a photo credit (NOTES §3).
	placeShare      = 1 - 3349.0/7235
	sliderShare     = 2631.0 / 7235
	seeAlsoShare    = 2403.0 / 7235
	additionalShare = 153.0 / 7235
	creditShare     = 407.0 / 2631
	// On about 1,000 of the 2,631 sliders the carousel opens on another
	// slide than the first.
	laterSlideShare = 1000.0 / 2631
	// NBSP appears on 7,068 of 7,235 pages.
	nbspShare = 7068.0 / 7235
	// "* * *" separates the intro from the turns on 375 pages, of the 778
	// transcripts with an intro; "<…>" marks omitted text on 943 pages.
	separatorShare = 375.0 / (1395 - 617)
	omissionShare  = 943.0 / 7235
	// Anonymous labels: "Question" 436, "Question (retranslated)" 27,
	// "Remark" 265.
	questionShare     = 436.0 / 728
	retranslatedShare = 27.0 / 728
)

var (
	sectionsEn = map[docKind][]string{kindNews: {"News"}, kindTranscript: {"News", "Transcripts"},
		kindDocument: {"News", "Documents"}, kindAnnouncement: {"News", "Announcements"},
		kindSecurityCouncil: {"News", "Security Council"}}
	monthsEn = [...]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	creditsEn  = []string{"TASS", "RIA Novosti", "Presidential Press and Information Office"}
	stagesEn   = []string{"(Applause.)", "(Laughter.)", "(Applause)", "(Laughter)", "(Laughter in the audience.)"}
	stagesRu   = []string{"(Аплодисменты.)", "(Смех.)", "(Оживление в зале.)"}
	yearWeight = func() []float64 {
		// Linearly from 1 in 2001 to 3 in 2025: recent years have more pages.
		var cum []float64
		total := 0.0
		for y := firstYear; y <= lastYear; y++ {
			total += 1 + 2*float64(y-firstYear)/float64(lastYear-firstYear)
			cum = append(cum, total)
		}
		return cum
	}()
)

// Documents are dated from 2001-01-01 to 2025-12-31.
const (
	firstYear = 2001
	lastYear  = 2025
)

// Marker is the first line of every generated document, before its
// language and number ("en/123"). internal/parser/kremlintext recognises
// exactly this line and makes the page synthetic.
const Marker = "Synthetic document (rostrum gen): fictional text, not from kremlin.ru — id "

// ID returns the id that document n in language lang gets once parsed.
func ID(lang string, n int) string { return "synthetic/" + lang + "/" + strconv.Itoa(n) }

// docState is what one document's parts share.
type docState struct {
	n         int
	ru        bool
	nbsp      bool
	kind      docKind
	era       int
	president *person
	cast      []*person // named participants besides the President
	salt      uint64    // chooses the fictional parts that replace real ones
}

// guest returns one of the document's participants, or the President.
func (d *docState) guest(rng *rand.Rand) *person {
	if len(d.cast) > 0 {
		return d.cast[rng.IntN(len(d.cast))]
	}
	return d.president
}

// writer appends one document to a buffer.
type writer struct {
	buf []byte
	rng *rand.Rand
	m   *Model
	doc *docState
}

func (w *writer) str(s string) { w.buf = append(w.buf, s...) }

func (w *writer) nl() { w.buf = append(w.buf, '\n') }

func (w *writer) int(n int) { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

// space separates two words: a no-break space after a short word when the
// document uses them.
func (w *writer) space() {
	if w.doc.nbsp && w.endsInBindWord() {
		w.buf = append(w.buf, "\u00a0"...)
	} else {
		w.buf = append(w.buf, ' ')
	}
}

// endsInBindWord reports whether the last word written is one of
// bindWords, none of which is longer than five bytes.
func (w *writer) endsInBindWord() bool {
	b := w.buf
	for k := 1; k <= 6 && k <= len(b); k++ {
		switch c := b[len(b)-k]; {
		case c == ' ' || c == '\n' || c == 0xA0 && k < len(b) && b[len(b)-k-1] == 0xC2:
			return k > 1 && bindWords[string(b[len(b)-k+1:])]
		}
	}
	return false
}

// text writes s, binding its short words.
func (w *writer) text(s string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			w.space()
			continue
		}
		w.buf = append(w.buf, s[i])
	}
}

// Document appends document n (1 or more) to buf and returns the
// extended buffer and the document's language, "en" or "ru".
func (g *Generator) Document(buf []byte, n int) ([]byte, string) {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, uint64(n)))
	d := &docState{n: n, salt: rng.Uint64()}
	d.ru = frac(g.langOffset+float64(n)*0.6180339887498949) < g.cfg.Russian
	d.kind = pickKind(frac(g.kindOffset + float64(n)*0.41421356237309503))
	d.nbsp = rng.Float64() < nbspShare
	w := &writer{buf: buf, rng: rng, m: g.m, doc: d}
	start := len(buf)
	if d.ru {
		ruWriter{w}.document()
		if rng.IntN(3) == 0 {
			// Many Russian texts write е for ё: search must find both.
			replaceYo(w.buf[start:])
		}
		return w.buf, "ru"
	}
	w.documentEn()
	return w.buf, "en"
}

func frac(x float64) float64 { return x - math.Floor(x) }

func pickKind(u float64) docKind {
	total := 0.0
	for _, k := range kindMix {
		total += k.pages
	}
	x := u * total
	for _, k := range kindMix {
		if x < k.pages {
			return k.kind
		}
		x -= k.pages
	}
	return kindNews
}

// replaceYo writes е for ё and Е for Ё, in place (same length in UTF-8).
func replaceYo(b []byte) {
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] == 0xD1 && b[i+1] == 0x91: // ё
			b[i], b[i+1] = 0xD0, 0xB5
		case b[i] == 0xD0 && b[i+1] == 0x81: // Ё
			b[i], b[i+1] = 0xD0, 0x95
		}
	}
}

// date draws the event date: 2001-01-01 to 2025-12-31, recent years
// weighted up.
func (w *writer) date() time.Time {
	x := w.rng.Float64() * yearWeight[len(yearWeight)-1]
	y := firstYear
	for i, c := range yearWeight {
		if x < c {
			y = firstYear + i
			break
		}
	}
	days := 365
	if y%4 == 0 {
		days = 366
	}
	return time.Date(y, 1, 1+w.rng.IntN(days), 0, 0, 0, 0, time.UTC)
}

// clock draws an event time from the corpus's times.
func (w *writer) clock() (h, m int) {
	t := w.m.times[w.rng.IntN(len(w.m.times))]
	if len(t) == 5 {
		h, _ = strconv.Atoi(t[:2])
		m, _ = strconv.Atoi(t[3:])
	}
	return h, m
}

func (w *writer) hhmm(h, m int) {
	w.buf = append(w.buf, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

func (w *writer) dateEn(t time.Time) {
	w.str(monthsEn[t.Month()-1])
	w.space()
	w.int(t.Day())
	w.str(", ")
	w.int(t.Year())
}

func draw(rng *rand.Rand, d Dist, fallback int) int {
	if len(d) == 0 {
		return fallback
	}
	return d[rng.IntN(len(d))]
}

// plan is the shape of a document's body, drawn before it is written.
type plan struct {
	labelled  bool
	intro     int
	separator bool
	turns     int
	paras     []int // per turn, or the body's paragraphs when not labelled
	// main and anonymous are the shares of the President's turns and of
	// anonymous ones, the rest being the cast's.
	main, anonymous float64
}

func (w *writer) plan() plan {
	st := &w.m.Stats
	d := w.doc
	var p plan
	switch d.kind {
	case kindTranscript:
		p.labelled = w.rng.Float64() < transcriptLabelled
	default:
		p.labelled = w.rng.Float64() < otherLabelled
	}
	if !p.labelled {
		n := max(1, draw(w.rng, st.BodyParas, 4))
		if d.kind == kindAnnouncement {
			n = min(n, 3)
		}
		p.paras = []int{n}
		return p
	}
	p.intro = draw(w.rng, st.IntroParas, 1)
	p.separator = p.intro > 0 && w.rng.Float64() < separatorShare
	sh := shape{turns: 4, speakers: 1, main: 2}
	if len(w.m.shapes) > 0 {
		sh = w.m.shapes[w.rng.IntN(len(w.m.shapes))]
	}
	p.turns = max(1, sh.turns)
	p.main = float64(sh.main) / float64(p.turns)
	p.anonymous = float64(sh.anonymous) / float64(p.turns)
	if d.kind != kindTranscript {
		p.turns = min(p.turns, 4)
	}
	// Named speakers besides the President; with none, the President
	// speaks alone or answers anonymous questions.
	for range sh.speakers {
		per := w.m.pool.draw(w.rng, d.era)
		if per == d.president || contains(d.cast, per) {
			continue
		}
		d.cast = append(d.cast, per)
	}
	for range p.turns {
		p.paras = append(p.paras, max(1, draw(w.rng, st.ParasPerTurn, 2)))
	}
	return p
}

func contains(ps []*person, p *person) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// speakers returns who speaks each turn: a person or, when nil, an
// anonymous label, in the shares of the plan. A transcript of one turn is
// the President's. Nobody speaks twice in a row when someone else can.
func (w *writer) speakers(p plan) []*person {
	if p.turns == 1 {
		return []*person{w.doc.president}
	}
	cast := w.doc.cast
	main, anonymous := p.main, p.anonymous
	if len(cast) == 0 && main+anonymous == 0 {
		main = 1
	}
	out := make([]*person, 0, p.turns)
	for i := range p.turns {
		var s *person
		for try := 0; try < 4; try++ {
			x := w.rng.Float64() * (main + anonymous + float64(min(len(cast), 1))*(1-main-anonymous))
			switch {
			case x < main:
				s = w.doc.president
			case x < main+anonymous || len(cast) == 0:
				s = nil
			default:
				s = cast[w.rng.IntN(len(cast))]
			}
			if i == 0 || s != out[i-1] {
				break
			}
		}
		out = append(out, s)
	}
	return out
}

func (w *writer) documentEn() {
	d := w.doc
	m := w.m
	st := &m.Stats
	t := w.date()
	d.era = eraOf(t.Year())
	d.president = &m.pool.persons[m.pool.presidents[d.era]]
	p := w.plan()

	w.str(Marker)
	w.str("en/")
	w.int(d.n)
	w.nl()
	w.str("Events\n")
	w.sentenceLine(m.title, draw(w.rng, st.TitleWords, 8), 3)
	w.sentenceLine(m.lead, draw(w.rng, st.LeadWords, 18), 2)
	h, mi := w.clock()
	pub, ph, pm := t, h, mi
	if d.kind == kindAnnouncement {
		// Announcements print no date or time in the header, only
		// "Announcement, <date>"; they are published days before.
		w.str("Announcement, ")
		w.dateEn(t)
		w.nl()
		pub = publishedBefore(t, w.rng)
	} else {
		w.dateEn(t)
		w.nl()
		w.hhmm(h, mi)
		w.nl()
		if w.rng.Float64() < placeShare && len(m.places) > 0 {
			w.text(m.places[w.rng.IntN(len(m.places))])
			w.nl()
		}
		ph, pm = later(h, mi, w.rng.IntN(180))
	}
	if w.rng.Float64() < sliderShare && !m.caption.empty() {
		n := max(1, draw(w.rng, st.Photos, 3))
		k := 1
		if n > 1 && w.rng.Float64() < laterSlideShare {
			k = 2 + w.rng.IntN(n-1)
		}
		w.int(k)
		w.str(" of ")
		w.int(n)
		w.nl()
		w.sentence(m.caption, 40)
		if w.rng.Float64() < creditShare {
			w.str(" Photo: ")
			w.str(creditsEn[w.rng.IntN(len(creditsEn))])
		}
		w.nl()
	}
	var cuts []int // where a box may go: the start of a body line
	if !p.labelled {
		for range p.paras[0] {
			cuts = append(cuts, len(w.buf))
			w.paragraph(m.narrative, draw(w.rng, st.WordsNarrative, 40), false)
			w.nl()
		}
	} else {
		cuts = w.transcriptEn(p, cuts)
	}
	w.furniture(t, cuts)
	w.footerEn(pub, ph, pm)
}

// publishedBefore returns an announcement's publication date, a few days
// before the event but not before the first year.
func publishedBefore(t time.Time, rng *rand.Rand) time.Time {
	pub := t.AddDate(0, 0, -1-rng.IntN(5))
	if pub.Year() < firstYear {
		return t
	}
	return pub
}

// later returns h:m plus some minutes, at most 23:59.
func later(h, m, minutes int) (int, int) {
	t := min(h*60+m+minutes, 23*60+59)
	return t / 60, t % 60
}

// sentenceLine writes one line of a chain's sentences, the one of a few
// tries closest to target words.
func (w *writer) sentenceLine(c *chain, target, tries int) {
	start := len(w.buf)
	bestDiff := math.MaxInt
	var keep []byte
	for range tries {
		w.buf = w.buf[:start]
		n := 0
		for n < target/2+1 {
			if n > 0 {
				w.buf = append(w.buf, ' ')
			}
			n += w.sentence(c, 60)
			if c == w.m.title {
				break // a title is one sentence
			}
		}
		diff := abs(n - target)
		if diff < bestDiff {
			bestDiff = diff
			keep = append(keep[:0], w.buf[start:]...)
		}
		if diff <= target/4 {
			break
		}
	}
	w.buf = append(w.buf[:start], keep...)
	w.nl()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// sentence writes one sentence of chain c, at most max words, and returns
// its number of words.
func (w *writer) sentence(c *chain, max int) int {
	v := w.m.v
	e := c.start
	n := 0
	var prevFlags uint8
	for n < max {
		k := e.lo
		if cnt := e.n(); cnt > 1 {
			k += w.rng.Uint32N(cnt)
		}
		e = c.edges[k]
		if e.end() {
			return n
		}
		if n > 0 {
			if w.doc.nbsp && prevFlags&wordBind != 0 {
				w.buf = append(w.buf, "\u00a0"...)
			} else {
				w.buf = append(w.buf, ' ')
			}
		}
		prevFlags = e.flags()
		switch off, size := e.off(), e.size(); {
		case prevFlags&wordName != 0:
			w.fictional(v.names[off])
		case size <= 16:
			// Most words: one fixed 16-byte copy instead of a call to
			// memmove (text has 16 spare bytes at its end).
			at := len(w.buf)
			if cap(w.buf)-at < 16 {
				w.buf = slices.Grow(w.buf, 16)
			}
			w.buf = w.buf[:at+16]
			*(*[16]byte)(w.buf[at:]) = *(*[16]byte)(v.text[off:])
			w.buf = w.buf[:at+int(size)]
		default:
			w.buf = append(w.buf, v.text[off:off+size]...)
		}
		n++
	}
	// Cut short: end it as a sentence.
	if n > 0 {
		if last := w.buf[len(w.buf)-1]; last != '.' && last != '?' && last != '!' {
			w.buf = append(w.buf, '.')
		}
	}
	return n
}

// fictional writes a word whose real name part is replaced: the main
// speaker's parts by the era's President's, others by a fictional part
// chosen per document, so that a name stays the same within a document.
func (w *writer) fictional(nw nameWord) {
	w.str(nw.pre)
	switch nw.top {
	case 1:
		w.str(w.doc.president.given.en)
	case 2:
		w.str(w.doc.president.surname.en)
	default:
		parts := w.m.pool.givenParts
		if nw.surname {
			parts = w.m.pool.surnameParts
		}
		h := w.doc.salt
		for i := 0; i < len(nw.part); i++ {
			h ^= uint64(nw.part[i])
			h *= 1099511628211
		}
		w.str(parts[h%uint64(len(parts))].en)
	}
	w.str(nw.suf)
}

// paragraph writes sentences of chain c until about target words. Speech
// after a label must open with a capital, or the parser takes the label
// for a heading.
func (w *writer) paragraph(c *chain, target int, afterLabel bool) {
	start := len(w.buf)
	// Stop when another sentence would overshoot the target by more
	// than it would fall short without it.
	half := c.tokens / c.sentences / 2
	words := w.sentence(c, max(target+half, 3))
	for target-words > half {
		w.buf = append(w.buf, ' ')
		words += w.sentence(c, target-words+half)
	}
	p := w.buf[start:]
	// The text before a line's first colon reads as a speaker label when
	// it looks like one ("Orlik Morsky. Rosavenko: I do"), up to 240
	// characters: the parser would start a turn there. Commas they are.
	for k := bytes.IndexByte(p, ':'); k >= 0 && k < 2*240; k = bytes.IndexByte(p, ':') {
		p[k] = ','
	}
	if afterLabel && p[0] >= 'a' && p[0] <= 'z' {
		p[0] -= 'a' - 'A'
	}
}

// labelEn returns the label for s's turn: the office on first mention
// for officials (always, or never, for the President), the name alone
// after.
func (w *writer) labelEn(s *person, named map[*person]bool, fullPresident bool) string {
	if s == nil {
		x := w.rng.Float64()
		switch {
		case x < retranslatedShare:
			return "Question (retranslated)"
		case x < questionShare+retranslatedShare:
			return "Question"
		}
		return "Remark"
	}
	name := s.name(false)
	first := !named[s]
	named[s] = true
	switch {
	case s.kind == kindPresident:
		if fullPresident {
			return s.officeEn + " " + name
		}
	case s.officeEn != "" && first && w.rng.IntN(5) < 3:
		name = s.officeEn + " " + name
	}
	if s.kind == kindLeader && w.rng.IntN(7) == 0 {
		name += " (retranslated)"
	}
	return name
}

// transcriptEn writes an intro and the turns; it returns cuts extended
// with the starts of lines where a box may go.
func (w *writer) transcriptEn(p plan, cuts []int) []int {
	m := w.m
	st := &m.Stats
	for range p.intro {
		cuts = append(cuts, len(w.buf))
		w.paragraph(m.narrative, draw(w.rng, st.WordsNarrative, 40), false)
		w.nl()
	}
	if p.separator {
		w.str("* * *\n")
	}
	named := map[*person]bool{}
	fullPresident := w.rng.Float64() < st.FullLabelShare
	for i, s := range w.speakers(p) {
		cuts = append(cuts, len(w.buf))
		w.text(w.labelEn(s, named, fullPresident))
		switch x := w.rng.IntN(100); {
		case x < 92:
			w.str(": ")
		case x < 97:
			w.str(":\n")
		default:
			w.str("\n: ") // the label broken over two lines
		}
		for k := range p.paras[i] {
			if k > 0 {
				cuts = append(cuts, len(w.buf))
			}
			if k > 0 && w.rng.Float64() < st.StageShare {
				w.str(stagesEn[w.rng.IntN(len(stagesEn))])
				w.nl()
				continue
			}
			w.paragraph(m.speech, draw(w.rng, st.WordsSpeech, 40), k == 0)
			w.nl()
		}
	}
	return cuts
}

// furniture inserts an omission mark "<…>" and "See also" and
// "Additional" boxes at lines of the body, each at a start of a line in cuts.
func (w *writer) furniture(t time.Time, cuts []int) {
	if len(cuts) == 0 {
		return
	}
	for _, b := range [...]struct {
		share  float64
		en, ru string
	}{{omissionShare, "<…>", "<…>"}, {seeAlsoShare, "See also", "Смотрите также"},
		{additionalShare, "Additional", "Дополнительно"}} {
		if w.rng.Float64() >= b.share {
			continue
		}
		// The box is written at the end, then moved to its place.
		at, end := cuts[w.rng.IntN(len(cuts))], len(w.buf)
		if w.doc.ru {
			w.str(b.ru)
		} else {
			w.str(b.en)
		}
		w.nl()
		items := max(1, draw(w.rng, w.m.Stats.BoxItems, 1))
		if b.en == "<…>" {
			items = 0 // a mark, not a box
		}
		for range items {
			day := t.AddDate(0, 0, -1-w.rng.IntN(60))
			if w.doc.ru {
				rw := ruWriter{w}
				rw.title(kindNews, w.doc.guest(w.rng))
				w.nl()
				rw.dateRu(day.Year(), int(day.Month()), day.Day())
			} else {
				w.sentence(w.m.title, 30)
				w.nl()
				w.dateEn(day)
			}
			w.nl()
		}
		box := append([]byte(nil), w.buf[end:]...)
		w.buf = slices.Insert(w.buf[:end], at, box...)
		// Later cuts moved by the length of the box.
		shift := len(box)
		for i := range cuts {
			if cuts[i] > at {
				cuts[i] += shift
			}
		}
	}
}

// columns draws which footer columns the page has.
func (w *writer) columns() tagCombo {
	total := 0.0
	for _, c := range w.m.tagCombos {
		total += c.weight
	}
	x := w.rng.Float64() * total
	for _, c := range w.m.tagCombos {
		if x < c.weight {
			return c
		}
		x -= c.weight
	}
	return tagCombo{}
}

// items draws n distinct items, the fixed ones first.
func (w *writer) items(n int, fixed []string, from []string) []string {
	out := append([]string(nil), fixed...)
	for try := 0; len(out) < n && try < 4*n && len(from) > 0; try++ {
		s := from[w.rng.IntN(len(from))]
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// footerPersons lists the participants, surname first, then others of the
// era up to n.
func (w *writer) footerPersons(n int) []string {
	ru := w.doc.ru
	var out []string
	for _, p := range w.doc.cast {
		if len(out) < n {
			out = append(out, p.taxonomy(ru))
		}
	}
	for try := 0; len(out) < n && try < 4*n; try++ {
		p := w.m.pool.draw(w.rng, w.doc.era)
		if p == w.doc.president {
			continue
		}
		s := p.taxonomy(ru)
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// leaderCountries returns the countries of the foreign leaders taking part.
func (w *writer) leaderCountries(ru bool) []string {
	var out []string
	for _, p := range w.doc.cast {
		if p.kind == kindLeader {
			c := countries[p.office.index]
			if ru {
				out = append(out, c.nom)
			} else {
				out = append(out, c.en)
			}
		}
	}
	return out
}

func (w *writer) footerEn(pub time.Time, h, mi int) {
	st := &w.m.Stats
	c := w.columns()
	if c.geography {
		w.str("Geography\n")
		for _, s := range w.items(max(1, draw(w.rng, st.GeographyItems, 1)), w.leaderCountries(false), w.m.geography) {
			w.text(s)
			w.nl()
		}
	}
	if c.topics {
		w.str("Topics\n")
		for _, s := range w.items(max(1, draw(w.rng, st.TopicItems, 1)), nil, w.m.topics) {
			w.text(s)
			w.nl()
		}
	}
	if c.persons {
		w.str("Persons\n")
		for _, s := range w.footerPersons(max(1, draw(w.rng, st.PersonItems, 1))) {
			w.str(s)
			w.nl()
		}
	}
	w.str("Publication status\n")
	secs := sectionsEn[w.doc.kind]
	if len(secs) == 1 {
		w.text("Published in section: ")
	} else {
		w.text("Published in sections: ")
	}
	for i, s := range secs {
		if i > 0 {
			w.str(", ")
		}
		w.str(s)
	}
	w.nl()
	w.str("Publication date: ")
	w.dateEn(pub)
	w.str(", ")
	w.hhmm(h, mi)
	w.nl()
	w.str("Direct link: ")
	w.str(ID("en", w.doc.n))
	w.str("\nText version\n")
}
