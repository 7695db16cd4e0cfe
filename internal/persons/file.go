package persons

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadOverridesFile reads and checks an overrides file ("-" for standard
// input), and returns its text, with the OverridesHeader line first, and
// what it says.
func ReadOverridesFile(path string, stdin io.Reader) (string, *Overrides, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 1<<20+1))
		path = "standard input"
	} else {
		if fi, serr := os.Stat(path); serr == nil && !fi.Mode().IsRegular() {
			return "", nil, fmt.Errorf("%s: not a regular file", path)
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", nil, err
	}
	if len(b) > 1<<20 {
		return "", nil, fmt.Errorf("%s: an overrides file is a few lines, not over 1 MiB", path)
	}
	o, err := ParseOverrides(bytes.NewReader(b), path)
	if err != nil {
		return "", nil, err
	}
	text := string(b)
	if !strings.HasPrefix(text, OverridesHeader) {
		text = OverridesHeader + "\n" + text
	}
	return text, o, nil
}
