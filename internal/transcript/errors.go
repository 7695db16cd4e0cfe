package transcript

import "errors"

// Error kinds. Engines and parsers wrap them with detail; test with errors.Is.
var (
	// ErrNotFound: the requested document, version or person does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input breaks the document model or a command's rules.
	ErrInvalid = errors.New("invalid")
	// ErrConflict: the write contradicts what the archive holds.
	ErrConflict = errors.New("conflict")
)
