package search_test

import (
	"slices"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestVocab(t *testing.T) {
	v := search.NewVocab()
	v.AddName("Vladimir Putin", "President of Russia Vladimir Putin")
	v.AddName("Vladimir Putin", "В.Путин")
	v.AddName("Dmitry Peskov", "")
	v.SetLabels([]string{"Question", "Remark"})
	v.AddTerms("topic", "Foreign policy", "Energy", "Energy")
	person := func(name string) string { return search.MetaToken(search.FieldPerson, name) }
	tests := []struct {
		f     transcript.Filter
		want  []string
		found bool
	}{
		{transcript.Filter{Field: "person", Value: "putin"}, []string{person("Vladimir Putin")}, true},
		{transcript.Filter{Field: "person", Value: "путин"}, []string{person("Vladimir Putin")}, true},
		{transcript.Filter{Field: "person", Value: "Dmitry Peskov"}, []string{person("Dmitry Peskov")}, true},
		{transcript.Filter{Field: "speaker", Value: "question"}, []string{search.MetaToken(search.FieldSpeaker, "Question")}, true},
		{transcript.Filter{Field: "topic", Value: "energy"}, []string{search.MetaToken(search.FieldTopic, "Energy")}, true},
		{transcript.Filter{Field: "person", Value: "putn"}, nil, false},
		{transcript.Filter{Field: "geography", Value: "china"}, nil, false},
	}
	for _, tt := range tests {
		got, found := v.Resolve(tt.f)
		if found != tt.found || !slices.Equal(got, tt.want) {
			t.Errorf("Resolve(%s:%s) = %q, %v; want %q, %v", tt.f.Field, tt.f.Value, got, found, tt.want, tt.found)
		}
	}
	if s := v.Suggest(transcript.Filter{Field: "person", Value: "putn"}); s != "Vladimir Putin" {
		t.Errorf("Suggest(person:putn) = %q, want Vladimir Putin", s)
	}
}
