package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// TestDocumentTEI: /d/ID.tei.xml is the document as a TEI file of its
// own, well-formed, its speakers in its listPerson.
func TestDocumentTEI(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/d/"+sampleID+".tei.xml")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/tei+xml") {
		t.Fatalf("GET .tei.xml: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	var root string
	us := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "u" {
				us++
			}
		}
	}
	doc, err := archive.Document(t.Context(), sampleID)
	if err != nil {
		t.Fatal(err)
	}
	if root != "TEI" || us != len(doc.Turns) || !strings.Contains(string(body), `<u who="#VladimirPutin"`) ||
		!strings.Contains(string(body), `<person xml:id="VladimirPutin">`) {
		t.Errorf("GET .tei.xml: root %s, %d u (want %d):\n%.800s", root, us, len(doc.Turns), body)
	}
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/d/kremlin.ru/0.tei.xml", http.StatusNotFound},
		{"/d/" + sampleID + ".tei.xml?version=99", http.StatusNotFound},
		{"/d/" + sampleID + ".tei.xml?version=x", http.StatusBadRequest},
	} {
		if resp, body := get(t, ts, tt.path); resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d: %.300s", tt.path, resp.StatusCode, tt.status, body)
		}
	}
}
