package postgres

import (
	"net/url"
	"regexp"
)

// passwordParam matches a password given as a DSN query parameter.
var passwordParam = regexp.MustCompile(`(^|&)password=[^&]*`)

// Redact returns a postgres:// URL as messages show it: a password, in
// its user part or its query, replaced by xxxxx.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(a postgres:// URL that does not parse)"
	}
	u.RawQuery = passwordParam.ReplaceAllString(u.RawQuery, "${1}password=xxxxx")
	return u.Redacted()
}
