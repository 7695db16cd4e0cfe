package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The resolution of filter values below (resolve, matchPersons,
// matchNames, hasWords, suggest, distance, and unknownValue in search.go)
// is a copy of internal/sqlite's: only generation, distinct and loadVocab
// hold SQL. Both engines must give the same answers and the same "did you
// mean" messages, so the pure part belongs in package search, where one
// copy would serve both.

// vocab is what filter values are resolved against: the persons with
// their labels, the labels of turns without a person, and the taxonomy
// terms. It is loaded from the archive and kept until the archive has
// changed (its generation moved) and either a value is not found in it or
// it is older than vocabMaxAge.
type vocab struct {
	gen     int64
	loaded  time.Time
	persons []personNames
	labels  []string            // speaker labels of turns without a person
	terms   map[string][]string // taxonomy kind → terms; "section" also holds breadcrumb sections
}

type personNames struct {
	name  string
	names []string // folded name and labels
}

const vocabMaxAge = 10 * time.Second

type vocabCache struct {
	mu sync.Mutex
	v  *vocab
}

// generation reads the archive's change counter.
func generation(ctx context.Context, q querier) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, `SELECT value::bigint FROM settings WHERE key = 'generation'`).Scan(&g)
	return g, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// get returns the cached vocabulary, reloading it when it is stale and
// either old or missing a value (force).
func (c *vocabCache) get(ctx context.Context, q querier, gen int64, force bool) (*vocab, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.v; v != nil && (v.gen == gen || !force && time.Since(v.loaded) < vocabMaxAge) {
		return v, nil
	}
	v, err := loadVocab(ctx, q, gen)
	if err != nil {
		return nil, err
	}
	c.v = v
	return v, nil
}

// distinct lists the distinct values of an indexed column by skipping
// from one value to the next, one index seek each, instead of scanning
// every row.
func distinct(ctx context.Context, q querier, table, column, where string, args ...any) ([]string, error) {
	query := fmt.Sprintf(`WITH RECURSIVE v(x) AS (
		SELECT min(%[2]s) FROM %[1]s WHERE %[2]s IS NOT NULL AND %[3]s
		UNION ALL SELECT (SELECT min(%[2]s) FROM %[1]s WHERE %[2]s > v.x AND %[3]s) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL`, table, column, where)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func loadVocab(ctx context.Context, q querier, gen int64) (*vocab, error) {
	v := &vocab{gen: gen, loaded: time.Now(), terms: map[string][]string{}}
	rows, err := q.QueryContext(ctx, `SELECT p.name, l.label FROM persons AS p
		LEFT JOIN person_labels AS l ON l.person = p.name ORDER BY p.turns DESC, p.name`)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for rows.Next() {
		var name string
		var label sql.NullString
		if err := rows.Scan(&name, &label); err != nil {
			rows.Close()
			return nil, err
		}
		i, ok := idx[name]
		if !ok {
			i = len(v.persons)
			idx[name] = i
			v.persons = append(v.persons, personNames{name: name, names: []string{search.Fold(name)}})
		}
		if label.Valid {
			if f := search.Fold(label.String); !slices.Contains(v.persons[i].names, f) {
				v.persons[i].names = append(v.persons[i].names, f)
			}
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if v.labels, err = distinct(ctx, q, "units", "speaker", "person IS NULL"); err != nil {
		return nil, err
	}
	for _, kind := range []string{"topic", "geography", "section"} {
		if v.terms[kind], err = distinct(ctx, q, "taxonomy", "term", "kind = $1", kind); err != nil {
			return nil, err
		}
	}
	sections, err := distinct(ctx, q, "documents", "section", "true")
	if err != nil {
		return nil, err
	}
	for _, s := range sections {
		if !slices.Contains(v.terms["section"], s) {
			v.terms["section"] = append(v.terms["section"], s)
		}
	}
	return v, nil
}

// resolve returns the meta tokens that a filter's value stands for, or
// found false.
func (v *vocab) resolve(f transcript.Filter) (tokens []string, found bool) {
	switch f.Field {
	case "lang":
		return []string{search.MetaToken(search.FieldLang, f.Value)}, true
	case "type":
		return []string{search.MetaToken(search.FieldType, f.Value)}, true
	case "person", "speaker":
		for _, p := range v.matchPersons(f.Value) {
			tokens = append(tokens, search.MetaToken(search.FieldPerson, p))
		}
		if f.Field == "speaker" || len(tokens) == 0 {
			for _, l := range matchNames(f.Value, v.labels) {
				tokens = append(tokens, search.MetaToken(search.FieldSpeaker, l))
			}
		}
	case "topic", "geography", "section":
		field := map[string]byte{"topic": search.FieldTopic, "geography": search.FieldGeography, "section": search.FieldSection}[f.Field]
		for _, t := range matchNames(f.Value, v.terms[f.Field]) {
			tokens = append(tokens, search.MetaToken(field, t))
		}
	}
	return tokens, len(tokens) > 0
}

// maxMatches bounds how many persons or terms one filter value may stand for.
const maxMatches = 64

// matchPersons returns the persons that value names: those with a name or
// label equal to it once folded, or else those with a name or label that
// contains all its words (putin → Vladimir Putin).
func (v *vocab) matchPersons(value string) []string {
	fv := search.Fold(value)
	var exact, partial []string
	for _, p := range v.persons {
		switch {
		case slices.Contains(p.names, fv):
			exact = append(exact, p.name)
		case len(partial) < maxMatches && slices.ContainsFunc(p.names, func(n string) bool { return hasWords(n, fv) }):
			partial = append(partial, p.name)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// matchNames is matchPersons for a plain list of names.
func matchNames(value string, names []string) []string {
	fv := search.Fold(value)
	var exact, partial []string
	for _, n := range names {
		fn := search.Fold(n)
		switch {
		case fn == fv:
			exact = append(exact, n)
		case len(partial) < maxMatches && hasWords(fn, fv):
			partial = append(partial, n)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// hasWords reports whether every word of the folded want is a word of the
// folded name.
func hasWords(name, want string) bool {
	if want == "" {
		return false
	}
	words := strings.Fields(name)
	for _, w := range strings.Fields(want) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return true
}

// suggest returns the known value nearest to value for a "did you mean"
// hint, or "".
func (v *vocab) suggest(f transcript.Filter) string {
	var candidates []string
	switch f.Field {
	case "person", "speaker":
		for _, p := range v.persons {
			candidates = append(candidates, p.name)
		}
		if f.Field == "speaker" {
			candidates = append(candidates, v.labels...)
		}
	default:
		candidates = v.terms[f.Field]
	}
	fv := search.Fold(f.Value)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		fc := search.Fold(c)
		d := distance(fv, fc)
		// A name matched by one of its words: compare with that word too.
		for _, w := range strings.Fields(fc) {
			d = min(d, distance(fv, w))
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len([]rune(fv))/3) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
