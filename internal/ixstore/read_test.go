package ixstore

import (
	"strings"
	"testing"
)

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
