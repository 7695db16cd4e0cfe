package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ncruces/go-sqlite3"

	"github.com/rostrum/rostrum/internal/archive"
)

// scanFunction is the name of the aggregate that counts a search's
// matches in one pass over the index, inside SQLite: SELECT
// rostrum_scan(rowid) FROM search WHERE search MATCH ? ORDER BY rowid.
// Counting in Go as the rows stream by costs about as much as FTS5's own
// count(*), where the SQL it replaces (count(DISTINCT), GROUP BY over a
// materialised set) cost several times that: a sort or a temporary
// B-tree per aggregate, in an engine compiled to WebAssembly.
const scanFunction = "rostrum_scan"

// scan is what rostrum_scan counts: the matching units, their documents,
// units per month (the histogram) and documents per year. Keys must
// arrive in ascending order, which ORDER BY rowid asks FTS5 for without
// a sort.
type scan struct {
	total, docs int
	months      []bucket // units per month key (key >> MonthShift), ascending
	years       []bucket // documents per year field (key >> YearShift), ascending
	lastDoc     int64
	lastKey     int64
	err         error
}

type bucket struct {
	key   int64
	count int
}

func (s *scan) add(k int64) {
	if s.total > 0 && k < s.lastKey {
		s.err = errors.New("rostrum_scan: keys out of order")
	}
	s.lastKey = k
	s.total++
	if m := k >> archive.MonthShift; len(s.months) == 0 || s.months[len(s.months)-1].key != m {
		s.months = append(s.months, bucket{m, 1})
	} else {
		s.months[len(s.months)-1].count++
	}
	if d := k >> archive.DocShift; s.docs == 0 || d != s.lastDoc {
		s.lastDoc = d
		s.docs++
		if y := k >> archive.YearShift; len(s.years) == 0 || s.years[len(s.years)-1].key != y {
			s.years = append(s.years, bucket{y, 1})
		} else {
			s.years[len(s.years)-1].count++
		}
	}
}

// Step implements sqlite3.AggregateFunction.
func (s *scan) Step(_ sqlite3.Context, arg ...sqlite3.Value) { s.add(arg[0].Int64()) }

// Value implements sqlite3.AggregateFunction: the counts as a blob of
// unsigned varints (total, documents, months, then each month and its
// count, years, then each year and its count).
func (s *scan) Value(ctx sqlite3.Context) {
	if s.err != nil {
		ctx.ResultError(s.err)
		return
	}
	ctx.ResultBlob(s.encode())
}

func (s *scan) encode() []byte {
	b := make([]byte, 0, 16+10*(len(s.months)+len(s.years)))
	b = binary.AppendUvarint(b, uint64(s.total))
	b = binary.AppendUvarint(b, uint64(s.docs))
	for _, bs := range [][]bucket{s.months, s.years} {
		b = binary.AppendUvarint(b, uint64(len(bs)))
		for _, x := range bs {
			b = binary.AppendUvarint(b, uint64(x.key))
			b = binary.AppendUvarint(b, uint64(x.count))
		}
	}
	return b
}

// decodeScan reads what scan.encode wrote. A NULL (no row matched) is an
// empty scan.
func decodeScan(b []byte) (*scan, error) {
	s := &scan{}
	if len(b) == 0 {
		return s, nil
	}
	next := func() int64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			s.err = fmt.Errorf("rostrum_scan: a damaged result")
			b = nil
			return 0
		}
		b = b[n:]
		return int64(v)
	}
	s.total, s.docs = int(next()), int(next())
	for _, bs := range []*[]bucket{&s.months, &s.years} {
		n := next()
		for i := int64(0); i < n && s.err == nil; i++ {
			*bs = append(*bs, bucket{next(), int(next())})
		}
	}
	return s, s.err
}

// registerScan defines rostrum_scan on a connection.
func registerScan(c *sqlite3.Conn) error {
	return c.CreateWindowFunction(scanFunction, 1, sqlite3.DETERMINISTIC,
		func() sqlite3.AggregateFunction { return &scan{} })
}
