package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// TestAPIQA: on the sample page, turn 4 (Question) is answered in turn 5
// by Vladimir Putin and then by Kassym-Jomart Tokayev; a document
// without questions has none; an unknown document is a 404 and an
// unknown parameter a 400.
func TestAPIQA(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, apiPath(sampleID)+"/qa")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		ID        string
		Exchanges []struct {
			ID        string
			Permalink string
			Question  struct {
				Turn    int
				Speaker string
				Text    string
			}
			Floor   *struct{ Turn int }
			Answers []struct {
				Turn   int
				Person string
			}
		}
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != sampleID || len(got.Exchanges) != 1 {
		t.Fatalf("got %s", body)
	}
	x := got.Exchanges[0]
	if x.ID != "q4" || x.Permalink != sampleID+"#t4" || x.Question.Turn != 4 || x.Question.Speaker != "Question" ||
		!strings.HasPrefix(x.Question.Text, "If it is not a secret") || x.Floor != nil {
		t.Errorf("exchange = %+v", x)
	}
	if len(x.Answers) != 2 || x.Answers[0].Turn != 5 || x.Answers[0].Person != "Vladimir Putin" || x.Answers[1].Person != "Kassym-Jomart Tokayev" {
		t.Errorf("answers = %+v, want turns 5 (Vladimir Putin) and 6 (Kassym-Jomart Tokayev)", x.Answers)
	}

	// A document that asks nothing anywhere (no question mark at all)
	// has no exchanges.
	quiet := ""
	for _, h := range allDocuments(t) {
		d, err := archive.Document(t.Context(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		asks := false
		for _, turn := range d.Turns {
			for _, p := range turn.Paragraphs {
				asks = asks || strings.Contains(p, "?")
			}
		}
		if !asks && len(d.Turns) > 1 {
			quiet = d.ID
			break
		}
	}
	if quiet == "" {
		t.Log("no document without a question mark in the archive: the empty case is not checked")
	} else {
		resp, body = get(t, ts, apiPath(quiet)+"/qa")
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"exchanges": []`) {
			t.Errorf("%s, a document without questions: status %d, %s; want 200 and no exchanges", quiet, resp.StatusCode, body)
		}
	}
	for path, status := range map[string]int{
		"/api/v1/documents/nowhere.example/1/qa": http.StatusNotFound,
		apiPath(sampleID) + "/qa?turn=4":         http.StatusBadRequest,
	} {
		if resp, body := get(t, ts, path); resp.StatusCode != status {
			t.Errorf("GET %s: status %d, want %d: %s", path, resp.StatusCode, status, body)
		}
	}
}
