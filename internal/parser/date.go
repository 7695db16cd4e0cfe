package parser

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
	"августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
	"август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}

// English: "February 10, 2022", "June 22 − 26, 2003" (a range: its first day),
// "June 30 – July 2, 2003". Russian: "5 февраля 2025 года", "5 февраля 2025 г.".
var (
	reEnDate = regexp.MustCompile(`^([A-Za-z]{3,9})\.?[ \x{00a0}]+(\d{1,2})(?:[ \x{00a0}]*[−–—-][ \x{00a0}]*(?:[A-Za-z]{3,9}[ \x{00a0}]+)?\d{1,2})?,?[ \x{00a0}]+(\d{4})\b`)
	reRuDate = regexp.MustCompile(`^(\d{1,2})(?:[ \x{00a0}]*[−–—-][ \x{00a0}]*\d{1,2})?[ \x{00a0}]+([а-яА-ЯёЁ]+)[ \x{00a0}]+(\d{4})(?:[ \x{00a0}]+(?:года|г\.))?`)
	reISO    = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})\b`)
	reClock  = regexp.MustCompile(`^([01]?\d|2[0-3])[:.]([0-5]\d)$`)
)

// ParseDate reads a date at the start of s and returns it as YYYY-MM-DD
// together with the rest of s after it (a following comma and spaces
// removed), so that "October 11, 2021, Novo-Ogaryovo, Moscow Region" gives
// "2021-10-11" and "Novo-Ogaryovo, Moscow Region".
func ParseDate(s string) (date, rest string, ok bool) {
	s = TrimSpace(s)
	var y, m, d int
	var n int
	if sm := reEnDate.FindStringSubmatch(s); sm != nil {
		m = months[strings.ToLower(sm[1])]
		d, _ = strconv.Atoi(sm[2])
		y, _ = strconv.Atoi(sm[3])
		n = len(sm[0])
	} else if sm := reRuDate.FindStringSubmatch(s); sm != nil {
		d, _ = strconv.Atoi(sm[1])
		m = months[strings.ToLower(sm[2])]
		y, _ = strconv.Atoi(sm[3])
		n = len(sm[0])
	} else if sm := reISO.FindStringSubmatch(s); sm != nil {
		y, _ = strconv.Atoi(sm[1])
		m, _ = strconv.Atoi(sm[2])
		d, _ = strconv.Atoi(sm[3])
		n = len(sm[0])
	} else {
		return "", s, false
	}
	if m == 0 || d < 1 || d > daysIn(y, m) || y < 1900 || y > 2200 {
		return "", s, false
	}
	rest = strings.TrimLeft(s[n:], " \u00a0")
	rest = TrimSpace(strings.TrimPrefix(rest, ","))
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), rest, true
}

// IsDateLine reports whether s is a date and nothing else.
func IsDateLine(s string) bool {
	_, rest, ok := ParseDate(s)
	return ok && rest == ""
}

// ParseClock reads "18:15" (or "18.15") and returns "18:15".
func ParseClock(s string) (string, bool) {
	sm := reClock.FindStringSubmatch(TrimSpace(s))
	if sm == nil {
		return "", false
	}
	h, _ := strconv.Atoi(sm[1])
	return fmt.Sprintf("%02d:%s", h, sm[2]), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
