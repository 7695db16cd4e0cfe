package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// httpError is an error with the status and the message a client sees.
type httpError struct {
	Status int
	Msg    string             // what went wrong, for the reader
	Query  *search.QueryError // set for a malformed query: the page shows where
	Hint   string             // what to do about it, optional
	// RetryAfter, when positive, is sent as the Retry-After header: when
	// a busy (503) or rate-limited (429) client may try again.
	RetryAfter time.Duration
	// ID, when set, names Msg in the message catalogue (with Args), and
	// HintID names Hint, so that an error page speaks the interface's
	// language; the API and the log keep the English.
	ID       string
	Args     []any
	HintID   string
	HintArgs []any
	Counted  bool // the message is plural, counted by Args[0] (see trn)
}

// errorTN is errorT for a plural message counted by n.
func errorTN(status int, id string, n int, args ...any) *httpError {
	return &httpError{Status: status, Msg: trn(langEN, id, n, args...), ID: id, Args: append([]any{n}, args...), Counted: true}
}

// withHint sets e's hint to message id (with args) of the catalogue.
func (e *httpError) withHint(id string, args ...any) *httpError {
	e.Hint, e.HintID, e.HintArgs = tr(langEN, id, args...), id, args
	return e
}

// errorT is errorf for a message of the catalogue: id's English with
// args, and the id for the error page.
func errorT(status int, id string, args ...any) *httpError {
	return &httpError{Status: status, Msg: tr(langEN, id, args...), ID: id, Args: args}
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Msg) }

func errorf(status int, format string, args ...any) *httpError {
	return &httpError{Status: status, Msg: fmt.Sprintf(format, args...)}
}

// classify maps a handler's error to what the client sees. Domain errors
// become 4xx with their message; anything else is a 500 whose detail only
// the log gets.
func classify(err error) (e *httpError, internal bool) {
	var he *httpError
	var qe *search.QueryError
	switch {
	case errors.As(err, &he):
		return he, false
	case errors.As(err, &qe):
		return &httpError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("column %d: %s", qe.Column(), qe.Msg), Query: qe,
			Hint: tr(langEN, "err.queryhint"), HintID: "err.queryhint"}, false
	case errors.Is(err, transcript.ErrNotFound):
		e := &httpError{Status: http.StatusNotFound, Msg: userMessage(err)}
		if e.Msg == tr(langEN, "err.nosuchpage") {
			e.ID = "err.nosuchpage"
		}
		return e, false
	case errors.Is(err, transcript.ErrInvalid):
		return &httpError{Status: http.StatusBadRequest, Msg: userMessage(err)}, false
	case errors.Is(err, context.DeadlineExceeded):
		return &httpError{Status: http.StatusServiceUnavailable, Msg: tr(langEN, "err.timeout"), ID: "err.timeout",
			Hint: tr(langEN, "err.timeouthint"), HintID: "err.timeouthint"}, false
	case errors.Is(err, context.Canceled):
		return &httpError{Status: 499, Msg: tr(langEN, "err.cancelled"), ID: "err.cancelled"}, false
	}
	return errorT(http.StatusInternalServerError, "err.internal"), true
}

// userMessage is what the reader is told of err, an ErrInvalid or an
// ErrNotFound: the message it carries (transcript.Detail), never the
// operations that wrapped it on the way. What is not found without
// saying what is no such page.
func userMessage(err error) string {
	for _, kind := range []error{transcript.ErrInvalid, transcript.ErrNotFound} {
		if msg, ok := transcript.Detail(err, kind); ok {
			return msg
		}
	}
	if errors.Is(err, transcript.ErrInvalid) {
		return transcript.ErrInvalid.Error()
	}
	return tr(langEN, "err.nosuchpage")
}

// suggestion splits an error message that ends "; did you mean X?" (see
// archive's unknown filter values) into the message before it and X,
// and links X: to the corrected term page on a term page (/topic/…,
// /country/…, /section/…), else to the search with the unknown value of
// q's filter replaced. The link is "" when the message makes no
// suggestion or the query cannot be corrected.
func suggestion(r *http.Request, msg string) (before, value, link string) {
	const lead, tail = "; did you mean ", "?"
	i := strings.LastIndex(msg, lead)
	if i < 0 || !strings.HasSuffix(msg, tail) {
		return msg, "", ""
	}
	before, value = msg[:i], msg[i+len(lead):len(msg)-len(tail)]
	for _, k := range []termKind{kindTopic, kindCountry, kindSection} {
		if strings.HasPrefix(r.URL.Path, k.Path) {
			return before, value, k.Path + url.PathEscape(value)
		}
	}
	// The unknown value, as the message quotes it: no … matches "v".
	j := strings.LastIndex(before, " matches ")
	if j < 0 {
		return msg, "", ""
	}
	unknown, err := strconv.Unquote(before[j+len(" matches "):])
	if err != nil {
		return msg, "", ""
	}
	q := r.URL.Query().Get("q")
	parsed, err := search.ParseQuery(q)
	if err != nil {
		return msg, "", ""
	}
	for _, f := range parsed.Filters {
		if f.Value != unknown {
			continue
		}
		written := q[f.Pos:f.End]
		colon := strings.Index(written, ":")
		if colon < 0 {
			break
		}
		fixed := q[:f.Pos] + written[:colon+1] + quoteValue(value) + q[f.End:]
		path := "/search"
		if r.URL.Path == "/kwic" {
			path = "/kwic"
		}
		return before, value, path + strings.TrimPrefix(searchURL(fixed), "/search")
	}
	return msg, "", ""
}
