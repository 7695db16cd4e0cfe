package postgres

import (
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
)

func TestEmbeddedMigrations(t *testing.T) {
	if _, err := archive.LoadMigrations(migrationFiles); err != nil {
		t.Errorf("embedded migrations: %v", err)
	}
}
