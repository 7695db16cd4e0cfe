// Package pgtest gives tests a PostgreSQL server: the shared throwaway
// server that .ci/postgres.sh starts (ROSTRUM_TEST_POSTGRES, and its
// replica), an empty schema of the test's own on it, or a private server
// for tests that stop or restart theirs. Only tests import it.
//
// Without a server the tests skip, or fail when
// ROSTRUM_TEST_POSTGRES_REQUIRED=1 (as CI sets it), so that a missing
// server cannot pass unnoticed.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Environment variables that .ci/postgres.sh sets.
const (
	EnvPrimary  = "ROSTRUM_TEST_POSTGRES"
	EnvReplica  = "ROSTRUM_TEST_POSTGRES_REPLICA"
	EnvRequired = "ROSTRUM_TEST_POSTGRES_REQUIRED"
)

// DSN returns the shared test server's DSN, or skips the test (fails it
// when required) when there is none.
func DSN(tb testing.TB) string { return env(tb, EnvPrimary) }

// ReplicaDSN returns the DSN of the shared server's streaming replica, on
// the same rules.
func ReplicaDSN(tb testing.TB) string { return env(tb, EnvReplica) }

func env(tb testing.TB, name string) string {
	tb.Helper()
	if dsn := os.Getenv(name); dsn != "" {
		return dsn
	}
	const how = `start a throwaway server with: eval "$(bash .ci/postgres.sh start)"`
	if os.Getenv(EnvRequired) == "1" {
		tb.Fatalf("%s=1 but %s (a postgres:// DSN) is not set: %s", EnvRequired, name, how)
	}
	tb.Skipf("%s (a postgres:// DSN) is not set: skipping the PostgreSQL tests; %s", name, how)
	return ""
}

// WithParam returns dsn with a run-time parameter set, in URL or
// key=value form.
func WithParam(tb testing.TB, dsn, key, value string) string {
	tb.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			tb.Fatalf("DSN: %v", err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// DB opens a connection pool on dsn, outside any archive, closed when the
// test ends.
func DB(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Schema creates an empty schema on the server of dsn, named prefix and
// random letters, dropped when the test ends, and returns its name and dsn
// with its search_path set to it: each test gets an archive of its own,
// so tests run in parallel on one database.
func Schema(tb testing.TB, dsn, prefix string) (name, schemaDSN string) {
	tb.Helper()
	db := DB(tb, dsn)
	b := make([]byte, 6)
	rand.Read(b)
	name = prefix + hex.EncodeToString(b)
	if _, err := db.ExecContext(context.Background(), `CREATE SCHEMA `+name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name, WithParam(tb, dsn, "search_path", name)
}

// script is the path of .ci/postgres.sh, found from this file's place in
// the repository.
func script(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("pgtest: cannot find .ci/postgres.sh")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", ".ci", "postgres.sh")
}

// Private starts a PostgreSQL server of the test's own with
// .ci/postgres.sh, stopped when the test ends, for the tests that stop or
// restart it or change how it authenticates: on the shared server they
// would disturb the tests of other packages running at the same time. It
// returns the cluster's directory (the DSN's host) and the DSN. It skips
// or fails as DSN does when no shared server is configured.
func Private(tb testing.TB) (dir, dsn string) {
	tb.Helper()
	DSN(tb) // the same rules: skip without PostgreSQL
	sh := script(tb)
	cmd := exec.Command("bash", "-c", `eval "$(bash "$1" start)" && printf '%s\n%s\n' "$ROSTRUM_POSTGRES_DIR" "$ROSTRUM_TEST_POSTGRES"`, "bash", sh)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) != 2 || !strings.Contains(lines[0], "rostrum-pg.") {
		tb.Fatalf("%s start: %v\n%s%s", sh, err, out, stderr.String())
	}
	dir, dsn = lines[0], lines[1]
	tb.Cleanup(func() {
		if out, err := exec.Command("bash", sh, "stop", dir).CombinedOutput(); err != nil {
			tb.Errorf("%s stop %s: %v\n%s", sh, dir, err, out)
		}
	})
	return dir, dsn
}

// Ctl runs pg_ctl on the cluster that Private started in dir, as its
// owner (postgres, when the tests run as root, since the server refuses
// to run as root).
func Ctl(tb testing.TB, dir string, args ...string) {
	tb.Helper()
	bin, err := exec.LookPath("pg_ctl")
	if err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
		slices.SortFunc(found, func(a, b string) int {
			va, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(a))))
			vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(b))))
			return va - vb
		})
		if len(found) == 0 {
			tb.Fatal("pg_ctl not found")
		}
		bin = found[len(found)-1]
	}
	argv := append([]string{bin, "-D", filepath.Join(dir, "data"), "-w", "-t", "60"}, args...)
	if os.Geteuid() == 0 {
		argv = append([]string{"runuser", "-u", "postgres", "--"}, argv...)
	}
	// Standard output is /dev/null: a server started with a pipe there
	// would keep it open, and Wait with it.
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("pg_ctl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
}
