package archive_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestRegistry(t *testing.T) {
	stored := []transcript.Person{
		{Name: "Vladimir Putin", Labels: []string{"Vladimir Putin", "President of Russia Vladimir Putin"}, Roles: []string{"President of Russia"},
			Turns: 100, Documents: 10, First: "2010-01-01", Last: "2020-01-01"},
		{Name: "Kirill Kleymenov", Labels: []string{"Kirill Kleymenov"}, Turns: 20, Documents: 2, First: "2013-04-25", Last: "2017-06-15"},
		{Name: "В.Путин", Labels: []string{"В.Путин"}, Turns: 12, Documents: 3, First: "2008-05-07", Last: "2021-01-01"},
		{Name: "Kirill Kleimenov", Labels: []string{"Kirill Kleimenov"}, Roles: []string{"Moderator"}, Turns: 5, Documents: 1, First: "2014-04-17", Last: "2014-04-17"},
		{Name: "Dmitry Peskov", Turns: 1, Documents: 1},
	}
	_, got := archive.Registry(stored, nil)
	want := []transcript.Person{
		{Name: "Vladimir Putin", Variants: []string{"В.Путин"}, Labels: []string{"Vladimir Putin", "President of Russia Vladimir Putin", "В.Путин"},
			Roles: []string{"President of Russia"}, Turns: 112, Documents: 13, First: "2008-05-07", Last: "2021-01-01"},
		{Name: "Kirill Kleymenov", Variants: []string{"Kirill Kleimenov"}, Labels: []string{"Kirill Kleymenov", "Kirill Kleimenov"},
			Roles: []string{"Moderator"}, Turns: 25, Documents: 3, First: "2013-04-25", Last: "2017-06-15"},
		{Name: "Dmitry Peskov", Turns: 1, Documents: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Registry persons mismatch (-want +got):\n%s", diff)
	}
}

func TestMergePersonFacets(t *testing.T) {
	reg, _ := archive.Registry([]transcript.Person{{Name: "Kirill Kleymenov", Turns: 9}, {Name: "Dmitry Peskov", Turns: 5},
		{Name: "Kirill Kleimenov", Turns: 2}}, nil)
	f := &transcript.Facets{Persons: []transcript.FacetCount{{Value: "Dmitry Peskov", Count: 5}, {Value: "Kirill Kleymenov", Count: 3},
		{Value: "Kirill Kleimenov", Count: 4}}}
	archive.MergePersonFacets(f, reg)
	want := []transcript.FacetCount{{Value: "Kirill Kleymenov", Count: 7}, {Value: "Dmitry Peskov", Count: 5}}
	if diff := cmp.Diff(want, f.Persons); diff != "" {
		t.Errorf("merged facets mismatch (-want +got):\n%s", diff)
	}
}

// fakePeople is a PersonSource over fixed values.
type fakePeople struct {
	stored    []transcript.Person
	overrides string
}

func (f fakePeople) Persons(context.Context) ([]transcript.Person, error) { return f.stored, nil }
func (f fakePeople) PersonOverrides(context.Context) (string, error)      { return f.overrides, nil }

func TestLoadPeople(t *testing.T) {
	src := fakePeople{stored: []transcript.Person{{Name: "Denis Manturov", Turns: 3}, {Name: "Dmitry Manturov", Turns: 1}},
		overrides: "merge \"Denis Manturov\" \"Dmitry Manturov\"\n"}
	p, err := archive.LoadPeople(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Stored) != 2 || p.Overrides == nil || len(p.Persons) != 1 || p.Persons[0].Turns != 4 ||
		p.Registry.Canonical("Dmitry Manturov") != "Denis Manturov" {
		t.Errorf("LoadPeople = %+v", p)
	}
	if _, err := archive.LoadPeople(t.Context(), fakePeople{overrides: "fuse A B"}); err == nil {
		t.Error("LoadPeople with a broken overrides file: no error")
	}
}
