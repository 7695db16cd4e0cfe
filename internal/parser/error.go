package parser

import (
	"fmt"

	"github.com/rostrum/rostrum/internal/transcript"
)

// ParseError reports why an input could not be parsed, and where.
type ParseError struct {
	Source string // file name, URL or "-"
	Line   int    // 1-based; 0 when the input as a whole is at fault
	Err    error
}

func (e *ParseError) Error() string {
	src := e.Source
	if src == "" {
		src = "-"
	}
	line := e.Line
	if line < 1 {
		line = 1
	}
	return fmt.Sprintf("%s:%d: %v", src, line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errorf returns a *ParseError wrapping transcript.ErrInvalid.
func Errorf(source string, line int, format string, args ...any) error {
	return &ParseError{Source: source, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{transcript.ErrInvalid}, args...)...)}
}
