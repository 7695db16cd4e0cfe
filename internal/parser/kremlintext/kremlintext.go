// Package kremlintext parses kremlin.ru pages saved as text dumps: one
// block per line, in the main-site, accessible ("special") or archive-era
// layout.
package kremlintext

import (
	"errors"
	"io"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Parse reads one text dump. source names the input in errors and may give
// the page's numeric id through its base name ("55714.txt").
func Parse(r io.Reader, source string) (*transcript.Document, error) {
	return nil, errors.New("kremlintext: not written yet")
}
