package archive_test

import (
	"errors"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestPackDate(t *testing.T) {
	tests := []struct {
		name, date string
		want       int64
	}{
		{"empty", "", 0},
		{"first year", "1900-01-01", 1<<9 | 1<<5 | 1},
		{"ordinary", "2024-03-15", 125<<9 | 3<<5 | 15},
		{"last year", "2154-12-31", 255<<9 | 12<<5 | 31},
		{"before 1900", "1899-12-31", 0},
		{"after 2154", "2155-01-01", 0},
		{"month 13", "2024-13-01", 0},
		{"day 0", "2024-01-00", 0},
		{"not digits", "2024-0a-01", 0},
		{"short", "2024-1-1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := archive.PackDate(tt.date); got != tt.want {
				t.Errorf("PackDate(%q) = %d, want %d", tt.date, got, tt.want)
			}
		})
	}
}

func TestUnitKey(t *testing.T) {
	tests := []struct {
		name      string
		date      string
		doc       int64
		idx       int
		wantYear  int
		wantMonth string
	}{
		{"dated header", "2024-03-15", 7, 0, 2024, "2024-03"},
		{"dated last turn", "1999-12-31", archive.MaxDoc, archive.MaxUnit, 1999, "1999-12"},
		{"undated", "", 42, 3, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := archive.UnitKey(tt.date, tt.doc, tt.idx)
			if got := archive.KeyDoc(k); got != tt.doc {
				t.Errorf("KeyDoc = %d, want %d", got, tt.doc)
			}
			if got := archive.KeyUnit(k); got != tt.idx {
				t.Errorf("KeyUnit = %d, want %d", got, tt.idx)
			}
			if got := archive.KeyYear(k); got != tt.wantYear {
				t.Errorf("KeyYear = %d, want %d", got, tt.wantYear)
			}
			if got := archive.KeyMonth(k); got != tt.wantMonth {
				t.Errorf("KeyMonth = %q, want %q", got, tt.wantMonth)
			}
			if lo, hi := archive.DateFloor(tt.date), archive.DateCeil(tt.date); k < lo || k > hi {
				t.Errorf("key %d outside DateFloor..DateCeil %d..%d", k, lo, hi)
			}
		})
	}
	// Keys order by date first, then document, then unit.
	if a, b := archive.UnitKey("2024-03-15", archive.MaxDoc, archive.MaxUnit), archive.UnitKey("2024-03-16", 0, 0); a >= b {
		t.Errorf("a later day's key %d is not above an earlier day's %d", b, a)
	}
}

func TestCheckIndexable(t *testing.T) {
	tests := []struct {
		name  string
		turns int
		want  error
	}{
		{"none", 0, nil},
		{"most", archive.MaxTurns, nil},
		{"too many", archive.MaxTurns + 1, transcript.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &transcript.Document{Turns: make([]transcript.Turn, tt.turns)}
			if err := archive.CheckIndexable(doc); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("CheckIndexable(%d turns) = %v, want %v", tt.turns, err, tt.want)
			}
		})
	}
}
