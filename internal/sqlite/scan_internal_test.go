package sqlite

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
	got, err := decodeScan(s.encode())
	if err != nil {
		t.Fatal(err)
	}
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

func TestDecodeScan(t *testing.T) {
	if s, err := decodeScan(nil); err != nil || s.total != 0 || s.docs != 0 {
		t.Errorf("no match: got %+v, %v; want an empty scan", s, err)
	}
	var s scan
	s.add(archive.UnitKey("2021-03-04", 1, 0))
	b := s.encode()
	if _, err := decodeScan(b[:len(b)-1]); err == nil {
		t.Error("a cut result decoded without an error")
	}
}
