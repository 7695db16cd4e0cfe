package cite

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// turnFragment is a permalink's turn: #t4.
var turnFragment = regexp.MustCompile(`^t([1-9][0-9]{0,8})$`)

// ParseRef reads what a citation names as the command line writes it:
// a document ID, or ID#tN for its turn N (turn 0 for the document).
// Anything else is ErrInvalid, with a message that shows the form.
func ParseRef(ref string) (id string, turn int, err error) {
	id, frag, hasFrag := strings.Cut(ref, "#")
	if hasFrag {
		m := turnFragment.FindStringSubmatch(frag)
		if m == nil {
			return "", 0, transcript.Errorf(transcript.ErrInvalid, "%q does not name a turn: write ID#tN, as in kremlin.ru/67763#t4", ref)
		}
		turn, _ = strconv.Atoi(m[1])
	}
	if id == "" || strings.ContainsAny(id, " \t\n") {
		return "", 0, transcript.Errorf(transcript.ErrInvalid, "%q is not a document id: ids look like kremlin.ru/67763 or en.kremlin.ru/67763", ref)
	}
	return id, turn, nil
}
