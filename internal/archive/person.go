package archive

import (
	"github.com/rostrum/rostrum/internal/transcript"
)

// PersonsSQL is an engine's SQL for Persons, each statement taking the
// same args:
//
//   - Persons lists name, turns, documents, first and last date ("" for
//     none), in the order to return;
//   - Labels lists person and label, ordered by person, then most turns
//     first, then label;
//   - Roles lists person and role alike.
type PersonsSQL struct {
	Persons, Labels, Roles string
}

// Persons reads persons and their labels and roles with query.
func Persons(query QueryFunc, q PersonsSQL, args ...any) ([]transcript.Person, error) {
	rows, err := query(q.Persons, args...)
	if err != nil {
		return nil, err
	}
	var ps []transcript.Person
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
	for _, l := range []struct {
		sql string
		add func(p *transcript.Person, s string)
	}{
		{q.Labels, func(p *transcript.Person, s string) { p.Labels = append(p.Labels, s) }},
		{q.Roles, func(p *transcript.Person, s string) { p.Roles = append(p.Roles, s) }},
	} {
		rows, err := query(l.sql, args...)
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
				l.add(&ps[i], s)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return ps, nil
}
