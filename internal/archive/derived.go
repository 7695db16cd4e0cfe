package archive

import "github.com/rostrum/rostrum/internal/transcript"

// PersonCount is how many turns of a document a person speaks: a row of
// person_documents, and what it adds to persons.
type PersonCount struct {
	Person string
	Turns  int
}

// LabelCount is how many turns of a document a person speaks under one
// label and role: what it adds to a row of person_labels.
type LabelCount struct {
	Person, Label, Role string
	Turns               int
}

// PersonTurns counts the turns of doc that have a person: by person, in
// the order of their first turns, and by person, label and role, in the
// same order.
func PersonTurns(doc *transcript.Document) ([]PersonCount, []LabelCount) {
	var persons []PersonCount
	var labels []LabelCount
	person := map[string]int{}    // index in persons
	label := map[LabelCount]int{} // index in labels, by a key of Turns 0
	for _, t := range doc.Turns {
		if t.Person == "" {
			continue
		}
		i, ok := person[t.Person]
		if !ok {
			i = len(persons)
			person[t.Person] = i
			persons = append(persons, PersonCount{Person: t.Person})
		}
		persons[i].Turns++
		k := LabelCount{Person: t.Person, Label: t.Speaker, Role: t.Role}
		j, ok := label[k]
		if !ok {
			j = len(labels)
			label[k] = j
			labels = append(labels, k)
		}
		labels[j].Turns++
	}
	return persons, labels
}

// Term is a row of taxonomy: a kind (geography, topic, person, section)
// and a term.
type Term struct {
	Kind, Term string
}

// Terms lists the taxonomy of doc: its geography, topics, persons and
// published_in sections, in that order.
func Terms(doc *transcript.Document) []Term {
	var ts []Term
	for _, tax := range []struct {
		kind  string
		terms []string
	}{
		{"geography", doc.Geography}, {"topic", doc.Topics}, {"person", doc.Persons}, {"section", doc.PublishedIn},
	} {
		for _, t := range tax.terms {
			ts = append(ts, Term{Kind: tax.kind, Term: t})
		}
	}
	return ts
}

// AffectedPersons returns the persons whose aggregates a new version
// changes: removed (those the previous version's turns had), then the
// persons of doc's turns, each once.
func AffectedPersons(removed []string, doc *transcript.Document) []string {
	seen := map[string]bool{}
	var names []string
	for _, p := range removed {
		if !seen[p] {
			seen[p] = true
			names = append(names, p)
		}
	}
	for _, t := range doc.Turns {
		if t.Person != "" && !seen[t.Person] {
			seen[t.Person] = true
			names = append(names, t.Person)
		}
	}
	return names
}
