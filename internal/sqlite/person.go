package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Persons lists every canonical person of the current versions, most
// turns first, then by name. Labels and roles are ordered by the number of
// turns that printed them, then alphabetically; First and Last are empty
// for a person seen only in undated documents.
func (s *Store) Persons(ctx context.Context) ([]transcript.Person, error) {
	ps, err := s.persons(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("sqlite: persons: %w", err)
	}
	return ps, nil
}

// persons lists every person, or when name is not "" the person of that
// name only (none if there is no such person).
func (s *Store) persons(ctx context.Context, name string) ([]transcript.Person, error) {
	// One read transaction, so that labels match the persons listed.
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// is restricts a column to name, a seek in each table's primary key.
	is, args := func(string) string { return "1" }, []any{}
	if name != "" {
		is, args = func(column string) string { return column + " = ?" }, []any{name}
	}
	query := func(q string, args ...any) (archive.Rows, error) { return tx.QueryContext(ctx, q, args...) }
	return archive.Persons(query, archive.PersonsSQL{
		Persons: `SELECT name, turns, documents, coalesce(first_date, ''), coalesce(last_date, '')
			FROM persons WHERE ` + is("name") + ` ORDER BY turns DESC, name`,
		Labels: `SELECT person, label FROM person_labels WHERE ` + is("person") + `
			GROUP BY person, label ORDER BY person, sum(turns) DESC, label`,
		Roles: `SELECT person, role FROM person_labels WHERE role <> '' AND ` + is("person") + ` GROUP BY person, role
			ORDER BY person, sum(turns) DESC, role`,
	}, args...)
}
