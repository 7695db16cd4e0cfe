// Package kremlinhtml parses kremlin.ru article pages saved as HTML.
package kremlinhtml

import (
	"errors"
	"io"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Parse reads one HTML page. source names the input in errors.
func Parse(r io.Reader, source string) (*transcript.Document, error) {
	return nil, errors.New("kremlinhtml: not written yet")
}
