package postgres

import (
	"context"
	"fmt"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Persons lists every canonical person of the current versions, most
// turns first, then by name. Labels and roles are ordered by the number of
// turns that printed them, then alphabetically; First and Last are empty
// for a person seen only in undated documents.
func (s *Store) Persons(ctx context.Context) ([]transcript.Person, error) {
	ps, err := retryRead(ctx, s, s.read, func() ([]transcript.Person, error) { return s.persons(ctx, "") })
	if err != nil {
		return nil, fmt.Errorf("postgres: persons: %w", err)
	}
	return ps, nil
}

// persons lists every person, or when name is not "" the person of that
// name only (none if there is no such person).
func (s *Store) persons(ctx context.Context, name string) (ps []transcript.Person, err error) {
	// One read transaction, so that labels match the persons listed.
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// is restricts a column to name, a seek in each table's primary key.
	is, args := func(string) string { return "true" }, []any{}
	if name != "" {
		is, args = func(column string) string { return column + " = $1" }, []any{name}
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, turns, documents, coalesce(first_date, ''), coalesce(last_date, '')
		FROM persons WHERE `+is("name")+` ORDER BY turns DESC, name`, args...)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for rows.Next() {
		var p transcript.Person
		if err := rows.Scan(&p.Name, &p.Turns, &p.Documents, &p.First, &p.Last); err != nil {
			rows.Close()
			return nil, err
		}
		at[p.Name] = len(ps)
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range []struct {
		sql string
		add func(p *transcript.Person, s string)
	}{
		{`SELECT person, label FROM person_labels WHERE ` + is("person") + `
			GROUP BY person, label ORDER BY person, sum(turns) DESC, label`,
			func(p *transcript.Person, s string) { p.Labels = append(p.Labels, s) }},
		{`SELECT person, role FROM person_labels WHERE role <> '' AND ` + is("person") + ` GROUP BY person, role
			ORDER BY person, sum(turns) DESC, role`,
			func(p *transcript.Person, s string) { p.Roles = append(p.Roles, s) }},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, s string
			if err := rows.Scan(&name, &s); err != nil {
				rows.Close()
				return nil, err
			}
			if i, ok := at[name]; ok {
				q.add(&ps[i], s)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return ps, nil
}
