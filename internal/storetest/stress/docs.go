package stress

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// The documents are made in code, not parsed from generated pages, so that
// a reader can rebuild any version it reads and compare the two: document
// i of writer w, version v, is a function of (w, i, v) alone. Its
// structure (language, date, taxonomy, speakers and the number of turns,
// each of two paragraphs) depends on (w, i) only; its words, lead and
// title on v as well. So a search hit read in one snapshot still names a
// turn and a speaker that the document has in a later one, and every
// filter value that a seed document brings stays in the archive.
//
// Each document also carries a checksum of itself in its title:
// "Stress W/I turns=N sum=HEX", N its number of turns and HEX an FNV-64a
// hash of its lead and turns. A document read back with a turn missing, a
// paragraph of another version or a lead of another version fails it
// even before it is compared with the rebuilt one.

// persons is the cast: label, canonical person and role. The last two
// speak without a person.
var persons = []struct{ label, person, role string }{
	{"President of Russia Ivor Valdin", "Ivor Valdin", "President of Russia"},
	{"Ivor Valdin", "Ivor Valdin", ""},
	{"Prime Minister Osko Ternavin", "Osko Ternavin", "Prime Minister"},
	{"Minister of Finance Dalia Kremova", "Dalia Kremova", "Minister of Finance"},
	{"Governor Pavel Ostrikov", "Pavel Ostrikov", "Governor"},
	{"Marta Lunevskaya", "Marta Lunevskaya", ""},
	{"Foreign Minister Sergo Valanin", "Sergo Valanin", "Foreign Minister"},
	{"President of Ostravia Tamas Velek", "Tamas Velek", "President of Ostravia"},
	{"Minister of Health Irina Saltova", "Irina Saltova", "Minister of Health"},
	{"Boris Anikeev", "Boris Anikeev", ""},
	{"Question", "", ""},
	{"Remark", "", ""},
}

var (
	topics      = []string{"Economy and finance", "Healthcare", "Foreign policy", "Science", "Culture", "Transport", "Energy", "Education"}
	geography   = []string{"Ostravia", "Moscow", "Siberia", "Volga Region"}
	publishedIn = [][]string{{"News"}, {"Transcripts"}, {"News", "Transcripts"}, {"Documents"}}
)

// words are the vocabularies of the texts, by language. None is a stop
// word, and the English ones stem to themselves or close to it.
var words = map[string][]string{
	"en": strings.Fields(`budget economy inflation pipeline harvest railway bridge hospital vaccine school
		teacher reactor satellite tariff export import investment currency pension wheat oil gas coal grain
		steel aluminium shipyard airport highway tunnel river forest drought flood medicine clinic doctor
		nurse student university laboratory research innovation startup factory plant worker salary wage
		mortgage housing region district governor mayor council parliament treaty summit delegation embassy
		border customs frontier security army navy veteran memorial museum theatre library archive festival
		olympics stadium football hockey chess orchestra concert exhibition heritage monument cathedral
		village farmer tractor fertiliser irrigation electricity grid turbine nuclear solar hydrogen battery`),
	"ru": strings.Fields(`бюджет экономика инфляция трубопровод урожай железная дорога мост больница вакцина школа
		учитель реактор спутник тариф экспорт импорт инвестиции валюта пенсия пшеница нефть газ уголь зерно
		сталь верфь аэропорт шоссе тоннель река лес засуха наводнение лекарство поликлиника врач медсестра
		студент университет лаборатория исследование завод рабочий зарплата ипотека жильё регион район
		губернатор совет парламент договор саммит делегация посольство граница таможня безопасность армия
		флот ветеран музей театр библиотека архив фестиваль стадион футбол хоккей шахматы оркестр концерт
		выставка наследие памятник собор деревня фермер трактор удобрение электричество турбина`),
}

// id returns the id of document i of writer w.
func id(w, i int) string { return "stress/" + strconv.Itoa(w) + "/" + strconv.Itoa(i) }

var reID = regexp.MustCompile(`^stress/(\d+)/(\d+)$`)

// parseID returns the writer and number of a document id made by id.
func parseID(s string) (w, i int, ok bool) {
	m := reID.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	w, _ = strconv.Atoi(m[1])
	i, _ = strconv.Atoi(m[2])
	return w, i, true
}

// language returns the language of document i of writer w: one in five is
// Russian, and the seed of writer 3 is.
func language(w, i int) string {
	if (w+i)%5 == 3 {
		return "ru"
	}
	return "en"
}

// document returns version v (from 1) of document i of writer w. Document
// 0 of each writer is a seed: it has every topic, place and speaker, so
// that filters on any of them are valid once the seeds are stored.
func document(w, i, v int) *transcript.Document {
	shape := rand.New(rand.NewPCG(uint64(w)<<32|uint64(i), 0x5eed))
	text := rand.New(rand.NewPCG(uint64(w)<<32|uint64(i), uint64(v)))
	lang := language(w, i)
	d := &transcript.Document{
		ID:       id(w, i),
		Source:   transcript.SourceSynthetic,
		URL:      fmt.Sprintf("https://stress.example/%d/%d", w, i),
		Language: lang,
		Section:  "Events",
		// Dates from 2000 to 2024, and a few documents on one day.
		Date:        fmt.Sprintf("%04d-%02d-%02d", 2000+shape.IntN(25), 1+shape.IntN(12), 1+shape.IntN(28)),
		Time:        fmt.Sprintf("%02d:%02d", 9+shape.IntN(10), shape.IntN(60)),
		PublishedIn: publishedIn[shape.IntN(len(publishedIn))],
	}
	var cast []int
	if i == 0 {
		d.Topics = topics
		d.Geography = geography
		cast = make([]int, len(persons))
		for k := range cast {
			cast[k] = k
		}
	} else {
		d.Topics = pick(shape, topics, 1+shape.IntN(3))
		d.Geography = pick(shape, geography, shape.IntN(3))
		cast = make([]int, 1+shape.IntN(10))
		for k := range cast {
			cast[k] = shape.IntN(len(persons))
		}
	}
	vocab := words[lang]
	for k, p := range cast {
		sp := persons[p]
		d.Turns = append(d.Turns, transcript.Turn{
			Index: k + 1, Speaker: sp.label, Person: sp.person, Role: sp.role,
			Paragraphs: []string{sentence(text, vocab, 6+text.IntN(20)), sentence(text, vocab, 4+text.IntN(30))},
		})
		if sp.person != "" && !slices.Contains(d.Persons, sp.person) {
			d.Persons = append(d.Persons, sp.person)
		}
	}
	d.Lead = fmt.Sprintf("Version %d: %s", v, sentence(text, vocab, 3+text.IntN(8)))
	d.Title = fmt.Sprintf("Stress %d/%d turns=%d sum=%016x", w, i, len(d.Turns), checksum(d))
	return d
}

// pick returns n distinct items of from, in from's order.
func pick(rng *rand.Rand, from []string, n int) []string {
	if n == 0 {
		return nil
	}
	keep := rng.Perm(len(from))[:n]
	slices.Sort(keep)
	out := make([]string, n)
	for k, j := range keep {
		out[k] = from[j]
	}
	return out
}

func sentence(rng *rand.Rand, vocab []string, n int) string {
	ws := make([]string, n)
	for k := range ws {
		ws[k] = vocab[rng.IntN(len(vocab))]
	}
	return strings.Join(ws, " ") + "."
}

// checksum hashes what a document's title vouches for: its lead and
// turns.
func checksum(d *transcript.Document) uint64 {
	h := fnv.New64a()
	h.Write([]byte(d.Lead))
	for _, t := range d.Turns {
		fmt.Fprintf(h, "\x00%d\x00%s\x00%s\x00%s", t.Index, t.Speaker, t.Person, t.Role)
		for _, p := range t.Paragraphs {
			h.Write([]byte{0})
			h.Write([]byte(p))
		}
	}
	return h.Sum64()
}

var (
	reTitle = regexp.MustCompile(`^Stress (\d+)/(\d+) turns=(\d+) sum=([0-9a-f]{16})$`)
	reLead  = regexp.MustCompile(`^Version (\d+): `)
)

// checkWhole reports how d, read back from an archive, is not a version
// of a document that a writer put: its title's checksum, then the whole
// document rebuilt from its id and version. maxVersion bounds the
// version it may be (0: no bound).
func checkWhole(d *transcript.Document, maxVersion int) error {
	m := reTitle.FindStringSubmatch(d.Title)
	if m == nil {
		return fmt.Errorf("document %s: title %q is not a stress title", d.ID, d.Title)
	}
	if n, _ := strconv.Atoi(m[3]); n != len(d.Turns) {
		return fmt.Errorf("document %s: %d turns, its title says %d: half written", d.ID, len(d.Turns), n)
	}
	if sum := fmt.Sprintf("%016x", checksum(d)); sum != m[4] {
		return fmt.Errorf("document %s: checksum %s, its title says %s: turns or lead of another version", d.ID, sum, m[4])
	}
	w, i, ok := parseID(d.ID)
	if !ok {
		return fmt.Errorf("document %q: not a stress id", d.ID)
	}
	lm := reLead.FindStringSubmatch(d.Lead)
	if lm == nil {
		return fmt.Errorf("document %s: lead %q names no version", d.ID, d.Lead)
	}
	v, _ := strconv.Atoi(lm[1])
	if v < 1 || maxVersion > 0 && v > maxVersion {
		return fmt.Errorf("document %s: version %d, want 1 to %d", d.ID, v, maxVersion)
	}
	got, want := canonical(d), canonical(document(w, i, v))
	if got != want {
		return fmt.Errorf("document %s version %d differs from what was put:\n got %s\nwant %s", d.ID, v, got, want)
	}
	return nil
}

// canonical returns d's canonical JSON, which is what the engines hash.
func canonical(d *transcript.Document) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // a transcript.Document always marshals
	}
	return string(b)
}

// hash returns the hash an engine records for d: the hex SHA-256 of its
// canonical JSON (transcript.Version.Hash).
func hash(d *transcript.Document) string {
	sum := sha256.Sum256([]byte(canonical(d)))
	return hex.EncodeToString(sum[:])
}

// raw returns the raw input stored with d: its canonical JSON, as the
// jsondoc parser reads it.
func raw(d *transcript.Document) transcript.Raw {
	return transcript.Raw{Origin: d.ID + ".json", Format: "json", Bytes: []byte(canonical(d))}
}
