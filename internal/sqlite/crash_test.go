package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// crashEnv names the archive that TestCrashChild writes to; the test binary
// re-executed by TestKilledIngest sets it.
const crashEnv = "ROSTRUM_SQLITE_CRASH_DB"

// crashDoc is document i as the crash test stores it in version v: every
// third document is stored twice, so that updates are killed too.
func crashDoc(i, v int) *transcript.Document {
	doc := storetest.Synthetic(i)
	if v == 2 {
		doc.Title += " (corrected)"
		doc.Turns = doc.Turns[:len(doc.Turns)-2]
	}
	return doc
}

// TestCrashChild is not a test: it is the ingest that TestKilledIngest
// kills. It stores documents until it is killed, printing each count.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestKilledIngest")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	deadline := time.Now().Add(30 * time.Second) // in case nobody kills us
	for i := 0; time.Now().Before(deadline); i++ {
		doc := crashDoc(i, 1)
		raw := transcript.Raw{Origin: doc.ID, Format: "synthetic", Bytes: []byte(strings.Repeat(doc.ID, 500))}
		if _, err := s.Put(ctx, doc, raw); err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		if i%3 == 2 {
			if _, err := s.Put(ctx, crashDoc(i-2, 2), raw); err != nil {
				fmt.Println("error:", err)
				os.Exit(2)
			}
		}
		fmt.Println("stored", i+1)
	}
	os.Exit(3)
}

func TestKilledIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "rostrum.db")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "stored ") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not start storing: %q", lines.Text())
	}
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	last := ""
	for lines.Scan() {
		last = lines.Text()
	}
	cmd.Wait()
	if strings.HasPrefix(last, "error:") {
		t.Fatalf("child failed: %s", last)
	}
	printed, _ := strconv.Atoi(strings.TrimPrefix(last, "stored "))
	t.Logf("child reported %d documents stored before it was killed", printed)

	// SQLite's own check, on a plain connection, before Open touches it.
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v; want ok", ok, err)
	}
	db.Close()

	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopening the killed archive: %v", err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
	n := 0
	for got, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		i, err := strconv.Atoi(strings.TrimPrefix(got.ID, "synthetic/"))
		if err != nil {
			t.Fatalf("unexpected document %s", got.ID)
		}
		vs, err := s.Versions(t.Context(), got.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := crashDoc(i, len(vs))
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Document(%s) version %d mismatch (-want +got):\n%s", got.ID, len(vs), diff)
		}
		if _, err := s.RawInput(t.Context(), got.ID, len(vs)); err != nil {
			t.Error(err)
		}
	}
	// Every document the child reported is there; the one in flight may be.
	if n < printed || n > printed+1 {
		t.Errorf("archive holds %d documents, child reported %d", n, printed)
	}
	if n == 0 {
		t.Error("no documents stored before the kill")
	}
}
