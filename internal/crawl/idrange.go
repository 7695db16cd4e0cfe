package crawl

import (
	"errors"
	"strconv"
	"strings"
)

// ParseIDRange reads a range of page ids, "A-B", or one, "A".
func ParseIDRange(s string) (first, last int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	first, err = strconv.Atoi(strings.TrimSpace(a))
	if err != nil || first < 0 {
		return 0, 0, errors.New("want page ids A-B, such as 67000-67763")
	}
	if !isRange {
		return first, first, nil
	}
	last, err = strconv.Atoi(strings.TrimSpace(b))
	if err != nil || last < 0 {
		return 0, 0, errors.New("want page ids A-B, such as 67000-67763")
	}
	return first, last, nil
}
