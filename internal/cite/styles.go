package cite

import (
	"fmt"
	"strings"
	"time"
)

// chicago is a Chicago (17th ed.) bibliography entry for a web page:
// Author. “Title.” Turn N. Site, Date. Accessed Date. URL. Licence.
func (f *fields) chicago() string {
	var parts []string
	if f.person != "" {
		parts = append(parts, sentence(inverted(f.person)))
	} else {
		parts = append(parts, sentence(f.org))
	}
	parts = append(parts, quoted(f.doc.Title, "."))
	if n := f.turnNote(); n != "" {
		parts = append(parts, n+".")
	}
	date := "n.d."
	if !f.date.IsZero() {
		date = f.date.Format("January 2, 2006") + "."
	}
	parts = append(parts, f.org+", "+date)
	if !f.accessed.IsZero() {
		parts = append(parts, "Accessed "+f.accessed.Format("January 2, 2006")+".")
	}
	if f.doc.URL != "" {
		parts = append(parts, f.doc.URL+".")
	}
	if f.licence != "" {
		parts = append(parts, f.licence+".")
	}
	parts = append(parts, f.archived(":")+".")
	return strings.Join(parts, " ")
}

// apa is an APA (7th ed.) reference for a web page: Author. (Date). Title
// [Description]. Site. Retrieved Date, from URL. The site is left out
// when it is the author.
func (f *fields) apa() string {
	var parts []string
	if f.person != "" {
		parts = append(parts, sentence(initials(f.person)))
	} else {
		parts = append(parts, sentence(f.org))
	}
	date := "(n.d.)."
	if !f.date.IsZero() {
		date = "(" + f.date.Format("2006, January 2") + ")."
	}
	parts = append(parts, date)
	desc := "Transcript"
	if f.turn != nil {
		desc += fmt.Sprintf(", turn %d", f.turn.Index)
		if f.label != "" {
			desc += "; speaker printed as “" + f.label + "”"
		}
	}
	parts = append(parts, strings.TrimSpace(f.doc.Title)+" ["+desc+"].")
	if f.person != "" {
		parts = append(parts, sentence(f.org))
	}
	switch {
	case f.doc.URL != "" && !f.accessed.IsZero():
		parts = append(parts, "Retrieved "+f.accessed.Format("January 2, 2006")+", from "+f.doc.URL)
	case f.doc.URL != "":
		parts = append(parts, f.doc.URL)
	}
	var tail []string
	if f.licence != "" {
		tail = append(tail, f.licence)
	}
	a := f.archived(":")
	tail = append(tail, strings.ToLower(a[:1])+a[1:])
	parts = append(parts, "("+strings.Join(tail, "; ")+")")
	return strings.Join(parts, " ")
}

// mla is an MLA (9th ed.) works-cited entry: Author. “Title.” Site, Date,
// URL. Accessed Date. An organisation that is both author and publisher
// is given once, as publisher.
func (f *fields) mla() string {
	var parts []string
	if f.person != "" {
		parts = append(parts, sentence(inverted(f.person)))
	}
	parts = append(parts, quoted(f.doc.Title, "."))
	if n := f.turnNote(); n != "" {
		parts = append(parts, n+".")
	}
	container := []string{f.org}
	if !f.date.IsZero() {
		container = append(container, mlaDate(f.date))
	}
	if f.doc.URL != "" {
		u := strings.TrimPrefix(strings.TrimPrefix(f.doc.URL, "https://"), "http://")
		container = append(container, u)
	}
	parts = append(parts, strings.Join(container, ", ")+".")
	if !f.accessed.IsZero() {
		parts = append(parts, "Accessed "+mlaDate(f.accessed)+".")
	}
	if f.licence != "" {
		parts = append(parts, f.licence+".")
	}
	parts = append(parts, f.archived(",")+".")
	return strings.Join(parts, " ")
}

var bibMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// bibtex is a @misc entry, with the biblatex fields (date, urldate,
// language) beside the classic ones (year, month, howpublished).
func (f *fields) bibtex() string {
	type field struct{ name, value string }
	var fs []field
	if f.person != "" {
		fs = append(fs, field{"author", "{" + bibEscape(inverted(f.person)) + "}"})
	} else {
		// Double braces: an organisation, not a first and last name.
		fs = append(fs, field{"author", "{{" + bibEscape(f.org) + "}}"})
	}
	title := strings.TrimSpace(f.doc.Title)
	if f.turn != nil {
		title += fmt.Sprintf(", turn %d", f.turn.Index)
	}
	fs = append(fs, field{"title", "{" + bibEscape(title) + "}"})
	fs = append(fs, field{"howpublished", "{" + bibEscape(f.org) + " website}"})
	fs = append(fs, field{"organization", "{" + bibEscape(f.org) + "}"})
	if !f.date.IsZero() {
		fs = append(fs, field{"year", "{" + f.year + "}"}, field{"month", bibMonths[f.date.Month()-1]}, field{"date", "{" + f.doc.Date + "}"})
	}
	if f.doc.URL != "" {
		fs = append(fs, field{"url", "{" + f.doc.URL + "}"})
	}
	if !f.accessed.IsZero() {
		fs = append(fs, field{"urldate", "{" + f.accessed.Format(time.DateOnly) + "}"})
	}
	switch f.doc.Language {
	case "en":
		fs = append(fs, field{"language", "{english}"})
	case "ru":
		fs = append(fs, field{"language", "{russian}"})
	}
	var notes []string
	if f.label != "" {
		notes = append(notes, "Speaker printed as “"+bibEscape(f.label)+"”")
	}
	if f.licence != "" {
		notes = append(notes, "Licence: "+f.licence)
	}
	if n := f.accessedNote(); n != "" {
		notes = append(notes, n)
	}
	if f.w.Permalink != "" {
		notes = append(notes, fmt.Sprintf("Archived version %d: \\url{%s}", f.w.Version, f.w.Permalink))
	} else {
		notes = append(notes, bibEscape(f.archived(":")))
	}
	fs = append(fs, field{"note", "{" + strings.Join(notes, ". ") + "}"})
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", f.key())
	for _, x := range fs {
		fmt.Fprintf(&b, "  %-12s = %s,\n", x.name, x.value)
	}
	b.WriteString("}\n")
	return b.String()
}

// key is the BibTeX key: the document id (with the turn) in the
// characters every BibTeX reads, kremlin_ru_67763_t4.
func (f *fields) key() string {
	id := f.doc.ID
	if f.turn != nil {
		id += fmt.Sprintf("_t%d", f.turn.Index)
	}
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return r
		}
		return '_'
	}, id)
}

// bibEscape escapes the characters TeX treats as commands.
var bibEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`, `$`, `\$`,
	`#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
).Replace

// ris is a RIS record of type ELEC (web page).
func (f *fields) ris() string {
	var b strings.Builder
	tag := func(t, v string) {
		if v != "" {
			// A value is one line.
			fmt.Fprintf(&b, "%s  - %s\n", t, strings.Join(strings.Fields(v), " "))
		}
	}
	tag("TY", "ELEC")
	if f.person != "" {
		tag("AU", inverted(f.person))
	} else {
		// A name without a comma: an organisation.
		tag("AU", f.org)
	}
	title := strings.TrimSpace(f.doc.Title)
	if f.turn != nil {
		title += fmt.Sprintf(", turn %d", f.turn.Index)
	}
	tag("TI", title)
	tag("T2", f.org+" website")
	tag("PB", f.org)
	if !f.date.IsZero() {
		tag("PY", f.year)
		tag("DA", f.date.Format("2006/01/02"))
	}
	tag("UR", f.doc.URL)
	if !f.accessed.IsZero() {
		tag("Y2", f.accessed.Format("2006/01/02"))
	}
	tag("LA", f.doc.Language)
	if f.label != "" {
		tag("N1", "Speaker printed as “"+f.label+"”")
	}
	if f.licence != "" {
		tag("N1", "Licence: "+f.licence)
	}
	tag("N1", f.accessedNote())
	tag("N1", f.archived(":"))
	b.WriteString("ER  - \n")
	return b.String()
}
