package archive

import (
	"errors"

	"github.com/rostrum/rostrum/internal/transcript"
)

// StatsSQL is an engine's SQL for Stats. Totals reads the number of
// documents and their turns and paragraphs; Versions, Persons and
// RawBytes one number each; Unresolved counts the turns of each speaker
// label without a person; ByYear, BySection and ByLanguage are (key,
// count) rows in the order transcript.Stats wants them.
type StatsSQL struct {
	Totals, Versions, Persons, RawBytes string
	Unresolved                          string
	ByYear, BySection, ByLanguage       string
}

// Stats runs q's statements with query and assembles their answers:
// whether a label is anonymous is Go's decision (IsAnonymousSpeaker), so
// the distinct unresolved labels come back to be judged here.
func Stats(query QueryFunc, q StatsSQL) (st transcript.Stats, err error) {
	for _, one := range []struct {
		sql  string
		dest []any
	}{
		{q.Totals, []any{&st.Documents, &st.Turns, &st.Paragraphs}},
		{q.Versions, []any{&st.Versions}},
		{q.Persons, []any{&st.Persons}},
		{q.RawBytes, []any{&st.RawBytes}},
	} {
		if err := queryRow(query, one.sql, one.dest...); err != nil {
			return st, err
		}
	}
	unresolved, err := countRows(query, q.Unresolved)
	if err != nil {
		return st, err
	}
	for _, c := range unresolved {
		if !transcript.IsAnonymousSpeaker(c.Key) {
			st.UnresolvedTurns += c.N
		}
	}
	if st.ByYear, err = countRows(query, q.ByYear); err != nil {
		return st, err
	}
	if st.BySection, err = countRows(query, q.BySection); err != nil {
		return st, err
	}
	if st.ByLanguage, err = countRows(query, q.ByLanguage); err != nil {
		return st, err
	}
	return st, nil
}

// countRows runs a statement of (key, number) rows.
func countRows(query QueryFunc, sql string) ([]transcript.Count, error) {
	rows, err := query(sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []transcript.Count
	for rows.Next() {
		var c transcript.Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

// queryRow runs a statement of one row into dest.
func queryRow(query QueryFunc, sql string, dest ...any) error {
	rows, err := query(sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return errNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// errNoRows is the error of a statement that ought to yield a row but
// yielded none.
var errNoRows = errors.New("no rows in result set")
