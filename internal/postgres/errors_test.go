package postgres_test

import (
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
)

// TestOpenServerErrors checks the messages of the connections that fail:
// each names the server and says what is wrong, without the password.
func TestOpenServerErrors(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	addr := cfg.Host + ":" + strconv.Itoa(int(cfg.Port)) // a unix socket's directory
	if !strings.HasPrefix(cfg.Host, "/") {
		addr = net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Skipf("ROSTRUM_TEST_POSTGRES is not a URL: %v", err)
	}
	edit := func(f func(u *url.URL)) string {
		c := *u
		f(&c)
		return c.String()
	}
	tests := []struct {
		name, dsn, want string
		unavailable     bool
	}{
		{"UnknownRole", edit(func(u *url.URL) { u.User = url.UserPassword("no_such_role_here", "s3cret") }),
			`the PostgreSQL server at ` + addr + ` refused user "no_such_role_here": role "no_such_role_here" does not exist`, false},
		{"UnknownDatabase", edit(func(u *url.URL) { u.Path = "/no_such_database_here" }),
			`the PostgreSQL server at ` + addr + `: database "no_such_database_here" does not exist: create it`, false},
		{"NoServer", pgtest.WithParam(t, dsn, "port", "1"), "cannot reach the PostgreSQL server at ", true},
		{"MissingSchema", pgtest.WithParam(t, dsn, "search_path", "no_such_schema_here"),
			"no schema to hold the archive: the search_path (no_such_schema_here) names no schema that exists: create it (CREATE SCHEMA no_such_schema_here)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, open := range map[string]func() error{
				"Open":    func() error { _, err := postgres.Open(t.Context(), tt.dsn); return err },
				"Migrate": func() error { _, err := postgres.Migrate(t.Context(), tt.dsn); return err },
				"Version": func() error { _, _, err := postgres.Version(t.Context(), tt.dsn); return err },
			} {
				err := open()
				if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret") {
					t.Errorf("%s: err = %v, want one containing %q", name, err, tt.want)
				}
				if got := errors.Is(err, postgres.ErrUnavailable); got != tt.unavailable {
					t.Errorf("%s: errors.Is(err, ErrUnavailable) = %v, want %v", name, got, tt.unavailable)
				}
			}
		})
	}
	// TCP: nothing listens on port 1 of the loopback interface.
	_, err = postgres.Open(t.Context(), "postgres://postgres:s3cret@127.0.0.1:1/rostrum?sslmode=disable")
	if want := "cannot reach the PostgreSQL server at 127.0.0.1:1: connect: connection refused"; err == nil || err.Error() != want {
		t.Errorf("Open of a closed TCP port: err = %v, want %q", err, want)
	}
}
