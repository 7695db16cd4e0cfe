package postgres

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
)

func TestEmbeddedMigrations(t *testing.T) {
	if _, err := archive.LoadMigrations(migrationFiles); err != nil {
		t.Errorf("embedded migrations: %v", err)
	}
}

func TestUnitVector(t *testing.T) {
	tok := search.NewTokenizer()
	tests := []struct {
		name string
		unit search.Unit
		want string
	}{
		{"Header", search.Unit{Title: "Russia's o'clock talks", Lead: "Talks went on."},
			`'russia':1A 'o''clock':2A 'talk':3A,5B 'went':6B 'on':7B`},
		{"Body", search.Unit{Index: 1, Body: "Провёл переговоры.\n\nПровел."}, `'провел':1,3 'переговор':2`},
		{"Empty", search.Unit{}, ``},
		{"Backslash", search.Unit{Body: `a\b`}, `'a':1 'b':2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unitVector(tok, tt.unit); got != tt.want {
				t.Errorf("unitVector(%+v) = %q, want %q", tt.unit, got, tt.want)
			}
		})
	}
	// PostgreSQL's limits: positions stop at 16383, 256 per lexeme.
	long := unitVector(tok, search.Unit{Body: strings.Repeat("word ", 20000) + "end"})
	if n := strings.Count(long, ","); n != maxPositions-1 {
		t.Errorf("a word 20,000 times: %d positions, want %d", n+1, maxPositions)
	}
	if !strings.HasSuffix(long, "'end':16383") {
		t.Errorf("the 20,001st word: %q, want position 16383", long[len(long)-20:])
	}
	if got := lexeme(strings.Repeat("ж", 2000)); len(got) != 2046 {
		t.Errorf("lexeme of 4000 bytes cut to %d bytes, want 2046", len(got))
	}
}

func TestRender(t *testing.T) {
	tok := search.NewTokenizer()
	tests := []struct {
		query   string
		pos     string
		neg     []string
		invalid bool
	}{
		{"talks", `'talk'`, nil, false},
		{`"strategic partnership"`, `('strateg' <-> 'partnership')`, nil, false},
		{"partner*", `'partner':*`, nil, false},
		{"talks-econ*", `('talk' <-> 'econ':*)`, nil, false},
		{"COVID-19", `('covid' <-> '19')`, nil, false},
		{"gas OR sanctions", `('gas' | 'sanction')`, nil, false},
		{"prices -oil", `('price' & !'oil')`, nil, false},
		{"economy -(sanctions OR adapting)", `('economi' & !('sanction' | 'adapt'))`, nil, false},
		{"-oil from:2020", ``, []string{`'oil'`}, false},
		{"провёл «тёплый приём»", `('провел' & ('тепл' <-> 'при'))`, nil, false},
		{"o'clock", `'o''clock'`, nil, false},
		{"d'Est*", `'d''est':*`, nil, false},
		{"– lang:en", ``, nil, true},
	}
	for _, tt := range tests {
		q, err := search.ParseQuery(tt.query)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.query, err)
		}
		pos, neg := render(tok, q.Text)
		if tt.invalid {
			if pos != "" || len(neg) != 0 {
				t.Errorf("render(%q) = %q, %q; want nothing", tt.query, pos, neg)
			}
			continue
		}
		if pos != tt.pos || strings.Join(neg, ";") != strings.Join(tt.neg, ";") {
			t.Errorf("render(%q) = %q, %q; want %q, %q", tt.query, pos, neg, tt.pos, tt.neg)
		}
	}
}

// TestMatch runs rendered queries against built vectors on the server:
// the two must agree with each other as FTS5's columns and phrases do.
func TestMatch(t *testing.T) {
	dsn := os.Getenv("ROSTRUM_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatal("ROSTRUM_TEST_POSTGRES_REQUIRED=1 but ROSTRUM_TEST_POSTGRES is not set")
		}
		t.Skip("ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok := search.NewTokenizer()
	header := search.Unit{Title: "Talks in Moscow", Lead: "Strategic partnership discussed"}
	turn := search.Unit{Index: 1, Body: "We discussed our strategic partnership.\n\nIt's the U.S. position, Müller's and d’Estaing’s."}
	tests := []struct {
		query string
		unit  search.Unit
		want  bool
	}{
		{"talk", header, true},
		{"moscow strategic", header, true},          // title and lead of one unit
		{`"moscow strategic"`, header, false},       // a phrase does not run from title into lead
		{`"strategic partnership"`, header, true},   // within the lead
		{`"our strategic partnership"`, turn, true}, // within the body
		{`"partnership it's"`, turn, true},          // across a paragraph break, as in FTS5
		{"strateg*", turn, true},
		{"strategy*", turn, false},
		{"u.s.", turn, true},
		{"muller", turn, true}, // diacritics folded
		{"d'estaing", turn, true},
		{"D'Est*", turn, true},
		{"discussed -position", turn, false},
		{"discussed -moscow", turn, true},
	}
	for _, tt := range tests {
		q, err := search.ParseQuery(tt.query)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.query, err)
		}
		pos, neg := render(tok, q.Text)
		var got bool
		vec := unitVector(tok, tt.unit)
		if pos == "" {
			t.Fatalf("render(%q): no positive part", tt.query)
		}
		if err := db.QueryRowContext(t.Context(), `SELECT $1::tsvector @@ $2::tsquery`, vec, pos).Scan(&got); err != nil {
			t.Fatalf("%q on %q: %v", pos, vec, err)
		}
		if len(neg) > 0 {
			t.Fatalf("render(%q): negative parts %q", tt.query, neg)
		}
		if got != tt.want {
			t.Errorf("%q (%s) on %q = %v, want %v", tt.query, pos, vec, got, tt.want)
		}
	}
}
