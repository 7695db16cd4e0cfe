package ixstore

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
)

func TestScanCounts(t *testing.T) {
	keys := []int64{
		archive.UnitKey("", 7, 1), // undated
		archive.UnitKey("2021-03-04", 1, 0),
		archive.UnitKey("2021-03-04", 1, 3),
		archive.UnitKey("2021-03-20", 2, 5),
		archive.UnitKey("2021-04-01", 3, 1),
		archive.UnitKey("2022-01-01", 4, 2),
		archive.UnitKey("2022-01-01", 4, 9),
	}
	var s scan
	for _, k := range keys {
		s.add(k)
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	got := &s
	month := func(date string) int64 { return archive.UnitKey(date, 0, 0) >> archive.MonthShift }
	year := func(date string) int64 { return archive.UnitKey(date, 0, 0) >> archive.YearShift }
	want := &scan{
		total: 7, docs: 5,
		months: []bucket{{0, 1}, {month("2021-03-01"), 3}, {month("2021-04-01"), 1}, {month("2022-01-01"), 2}},
		years:  []bucket{{0, 1}, {year("2021-01-01"), 3}, {year("2022-01-01"), 1}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(scan{}, bucket{}), cmp.FilterPath(func(p cmp.Path) bool {
		f := p.Last().String()
		return f == ".lastDoc" || f == ".lastKey"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("scan (-want +got):\n%s", diff)
	}
}

func TestScanRefusesDisorder(t *testing.T) {
	var s scan
	s.add(archive.UnitKey("2022-01-01", 4, 2))
	s.add(archive.UnitKey("2021-01-01", 4, 2))
	if s.err == nil {
		t.Error("keys out of order were counted without an error")
	}
}
