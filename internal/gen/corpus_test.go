package gen_test

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/gen"
)

func TestCorpus(t *testing.T) {
	dir := t.TempDir()
	if got, err := gen.Corpus(dir); err != nil || got != dir {
		t.Errorf("Corpus(%s) = %q, %v; want it as given", dir, got, err)
	}
	if _, err := gen.Corpus(filepath.Join(dir, "missing")); err == nil {
		t.Error("Corpus of a missing folder: no error")
	}
}
