package sqlite

import (
	"errors"

	"github.com/rostrum/rostrum/internal/archive"
)

// scan counts a search's matches in one pass: the matching units, their
// documents, units per month (the histogram) and documents per year.
// Keys must arrive in ascending order, as the index gives them.
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
		s.err = errors.New("search: matching keys out of order")
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
