package persons_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/persons"
)

func TestReadOverridesFile(t *testing.T) {
	dir := t.TempDir()
	text, o, err := persons.ReadOverridesFile("-", strings.NewReader(""))
	if err != nil || o == nil || !strings.HasPrefix(text, persons.OverridesHeader) {
		t.Errorf("an empty file from stdin: %q, %v, %v; want the header and no rules", text, o, err)
	}
	if _, _, err := persons.ReadOverridesFile(dir, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder: %v", err)
	}
	if _, _, err := persons.ReadOverridesFile(filepath.Join(dir, "missing"), nil); err == nil {
		t.Error("a missing file: no error")
	}
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("#\n", 1<<19+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := persons.ReadOverridesFile(big, nil); err == nil || !strings.Contains(err.Error(), "not over 1 MiB") {
		t.Errorf("a file over 1 MiB: %v", err)
	}
}
