package archive_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestTermQuery(t *testing.T) {
	queries := map[string]string{transcript.TermTopic: "topics", transcript.TermSection: "sections"}
	if q, err := archive.TermQuery(queries, transcript.TermTopic); q != "topics" || err != nil {
		t.Errorf("TermQuery(topic) = %q, %v", q, err)
	}
	_, err := archive.TermQuery(queries, "colour")
	if !errors.Is(err, transcript.ErrInvalid) || !strings.HasSuffix(err.Error(), `unknown kind "colour" (want section, topic)`) {
		t.Errorf("TermQuery(colour): got error %v, want ErrInvalid naming the known kinds", err)
	}
}

func TestTermCache(t *testing.T) {
	type call struct {
		kind string
		gen  int64
	}
	tests := []struct {
		name      string
		calls     []call
		wantReads int
	}{
		{"same generation is kept", []call{{"topic", 1}, {"topic", 1}}, 1},
		{"kinds are kept apart", []call{{"topic", 1}, {"section", 1}, {"topic", 1}, {"section", 1}}, 2},
		{"a new generation reads again", []call{{"topic", 1}, {"topic", 2}, {"topic", 2}}, 2},
		{"an older generation is not kept", []call{{"topic", 2}, {"topic", 1}, {"topic", 1}, {"topic", 2}}, 3},
		{"a new generation drops other kinds", []call{{"topic", 1}, {"section", 1}, {"topic", 2}, {"section", 2}}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c archive.TermCache
			reads := 0
			for _, cl := range tt.calls {
				query := func() (archive.Rows, error) {
					reads++
					return &fakeRows{rows: [][]any{{cl.kind + "-a", 2}, {cl.kind + "-b", 1}}}, nil
				}
				got, err := c.Get(cl.kind, cl.gen, query)
				if err != nil {
					t.Fatal(err)
				}
				want := []transcript.FacetCount{{Value: cl.kind + "-a", Count: 2}, {Value: cl.kind + "-b", Count: 1}}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Get(%s, %d) mismatch (-want +got):\n%s", cl.kind, cl.gen, diff)
				}
				got[0].Count = 99 // a copy: the kept list must not change
			}
			if reads != tt.wantReads {
				t.Errorf("got %d reads, want %d", reads, tt.wantReads)
			}
		})
	}
	var c archive.TermCache
	if _, err := c.Get("topic", 1, func() (archive.Rows, error) { return nil, errors.New("boom") }); err == nil {
		t.Error("Get: a failed read gave no error")
	}
}
