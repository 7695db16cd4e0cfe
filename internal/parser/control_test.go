package parser_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// hostile is what the issue found reaching the terminal raw through show
// and search: an OSC that retitles the terminal (ESC ] 0 ; … BEL), with a
// C1 CSI and a DEL besides.
const hostile = "\x1b]0;pwned-title\x07\u009b2J\x7f"

// TestControlsDropped reproduces "control characters (ESC, BEL, C1) pass
// all three parsers": each parser drops them from every text it derives
// (the raw input keeps them); the printable rest stays.
func TestControlsDropped(t *testing.T) {
	text := mustReadFile(t, "../../cmd/rostrum/sample/2022-02-10-press-statements-russia-kazakhstan.txt")
	html := mustReadFile(t, "kremlinhtml/testdata/labels.html")
	inject := func(s string) string { return strings.ReplaceAll(s, " the ", " the"+hostile+" ") }
	tests := []struct {
		name  string
		parse func() (*transcript.Document, error)
	}{
		{"kremlin-text", func() (*transcript.Document, error) {
			return kremlintext.Parse(strings.NewReader(inject(text)), "in.txt")
		}},
		{"kremlin-html", func() (*transcript.Document, error) {
			return kremlinhtml.Parse(strings.NewReader(inject(html)), "in.html")
		}},
		{"json", func() (*transcript.Document, error) {
			doc, err := kremlintext.Parse(strings.NewReader(text), "in.txt")
			if err != nil {
				return nil, err
			}
			doc.Title += hostile
			doc.Turns[0].Paragraphs[0] = inject(doc.Turns[0].Paragraphs[0] + " the end")
			b, err := doc.MarshalJSON()
			if err != nil {
				return nil, err
			}
			return jsondoc.Parse(bytes.NewReader(b), "in.json")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.parse()
			if err != nil {
				t.Fatal(err)
			}
			b, err := doc.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range string(b) {
				if parser.IsControl(r) {
					t.Fatalf("control %U in the document: %.300s", r, b)
				}
			}
			for _, esc := range []string{`\u001b`, `\u0007`, `\u007f`} {
				if bytes.Contains(b, []byte(esc)) {
					t.Fatalf("control %s in the document's JSON", esc)
				}
			}
			if !bytes.Contains(b, []byte("]0;pwned-title2J")) {
				t.Errorf("the printable rest of the injected text is gone: %.300s", b)
			}
		})
	}
}

func TestCleanSpaceControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\x1bb", "ab"},
		{"a \x07 b", "a b"},
		{"\x1b[31mred\x1b[0m", "[31mred[0m"},
		{"x\u009by\u0085z", "xyz"},
		{"tab\there\x7f", "tab here"},
		{"«кремль»\u00a0да", "«кремль»\u00a0да"},
		{"eight by\x1btes here", "eight bytes here"},
	}
	for _, tt := range tests {
		if got := parser.CleanSpace(tt.in); got != tt.want {
			t.Errorf("CleanSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, err := parser.CleanLine(tt.in); err != nil || got != tt.want {
			t.Errorf("CleanLine(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestJavaScriptURLRefused reproduces "a JSON document's url
// javascript:alert(4) is accepted and written into Atom <link href>":
// only http(s) URLs pass Validate, for the document and its related items.
func TestJavaScriptURLRefused(t *testing.T) {
	for _, u := range []string{"javascript:alert(4)", "JavaScript:alert(4)", "data:text/html,x", "//evil.example/x", "/events/1", "http:///nohost", "file:///etc/passwd"} {
		in := `{"id":"x/1","source":"test","url":"` + u + `","language":"en","turns":[]}`
		if _, err := jsondoc.Parse(strings.NewReader(in), "in.json"); !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), "not an http or https URL") {
			t.Errorf("url %q: got %v, want it refused", u, err)
		}
		rel := `{"id":"x/1","source":"test","language":"en","related":[{"relation":"see_also","title":"t","url":"` + u + `"}],"turns":[]}`
		if _, err := jsondoc.Parse(strings.NewReader(rel), "in.json"); !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("related url %q: got %v, want it refused", u, err)
		}
	}
	for _, u := range []string{"http://kremlin.ru/events/president/news/1", "HTTPS://en.kremlin.ru/x?y=1#z"} {
		in := `{"id":"x/1","source":"test","url":"` + u + `","language":"en","related":[{"relation":"see_also","title":"t","url":"` + u + `"}],"turns":[]}`
		if _, err := jsondoc.Parse(strings.NewReader(in), "in.json"); err != nil {
			t.Errorf("url %q refused: %v", u, err)
		}
	}
}

func mustReadFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
