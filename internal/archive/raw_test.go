package archive_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestSum(t *testing.T) {
	// The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
	if got, want := archive.Sum([]byte("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("Sum(abc) = %s, want %s", got, want)
	}
}

func TestUnpack(t *testing.T) {
	body := []byte(strings.Repeat("<p>Speech of the President.</p>\n", 100))
	packed, err := archive.Pack(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) >= len(body) {
		t.Errorf("Pack: %d bytes from %d", len(packed), len(body))
	}
	hash, size := archive.Sum(body), int64(len(body))
	tests := []struct {
		name        string
		hash        string
		size        int64
		compression string
		data        []byte
		wantErr     string // "" for none
	}{
		{"round trip", hash, size, "gzip", packed, ""},
		{"unknown compression", hash, size, "zstd", packed, `unknown compression "zstd"`},
		{"not gzip", hash, size, "gzip", body, "raw " + hash},
		{"truncated", hash, size, "gzip", packed[:len(packed)/2], "raw " + hash},
		{"other size", hash, size + 1, "gzip", packed, "stored bytes do not match their hash"},
		{"other hash", archive.Sum(nil), size, "gzip", packed, "stored bytes do not match their hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := archive.Unpack(tt.hash, tt.size, tt.compression, tt.data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got, body) {
				t.Errorf("got %d bytes, error %v, want the %d packed", len(got), err, len(body))
			}
		})
	}
}

func TestDecode(t *testing.T) {
	doc := &transcript.Document{ID: "en-1", Language: "en", Title: "Meeting",
		Turns: []transcript.Turn{{Index: 1, Speaker: "A", Paragraphs: []string{"one", "two"}}, {Index: 2, Speaker: "B", Paragraphs: []string{"three"}}}}
	js, err := doc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := archive.Decode(js)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc, got); diff != "" {
		t.Errorf("Decode mismatch (-want +got):\n%s", diff)
	}
	if _, err := archive.Decode([]byte("{")); err == nil || !strings.Contains(err.Error(), "stored JSON") {
		t.Errorf("Decode of bad JSON: got error %v, want a stored JSON error", err)
	}
	if turns, paragraphs := archive.Counts(doc); turns != 2 || paragraphs != 3 {
		t.Errorf("Counts = %d, %d, want 2, 3", turns, paragraphs)
	}
}

func TestRepeatedIDs(t *testing.T) {
	d := func(id string) *transcript.Document { return &transcript.Document{ID: id} }
	tests := []struct {
		name string
		docs []*transcript.Document
		want []bool
	}{
		{"none", nil, []bool{}},
		{"distinct", []*transcript.Document{d("a"), d("b")}, []bool{false, false}},
		{"repeated", []*transcript.Document{d("a"), d("b"), d("a"), d("a")}, []bool{false, false, true, true}},
		{"nil skipped", []*transcript.Document{d("a"), nil, d("a")}, []bool{false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, archive.RepeatedIDs(tt.docs)); diff != "" {
				t.Errorf("RepeatedIDs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPackedJSON wants Decode to read a version's JSON packed or as
// rows written before packing stored it, and a damaged packed row to be
// an error, not a document.
func TestPackedJSON(t *testing.T) {
	doc := &transcript.Document{ID: "en.kremlin.ru/1", Source: transcript.SourceKremlin, Language: "en", Title: "Talks",
		Turns: []transcript.Turn{{Index: 1, Speaker: "Vladimir Putin", Paragraphs: []string{"Good afternoon, colleagues."}}}}
	js, err := doc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	packed, err := archive.PackJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	if archive.IsPacked(js) || !archive.IsPacked(packed) {
		t.Fatalf("IsPacked: plain %v, packed %v", archive.IsPacked(js), archive.IsPacked(packed))
	}
	for name, b := range map[string][]byte{"plain": js, "packed": packed} {
		got, err := archive.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Title != doc.Title || len(got.Turns) != 1 || got.Turns[0].Paragraphs[0] != doc.Turns[0].Paragraphs[0] {
			t.Errorf("%s: decoded %+v", name, got)
		}
	}
	if _, err := archive.Decode(packed[:len(packed)/2]); err == nil {
		t.Error("a cut packed row decoded without an error")
	}
}
