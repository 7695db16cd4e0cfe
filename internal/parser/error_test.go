package parser_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestLineOf: a validation error points at the line of the value it
// quotes, not at line 1 (the hardening issue: HTML parse errors always
// said line 1).
func TestLineOf(t *testing.T) {
	data := []byte("<html>\n<head>\n<link rel=\"related\" href=\"javascript:alert(4)\">\n</head>\n<p>Tom &amp; Jerry\u0007</p>\n")
	bad := func(field, value string) error {
		d := transcript.Document{ID: "en.kremlin.ru/7", Source: "kremlin.ru", Language: "en",
			Related: []transcript.Related{{Relation: transcript.RelationSeeAlso, Title: "x", URL: value}}}
		if field == "title" {
			d.Related = nil
			d.Title = value
		}
		err := d.Validate()
		if err == nil {
			t.Fatalf("%s %q: no validation error", field, value)
		}
		return err
	}
	for _, c := range []struct {
		err  error
		want int
	}{
		{bad("url", "javascript:alert(4)"), 3},
		{bad("title", "Tom & Jerry\x00"), 1}, // NUL: not quoted as printed in data; the document as a whole
	} {
		if got := parser.LineOf(data, c.err); got != c.want {
			t.Errorf("LineOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}
