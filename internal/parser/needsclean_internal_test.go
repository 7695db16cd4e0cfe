package parser

import (
	"strings"
	"testing"
)

func TestNeedsCleanSWAR(t *testing.T) {
	slow := func(s string) bool {
		if s == "" {
			return false
		}
		if isEdgeSpace(s) || strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r\f\v") ||
			strings.Contains(s, "\u200b") || strings.Contains(s, "\ufeff") {
			return true
		}
		return false
	}
	base := "abcdefgh ijklmnop qrstuvw xyz0123 456789 AB"
	for i := 0; i < len(base); i++ {
		for _, ins := range []string{" ", "  ", "\t", "\n", "\u200b", "\u00a0", "x"} {
			s := base[:i] + ins + base[i:]
			if got, want := needsClean(s), slow(s); got != want {
				t.Errorf("needsClean(%q) = %v, want %v", s, got, want)
			}
		}
	}
}
