package crawl

import (
	"bufio"
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// robots is the part of a robots.txt that applies to one user agent
// (RFC 9309): its Allow and Disallow rules and its Crawl-delay.
type robots struct {
	rules []rule
	delay time.Duration // Crawl-delay, or 0
	// all, when set, overrides the rules: "allow" or "disallow" for the
	// whole host (a missing robots.txt, an unreachable one).
	all string
}

type rule struct {
	allow   bool
	pattern string
}

var (
	allowAll    = &robots{all: "allow"}
	disallowAll = &robots{all: "disallow"}
)

// parseRobots reads a robots.txt for the product token agent (lower
// case, e.g. "rostrum"). The group whose User-agent is a prefix of the
// token, case-insensitive, applies (the longest such, and every group that
// names it); otherwise the "*" group; otherwise nothing is disallowed.
func parseRobots(data []byte, agent string) *robots {
	type group struct {
		agents []string
		rules  []rule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false // the last line was a User-agent line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(value))
			inAgents = true
			continue
		case "allow", "disallow":
			if cur != nil && value != "" {
				cur.rules = append(cur.rules, rule{allow: key == "allow", pattern: value})
			}
		case "crawl-delay":
			if cur != nil {
				if s, err := strconv.ParseFloat(value, 64); err == nil && s > 0 && s < 24*3600 {
					cur.delay = time.Duration(s * float64(time.Second))
				}
			}
		}
		inAgents = false
	}
	var own, star []*group
	best := 0
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				star = append(star, g)
			case a != "" && strings.HasPrefix(agent, a):
				if len(a) > best {
					best, own = len(a), nil
				}
				if len(a) == best {
					own = append(own, g)
				}
			}
		}
	}
	use := own
	if use == nil {
		use = star
	}
	r := &robots{}
	for _, g := range use {
		r.rules = append(r.rules, g.rules...)
		r.delay = max(r.delay, g.delay)
	}
	return r
}

// allowed reports whether the path (with its query) of u may be fetched:
// the longest matching rule decides, Allow winning a tie; no match allows.
// robots.txt itself is always allowed.
func (r *robots) allowed(u *url.URL) bool {
	switch r.all {
	case "allow":
		return true
	case "disallow":
		return u.Path == "/robots.txt"
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if p == "/robots.txt" {
		return true
	}
	bestLen, allow := -1, true
	for _, ru := range r.rules {
		if !match(ru.pattern, p) {
			continue
		}
		if n := len(ru.pattern); n > bestLen || n == bestLen && ru.allow {
			bestLen, allow = n, ru.allow
		}
	}
	return allow
}

// match reports whether a robots.txt path pattern matches path: "*" is
// any run of characters, a final "$" anchors the end, and otherwise the
// pattern is a prefix. Percent-encodings are compared as written, after
// upper-casing the hex digits of both.
func match(pattern, path string) bool {
	pattern, path = normEscapes(pattern), normEscapes(path)
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return true
}

// normEscapes upper-cases the hex digits of %xx escapes.
func normEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = upperHex(b[i+1])
			b[i+2] = upperHex(b[i+2])
		}
	}
	return string(b)
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}
