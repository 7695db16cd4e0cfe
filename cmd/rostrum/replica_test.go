package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestReadReplica runs the reading commands with --db-read. With a
// streaming replica of the test server (ROSTRUM_TEST_POSTGRES_REPLICA),
// they read there what was written to the primary once it has caught up,
// and ingest refuses the replica. Without one, --db-read names another
// schema of the same server, holding an empty archive: the commands read
// nothing there although the primary holds a document, which shows that
// their reads go to --db-read.
func TestReadReplica(t *testing.T) {
	// Not parallel: it sets ROSTRUM_DB and ROSTRUM_DB_READ.
	schema, primary := pgSchema(t, "")
	id := sampleDoc(t).ID
	mustRostrum(t, "ingest", "--db", primary, samplePath)

	if replica := os.Getenv("ROSTRUM_TEST_POSTGRES_REPLICA"); replica != "" {
		read := withQuery(t, replica, "search_path", schema)
		start := time.Now()
		var out, errOut string
		var code int
		for deadline := start.Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			out, errOut, code = rostrum(t, "", "stats", "--json", "--db", primary, "--db-read", read)
			if code == 0 && strings.Contains(out, `"documents": 1,`) || time.Now().After(deadline) {
				break
			}
		}
		if code != 0 || !strings.Contains(out, `"documents": 1,`) {
			t.Fatalf("stats --db-read REPLICA 10 s after ingest: exit %d, %s%s", code, out, errOut)
		}
		t.Logf("the replica had the document %s after ingest", time.Since(start).Round(time.Millisecond))
		if text := mustRostrum(t, "show", "--db", primary, "--db-read", read, id); !strings.Contains(text, "Tokayev") {
			t.Errorf("show --db-read REPLICA: %.200s", text)
		}
		want := "rostrum: ingest: " + displayDSN(read) + " is a read-only server (a replica?): write to its primary\n"
		if _, errOut, code := rostrum(t, "", "ingest", "--db", read, samplePath); code != 1 || errOut != want {
			t.Errorf("ingest into the replica: exit %d, %q; want 1 and %q", code, errOut, want)
		}
		return
	}

	_, other := pgSchema(t, "")
	mustRostrum(t, "migrate", "--db", other)
	if out := mustRostrum(t, "stats", "--json", "--db", primary); !strings.Contains(out, `"documents": 1,`) {
		t.Fatalf("stats of the primary: %s", out)
	}
	if out := mustRostrum(t, "stats", "--json", "--db", primary, "--db-read", other); !strings.Contains(out, `"documents": 0,`) {
		t.Errorf("stats --db-read OTHER: %s; want the other archive's 0 documents", out)
	}
	if _, errOut, code := rostrum(t, "", "show", "--db", primary, "--db-read", other, id); code != 1 || !strings.Contains(errOut, "no document") {
		t.Errorf("show --db-read OTHER: exit %d, %q; want no document", code, errOut)
	}
	if out := mustRostrum(t, "search", "--db", primary, "--db-read", other, "--json", "lang:en lang:ru"); !strings.Contains(out, `"total": 0`) {
		t.Errorf("search --db-read OTHER: %.300s; want nothing", out)
	}
	if out := mustRostrum(t, "export", "--db", primary, "--db-read", other); out != "" {
		t.Errorf("export --db-read OTHER: %.300s; want nothing", out)
	}
	url, stop := startServing(t, "serve", "--db", primary, "--db-read", other, "--addr", "127.0.0.1:0", "--quiet")
	if code, _ := get(t, url+"api/v1/documents/"+id); code != 404 {
		t.Errorf("serve --db-read OTHER: GET /api/v1/documents/%s = %d; want 404", id, code)
	}
	output, err := stop()
	if want := "Serving " + displayDSN(primary) + ", reading from " + displayDSN(other) + " (0 documents)"; err != nil || !strings.Contains(output, want) {
		t.Errorf("serve --db-read: %v\n%s\nwant %q", err, output, want)
	}

	// The same from the environment.
	t.Setenv("ROSTRUM_DB", primary)
	t.Setenv("ROSTRUM_DB_READ", other)
	if out := mustRostrum(t, "stats", "--json"); !strings.Contains(out, `"documents": 0,`) {
		t.Errorf("stats with ROSTRUM_DB_READ: %s; want the other archive's 0 documents", out)
	}
	// An archive named by --db is read from itself unless --db-read
	// names its replica too.
	if out := mustRostrum(t, "stats", "--json", "--db", primary); !strings.Contains(out, `"documents": 1,`) {
		t.Errorf("stats --db with ROSTRUM_DB_READ: %s; want the primary's 1 document", out)
	}
	if _, errOut, code := rostrum(t, "", "stats", "--db-read", "sqlite.db"); code != 2 || !strings.Contains(errOut, "--db-read sqlite.db: want a postgres:// URL") {
		t.Errorf("--db-read of a file: exit %d, %q", code, errOut)
	}
}
