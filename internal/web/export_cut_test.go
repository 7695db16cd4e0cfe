package web_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// failingPages is the shared archive whose searches claim a next page
// and fail when it is asked for, as a broad export cut by its time limit
// does midway.
type failingPages struct{ web.Archive }

func (a failingPages) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	if req.Cursor != "" {
		return nil, errors.New("the archive went away")
	}
	res, err := a.Archive.Search(ctx, req)
	if err == nil {
		r := *res
		r.Next = "more"
		res = &r
	}
	return res, err
}

// TestExportCutShort: an export that fails once its rows are on the way
// (the hardening issue: a broad /export.csv cut by the time limit ended
// with status 200 and a truncated body that looked complete) ends with a
// row that says it was cut short, and never sends the trailer that marks
// a whole export; a whole export sends it.
func TestExportCutShort(t *testing.T) {
	whole := httptestServer(t, archive)
	cut := httptestServer(t, failingPages{archive})
	for _, path := range []string{"/export.csv?q=Kazakhstan", "/export.jsonl?q=Kazakhstan"} {
		resp, err := http.Get(whole.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.Trailer.Get("X-Rostrum-Complete") != "true" || strings.Contains(string(body), "EXPORT CUT SHORT") {
			t.Errorf("GET %s (whole): err %v, trailer %q, body %.200q", path, err, resp.Trailer.Get("X-Rostrum-Complete"), body)
		}

		resp, err = http.Get(cut.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("GET %s (cut): the body read to its end without an error; want the connection cut", path)
		}
		if resp.Trailer.Get("X-Rostrum-Complete") != "" {
			t.Errorf("GET %s (cut): trailer X-Rostrum-Complete %q", path, resp.Trailer.Get("X-Rostrum-Complete"))
		}
		if !strings.Contains(string(body), "EXPORT CUT SHORT: after ") || !strings.Contains(string(body), "the archive went away") {
			t.Errorf("GET %s (cut): the body does not end saying it was cut short: %.300q", path, body[max(0, len(body)-300):])
		}
	}
}
