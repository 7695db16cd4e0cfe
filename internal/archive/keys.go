package archive

import (
	"fmt"

	"github.com/rostrum/rostrum/internal/transcript"
)

// A unit key packs a search unit's date, document and index (0 for a
// document's header, i for its turn i) into one int64, so that the
// units of a document are adjacent and ordered by date:
//
//	date (17 bits) | document (32 bits) | unit (14 bits)
//
// where the date field is (year-1899)<<9 | month<<5 | day, 0 when
// undated. Both engines key their index so (SQLite: the rowids of the
// search table; PostgreSQL: units.key), and their SQL shifts keys by
// these numbers.
const (
	UnitBits = 14
	DocBits  = 32
	DateBits = 17
	MaxUnit  = 1<<UnitBits - 1
	MaxDoc   = 1<<DocBits - 1
	DocShift = UnitBits
	DayShift = UnitBits + DocBits
	// MonthShift and YearShift read a key's month and year.
	MonthShift = DayShift + 5
	YearShift  = DayShift + 9
)

// MaxTurns is the most turns a document may have to be searchable:
// transcript.MaxTurns, which the unit bits of a key must hold.
const MaxTurns = transcript.MaxTurns

// A key's unit field holds every turn a document may have.
var _ = [1]struct{}{}[MaxUnit-MaxTurns]

// PackDate packs a YYYY-MM-DD date into a key's date field; 0 for an
// empty date or a year outside 1900–2154.
func PackDate(date string) int64 {
	if len(date) != 10 {
		return 0
	}
	num := func(s string) int64 {
		var n int64
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int64(c-'0')
		}
		return n
	}
	y, m, d := num(date[:4]), num(date[5:7]), num(date[8:])
	if y < 1900 || y > 1899+(1<<(DateBits-9))-1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0
	}
	return (y-1899)<<9 | m<<5 | d
}

// UnitKey is the key of unit idx of document doc dated date.
func UnitKey(date string, doc int64, idx int) int64 {
	return PackDate(date)<<DayShift | doc<<DocShift | int64(idx)
}

// KeyDoc returns the document key of a unit key.
func KeyDoc(k int64) int64 { return k >> DocShift & MaxDoc }

// KeyUnit returns the unit index of a unit key.
func KeyUnit(k int64) int { return int(k & MaxUnit) }

// KeyYear returns the year of a unit key, 0 when undated.
func KeyYear(k int64) int {
	if y := int(k >> YearShift); y > 0 {
		return y + 1899
	}
	return 0
}

// KeyMonth returns the YYYY-MM of a unit key, "" when undated.
func KeyMonth(k int64) string {
	y := KeyYear(k)
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", y, k>>MonthShift&15)
}

// DateFloor and DateCeil are the smallest and largest keys dated from
// date on and up to date, for inclusive YYYY-MM-DD bounds.
func DateFloor(date string) int64 { return PackDate(date) << DayShift }
func DateCeil(date string) int64  { return (PackDate(date)+1)<<DayShift - 1 }

// CheckIndexable rejects, as transcript.ErrInvalid, a document with more
// turns than a unit key can index.
func CheckIndexable(doc *transcript.Document) error {
	if len(doc.Turns) > MaxTurns {
		return fmt.Errorf("%w: %d turns, more than the %d the search index can hold", transcript.ErrInvalid, len(doc.Turns), MaxTurns)
	}
	return nil
}
