package bench

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
)

func TestDefaults(t *testing.T) {
	c := Config{Docs: 50, DB: filepath.Join("some", "dir", "b.db")}.withDefaults()
	if c.Dir != filepath.Join("some", "dir", "bench-50") || c.Formats.Check(ingest.FormatKremlinText) != nil {
		t.Errorf("defaults of a SQLite run: Dir %q, formats %v", c.Dir, c.Formats)
	}
	if c := (Config{Docs: 7, DB: "postgres://h/db"}).withDefaults(); c.Dir != "bench-7" {
		t.Errorf("defaults of a PostgreSQL run: Dir %q, want bench-7 here", c.Dir)
	}
	if c := (Config{Docs: 7, DB: "x.db", Dir: "mine"}).withDefaults(); c.Dir != "mine" {
		t.Errorf("a given Dir became %q", c.Dir)
	}
}
