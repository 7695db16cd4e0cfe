package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
)

// TestPostgresServer checks, on a server of its own, a wrong password and
// a server restarted in the middle of an ingest.
func TestPostgresServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	t.Parallel()
	dir, dsn := pgtest.Private(t)
	addr := dir + ":" + regexp.MustCompile(`port=(\d+)`).FindStringSubmatch(dsn)[1]

	t.Run("Password", func(t *testing.T) {
		db := sqlDB(t, dsn)
		ctx := t.Context()
		for _, q := range []string{
			`CREATE ROLE rostrum_pw LOGIN PASSWORD 'right-pw'`,
			`CREATE SCHEMA pw AUTHORIZATION rostrum_pw`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// The cluster trusts every local connection: make this role
		// give a password, and reload.
		var hba string
		if err := db.QueryRowContext(ctx, `SHOW hba_file`).Scan(&hba); err != nil {
			t.Fatal(err)
		}
		conf, err := os.ReadFile(hba)
		if err != nil {
			t.Fatalf("cannot read the cluster's pg_hba.conf to require a password: %v", err)
		}
		if err := os.WriteFile(hba, append([]byte("local all rostrum_pw scram-sha-256\n"), conf...), 0o600); err != nil {
			t.Fatalf("cannot change the cluster's pg_hba.conf to require a password: %v", err)
		}
		if _, err := db.ExecContext(ctx, `SELECT pg_reload_conf()`); err != nil {
			t.Fatal(err)
		}
		role := func(password string) string {
			u := strings.Replace(dsn, "postgres://postgres@", "postgres://rostrum_pw"+password+"@", 1)
			return withQuery(t, u, "search_path", "pw")
		}
		wrong := role(":wrong-pw")
		want := `rostrum: the PostgreSQL server at ` + addr + ` refused user "rostrum_pw": password authentication failed for user "rostrum_pw" (check the password in the DSN, $PGPASSWORD or ~/.pgpass)` + "\n"
		var errOut string
		var code int
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if _, errOut, code = rostrum(t, "", "stats", "--db", wrong); errOut == want || time.Now().After(deadline) {
				break
			}
		}
		if code != 1 || errOut != want {
			t.Errorf("stats with a wrong password: exit %d, %q; want 1 and %q", code, errOut, want)
		}
		for _, args := range [][]string{{"ingest", "--db", wrong, samplePath}, {"migrate", "--db", wrong}} {
			if _, errOut, code := rostrum(t, "", args...); code != 1 || !strings.Contains(errOut, strings.TrimPrefix(want, "rostrum: ")) || strings.Contains(errOut, "wrong-pw") {
				t.Errorf("%s with a wrong password: exit %d, %q", args[0], code, errOut)
			}
		}
		if _, errOut, code := rostrum(t, "", "stats", "--db", role("")); code != 1 || !strings.Contains(errOut, `refused user "rostrum_pw"`) {
			t.Errorf("stats without the password: exit %d, %q", code, errOut)
		} else {
			t.Logf("without the password: %s", errOut)
		}
		out := mustRostrum(t, "migrate", "--db", role(":right-pw"))
		latest := pgLatestVersion(t)
		if want := fmt.Sprintf("PostgreSQL archive %s created at schema version %d (%d migrations applied)\n", displayDSN(role(":right-pw")), latest, latest); out != want || strings.Contains(out, "right-pw") {
			t.Errorf("migrate with the password: %q; want %q", out, want)
		}
	})

	t.Run("RestartDuringIngest", func(t *testing.T) {
		_, db := pgSchema(t, dsn)
		// A text dump named after a number takes that number as its id.
		sample := mustReadFile(t, samplePath)
		pages := t.TempDir()
		const n = 500
		want := map[string]string{} // id → content hash
		for i := range n {
			path := filepath.Join(pages, strconv.Itoa(i%10), strconv.Itoa(100000+i)+".txt")
			mustWrite(t, path, sample)
			_, docs, err := ingest.ReadInput(t.Context(), path, ingest.Config{Formats: ingest.Parsers(parser.Options{}, nil), Format: ingest.Auto, MaxBytes: ingest.DefaultMaxBytes})
			if err != nil || len(docs) != 1 {
				t.Fatalf("%s: %d documents, %v", path, len(docs), err)
			}
			js, err := docs[0].Doc.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(js)
			want[docs[0].Doc.ID] = hex.EncodeToString(sum[:])
		}
		if len(want) != n {
			t.Fatalf("%d distinct ids for %d pages", len(want), n)
		}
		mustRostrum(t, "migrate", "--db", db)
		counter := sqlDB(t, db)
		count := func() int {
			var c int
			if err := counter.QueryRowContext(t.Context(), `SELECT count(*) FROM documents`).Scan(&c); err != nil {
				return -1 // the server is restarting
			}
			return c
		}

		type result struct {
			out, errOut string
			code        int
		}
		done := make(chan result, 1)
		go func() {
			var out, errOut bytes.Buffer
			err := run(t.Context(), []string{"ingest", "--db", db, pages}, strings.NewReader(""), &out, &errOut)
			if err != nil && !errors.Is(err, errReported) {
				fmt.Fprintln(&errOut, "rostrum:", err)
			}
			done <- result{out.String(), errOut.String(), exitCode(err)}
		}()
		stored := 0
		for deadline := time.Now().Add(60 * time.Second); stored <= 0; time.Sleep(10 * time.Millisecond) {
			select {
			case r := <-done:
				t.Fatalf("ingest ended before a batch was stored: exit %d\n%s%s", r.code, r.out, r.errOut)
			default:
			}
			if stored = count(); time.Now().After(deadline) {
				t.Fatal("no batch stored within 60 s")
			}
		}
		pgtest.Ctl(t, dir, "-l", filepath.Join(dir, "server.log"), "-m", "fast", "restart")
		select {
		case r := <-done:
			t.Fatalf("ingest ended before the server was back (make it longer): exit %d\n%s%s", r.code, r.out, r.errOut)
		default:
		}
		t.Logf("restarted the server after %d of %d documents were stored", stored, n)
		r := <-done
		t.Logf("ingest across the restart: %s", strings.ReplaceAll(strings.TrimSpace(r.out), "\n", "; "))
		m := regexp.MustCompile(`^ingested (\d+), updated 0, unchanged (\d+), failed 0\n`).FindStringSubmatch(r.out)
		if r.code != 0 || m == nil {
			t.Fatalf("ingest across a restart: exit %d\n%s%s", r.code, r.out, r.errOut)
		}
		if ingested, _ := strconv.Atoi(m[1]); ingested < n-2*ingest.BatchSize {
			// A batch that committed as the connection broke is found
			// unchanged when written again: at most the two in flight.
			t.Errorf("ingest across a restart: %s", strings.TrimSpace(r.out))
		}

		// Every document once, whole, as parsed.
		s, err := postgres.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.IntegrityCheck(t.Context()); err != nil {
			t.Error(err)
		}
		st, err := s.Stats(t.Context())
		if err != nil || st.Documents != n || st.Versions != n {
			t.Errorf("after the restart the archive holds %d documents, %d versions (%v); want %d of each", st.Documents, st.Versions, err, n)
		}
		got := currentHashes(t, db)
		bad := 0
		for id, h := range want {
			if got[id] != h {
				bad++
			}
		}
		if bad > 0 || len(got) != n {
			t.Errorf("%d of %d documents differ from the pages they were parsed from; %d stored", bad, n, len(got))
		}
		out := mustRostrum(t, "ingest", "--db", db, pages)
		if want := "ingested 0, updated 0, unchanged " + strconv.Itoa(n) + ", failed 0\n"; !strings.HasPrefix(out, want) {
			t.Errorf("ingest again: %q, want %q", out, want)
		}
	})
}
