package ixstore

import (
	"strings"
	"testing"
)

func TestNumberedPlaceholders(t *testing.T) {
	sqlite := &Dialect{}
	pg := &Dialect{Numbered: true}
	q := `SELECT t.term FROM ix_terms AS t WHERE t.seg = ? AND t.term > ? ORDER BY t.term LIMIT ?`
	if got := sqlite.Q(q); got != q {
		t.Errorf("SQLite's statement changed: %s", got)
	}
	want := `SELECT t.term FROM ix_terms AS t WHERE t.seg = $1 AND t.term > $2 ORDER BY t.term LIMIT $3`
	if got := pg.Q(q); got != want {
		t.Errorf("numbered:\n got %s\nwant %s", got, want)
	}
}

// TestRangeEnd wants every term that starts with a prefix, and no other,
// between the prefix and the prefix with rangeEnd, compared as bytes.
func TestRangeEnd(t *testing.T) {
	terms := []string{"эконом", "экономика", "экономи\U0010FFFE", "эконон", "econom", "economy", "economz", "econ"}
	for _, prefix := range []string{"эконом", "econom"} {
		for _, term := range terms {
			in := term >= prefix && term < prefix+rangeEnd
			if want := strings.HasPrefix(term, prefix); in != want {
				t.Errorf("prefix %q, term %q: in range %v, want %v", prefix, term, in, want)
			}
		}
	}
}
