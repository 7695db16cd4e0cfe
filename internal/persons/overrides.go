package persons

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// OverridesHeader opens an overrides file; its number is the format's
// version.
const OverridesHeader = "# rostrum persons overrides v1"

// Overrides are a researcher's corrections to the registry, one per line
// of a small text file kept with the archive (rostrum persons apply FILE):
//
//	# rostrum persons overrides v1
//	merge "Sergei Ivanov" "S.Ivanov"          # S.Ivanov is Sergei Ivanov
//	distinct "Sergei Ivanov" "Sergey Ivanov"  # two persons: never one
//	rename "Albert Ii" "Albert II"            # show the person as Albert II
//
// Names are the names the archive's documents give (rostrum persons
// lists them), in double quotes when they hold spaces; # starts a
// comment. A merge joins two persons whatever the rules say; distinct
// keeps two names in two persons (the registry's split); rename changes
// the name shown, not the names searched.
type Overrides struct {
	Merges   [][2]string
	Distinct [][2]string
	Renames  map[string]string
}

// ParseOverrides reads an overrides file; errors name src and the line.
func ParseOverrides(r io.Reader, src string) (*Overrides, error) {
	o := &Overrides{Renames: map[string]string{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		fields, err := splitLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", src, line, err)
		}
		if len(fields) == 0 {
			continue
		}
		verb, args := fields[0], fields[1:]
		if len(args) != 2 {
			return nil, fmt.Errorf("%s:%d: %s takes two names, got %d (quote names that hold spaces)", src, line, verb, len(args))
		}
		if args[0] == args[1] {
			return nil, fmt.Errorf("%s:%d: %s %q %q names the same person twice", src, line, verb, args[0], args[1])
		}
		switch verb {
		case "merge":
			o.Merges = append(o.Merges, [2]string{args[0], args[1]})
		case "distinct", "split":
			o.Distinct = append(o.Distinct, [2]string{args[0], args[1]})
		case "rename":
			if prev, ok := o.Renames[args[0]]; ok {
				return nil, fmt.Errorf("%s:%d: %q is renamed twice (to %q and %q)", src, line, args[0], prev, args[1])
			}
			o.Renames[args[0]] = args[1]
		default:
			return nil, fmt.Errorf("%s:%d: unknown override %q: want merge, distinct or rename", src, line, verb)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", src, err)
	}
	for _, m := range o.Merges {
		for _, d := range o.Distinct {
			if m == d || m[0] == d[1] && m[1] == d[0] {
				return nil, fmt.Errorf("%s: %q and %q are both merged and kept distinct", src, m[0], m[1])
			}
		}
	}
	return o, nil
}

// splitLine splits a line into words and quoted names, dropping a
// comment.
func splitLine(s string) ([]string, error) {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" || s[0] == '#' {
			return out, nil
		}
		if s[0] == '"' {
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, errors.New("unterminated quoted name")
			}
			name, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, fmt.Errorf("bad quoted name %s", s[:end+1])
			}
			name = strings.Join(strings.Fields(name), " ")
			if name == "" {
				return nil, errors.New("empty name")
			}
			out = append(out, name)
			s = s[end+1:]
			continue
		}
		i := strings.IndexAny(s, " \t#")
		if i < 0 {
			i = len(s)
		}
		out = append(out, s[:i])
		s = s[i:]
	}
}

// Empty reports whether o changes nothing.
func (o *Overrides) Empty() bool {
	return o == nil || len(o.Merges) == 0 && len(o.Distinct) == 0 && len(o.Renames) == 0
}
