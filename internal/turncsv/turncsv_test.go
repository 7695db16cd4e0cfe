package turncsv_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/turncsv"
)

func TestWriter(t *testing.T) {
	for _, excel := range []bool{false, true} {
		var b bytes.Buffer
		w := turncsv.NewWriter(&b, excel)
		rows := []turncsv.Row{
			{DocID: "t/1", Date: "2022-02-10", Title: "Talks\u00a0in\u202fMoscow", Turn: 4, Speaker: "Question", QA: "q4",
				Text: "=HYPERLINK(\"x\")", Permalink: "t/1#t4", URL: "https://r.example/d/t/1#t4"},
			{DocID: "t/1", Turn: 5, Speaker: "Vladimir Putin", Person: "Vladimir Putin", Text: "-5% and +3%", Permalink: "t/1#t5"},
		}
		for i := range rows {
			if err := w.Write(&rows[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if got := strings.HasPrefix(out, "\ufeff"); got != excel {
			t.Errorf("excel %v: byte order mark %v", excel, got)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{turncsv.Columns,
			{"t/1", "2022-02-10", "Talks in Moscow", "4", "Question", "", "", "q4", `=HYPERLINK("x")`, "t/1#t4", "https://r.example/d/t/1#t4"},
			{"t/1", "", "", "5", "Vladimir Putin", "Vladimir Putin", "", "", "-5% and +3%", "t/1#t5", ""}}
		if excel {
			want[1][8], want[2][8] = `'=HYPERLINK("x")`, "'-5% and +3%"
		}
		if diff := cmp.Diff(want, recs); diff != "" {
			t.Errorf("excel %v (-want +got):\n%s", excel, diff)
		}
	}
}

func TestEmptyHasHeader(t *testing.T) {
	var b bytes.Buffer
	if err := turncsv.NewWriter(&b, false).Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), strings.Join(turncsv.Columns, ",")+"\n"; got != want {
		t.Errorf("an export of nothing = %q, want the header %q", got, want)
	}
}
