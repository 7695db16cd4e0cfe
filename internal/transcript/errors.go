package transcript

import (
	"errors"
	"fmt"
	"strings"
)

// Error kinds. Engines and parsers wrap them with detail; test with errors.Is.
var (
	// ErrNotFound: the requested document, version or person does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input breaks the document model or a command's rules.
	ErrInvalid = errors.New("invalid")
	// ErrConflict: the write contradicts what the archive holds.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the archive's server could not be reached, or the
	// connection to it was lost and did not come back in time. The
	// operation changed nothing; running it again later may succeed.
	ErrUnavailable = errors.New("unavailable")
	// ErrReadOnly: the archive refuses writes (a read replica, a server
	// in read-only mode).
	ErrReadOnly = errors.New("read-only")
	// ErrSchemaTooNew: a newer Rostrum wrote the archive; this one cannot
	// read it.
	ErrSchemaTooNew = errors.New("schema too new")
)

// Error is an error of one of the kinds above with the message users
// see: Error returns Msg alone, without the kind or the layers that
// wrapped it on the way.
type Error struct {
	Kind error  // ErrNotFound, ErrInvalid, ErrUnavailable, …
	Msg  string // what the user reads
	Err  error  // the cause, if any, for errors.Is and errors.As
}

// Errorf returns an *Error of kind with the message format makes of args.
// A %w verb in format keeps its operand as the cause.
func Errorf(kind error, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Msg: err.Error(), Err: errors.Unwrap(err)}
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Message returns what to tell a user of err of the given kind: the
// message of the *Error of that kind in its chain, or else the detail of
// the innermost error that wraps kind as "KIND: detail" (how the engines
// wrap ErrInvalid). It returns err.Error() when neither is found, and ""
// for nil.
func Message(err error, kind error) string {
	if err == nil {
		return ""
	}
	var te *Error
	if errors.As(err, &te) && te.Kind == kind {
		return te.Msg
	}
	if w := wrapperOf(err, kind); w != nil {
		if d, ok := strings.CutPrefix(w.Error(), kind.Error()+": "); ok {
			return d
		}
		return w.Error()
	}
	return err.Error()
}

// Detail returns what err says of its kind kind to a user, as Message
// does, and whether it says anything: false when err is not of kind, or
// wraps kind bare, with only the operations it passed through
// ("sqlite: document X: not found"), which are no message for a user.
func Detail(err error, kind error) (string, bool) {
	var te *Error
	if errors.As(err, &te) && te.Kind == kind {
		return te.Msg, true
	}
	w := wrapperOf(err, kind)
	if w == nil {
		return "", false
	}
	s := w.Error()
	if d, ok := strings.CutPrefix(s, kind.Error()+": "); ok {
		return d, true
	}
	if s == kind.Error() || strings.HasSuffix(s, ": "+kind.Error()) {
		return "", false
	}
	return s, true // an error type of its own that unwraps to kind
}

// wrapperOf returns the innermost error in err's chain that wraps kind
// itself, or nil.
func wrapperOf(err error, kind error) error {
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if u.Unwrap() == kind {
			return err
		}
		if u.Unwrap() != nil {
			return wrapperOf(u.Unwrap(), kind)
		}
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			if w == kind {
				return err
			}
			if found := wrapperOf(w, kind); found != nil {
				return found
			}
		}
	}
	return nil
}
