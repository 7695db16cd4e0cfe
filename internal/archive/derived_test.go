package archive_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestPersonTurns(t *testing.T) {
	turn := func(speaker, person, role string) transcript.Turn {
		return transcript.Turn{Speaker: speaker, Person: person, Role: role}
	}
	tests := []struct {
		name       string
		turns      []transcript.Turn
		wantPeople []archive.PersonCount
		wantLabels []archive.LabelCount
	}{
		{name: "none"},
		{name: "unresolved only", turns: []transcript.Turn{turn("Question", "", "")}},
		{
			name: "in order of first turn",
			turns: []transcript.Turn{turn("V. Putin", "Putin", "President"), turn("Question", "", ""),
				turn("D. Peskov", "Peskov", ""), turn("Vladimir Putin", "Putin", "President"), turn("V. Putin", "Putin", "President")},
			wantPeople: []archive.PersonCount{{Person: "Putin", Turns: 3}, {Person: "Peskov", Turns: 1}},
			wantLabels: []archive.LabelCount{{Person: "Putin", Label: "V. Putin", Role: "President", Turns: 2},
				{Person: "Peskov", Label: "D. Peskov", Turns: 1}, {Person: "Putin", Label: "Vladimir Putin", Role: "President", Turns: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			people, labels := archive.PersonTurns(&transcript.Document{Turns: tt.turns})
			if diff := cmp.Diff(tt.wantPeople, people); diff != "" {
				t.Errorf("PersonTurns persons mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLabels, labels); diff != "" {
				t.Errorf("PersonTurns labels mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	doc := &transcript.Document{Geography: []string{"Moscow"}, Topics: []string{"Economy", "Health"},
		Persons: []string{"Putin"}, PublishedIn: []string{"News"}}
	want := []archive.Term{{Kind: "geography", Term: "Moscow"}, {Kind: "topic", Term: "Economy"}, {Kind: "topic", Term: "Health"},
		{Kind: "person", Term: "Putin"}, {Kind: "section", Term: "News"}}
	if diff := cmp.Diff(want, archive.Terms(doc)); diff != "" {
		t.Errorf("Terms mismatch (-want +got):\n%s", diff)
	}
	if got := archive.Terms(&transcript.Document{}); got != nil {
		t.Errorf("Terms of a document without taxonomy = %v, want none", got)
	}
}

func TestAffectedPersons(t *testing.T) {
	doc := &transcript.Document{Turns: []transcript.Turn{{Person: "B"}, {}, {Person: "C"}, {Person: "B"}}}
	tests := []struct {
		name    string
		removed []string
		want    []string
	}{
		{"new document", nil, []string{"B", "C"}},
		{"removed first, each once", []string{"A", "B", "A"}, []string{"A", "B", "C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, archive.AffectedPersons(tt.removed, doc)); diff != "" {
				t.Errorf("AffectedPersons mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got := archive.AffectedPersons(nil, &transcript.Document{}); len(got) != 0 {
		t.Errorf("AffectedPersons of nothing = %v", got)
	}
}
