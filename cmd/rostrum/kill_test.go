package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
)

// TestMain lets a test run the command line as a child process: with
// ROSTRUM_TEST_ARGS set (a JSON list), the test binary is rostrum.
func TestMain(m *testing.M) {
	if args := os.Getenv("ROSTRUM_TEST_ARGS"); args != "" {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(exitCode(run(context.Background(), list, os.Stdin, os.Stdout, os.Stderr)))
	}
	os.Exit(m.Run())
}

// TestIngestKilled kills rostrum ingest with SIGKILL half-way through a
// folder, then checks that the archive opens, passes PRAGMA
// integrity_check and Rostrum's own consistency checks, and that running
// the same command again completes it.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000
	dir := t.TempDir()
	for i := range n {
		// A text dump named after a number takes that number as its id.
		mustWrite(t, filepath.Join(dir, strconv.Itoa(i%10), strconv.Itoa(100000+i)+".txt"), sample)
	}
	db := filepath.Join(t.TempDir(), "archive.db")
	args, _ := json.Marshal([]string{"ingest", "--db", db, dir})
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "ROSTRUM_TEST_ARGS="+string(args))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()

	// Kill it once some documents are committed, before it can finish.
	stored := 0
	for deadline := time.Now().Add(30 * time.Second); stored == 0; {
		select {
		case err := <-done:
			t.Fatalf("rostrum ingest finished before it could be killed (%v): make the folder larger", err)
		case <-time.After(20 * time.Millisecond):
		}
		stored = countDocuments(t, db)
		if time.Now().After(deadline) {
			t.Fatal("no document committed after 30 s")
		}
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done

	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatalf("the killed archive does not open: %v", err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("the killed archive fails its checks: %v", err)
	}
	st, err := s.Stats(t.Context())
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents == 0 || st.Documents >= n {
		t.Fatalf("killed archive holds %d documents, want some but not all %d", st.Documents, n)
	}
	t.Logf("killed after %d of %d documents were committed", st.Documents, n)

	out := mustRostrum(t, "ingest", "--db", db, dir)
	m := regexp.MustCompile(`ingested (\d+), updated 0, unchanged (\d+), failed 0`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("second ingest: got %q", out)
	}
	ingested, _ := strconv.Atoi(m[1])
	unchanged, _ := strconv.Atoi(m[2])
	if unchanged != st.Documents || ingested+unchanged != n {
		t.Errorf("second ingest: %d ingested and %d unchanged, want %d and %d", ingested, unchanged, n-st.Documents, st.Documents)
	}
	if got := countDocuments(t, db); got != n {
		t.Errorf("after the second ingest the archive holds %d documents, want %d", got, n)
	}
}

// countDocuments opens the archive beside a running writer and counts its
// documents; 0 when it cannot be opened yet.
func countDocuments(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		return 0
	}
	defer s.Close()
	st, err := s.Stats(t.Context())
	if err != nil {
		return 0
	}
	return st.Documents
}
