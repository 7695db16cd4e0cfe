package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"
)

// Raw inputs (the bytes a document was parsed from, and crawled bodies)
// are stored once per content, keyed by Sum, compressed by Pack, in a
// table raw_inputs (hash, size, compression, data) whose compression is
// always "gzip"; Unpack reads such a row back.

// Sum is the hex SHA-256 of b: the key of a raw input, and the hash of a
// stored document's JSON.
func Sum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// gzipWriters recycles compressors: a new one allocates about a megabyte
// of tables, which cost more than compressing a page.
//
// Raw pages and versions are text, compressed at the fastest level. Level
// 4 makes them 5–15% smaller, and its output decompresses about a quarter
// faster, but in an ingest profile the versions' 4 KB members at level 4
// took 12% of all CPU, twice what level 1 takes: ingest is short of its
// target, searches are not.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// Pack compresses b with gzip, for a raw_inputs row of compression
// "gzip".
func Pack(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A stored version's JSON may be packed (PackJSON): gzip, which no JSON
// text starts with, so rows written before stay readable as they are.

// PackJSON compresses a version's JSON for storing, as gzip members of
// JSONChunk bytes of JSON (PackJSONMembers); Decode reads it back.
// Versions are about a third of an archive's size unpacked.
func PackJSON(js []byte) ([]byte, error) {
	packed, _, err := PackJSONMembers(js)
	return packed, err
}

// IsPacked reports whether stored JSON was packed by PackJSON: it starts
// with gzip's magic number, where JSON text starts with '{'.
func IsPacked(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// UnpackJSON decompresses what PackJSON packed.
func UnpackJSON(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, 4*len(b)))
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Unpack decompresses a row of raw_inputs and checks it against its size
// and hash: an error names the hash, and says when the stored bytes do
// not match it.
func Unpack(hash string, size int64, compression string, data []byte) ([]byte, error) {
	if compression != "gzip" {
		return nil, fmt.Errorf("raw %s: unknown compression %q", hash, compression)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("raw %s: %w", hash, err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, fmt.Errorf("raw %s: %w", hash, err)
	}
	if int64(buf.Len()) != size || Sum(buf.Bytes()) != hash {
		return nil, fmt.Errorf("raw %s: stored bytes do not match their hash", hash)
	}
	return buf.Bytes(), nil
}
