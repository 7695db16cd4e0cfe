package archive

import (
	"fmt"
	"strings"
)

// Check is one of an engine's consistency checks: a statement that
// yields one row, a text, per inconsistency of the derived tables.
type Check struct {
	Name, SQL string
}

// RunChecks runs each check, at most ten rows of it, with column (a
// statement of one text column in the engine's read transaction), and
// returns a line per check that found something: its name, then what it
// found.
func RunChecks(checks []Check, column func(query string) ([]string, error)) (problems []string, err error) {
	for _, c := range checks {
		bad, err := column(c.SQL + ` LIMIT 10`)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		if len(bad) > 0 {
			problems = append(problems, c.Name+": "+strings.Join(bad, ", "))
		}
	}
	return problems, nil
}

// Strings reads rows of one text column, and closes them. NULL reads as
// "", and a value of another type as fmt prints it.
func Strings(rows Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, text(v))
	}
	return out, rows.Err()
}

// Int64s reads rows of one integer column, and closes them.
func Int64s(rows Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// text is a scanned value of a text column: "" for NULL.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	default:
		return fmt.Sprint(v)
	}
}
