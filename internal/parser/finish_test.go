package parser_test

import (
	"fmt"
	"testing"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// manyLabels is a transcript of n turns, each under its own speaker
// label: a short name, or an office and a name, so that the document's
// naming context holds n names and every long label is resolved against
// them (the hostile file of the hardening issue: resolving used to scan
// every known name for each label, 37 s for 100,000 labels).
func manyLabels(n int) *transcript.Document {
	doc := &transcript.Document{Language: "en"}
	for i := range n {
		k := i - i%2 // odd turns: the office and name of the turn before
		label := fmt.Sprintf("Name%c%d Surname%c%d", 'a'+k%26, k, 'a'+k%26, k)
		if i%2 == 1 {
			label = "Governor of Region Number " + label
		}
		doc.Turns = append(doc.Turns, transcript.Turn{Speaker: label, Paragraphs: []string{"Text."}})
	}
	return doc
}

// TestFinishManyLabels checks that a label is resolved against the
// names of the document however many there are: the last of 20,000
// labels still finds its name.
func TestFinishManyLabels(t *testing.T) {
	doc := manyLabels(20000)
	parser.Finish(doc)
	last := doc.Turns[len(doc.Turns)-1]
	if last.Role != "Governor of Region Number" || last.Person != doc.Turns[len(doc.Turns)-2].Speaker {
		t.Errorf("last turn: person %q, role %q", last.Person, last.Role)
	}
}

func BenchmarkFinishLabels(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				doc := manyLabels(n)
				b.StartTimer()
				parser.Finish(doc)
			}
		})
	}
}
