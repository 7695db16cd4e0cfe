package archive_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestVocabCacheResolve(t *testing.T) {
	tok := search.MetaToken
	tokens := func(ts ...string) []string { return slices.Compact(slices.Sorted(slices.Values(ts))) }
	// The archive holds these topics at generation 1, and economy too
	// from generation 2 on.
	load := func(gen int64, loads *int) func() (*search.Vocab, error) {
		return func() (*search.Vocab, error) {
			*loads++
			v := search.NewVocab()
			v.AddTerms("topic", "health", "defence")
			if gen >= 2 {
				v.AddTerms("topic", "economy")
			}
			return v, nil
		}
	}
	tests := []struct {
		name      string
		filters   []transcript.Filter
		gens      []int64 // the generation of each call, the last one checked
		want      []archive.FilterGroup
		wantErr   string // "" for none
		wantLoads int
	}{
		{name: "none", gens: []int64{1}},
		{
			name: "grouped by field and sign, in order",
			filters: []transcript.Filter{{Field: "lang", Value: "ru"}, {Field: "topic", Value: "health", Negated: true},
				{Field: "lang", Value: "en"}, {Field: "topic", Value: "defence", Negated: true}, {Field: "lang", Value: "en"}},
			gens: []int64{1},
			want: []archive.FilterGroup{
				{Field: "lang", Tokens: tokens(tok(search.FieldLang, "ru"), tok(search.FieldLang, "en"))},
				{Field: "topic", Negated: true, Tokens: tokens(tok(search.FieldTopic, "health"), tok(search.FieldTopic, "defence"))},
			},
			wantLoads: 1,
		},
		{
			name:      "kept while the generation stands",
			filters:   []transcript.Filter{{Field: "topic", Value: "health"}},
			gens:      []int64{1, 1, 1},
			want:      []archive.FilterGroup{{Field: "topic", Tokens: []string{tok(search.FieldTopic, "health")}}},
			wantLoads: 1,
		},
		{
			name:      "kept a while when the generation moves",
			filters:   []transcript.Filter{{Field: "topic", Value: "health"}},
			gens:      []int64{1, 2},
			want:      []archive.FilterGroup{{Field: "topic", Tokens: []string{tok(search.FieldTopic, "health")}}},
			wantLoads: 1,
		},
		{
			name:    "reloaded for a value it lacks when the generation moved",
			filters: []transcript.Filter{{Field: "topic", Value: "economy"}},
			gens:    []int64{1, 2},
			want:    []archive.FilterGroup{{Field: "topic", Tokens: []string{tok(search.FieldTopic, "economy")}}},
			wantErr: "", wantLoads: 2,
		},
		{
			name:      "unknown value",
			filters:   []transcript.Filter{{Field: "topic", Value: "healt"}},
			gens:      []int64{1},
			wantErr:   `no topic matches "healt"; did you mean`,
			wantLoads: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c archive.VocabCache
			loads := 0
			var got []archive.FilterGroup
			var err error
			for i, gen := range tt.gens {
				filters := tt.filters
				if i < len(tt.gens)-1 {
					filters = []transcript.Filter{{Field: "topic", Value: "health"}}
				}
				got, err = c.Resolve(filters, gen, load(gen, &loads))
			}
			if tt.wantErr != "" {
				if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got error %v, want ErrInvalid containing %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Resolve mismatch (-want +got):\n%s", diff)
			}
			if loads != tt.wantLoads {
				t.Errorf("got %d loads, want %d", loads, tt.wantLoads)
			}
		})
	}
}

func TestLoadVocab(t *testing.T) {
	q := archive.VocabSQL{Names: "names", Labels: "labels", Terms: "terms", Sections: "sections", Overrides: "overrides"}
	query := func(sql string, args ...any) (archive.Rows, error) {
		switch sql {
		case "names":
			return &fakeRows{rows: [][]any{{"Vladimir Putin", "V. Putin"}, {"Dmitry Peskov", nil}, {"В.Путин", nil},
				{"Kirill Kleymenov", nil}, {"Kirill Kleimenov", nil}, {"Denis Manturov", nil}, {"Dmitry Manturov", nil}}}, nil
		case "overrides":
			return &anyRows{vals: []any{"merge \"Denis Manturov\" \"Dmitry Manturov\"\nrename \"Kirill Kleymenov\" \"K. Kleymenov\""}}, nil
		case "labels":
			return &anyRows{vals: []any{"Moderator"}}, nil
		case "terms":
			if args[0] == "topic" {
				return &anyRows{vals: []any{"Economy"}}, nil
			}
			return &anyRows{}, nil
		case "sections":
			return &anyRows{vals: []any{[]byte("News")}}, nil
		}
		return nil, errors.New("unknown statement")
	}
	v, err := archive.LoadVocab(query, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    transcript.Filter
		want string
	}{
		{transcript.Filter{Field: "person", Value: "V. Putin"}, search.MetaToken(search.FieldPerson, "Vladimir Putin")},
		{transcript.Filter{Field: "person", Value: "Peskov"}, search.MetaToken(search.FieldPerson, "Dmitry Peskov")},
		{transcript.Filter{Field: "speaker", Value: "Moderator"}, search.MetaToken(search.FieldSpeaker, "Moderator")},
		{transcript.Filter{Field: "topic", Value: "economy"}, search.MetaToken(search.FieldTopic, "Economy")},
		{transcript.Filter{Field: "section", Value: "news"}, search.MetaToken(search.FieldSection, "News")},
		// The person registry: another script, another spelling, an
		// override's merge and rename.
		{transcript.Filter{Field: "person", Value: "Vladimir Putin"}, search.MetaToken(search.FieldPerson, "В.Путин")},
		{transcript.Filter{Field: "person", Value: "Kleymenov"}, search.MetaToken(search.FieldPerson, "Kirill Kleimenov")},
		{transcript.Filter{Field: "person", Value: "Denis Manturov"}, search.MetaToken(search.FieldPerson, "Dmitry Manturov")},
		{transcript.Filter{Field: "person", Value: "K. Kleymenov"}, search.MetaToken(search.FieldPerson, "Kirill Kleimenov")},
	} {
		if got, found := v.Resolve(tt.f); !found || !slices.Contains(got, tt.want) {
			t.Errorf("Resolve(%+v) = %v, %v, want %s among them", tt.f, got, found, tt.want)
		}
	}
	if got, _ := v.Resolve(transcript.Filter{Field: "person", Value: "Dmitry Peskov"}); len(got) != 1 {
		t.Errorf("person:Dmitry Peskov = %q: want Peskov alone", got)
	}
	badOverrides := func(sql string, args ...any) (archive.Rows, error) {
		if sql == "overrides" {
			return &anyRows{vals: []any{"fuse A B"}}, nil
		}
		return query(sql, args...)
	}
	if _, err := archive.LoadVocab(badOverrides, q); err == nil || !strings.Contains(err.Error(), "rostrum persons apply") {
		t.Errorf("LoadVocab with a broken overrides file: %v, want an error saying how to mend it", err)
	}
	failing := func(sql string, args ...any) (archive.Rows, error) {
		if sql == "sections" {
			return nil, errors.New("boom")
		}
		return query(sql, args...)
	}
	if _, err := archive.LoadVocab(failing, q); err == nil {
		t.Error("LoadVocab with a failing statement: no error")
	}
}
