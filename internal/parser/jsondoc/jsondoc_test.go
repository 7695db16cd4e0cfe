package jsondoc_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/transcript"
)

type item struct {
	ID   string
	Line int
}

func decodeAll(t *testing.T, in string) ([]item, []*transcript.Document, error) {
	t.Helper()
	var items []item
	var docs []*transcript.Document
	err := jsondoc.Decode(strings.NewReader(in), "in.json", func(d *transcript.Document, line int, raw []byte) error {
		items = append(items, item{d.ID, line})
		docs = append(docs, d)
		if !json.Valid(raw) {
			t.Errorf("raw for %s is not JSON: %q", d.ID, raw)
		}
		return nil
	})
	return items, docs, err
}

func mustRead(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestDecodeRoundTrip(t *testing.T) {
	in := mustRead(t, "testdata/two.jsonl")
	items, docs, err := decodeAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []item{{"kremlin.ru/67763", 1}, {"synthetic/0001", 3}}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("Decode mismatch (-want +got)\n%s", diff)
	}
	var out bytes.Buffer
	for _, d := range docs {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	wantOut := strings.Replace(in, "\n\n", "\n", 1) // the blank line is skipped
	if diff := cmp.Diff(wantOut, out.String()); diff != "" {
		t.Errorf("export after Decode mismatch (-want +got)\n%s", diff)
	}
}

func TestDecodePretty(t *testing.T) {
	first, _, _ := strings.Cut(mustRead(t, "testdata/two.jsonl"), "\n")
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(first), "", "  "); err != nil {
		t.Fatal(err)
	}
	// A pretty-printed object, then a second one after blank lines and a BOM at the start.
	in := "\ufeff\n" + pretty.String() + "\n\n" + pretty.String()
	items, _, err := decodeAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Count(pretty.String(), "\n") + 1
	want := []item{{"kremlin.ru/67763", 2}, {"kremlin.ru/67763", 2 + n + 1}}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("Decode mismatch (-want +got)\n%s", diff)
	}
	doc, err := jsondoc.Parse(strings.NewReader(pretty.String()), "one.json")
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "kremlin.ru/67763" || len(doc.Turns) != 3 {
		t.Errorf("Parse: got id %q with %d turns, want kremlin.ru/67763 with 3", doc.ID, len(doc.Turns))
	}
}

func TestDecodeErrors(t *testing.T) {
	good := `{"id":"a","source":"s","language":"en","turns":[]}`
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "\n  \n", "in.json:1: invalid: no JSON document"},
		{"syntax in line 3", good + "\n\n" + `{"id":"b",` + "\n" + good, `in.json:3: invalid: unexpected end of JSON input`},
		{"unknown field", good + "\n" + `{"id":"b","source":"s","language":"en","colour":1}`, `in.json:2: invalid: json: unknown field "colour"`},
		{"invalid document", good + "\n" + good + "\n" + `{"id":"c","source":"s","language":"fr"}`, `in.json:3: invalid: document "c": language "fr" is not en or ru`},
		{"not an object", good + "\n[1]", "in.json:2: invalid: not a JSON object"},
		{"wrong type", `{"id":1}`, `in.json:1: invalid: field "id": JSON number where string is expected`},
		{"pretty syntax", "{\n  \"id\": \"a\",\n  \"source\": \"s\"\n  \"language\": \"en\"\n}", "in.json:4: invalid: invalid character '\"' after object key:value pair"},
		{"pretty truncated", "{\n  \"id\": \"a\",\n", "in.json:2: invalid: unexpected end of JSON input"},
		{"pretty invalid", "\n{\n  \"id\": \"\",\n  \"source\": \"s\", \"language\": \"en\"\n}", `in.json:2: invalid: document "": empty id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := decodeAll(t, tt.in)
			var pe *parser.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Decode(%q): got error %v, want a *parser.ParseError", tt.in, err)
			}
			if !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("Decode(%q): error %v does not wrap ErrInvalid", tt.in, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Decode(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecodeStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := jsondoc.Decode(strings.NewReader(mustRead(t, "testdata/two.jsonl")), "x", func(*transcript.Document, int, []byte) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("got error %v after %d calls, want stop after 1", err, n)
	}
}

func TestParseRejectsTwo(t *testing.T) {
	_, err := jsondoc.Parse(strings.NewReader(mustRead(t, "testdata/two.jsonl")), "two.jsonl")
	if err == nil || !strings.HasPrefix(err.Error(), "two.jsonl:3: ") {
		t.Errorf("got %v, want an error at two.jsonl:3", err)
	}
}

func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimises every input that finds new code,
	// and minimising a multi-kilobyte document takes most of a short run.
	small := `{"id":"a/1","source":"s","url":null,"language":"en","section":null,"title":"T","lead":null,"date":"2022-02-10",` +
		`"time":"18:15","place":null,"published_in":["News"],"published_at":null,"geography":[],"topics":[],"persons":[],` +
		`"media":[{"kind":"photo","position":1,"count":2,"caption":"C","credit":null}],` +
		`"related":[{"relation":"see_also","title":"R","date":null,"url":null}],` +
		`"turns":[{"index":1,"speaker":"Question","person":null,"role":null,"paragraphs":["Why?"],"notes":[]}]}`
	f.Add(small)
	f.Add(small + "\n\n" + `{"id":"b","source":"s","language":"ru","turns":[]}` + "\n")
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, []byte(small), "", "\t")
	f.Add(pretty.String())
	f.Add(`{"id":"a","source":"s","language":"en"}`)
	f.Fuzz(func(t *testing.T, in string) {
		err := jsondoc.Decode(strings.NewReader(in), "fuzz", func(doc *transcript.Document, line int, raw []byte) error {
			if err := doc.Validate(); err != nil {
				t.Fatalf("Decode passed on an invalid document: %v", err)
			}
			// What Decode accepts, export must write and Decode read back the same.
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			again, err := jsondoc.Parse(bytes.NewReader(b), "again")
			if err != nil {
				t.Fatalf("re-reading %s: %v", b, err)
			}
			b2, _ := json.Marshal(again)
			if !bytes.Equal(b, b2) {
				t.Fatalf("round trip changed the document:\n%s\n%s", b, b2)
			}
			return nil
		})
		var pe *parser.ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v is not a *parser.ParseError", err)
		}
	})
}
