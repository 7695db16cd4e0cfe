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

func TestDetail(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		kind error
		want string
		ok   bool
	}{
		{"Error", fmt.Errorf("web: %w", transcript.Errorf(transcript.ErrNotFound, "no person %q", "X")), transcript.ErrNotFound, `no person "X"`, true},
		{"EngineWrapped", fmt.Errorf("sqlite: search: %w", fmt.Errorf("%w: the query has no word", transcript.ErrInvalid)), transcript.ErrInvalid, "the query has no word", true},
		{"Bare", transcript.ErrNotFound, transcript.ErrNotFound, "", false},
		{"BareWrapped", fmt.Errorf("sqlite: document %s: %w", "kremlin.ru/1", transcript.ErrNotFound), transcript.ErrNotFound, "", false},
		{"OwnType", fmt.Errorf("search: %w", &unwrapsTo{"column 3: unclosed quote", transcript.ErrInvalid}), transcript.ErrInvalid, "column 3: unclosed quote", true},
		{"OtherKind", fmt.Errorf("%w: limit 0", transcript.ErrInvalid), transcript.ErrNotFound, "", false},
		{"Nil", nil, transcript.ErrInvalid, "", false},
	} {
		got, ok := transcript.Detail(tt.err, tt.kind)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: Detail = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// unwrapsTo is an error type of its own whose kind is Kind, as
// search.QueryError is.
type unwrapsTo struct {
	Msg  string
	Kind error
}

func (e *unwrapsTo) Error() string { return e.Msg }
func (e *unwrapsTo) Unwrap() error { return e.Kind }
