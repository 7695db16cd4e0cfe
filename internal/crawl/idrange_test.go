package crawl_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/crawl"
)

func TestParseIDRange(t *testing.T) {
	for _, tt := range []struct {
		in          string
		first, last int
		ok          bool
	}{
		{"67000-67763", 67000, 67763, true}, {" 5 - 9 ", 5, 9, true}, {"42", 42, 42, true},
		{"", 0, 0, false}, {"-3", 0, 0, false}, {"a-b", 0, 0, false}, {"5-", 0, 0, false}, {"5--9", 0, 0, false},
	} {
		first, last, err := crawl.ParseIDRange(tt.in)
		if (err == nil) != tt.ok || first != tt.first || last != tt.last {
			t.Errorf("ParseIDRange(%q) = %d, %d, %v", tt.in, first, last, err)
		}
	}
}
