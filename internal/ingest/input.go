package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// DefaultMaxBytes is the default size limit of one input: far above any
// real page (the largest kremlin.ru transcripts are under 1 MiB), low
// enough that a stray video or database file is refused without being read.
const DefaultMaxBytes = 16 << 20

// Stdin is the path that stands for standard input.
const Stdin = "-"

// Expand turns paths into the list of inputs they name, in a deterministic
// order: files as given, folders walked recursively in lexical order,
// skipping hidden files and folders (names starting with ".") and what is
// not a regular file, and Stdin as itself. A path that cannot be read, or
// that names something other than a regular file or a folder (a named
// pipe, a device, a socket: opening one can block for ever), is reported
// in the returned errors (one *parser.ParseError each) and the others are
// still listed.
func Expand(paths []string) (inputs []string, errs []error) {
	inputs, _, errs = ExpandSkipping(paths)
	return inputs, errs
}

// ExpandSkipping is Expand that also passes over, in a folder walk, the
// files that are plainly no pages (NotPage: notes, feeds, indexes,
// images), and returns them; a file named on its own is always an input.
func ExpandSkipping(paths []string) (inputs, skipped []string, errs []error) {
	for _, p := range paths {
		if p == Stdin {
			inputs = append(inputs, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &parser.ParseError{Source: p, Err: pathError(err)})
			continue
		}
		if !fi.IsDir() {
			if err := regular(p, fi.Mode()); err != nil {
				errs = append(errs, err)
				continue
			}
			inputs = append(inputs, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &parser.ParseError{Source: path, Err: pathError(err)})
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && NotPage(d.Name()) {
				skipped = append(skipped, path)
				return nil
			}
			if d.Type().IsRegular() {
				inputs = append(inputs, path)
			} else if d.Type()&fs.ModeSymlink != 0 {
				if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
					inputs = append(inputs, path)
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, &parser.ParseError{Source: p, Err: pathError(err)})
		}
	}
	return inputs, skipped, errs
}

// NotPage reports whether a file's name says it is plainly no page: a
// README, notes or licence (README*, NOTES*, SOURCE*, LICENSE*,
// CHANGELOG*), Markdown or reStructuredText, a feed or sitemap (.xml,
// .atom, .rss), an index of a folder (index.json, index.jsonl,
// index.csv), a spreadsheet, an image or an archive. Pages are .txt,
// .html, .htm, .json and .jsonl files, or files without an extension.
func NotPage(name string) bool {
	lower := strings.ToLower(name)
	for _, prefix := range []string{"readme", "notes", "source", "license", "licence", "changelog"} {
		if strings.HasPrefix(lower, prefix) && (len(lower) == len(prefix) || lower[len(prefix)] == '.') {
			return true
		}
	}
	switch lower {
	case "index.json", "index.jsonl", "index.csv":
		return true
	}
	switch filepath.Ext(lower) {
	case ".md", ".markdown", ".rst", ".xml", ".atom", ".rss", ".csv", ".tsv", ".pdf", ".png", ".jpg", ".jpeg",
		".gif", ".svg", ".webp", ".zip", ".gz", ".tar", ".db", ".sqlite":
		return true
	}
	return false
}

// pathError drops the path from an *fs.PathError, which FILE:LINE already names.
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// Load reads one input (a file, or Stdin from stdin) and rejects, before
// any parser sees it, what cannot be a page: a path that is not a
// regular file (refused before it is opened, since opening a named pipe
// blocks until a writer comes), an empty input, one larger than maxBytes
// (never read whole: at most maxBytes+1 bytes are read), binary data (NUL
// bytes) and invalid UTF-8. Rejections are *parser.ParseError values
// wrapping transcript.ErrInvalid. A read of stdin that blocks ends when
// ctx does, with ctx's error.
func Load(ctx context.Context, path string, stdin io.Reader, maxBytes int64) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var data []byte
	var err error
	if path == Stdin {
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		data, err = readAll(ctx, stdin, maxBytes)
		if ctx.Err() != nil && err != nil {
			return nil, ctx.Err()
		}
	} else {
		data, err = readFile(path, maxBytes)
	}
	if err != nil {
		var pe *parser.ParseError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, &parser.ParseError{Source: path, Err: pathError(err)}
	}
	if int64(len(data)) > maxBytes {
		return nil, reject(path, 0, "file too large: over the %s limit (--max-bytes)", size(maxBytes))
	}
	return data, Check(path, data)
}

// readFile reads up to maxBytes+1 bytes of the regular file at path.
func readFile(path string, maxBytes int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, fi.Mode()); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// What was opened is checked again: the path may have changed since.
	fi, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(path, fi.Mode()); err != nil {
		return nil, err
	}
	if fi.Size() > maxBytes {
		return nil, reject(path, 0, "file too large: %s, over the %s limit (--max-bytes)", size(fi.Size()), size(maxBytes))
	}
	return io.ReadAll(io.LimitReader(f, maxBytes+1))
}

// readAll reads up to maxBytes+1 bytes of r, giving up when ctx ends: a
// read of a pipe or a terminal can block for ever, and no deadline
// reaches it, so it runs on its own goroutine, which is left behind
// (blocked until the read returns) when ctx ends first.
func readAll(ctx context.Context, r io.Reader, maxBytes int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// regular refuses, as a *parser.ParseError wrapping transcript.ErrInvalid,
// a path whose mode is not a regular file's.
func regular(path string, mode fs.FileMode) error {
	if mode.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case mode.IsDir():
		what = "a folder, not a file"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe, not a regular file"
	case mode&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case mode&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return reject(path, 0, "%s", what)
}

// Check rejects data that cannot be a page; see Load.
func Check(source string, data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return reject(source, 0, "empty file")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return reject(source, lineAt(data, i), "binary data, not a page")
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		return reject(source, lineAt(data, i), "invalid UTF-8 (byte 0x%02X)", data[i])
	}
	return nil
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func reject(source string, line int, format string, args ...any) error {
	return &parser.ParseError{Source: source, Line: line, Err: &rejection{fmt.Sprintf(format, args...)}}
}

// rejection is an input refused before parsing. It is an invalid input
// whose message is the reason alone.
type rejection struct{ reason string }

func (e *rejection) Error() string        { return e.reason }
func (e *rejection) Is(target error) bool { return target == transcript.ErrInvalid }

func lineAt(data []byte, off int) int { return 1 + bytes.Count(data[:off], []byte("\n")) }

// size formats a byte count for people: "50.0 MiB (52428800 bytes)".
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/(1<<20), n)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB (%d bytes)", float64(n)/(1<<10), n)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Message formats a failure for people as "FILE:LINE: reason": the line is
// 1 when the input as a whole is at fault, and the "invalid: " kind prefix
// is dropped (every reported input is invalid).
func Message(err error) string {
	var pe *parser.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	src, line := pe.Source, pe.Line
	if src == "" {
		src = Stdin
	}
	if line < 1 {
		line = 1
	}
	return fmt.Sprintf("%s:%d: %s", src, line, transcript.Message(pe.Err, transcript.ErrInvalid))
}
