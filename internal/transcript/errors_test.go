package transcript_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

func TestErrorAndMessage(t *testing.T) {
	err := transcript.Errorf(transcript.ErrUnavailable, "server %s is away: %w", "db1", io.EOF)
	if err.Error() != "server db1 is away: EOF" || !errors.Is(err, transcript.ErrUnavailable) || !errors.Is(err, io.EOF) {
		t.Errorf("Errorf: %q, want the message, the kind and the cause", err)
	}
	for _, tt := range []struct {
		name string
		err  error
		kind error
		want string
	}{
		{"Error", fmt.Errorf("ingest: %w", err), transcript.ErrUnavailable, "server db1 is away: EOF"},
		{"EngineWrapped", fmt.Errorf("sqlite: search: %w", fmt.Errorf("%w: the query has no word", transcript.ErrInvalid)), transcript.ErrInvalid, "the query has no word"},
		{"Joined", fmt.Errorf("postgres: search: %w", errors.Join(io.EOF, fmt.Errorf("%w: limit 0", transcript.ErrInvalid))), transcript.ErrInvalid, "limit 0"},
		{"OtherKind", fmt.Errorf("x: %w", transcript.ErrNotFound), transcript.ErrInvalid, "x: not found"},
		{"Nil", nil, transcript.ErrInvalid, ""},
	} {
		if got := transcript.Message(tt.err, tt.kind); got != tt.want {
			t.Errorf("%s: Message = %q, want %q", tt.name, got, tt.want)
		}
	}
}
