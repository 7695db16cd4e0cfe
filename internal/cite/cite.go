// Package cite formats references to archived documents, and to single
// turns of them, in the common citation styles: Chicago (bibliography
// entry), APA 7, MLA 9, BibTeX and RIS. It knows nothing of the archive:
// the caller resolves the version, its permalink, the accessed date and
// the speaker's shown name, and passes them in a Work.
//
// Choices the styles leave open:
//   - The author of a turn is its person as the person registry shows the
//     name (Work.Author), inverted surname first ("Putin, Vladimir"): the
//     page's taxonomy, which lists persons surname first, says which words
//     are the surname ("Xi, Jinping", "Van der Bellen, Alexander"), and
//     without it the last word is taken for the surname; the label as printed is kept
//     ("speaker printed as …") when it differs from that name.
//   - A turn with no person (an anonymous "Question", an unlabelled turn)
//     and a whole document have the site as their author: President of
//     Russia, or Президент России for the Russian site, the organisation
//     that publishes the transcript and answers for it. MLA, which omits
//     an author that is also the publisher, begins with the title.
//   - The accessed date is Work.Accessed, which the caller takes from the
//     fetch that stored the version, else from when the version was stored
//     (Work.AccessedFrom says which).
//   - The permalink names the version: the citation still finds the text
//     cited after the source edits it.
package cite

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// The styles.
const (
	Chicago = "chicago"
	APA     = "apa"
	MLA     = "mla"
	BibTeX  = "bibtex"
	RIS     = "ris"
)

// Styles lists the style names, in the order they are offered.
var Styles = []string{Chicago, APA, MLA, BibTeX, RIS}

// StyleNames are the styles' names for people.
var StyleNames = map[string]string{Chicago: "Chicago", APA: "APA", MLA: "MLA", BibTeX: "BibTeX", RIS: "RIS"}

// What Work.AccessedFrom says of Work.Accessed.
const (
	AccessedFetch  = "fetch"  // the time of the fetch that stored the version
	AccessedStored = "stored" // when the version was stored (no fetch recorded: it was ingested from a file)
)

// Licence is kremlin.ru's licence, which its content requires with every
// reproduction.
const Licence = "CC BY 4.0"

// Work is what a citation names: one stored version of a document, or one
// turn of it.
type Work struct {
	Doc  *transcript.Document
	Turn int // the turn's Index; 0 for the whole document
	// Author is the shown name of the turn's person (the person
	// registry's canonical name); "" takes Turn.Person as it is.
	Author    string
	Version   int
	Permalink string // the version's (or the turn's, in the version) absolute address; may be ""
	// Accessed is when the version was read from the source; zero
	// leaves the accessed date out.
	Accessed     time.Time
	AccessedFrom string
}

// Format formats w in style. An unknown style is ErrInvalid, a turn the
// document lacks ErrNotFound.
func Format(style string, w Work) (string, error) {
	f, err := resolve(w)
	if err != nil {
		return "", err
	}
	switch style {
	case Chicago:
		return f.chicago(), nil
	case APA:
		return f.apa(), nil
	case MLA:
		return f.mla(), nil
	case BibTeX:
		return f.bibtex(), nil
	case RIS:
		return f.ris(), nil
	}
	return "", fmt.Errorf("%w: unknown citation style %q; the styles are %s", transcript.ErrInvalid, truncate(style, 40), strings.Join(Styles, ", "))
}

// ValidStyle reports whether style is one of Styles.
func ValidStyle(style string) bool { return slices.Contains(Styles, style) }

// fields are a work's parts, resolved once for every style.
type fields struct {
	w        Work
	doc      *transcript.Document
	turn     *transcript.Turn
	person   string // the author's name as shown, or "" for the organisation
	label    string // the speaker label as printed, when it is worth keeping
	org      string // the site as author and container
	licence  string
	year     string
	date     time.Time // zero when the document has no date
	accessed time.Time
}

func resolve(w Work) (*fields, error) {
	if w.Doc == nil {
		return nil, fmt.Errorf("%w: no document to cite", transcript.ErrInvalid)
	}
	f := &fields{w: w, doc: w.Doc, org: organisation(w.Doc), accessed: w.Accessed.UTC()}
	if w.Accessed.IsZero() {
		f.accessed = time.Time{}
	}
	if w.Doc.Source == transcript.SourceKremlin {
		f.licence = Licence
	}
	if d, err := time.Parse(time.DateOnly, w.Doc.Date); err == nil {
		f.date, f.year = d, w.Doc.Date[:4]
	}
	if w.Turn != 0 {
		for i := range w.Doc.Turns {
			if w.Doc.Turns[i].Index == w.Turn {
				f.turn = &w.Doc.Turns[i]
				break
			}
		}
		if f.turn == nil {
			return nil, fmt.Errorf("%w: document %s has no turn %d; it has %d", transcript.ErrNotFound, w.Doc.ID, w.Turn, len(w.Doc.Turns))
		}
		f.person = f.turn.Person
		if w.Author != "" && f.person != "" {
			f.person = w.Author
		}
		if f.turn.Speaker != "" && f.turn.Speaker != f.person {
			f.label = f.turn.Speaker
		}
		if f.person != "" {
			f.person = surnameFirst(f.person, w.Doc.Persons)
		}
	}
	return f, nil
}

// surnameFirst writes name surname first, "Surname, Given", when the
// page's taxonomy, which lists persons surname first, names the person:
// "Tokayev Kassym-Jomart" gives "Tokayev, Kassym-Jomart", "Xi Jinping"
// (the same order as the name) "Xi, Jinping", "Van der Bellen Alexander"
// "Van der Bellen, Alexander". Otherwise the name comes back as it is,
// and the styles take its last word for the surname.
func surnameFirst(name string, taxonomy []string) string {
	n := strings.Fields(name)
	for _, entry := range taxonomy {
		e := strings.Fields(entry)
		if len(e) != len(n) || len(n) < 2 {
			continue
		}
		// The entry is the name turned round at some point k: its
		// surname (the name's last len(n)-k words) first.
		for k := len(n) - 1; k >= 0; k-- {
			if slices.EqualFunc(e[:len(n)-k], n[k:], strings.EqualFold) && slices.EqualFunc(e[len(n)-k:], n[:k], strings.EqualFold) {
				if k == 0 {
					// The name is printed surname first already ("Xi
					// Jinping"): its first word is the surname.
					return n[0] + ", " + strings.Join(n[1:], " ")
				}
				return strings.Join(n[k:], " ") + ", " + strings.Join(n[:k], " ")
			}
		}
	}
	return name
}

// organisation is the site that publishes doc, in its language.
func organisation(doc *transcript.Document) string {
	if doc.Source != transcript.SourceKremlin {
		return doc.Source
	}
	if doc.Language == "ru" {
		return "Президент России"
	}
	return "President of Russia"
}

// inverted writes a name surname first, taking the last word for the
// surname: "Vladimir Putin" → "Putin, Vladimir".
func inverted(name string) string {
	i := strings.LastIndexByte(name, ' ')
	if i < 0 || strings.Contains(name, ",") || regnal(name) {
		return name
	}
	return name[i+1:] + ", " + name[:i]
}

// regnal reports whether name is a monarch's or a patriarch's, a given
// name and a Roman numeral ("Albert II", "Mohammed VI"): it has no
// surname to put first.
func regnal(name string) bool {
	f := strings.Fields(name)
	if len(f) < 2 {
		return false
	}
	last := f[len(f)-1]
	return len(last) <= 5 && strings.Trim(last, "IVXL") == ""
}

// initials writes a name surname first with the given names as initials,
// for APA: "Vladimir Putin" → "Putin, V.".
func initials(name string) string {
	surname, given, ok := strings.Cut(name, ", ")
	f := strings.Fields(given)
	if !ok {
		f = strings.Fields(name)
		if len(f) < 2 || strings.Contains(name, ",") || regnal(name) {
			return name
		}
		surname, f = f[len(f)-1], f[:len(f)-1]
	}
	var b strings.Builder
	b.WriteString(surname + ",")
	for _, g := range f {
		b.WriteByte(' ')
		for j, part := range strings.Split(g, "-") {
			if j > 0 {
				b.WriteByte('-')
			}
			r := []rune(part)
			if len(r) > 0 {
				b.WriteString(string(r[0]) + ".")
			}
		}
	}
	return b.String()
}

// sentence ends s with a full stop unless it ends with a mark of its own.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".?!") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

// quoted closes a quoted title with punct inside the quotes (American
// usage), unless the title ends with a mark of its own.
func quoted(title, punct string) string {
	t := strings.TrimSpace(title)
	if t != "" && (strings.ContainsAny(t[len(t)-1:], ".?!") || strings.HasSuffix(t, "…")) {
		punct = ""
	}
	return "“" + t + punct + "”"
}

// archived is the clause that names the archived version.
func (f *fields) archived(sep string) string {
	if f.w.Permalink != "" {
		return fmt.Sprintf("Archived version %d%s %s", f.w.Version, sep, f.w.Permalink)
	}
	id := f.doc.ID
	if f.turn != nil {
		id = f.doc.Permalink(f.turn.Index)
	}
	return fmt.Sprintf("Archived in Rostrum as %s, version %d", id, f.w.Version)
}

// accessedNote says, for the formats with a place for notes, that the
// accessed date is when the archive stored the version, not a fetch.
func (f *fields) accessedNote() string {
	if f.accessed.IsZero() || f.w.AccessedFrom != AccessedStored {
		return ""
	}
	return "Accessed date: when the archive stored this version (no fetch of it recorded)"
}

// turnNote is "Turn 4, speaker printed as “Question”", or "".
func (f *fields) turnNote() string {
	if f.turn == nil {
		return ""
	}
	s := fmt.Sprintf("Turn %d", f.turn.Index)
	if f.label != "" {
		s += ", speaker printed as “" + f.label + "”"
	}
	return s
}

var monthsMLA = [...]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

func mlaDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), monthsMLA[t.Month()-1], t.Year())
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
