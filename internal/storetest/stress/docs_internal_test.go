package stress

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestDocument checks the generator: valid documents, the same for the
// same arguments, a different one for each version with the same shape,
// and seeds that bring every filter value.
func TestDocument(t *testing.T) {
	for w := range Writers {
		for i := range 50 {
			d1, d2 := document(w, i, 1), document(w, i, 2)
			if err := d1.Validate(); err != nil {
				t.Fatal(err)
			}
			if canonical(d1) != canonical(document(w, i, 1)) {
				t.Fatalf("document(%d, %d, 1) differs between calls", w, i)
			}
			if canonical(d1) == canonical(d2) {
				t.Fatalf("document(%d, %d, …): versions 1 and 2 are the same", w, i)
			}
			if d1.Date != d2.Date || d1.Language != d2.Language || len(d1.Turns) != len(d2.Turns) ||
				d1.Turns[len(d1.Turns)-1].Speaker != d2.Turns[len(d2.Turns)-1].Speaker {
				t.Fatalf("document(%d, %d, …): versions 1 and 2 differ in shape", w, i)
			}
			if err := checkWhole(d2, 2); err != nil {
				t.Fatal(err)
			}
		}
	}
	seed := document(0, 0, 1)
	if len(seed.Topics) != len(topics) || len(seed.Geography) != len(geography) || len(seed.Turns) != len(persons) {
		t.Errorf("seed document lacks filter values: %+v", seed)
	}
	if language(3, 0) != "ru" {
		t.Errorf("no Russian seed")
	}
}

// TestCheckWhole checks that a document read back wrong is caught.
func TestCheckWhole(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *transcript.Document)
		max    int
		want   string // in the error; "" for none
	}{
		{"whole", func(d *transcript.Document) {}, 3, ""},
		{"no bound", func(d *transcript.Document) {}, 0, ""},
		{"turn missing", func(d *transcript.Document) { d.Turns = d.Turns[:len(d.Turns)-1] }, 3, "half written"},
		{"paragraph of another version", func(d *transcript.Document) {
			d.Turns[0].Paragraphs[1] = document(1, 4, 2).Turns[0].Paragraphs[1]
		}, 3, "another version"},
		{"lead of another version", func(d *transcript.Document) { d.Lead = document(1, 4, 2).Lead }, 3, "another version"},
		{"version not yet put", func(d *transcript.Document) {}, 2, "want 1 to 2"},
		{"taxonomy changed", func(d *transcript.Document) { d.Topics = append(d.Topics, "Sport") }, 3, "differs from what was put"},
		{"speaker changed, checksum fixed", func(d *transcript.Document) {
			d.Turns[0].Speaker = "Remark"
			d.Title = d.Title[:len(d.Title)-16] + fmt.Sprintf("%016x", checksum(d))
		}, 3, "differs from what was put"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := document(1, 4, 3)
			tt.change(d)
			err := checkWhole(d, tt.max)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkWhole: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkWhole = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestCheckHit checks that a hit that disagrees with its document is caught.
func TestCheckHit(t *testing.T) {
	doc := document(2, 7, 1)
	t1 := doc.Turns[0]
	good := transcript.DocumentHit{ID: doc.ID, Title: doc.Title, Date: doc.Date, Language: doc.Language, URL: doc.URL,
		Matches: 1, Turns: []transcript.TurnHit{{Index: 1, Speaker: t1.Speaker, Person: t1.Person, Permalink: doc.Permalink(1)}}}
	tests := []struct {
		name  string
		query string
		hit   func(h *transcript.DocumentHit)
		ok    bool
	}{
		{"good", "budget", func(h *transcript.DocumentHit) {}, true},
		{"turn beyond the document", "budget", func(h *transcript.DocumentHit) { h.Turns[0].Index = len(doc.Turns) + 1 }, false},
		{"other speaker", "budget", func(h *transcript.DocumentHit) { h.Turns[0].Speaker = "Nobody" }, false},
		{"other date", "budget", func(h *transcript.DocumentHit) { h.Date = "1999-01-01" }, false},
		{"outside the dates", "budget from:1990 to:1991", func(h *transcript.DocumentHit) {}, false},
		{"other language", "budget lang:ru", func(h *transcript.DocumentHit) {}, doc.Language == "ru"},
		{"topic not held", `budget topic:"No such topic"`, func(h *transcript.DocumentHit) {}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := search.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			h := good
			h.Turns = append([]transcript.TurnHit(nil), good.Turns...)
			tt.hit(&h)
			if err := checkHit(q, h, doc); (err == nil) != tt.ok {
				t.Errorf("checkHit = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
