package kremlintext_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRussianTalks checks the Russian talks dump turn by turn: initials
// resolved from the page's "Лица" column, "(синхронный перевод)" kept in
// the label with the person still resolved, the footer's status heading
// not taken for a person, and a sentence colon ("Напомним:") no label.
func TestRussianTalks(t *testing.T) {
	doc := mustParse(t, "testdata/russian_talks.txt")
	type view struct{ Speaker, Person string }
	var got []view
	for _, tr := range doc.Turns {
		got = append(got, view{tr.Speaker, tr.Person})
	}
	want := []view{
		{},
		{"В.Путин", "Владимир Путин"},
		{"Х.Мартинес (синхронный перевод)", "Хорхе Мартинес"},
		{"Д.Песков", "Дмитрий Песков"},
		{"Вопрос (синхронный перевод)", ""},
		{"Х.Мартинес (синхронный перевод)", "Хорхе Мартинес"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("turns mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Мартинес Хорхе", "Песков Дмитрий", "Путин Владимир"}, doc.Persons); diff != "" {
		t.Errorf("persons mismatch (-want +got):\n%s", diff)
	}
	for _, f := range []struct{ name, got, want string }{
		{"id", doc.ID, "kremlin.ru/90005"}, {"date", doc.Date, "2024-03-12"},
		{"place", doc.Place, "Московская область, Ново-Огарёво"}, {"published_at", doc.PublishedAt, "2024-03-12T14:05"},
	} {
		if f.got != f.want {
			t.Errorf("%s got %q, want %q", f.name, f.got, f.want)
		}
	}
	if diff := cmp.Diff([]string{"Новости"}, doc.PublishedIn); diff != "" {
		t.Errorf("published_in mismatch (-want +got):\n%s", diff)
	}
}
