package transcript_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

// TestQueryString covers shapes the search parser never returns; the
// parser's own tests check that String round-trips what it does return.
func TestQueryString(t *testing.T) {
	w := func(s string) transcript.Word { return transcript.Word{Text: s} }
	tests := []struct {
		name string
		q    transcript.Query
		want string
	}{
		{"empty", transcript.Query{}, ""},
		{"and inside and", transcript.Query{Text: transcript.And{Nodes: []transcript.Node{
			w("a"), transcript.And{Nodes: []transcript.Node{w("b"), w("c")}},
		}}}, "a (b c)"},
		{"or inside or", transcript.Query{Text: transcript.Or{Nodes: []transcript.Node{
			w("a"), transcript.Or{Nodes: []transcript.Node{w("b"), w("c")}},
		}}}, "a OR (b OR c)"},
		{"and inside or", transcript.Query{Text: transcript.Or{Nodes: []transcript.Node{
			transcript.And{Nodes: []transcript.Node{w("a"), w("b")}}, w("c"),
		}}}, "a b OR c"},
		{"or with a filter", transcript.Query{
			Text:    transcript.Or{Nodes: []transcript.Node{w("a"), w("b")}},
			Filters: []transcript.Filter{{Field: "topic", Value: "energy"}},
		}, "(a OR b) topic:energy"},
		{"or with a date", transcript.Query{
			Text: transcript.Or{Nodes: []transcript.Node{w("a"), w("b")}},
			To:   "2024-02-29",
		}, "(a OR b) to:2024-02-29"},
		{"not of a group", transcript.Query{Text: transcript.Not{Node: transcript.And{Nodes: []transcript.Node{w("a"), w("b")}}}},
			"-(a b)"},
		{"prefix", transcript.Query{Text: transcript.Word{Text: "price", Prefix: true}}, "price*"},
		{"phrase quotes", transcript.Query{Text: transcript.And{Nodes: []transcript.Node{
			transcript.Phrase{Text: "plain"},
			transcript.Phrase{Text: `with "quotes"`},
			transcript.Phrase{Text: `with " and »`},
		}}}, `"plain" «with "quotes"» “with " and »”`},
		{"filter values", transcript.Query{Filters: []transcript.Filter{
			{Field: "person", Value: "Putin"},
			{Field: "person", Value: "Vladimir Putin", Negated: true},
			{Field: "topic", Value: "a(b)"},
			{Field: "topic", Value: "//x"},
			{Field: "topic", Value: "zero\u200bwidth"},
			{Field: "topic", Value: ""},
			{Field: "section", Value: `say "no"`},
		}, From: "2020-01-01", To: "2020-12-31"},
			`person:Putin -person:"Vladimir Putin" topic:"a(b)" topic:"//x" topic:"zero` + "\u200b" + `width" topic:"" section:«say "no"» from:2020-01-01 to:2020-12-31`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
