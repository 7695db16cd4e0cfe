package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

// TestClassifyMessages checks what a reader is told of the archive's
// domain errors: their message, without the operations (and the engine)
// that wrapped them.
func TestClassifyMessages(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		status int
		msg    string
		id     string
	}{
		{"SearchInvalid", fmt.Errorf("sqlite: search: %w", fmt.Errorf("%w: the query has no word that can be searched for", transcript.ErrInvalid)),
			http.StatusBadRequest, "the query has no word that can be searched for", ""},
		{"PostgresInvalid", fmt.Errorf("postgres: search: %w", fmt.Errorf("%w: unknown sort %q (want relevance, newest or oldest)", transcript.ErrInvalid, "x")),
			http.StatusBadRequest, `unknown sort "x" (want relevance, newest or oldest)`, ""},
		{"TwoKinds", fmt.Errorf("web: %w", fmt.Errorf("%w: %w: the quote has 9 bytes", transcript.ErrInvalid, fmt.Errorf("quote too long"))),
			http.StatusBadRequest, "quote too long: the quote has 9 bytes", ""},
		{"Error", fmt.Errorf("sqlite: %w", transcript.Errorf(transcript.ErrNotFound, "no person %q", "X")), http.StatusNotFound, `no person "X"`, ""},
		{"BareNotFound", transcript.ErrNotFound, http.StatusNotFound, "no such page in the archive", "err.nosuchpage"},
		{"WrappedNotFound", fmt.Errorf("postgres: document %s: %w", "kremlin.ru/1", transcript.ErrNotFound), http.StatusNotFound, "no such page in the archive", "err.nosuchpage"},
	} {
		e, internal := classify(tt.err)
		if internal || e.Status != tt.status || e.Msg != tt.msg || e.ID != tt.id {
			t.Errorf("%s: classify = %d %q (id %q, internal %v); want %d %q (id %q)", tt.name, e.Status, e.Msg, e.ID, internal, tt.status, tt.msg, tt.id)
		}
	}
}
