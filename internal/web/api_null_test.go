package web_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// emptyStrings lists the paths of v's empty string values.
func emptyStrings(v any, path string, out *[]string) {
	switch v := v.(type) {
	case string:
		if v == "" {
			*out = append(*out, path)
		}
	case []any:
		for _, e := range v {
			emptyStrings(e, path+"[]", out)
		}
	case map[string]any:
		for k, e := range v {
			emptyStrings(e, path+"."+k, out)
		}
	}
}

// TestAPIMissingIsNull: in every documented answer of the API, a value
// that is missing is null, never "": the JSON of each operation, read
// from the real archive, holds no empty string anywhere.
func TestAPIMissingIsNull(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	found := map[string][]string{} // path → the operations where it is ""
	for _, tt := range apiOperationCases() {
		if tt.op == "getOpenAPI" {
			continue // the description, not an answer
		}
		resp, body := get(t, ts, tt.url)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", tt.url, resp.StatusCode)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("GET %s: %v", tt.url, err)
		}
		var paths []string
		emptyStrings(v, tt.op, &paths)
		for _, p := range paths {
			found[p] = append(found[p], tt.name)
		}
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%s is \"\" (in %s); a missing value is null", k, strings.Join(found[k][:1], ", "))
	}
}
