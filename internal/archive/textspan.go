package archive

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// A turn's text is kept once, in its document's version (the canonical
// JSON, packed by PackJSON). A search page shows a few turns of each of
// its documents, and the documents a rare word finds are often the long
// ones, so a snippet must not cost decompressing and decoding a whole
// transcript: PackJSON writes the JSON as gzip members of JSONChunk bytes
// each (one gzip stream to any gzip reader, so Decode reads it whole as
// before), and a TextSpan says where a turn's object starts and how long
// it is, so that ReadTurnText decompresses only the members that hold it.

// JSONChunk is how many bytes of JSON each gzip member of a packed
// version holds.
//
// Smaller members cost compression (a member starts without the window
// of the one before) and save decompression (a snippet decompresses half
// a member on average before its turn). On 20,000 generated documents at
// the fastest gzip level, one stream per version kept 58% of the JSON
// out, 16 KB members 55.5%, 8 KB 53.5%, 4 KB 51%, 2 KB 47%.
const JSONChunk = 4 << 10

// MaxMember bounds the size of one packed member: JSONChunk bytes of
// JSON that do not compress at all take deflate's stored blocks (5 bytes
// of header each) plus gzip's 18 bytes of header and trailer. An engine
// that cannot find where a member ends (PostgreSQL's substring reads
// bytes from a span's At) reads MaxMember bytes per member the span
// covers (SpanBytes).
const MaxMember = JSONChunk + 256

// SpanBytes bounds how many packed bytes from sp.At hold the whole object
// sp locates: every member from the one at At to the one holding its last
// byte.
func SpanBytes(sp TextSpan) int64 {
	if sp.Skip < 0 || sp.Len <= 0 {
		return 0
	}
	return ((sp.Skip+sp.Len-1)/JSONChunk + 1) * MaxMember
}

// gzipReaders recycles decompressors: a new one allocates its window and
// tables, which cost more than reading a turn.
var gzipReaders sync.Pool

// PackJSONMembers compresses a version's JSON for storing (see PackJSON)
// and returns the offset in the packed bytes of each member, the i-th
// holding the JSON from i*JSONChunk.
func PackJSONMembers(js []byte) (packed []byte, members []int64, err error) {
	var buf bytes.Buffer
	buf.Grow(len(js)/3 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	for off := 0; off < len(js) || off == 0; off += JSONChunk {
		members = append(members, int64(buf.Len()))
		zw.Reset(&buf)
		if _, err := zw.Write(js[off:min(off+JSONChunk, len(js))]); err != nil {
			return nil, nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, nil, err
		}
	}
	return buf.Bytes(), members, nil
}

// TextSpan locates a turn's object in a stored version: At is where to
// start reading the stored bytes (the gzip member holding the object's
// start, or 0 for JSON stored as it is), Skip how many bytes of JSON to
// pass from there, Len the object's length in bytes.
type TextSpan struct {
	At, Skip, Len int64
}

// TurnSpans finds each turn's object in js, a document's canonical JSON
// (the array "turns" of its top-level object), in order, and where it is
// in the bytes PackJSONMembers made of js (members from it; nil for js
// stored as it is).
func TurnSpans(js []byte, members []int64) ([]TextSpan, error) {
	var spans []TextSpan
	depth, inString, escaped := 0, false, false
	// key is the last string read at depth 1; turnsAt the depth of the
	// turns array's elements while inside it.
	keyStart, key, afterKey := -1, "", false
	turnsAt, start := 0, -1
	for i, c := range js {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 1 && keyStart >= 0 {
					key, afterKey = string(js[keyStart:i]), false
				}
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			keyStart = -1
			if depth == 1 && !afterKey {
				keyStart = i + 1
			}
		case ':':
			if depth == 1 {
				afterKey = true
			}
		case ',':
			if depth == 1 {
				afterKey, key = false, ""
			}
		case '{', '[':
			depth++
			if c == '[' && depth == 2 && afterKey && key == "turns" {
				turnsAt = 3
			} else if c == '{' && depth == turnsAt {
				start = i
			}
		case '}', ']':
			if c == '}' && depth == turnsAt && start >= 0 {
				spans = append(spans, spanOf(int64(start), int64(i+1-start), members))
				start = -1
			}
			if c == ']' && depth == 2 && turnsAt > 0 {
				turnsAt = -1 // done: one turns array
			}
			depth--
		}
	}
	if depth != 0 || inString {
		return nil, errors.New("stored JSON: unbalanced")
	}
	return spans, nil
}

// spanOf places the object at off, of n bytes, in a packed version.
func spanOf(off, n int64, members []int64) TextSpan {
	if members == nil {
		return TextSpan{Skip: off, Len: n}
	}
	m := min(off/JSONChunk, int64(len(members)-1))
	return TextSpan{At: members[m], Skip: off - m*JSONChunk, Len: n}
}

// ReadTurnText reads the text of turn index at sp in a stored version
// (stored as PackJSONMembers or as it is): its paragraphs joined by a
// blank line, as TurnTexts reads them. Bytes at sp that are not that
// turn's object are an error.
func ReadTurnText(stored []byte, sp TextSpan, index int) (string, error) {
	var obj []byte
	if IsPacked(stored) {
		if sp.At < 0 || sp.At >= int64(len(stored)) {
			return "", fmt.Errorf("stored JSON: turn span at %d of %d bytes", sp.At, len(stored))
		}
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(bytes.NewReader(stored[sp.At:]))
		} else {
			err = zr.Reset(bytes.NewReader(stored[sp.At:]))
		}
		if err != nil {
			return "", fmt.Errorf("stored JSON: %w", err)
		}
		defer gzipReaders.Put(zr)
		if sp.Skip < 0 || sp.Len < 0 {
			return "", fmt.Errorf("stored JSON: turn span %d+%d", sp.Skip, sp.Len)
		}
		if _, err := io.CopyN(io.Discard, zr, sp.Skip); err != nil {
			return "", fmt.Errorf("stored JSON: %w", err)
		}
		var buf bytes.Buffer
		buf.Grow(int(min(sp.Len, 1<<20)))
		if _, err := io.CopyN(&buf, zr, sp.Len); err != nil {
			return "", fmt.Errorf("stored JSON: %w", err)
		}
		obj = buf.Bytes()
	} else {
		if sp.Skip < 0 || sp.Len < 0 || sp.Len > int64(len(stored)) || sp.Skip > int64(len(stored))-sp.Len {
			return "", fmt.Errorf("stored JSON: turn span %d+%d of %d bytes", sp.Skip, sp.Len, len(stored))
		}
		obj = stored[sp.Skip : sp.Skip+sp.Len]
	}
	return TurnObjectText(obj, index)
}

// TurnObjectText reads the text of turn index from its object in a
// stored version (the bytes a TextSpan locates): its paragraphs joined
// by a blank line. An object that is not that turn's is an error.
func TurnObjectText(obj []byte, index int) (string, error) {
	var t struct {
		Index      *int     `json:"index"`
		Paragraphs []string `json:"paragraphs"`
	}
	if err := json.Unmarshal(obj, &t); err != nil {
		return "", fmt.Errorf("stored JSON: turn %d: %w", index, err)
	}
	if t.Index == nil || *t.Index != index {
		return "", fmt.Errorf("stored JSON: turn %d: its span holds another object", index)
	}
	return strings.Join(t.Paragraphs, "\n\n"), nil
}
