package tei_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/tei"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const samplePath = "../../cmd/rostrum/sample/2022-02-10-press-statements-russia-kazakhstan.txt"

func mustSample(t testing.TB) *transcript.Document {
	t.Helper()
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := kremlintext.Parse(f, samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// registryOf builds the person registry of docs, as an archive would.
func registryOf(docs []*transcript.Document) *persons.Registry {
	turns := map[string]int{}
	for _, d := range docs {
		for _, t := range d.Turns {
			if t.Person != "" {
				turns[t.Person]++
			}
		}
	}
	var stored []transcript.Person
	for name, n := range turns {
		stored = append(stored, transcript.Person{Name: name, Turns: n})
	}
	reg, _ := archive.Registry(stored, nil)
	return reg
}

// structure is what a check of a TEI file found.
type structure struct {
	TEIs, Us, Persons int
	Root              string
}

// check reads a TEI file with encoding/xml: it must be well-formed, in
// the TEI namespace, with unique xml:ids that are NCNames, and every who
// and ana must point to an xml:id of the file. With xmllint on the PATH
// (libxml2-utils), xmllint --noout must accept it too, and so must
// xmllint --relaxng testdata/tei-subset.rng: TEI's content models for the
// elements the export uses.
func check(t *testing.T, b []byte) structure {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	ids := map[string]bool{}
	var refs []string
	var s structure
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if s.Root == "" {
			s.Root = se.Name.Local
		}
		if se.Name.Space != tei.Namespace {
			t.Errorf("<%s> is in namespace %q, want TEI's", se.Name.Local, se.Name.Space)
		}
		switch se.Name.Local {
		case "TEI":
			s.TEIs++
		case "u":
			s.Us++
		case "person":
			s.Persons++
		}
		for _, a := range se.Attr {
			switch {
			case a.Name.Space == "http://www.w3.org/XML/1998/namespace" && a.Name.Local == "id":
				if ids[a.Value] {
					t.Errorf("xml:id %q repeats", a.Value)
				}
				if !ncName(a.Value) {
					t.Errorf("xml:id %q is not an NCName", a.Value)
				}
				ids[a.Value] = true
			case a.Name.Local == "who" || a.Name.Local == "ana":
				refs = append(refs, a.Value)
			}
		}
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, "#") || !ids[r[1:]] {
			t.Errorf("who or ana %q points to no xml:id of the file", r)
		}
	}
	if _, err := exec.LookPath("xmllint"); err == nil {
		for _, args := range [][]string{{"--noout", "-"}, {"--noout", "--relaxng", filepath.Join("testdata", "tei-subset.rng"), "-"}} {
			cmd := exec.Command("xmllint", args...)
			cmd.Stdin = bytes.NewReader(b)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("xmllint %s: %v\n%.2000s", strings.Join(args, " "), err, out)
			}
		}
	} else if os.Getenv("ROSTRUM_XMLLINT_REQUIRED") == "1" {
		t.Error("xmllint is not installed (apt-get install libxml2-utils)")
	}
	return s
}

func ncName(s string) bool {
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || i > 0 && (unicode.IsDigit(r) || r == '.' || r == '-')) {
			return false
		}
	}
	return s != ""
}

// TestSampleGolden writes the sample document as a TEI file of its own
// and compares it with testdata/sample.tei.xml (rewritten by -update).
func TestSampleGolden(t *testing.T) {
	doc := mustSample(t)
	var b bytes.Buffer
	if err := tei.WriteDocument(&b, doc, registryOf([]*transcript.Document{doc})); err != nil {
		t.Fatal(err)
	}
	s := check(t, b.Bytes())
	speakers := 0
	for _, tr := range doc.Turns {
		if tr.Speaker != "" {
			speakers++
		}
	}
	if s.Root != "TEI" || s.TEIs != 1 || s.Us != speakers || s.Persons == 0 {
		t.Errorf("the sample's TEI has root %s, %d TEI, %d u, %d persons; want TEI, 1, %d u and its persons", s.Root, s.TEIs, s.Us, s.Persons, speakers)
	}
	golden := filepath.Join("testdata", "sample.tei.xml")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("WriteDocument(sample) mismatch (-want +got):\n%s", diff)
	}
}

// seq yields docs.
func seq(docs []*transcript.Document) func() iter.Seq2[*transcript.Document, error] {
	return func() iter.Seq2[*transcript.Document, error] {
		return func(yield func(*transcript.Document, error) bool) {
			for _, d := range docs {
				if !yield(d, nil) {
					return
				}
			}
		}
	}
}

// TestRussianFixtures: a person known by an English and a Russian name
// is one person with a name in each script, and Russian generic labels
// (Вопрос) are generic speakers.
func TestRussianFixtures(t *testing.T) {
	docs := append(searchtest.Fixtures(), &transcript.Document{ID: "kremlin.ru/70000", Source: "kremlin.ru", Language: "ru",
		Title: "Совещание с членами Правительства", Date: "2023-03-01", Place: "Москва, Кремль", Turns: []transcript.Turn{
			{Index: 1, Speaker: "В.Путин", Person: "Владимир Путин", Paragraphs: []string{"Добрый день, уважаемые коллеги!"}},
			{Index: 2, Speaker: "Вопрос", Paragraphs: []string{"А что с ценами?"}},
			{Index: 3, Speaker: "Президент России В.Путин", Person: "Владимир Путин", Role: "Президент России", Paragraphs: []string{"Спасибо."}},
		}})
	var b bytes.Buffer
	if err := tei.WriteCorpus(&b, tei.Header{Title: "fixtures", Date: "2026-01-01"}, registryOf(docs), seq(docs)); err != nil {
		t.Fatal(err)
	}
	s := check(t, b.Bytes())
	if s.Root != "teiCorpus" || s.TEIs != len(docs) {
		t.Errorf("root %s with %d TEI, want teiCorpus with %d", s.Root, s.TEIs, len(docs))
	}
	out := b.String()
	for _, want := range []string{`<persName xml:lang="en">Vladimir Putin</persName>`, `<persName xml:lang="ru">Владимир Путин</persName>`,
		`<affiliation from="2023-03-01" to="2023-03-01" xml:lang="ru">Президент России</affiliation>`, `<note type="speaker">Вопрос</note>`,
		`<u ana="#question" xml:id="kremlin.ru_70000.t2">`} {
		if !strings.Contains(out, want) {
			t.Errorf("the corpus lacks %s", want)
		}
	}
	i := strings.Index(out, `<person xml:id="VladimirPutin">`)
	j := strings.Index(out[max(i, 0):], `</person>`)
	if i < 0 || j < 0 || !strings.Contains(out[i:i+j], "Владимир Путин") {
		t.Errorf("Vladimir Putin's entry lacks his Russian name:\n%.600s", out[max(i, 0):])
	}
}

// TestCorpus exports the shared corpus: one TEI per document, one u per
// turn with a speaker, one person per registry person.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS)")
	}
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "tei.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	html, _ := filepath.Glob(filepath.Join(dir, "kremlin-html", "*.html"))
	res, err := ingest.Run(t.Context(), st, append([]string{filepath.Join(dir, "kremlin-en", "text")}, html...), ingest.Config{Formats: ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
	}})
	if err != nil || res.Failed > 0 {
		t.Fatalf("ingest: %v %v", err, res.Failures)
	}
	people, err := archive.LoadPeople(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	docs := func() iter.Seq2[*transcript.Document, error] { return st.Documents(t.Context()) }
	if err := tei.WriteCorpus(&b, tei.Header{Title: "corpus", Date: "2026-01-01"}, people.Registry, docs); err != nil {
		t.Fatal(err)
	}
	s := check(t, b.Bytes())
	n, us := 0, 0
	for d, err := range docs() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, tr := range d.Turns {
			if tr.Speaker != "" {
				us++
			}
		}
	}
	if s.TEIs != n || s.Us != us || s.Persons != len(people.Registry.Persons()) {
		t.Errorf("%d TEI, %d u, %d persons; want %d documents, %d turns with a speaker, %d registry persons",
			s.TEIs, s.Us, s.Persons, n, us, len(people.Registry.Persons()))
	}
}

// TestHostileText: markup, quotes and characters XML forbids in any field
// still give a well-formed file, with the text kept.
func TestHostileText(t *testing.T) {
	doc := &transcript.Document{ID: "x/1<&>\"'", Source: "synthetic", Language: "en", Title: "A <b>&amp; \"title\"\x01",
		Date: "2020-01-02", Place: "]]> here", Turns: []transcript.Turn{
			{Index: 1, Speaker: "Question", Paragraphs: []string{"What <about> & \"this\"?\x0b\ufffe"}},
			{Index: 2, Speaker: "Mr <X>", Person: "X & Y", Role: "a \"role\"", Paragraphs: []string{"(Applause.)", "Yes (Laughter.) no."},
				Notes: []string{"(Applause.)", "(Laughter.)"}},
			{Index: 3, Paragraphs: []string{"body text"}},
		}}
	var b bytes.Buffer
	if err := tei.WriteDocument(&b, doc, nil); err != nil {
		t.Fatal(err)
	}
	check(t, b.Bytes())
	out := b.String()
	for _, want := range []string{`<kinesic type="applause"><desc>(Applause.)</desc></kinesic>`, `Yes <note type="comment">(Laughter.)</note> no.`,
		`ana="#question"`, `What &lt;about&gt; &amp; "this"?`, `<p xml:id=`} {
		if !strings.Contains(out, want) {
			t.Errorf("the TEI lacks %s:\n%s", want, out)
		}
	}
}

// FuzzWriteDocument: whatever the text of a document, its TEI is
// well-formed XML.
func FuzzWriteDocument(f *testing.F) {
	f.Add("kremlin.ru/1", "Title", "Question", "", "text (Applause.)", "(Applause.)")
	f.Add("a/b", "<&>", "В.Путин", "Владимир Путин", "\x00\x01]]>", "")
	f.Fuzz(func(t *testing.T, id, title, speaker, person, text, note string) {
		doc := &transcript.Document{ID: id, Language: "ru", Title: title, Turns: []transcript.Turn{
			{Index: 1, Speaker: speaker, Person: person, Paragraphs: []string{text, note}, Notes: []string{note}}}}
		var b bytes.Buffer
		if err := tei.WriteDocument(&b, doc, nil); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&b)
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed for %q %q %q %q %q %q: %v", id, title, speaker, person, text, note, err)
			}
		}
	})
}
