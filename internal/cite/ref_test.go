package cite_test

import (
	"errors"
	"testing"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		ref     string
		id      string
		turn    int
		wantErr string
	}{
		{ref: "kremlin.ru/67763", id: "kremlin.ru/67763"},
		{ref: "en.kremlin.ru/67763#t4", id: "en.kremlin.ru/67763", turn: 4},
		{ref: "kremlin.ru/67763#t0", wantErr: `"kremlin.ru/67763#t0" does not name a turn: write ID#tN, as in kremlin.ru/67763#t4`},
		{ref: "kremlin.ru/67763#x", wantErr: `"kremlin.ru/67763#x" does not name a turn: write ID#tN, as in kremlin.ru/67763#t4`},
		{ref: "#t3", wantErr: `"#t3" is not a document id: ids look like kremlin.ru/67763 or en.kremlin.ru/67763`},
		{ref: "kremlin.ru 1", wantErr: `"kremlin.ru 1" is not a document id: ids look like kremlin.ru/67763 or en.kremlin.ru/67763`},
	}
	for _, tt := range tests {
		id, turn, err := cite.ParseRef(tt.ref)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("ParseRef(%q) = %v, want invalid: %s", tt.ref, err, tt.wantErr)
			}
			continue
		}
		if err != nil || id != tt.id || turn != tt.turn {
			t.Errorf("ParseRef(%q) = %q, %d, %v; want %q, %d", tt.ref, id, turn, err, tt.id, tt.turn)
		}
	}
}
