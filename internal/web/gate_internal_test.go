package web

import (
	"testing"

	"github.com/rostrum/rostrum/internal/search"
)

func TestHeavy(t *testing.T) {
	tests := []struct {
		q     string
		heavy bool
	}{
		{"talks", false},
		{"energy gas person:putin", false},
		{"energ*", false},
		{"energ* person:putin", false},
		{"\"energy security\" OR oil", false},
		{"a OR b OR c OR d OR e OR f OR g OR h", false},
		{"a OR b OR c OR d OR e OR f OR g OR h OR i", true},
		{"(a OR b OR c OR d OR e) (f OR g OR h OR i)", true},
		{"en*", true},
		{"-en* talks", true},
		{"энер*", false},
		{"эн*", true},
		{"energ* secur*", true},
		{"energ* OR oil", false},
	}
	for _, tt := range tests {
		q, err := search.ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		if got := costOf(q).heavy(); got != tt.heavy {
			t.Errorf("heavy(%q) = %t, want %t", tt.q, got, tt.heavy)
		}
	}
}
