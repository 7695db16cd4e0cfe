package cli

import (
	"io"
	"os"
)

// ColorOK reports whether output to w may be coloured: a terminal, and
// no NO_COLOR in the environment (https://no-color.org).
func ColorOK(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && IsTerminal(w)
}

// IsTerminal reports whether w is a terminal, where a progress bar can be
// redrawn in place.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
