package textout

import (
	"fmt"
	"io"
	"strings"

	"github.com/rostrum/rostrum/internal/qa"
)

// Exchanges prints the question-and-answer exchanges of document id:
// each question with its permalink, who gave the floor, and the turns
// that answer it.
func Exchanges(w io.Writer, id string, xs []qa.Exchange) {
	for i, x := range xs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  %s#t%d\n", x.ID, id, x.Question.Turn)
		if x.Floor != nil {
			fmt.Fprintf(w, "  floor    t%-4d %s\n", x.Floor.Turn, Escape(who(x.Floor)))
		}
		fmt.Fprintf(w, "  question t%-4d %s: %s\n", x.Question.Turn, Escape(who(&x.Question)), Escape(OneLine(x.Question.Text, 200)))
		if len(x.Answers) == 0 {
			fmt.Fprintln(w, "  (no answer before the next question)")
		}
		for _, a := range x.Answers {
			fmt.Fprintf(w, "  answer   t%-4d %s\n", a.Turn, Escape(who(&a)))
		}
	}
}

// who is a turn's speaker as the exchange list shows it: the label, and
// the person when the label does not already name them.
func who(t *qa.Turn) string {
	if t.Person == "" || strings.Contains(t.Speaker, t.Person) {
		return t.Speaker
	}
	return t.Speaker + " (" + t.Person + ")"
}
