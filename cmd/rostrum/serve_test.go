package main

import (
	"bufio"
	"context"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
)

// startServing runs a serving command (serve or demo) in the background
// and returns the site's address once it prints it, and a function that
// stops the command (as Ctrl+C would) and returns its error and output.
func startServing(t *testing.T, args ...string) (url string, stop func() (string, error)) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	var errOut strings.Builder
	go func() {
		err := run(ctx, args, strings.NewReader(""), pw, &lockedWriter{w: &errOut})
		pw.Close()
		errc <- err
	}()
	var out strings.Builder
	found := make(chan string, 1)
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
		sent := false
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if m := re.FindString(sc.Text()); m != "" && !sent {
				found <- m
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case url = <-found:
	case <-time.After(60 * time.Second):
	}
	stop = func() (string, error) {
		cancel()
		select {
		case err := <-errc:
			<-scanned
			return out.String() + errOut.String(), err
		case <-time.After(30 * time.Second):
			t.Fatal("the server did not stop within 30 s of its context ending")
			return "", nil
		}
	}
	if url == "" {
		output, err := stop()
		t.Fatalf("rostrum %s printed no address: %v\n%s", strings.Join(args, " "), err, output)
	}
	return url, stop
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestDemo(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	url, stop := startServing(t, "demo", "--addr", "127.0.0.1:0", "--quiet")
	code, home := get(t, url)
	if code != 200 || !strings.Contains(home, "Press statements following Russia-Kazakhstan talks") {
		t.Errorf("GET %s = %d; the home page does not list the sample:\n%.500s", url, code, home)
	}
	code, page := get(t, url+"search?q=person:Tokayev+CSTO")
	if code != 200 || !strings.Contains(page, "1 match</strong> in 1 document") || !strings.Contains(page, "<mark>CSTO</mark>") {
		t.Errorf("search on the demo site = %d:\n%.800s", code, page)
	}
	output, err := stop()
	if err != nil {
		t.Errorf("demo ended with %v", err)
	}
	for _, want := range []string{"ingested 1, updated 0, unchanged 0, failed 0", "Open " + url + " in a browser", "Stopped."} {
		if !strings.Contains(output, want) {
			t.Errorf("demo output lacks %q:\n%s", want, output)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "rostrum-demo-*")); len(left) > 0 {
		t.Errorf("demo left its temporary archive behind: %q", left)
	}
}

func TestDemoFolder(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "pages", "a.txt"), b)
	mustWrite(t, filepath.Join(dir, "pages", "notes.md"), []byte("# not a page\n"))
	mustWrite(t, filepath.Join(dir, "pages", "broken.txt"), []byte("a line\n"))
	db := filepath.Join(dir, "kept.db")
	url, stop := startServing(t, "demo", filepath.Join(dir, "pages"), "--db", db, "--addr", "127.0.0.1:0", "--quiet")
	if code, body := get(t, url+"api/v1/stats"); code != 200 || !strings.Contains(body, `"documents": 1,`) {
		t.Errorf("stats of the demo folder = %d %s", code, body)
	}
	output, err := stop()
	if err != nil {
		t.Errorf("demo ended with %v", err)
	}
	// notes.md is plainly no page: skipped, and said so. broken.txt looks
	// like one and does not parse: it fails, loudly.
	if strings.Contains(output, "notes.md") || !strings.Contains(output, "skipped 1 file that is not a page") ||
		!strings.Contains(output, "broken.txt:1:") || !strings.Contains(output, "failed 1") {
		t.Errorf("demo does not skip the notes and report the broken page:\n%s", output)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("demo --db removed the archive it was asked to keep: %v", err)
	}
}

func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	if _, errOut, code := rostrum(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errOut, "no archive at "+db) {
		t.Errorf("serve without an archive: exit %d, %s", code, errOut)
	}
	mustRostrum(t, "ingest", "--db", db, samplePath)
	url, stop := startServing(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--log-format", "json")
	if code, body := get(t, url+"d/en.kremlin.ru/h-80d7397f9286"); code != 200 || !strings.Contains(body, `id="t2"`) {
		t.Errorf("document page = %d:\n%.500s", code, body)
	}
	if code, _ := get(t, url+"healthz"); code != 200 {
		t.Errorf("healthz = %d", code)
	}
	output, err := stop()
	if err != nil {
		t.Errorf("serve ended with %v", err)
	}
	if !strings.Contains(output, `"msg":"request"`) || !strings.Contains(output, `"path":"/healthz"`) {
		t.Errorf("serve --log-format json logs no JSON request records:\n%s", output)
	}
	if _, errOut, code := rostrum(t, "", "serve", "--db", db, "--log-format", "xml", "--addr", "127.0.0.1:0"); code != 2 {
		t.Errorf("serve --log-format xml: exit %d, %s", code, errOut)
	}
}

// TestServeLimits: serve's flags reach the server: the rate limit, and
// the refusal of a query with too many word* prefixes.
func TestServeLimits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	url, stop := startServing(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--quiet", "--rate-limit", "0.01", "--rate-burst", "2")
	if code, body := get(t, url+"api/v1/search?q=a*+b*+c*+d*+e*+f*+g*+h*+i*"); code != 400 || !strings.Contains(body, "9 words ending in *; the limit is 8") {
		t.Errorf("nine prefixes = %d:\n%s", code, body)
	}
	if code, _ := get(t, url+"help"); code != 200 {
		t.Errorf("2nd request = %d, want 200", code)
	}
	if code, body := get(t, url+"help"); code != 429 || !strings.Contains(body, "too many requests") {
		t.Errorf("3rd request = %d, want 429:\n%.300s", code, body)
	}
	if code, _ := get(t, url+"healthz"); code != 200 {
		t.Errorf("healthz = %d", code)
	}
	if _, err := stop(); err != nil {
		t.Errorf("serve ended with %v", err)
	}
}

// lockedWriter lets the server's goroutines and the command share one
// output buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestServePaysOwedMerge: an archive left with its search index in pieces
// by an ingest that was killed or stopped (a merge owed) is merged by the
// next serve, in the background, while the site answers.
func TestServePaysOwedMerge(t *testing.T) {
	db := filepath.Join(t.TempDir(), "owed.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OweMerge(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	url, stop := startServing(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	if code, _ := get(t, url+"healthz"); code != 200 {
		t.Errorf("healthz = %d while the merge is owed", code)
	}
	owed := true
	for deadline := time.Now().Add(20 * time.Second); owed && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		s, err := sqlite.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		owed, err = s.MergeOwed(t.Context())
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	output, err := stop()
	if err != nil {
		t.Fatal(err)
	}
	if owed || !strings.Contains(output, "search index merged") {
		t.Errorf("serve left the merge owed (%v):\n%s", owed, output)
	}
}

// TestServeMemoryAndProfiles: --memory-limit is the runtime's soft limit
// while serving (and the one before is back after), a size that makes no
// sense is a usage error, and --pprof serves Go's profiles on its own
// address, never on the site's.
func TestServeMemoryAndProfiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	for _, bad := range []string{"lots", "-5MB", "3MB"} {
		if _, errOut, code := rostrum(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0", "--memory-limit", bad); code != 2 || !strings.Contains(errOut, "memory-limit") {
			t.Errorf("serve --memory-limit %s: exit %d, %s", bad, code, errOut)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pprofAddr := ln.Addr().String()
	ln.Close()

	before := debug.SetMemoryLimit(-1)
	url, stop := startServing(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--quiet", "--memory-limit", "200MiB", "--pprof", pprofAddr)
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Errorf("memory limit while serving = %d, want %d", got, 200<<20)
	}
	if code, body := get(t, "http://"+pprofAddr+"/debug/pprof/heap?debug=1"); code != 200 || !strings.Contains(body, "# HeapAlloc = ") {
		t.Errorf("heap profile = %d:\n%.300s", code, body)
	}
	if code, _ := get(t, url+"debug/pprof/heap?debug=1"); code != 404 {
		t.Errorf("the site serves the profiles too: %d", code)
	}
	output, err := stop()
	if err != nil {
		t.Errorf("serve ended with %v", err)
	}
	if !strings.Contains(output, "serving Go's profiles") {
		t.Errorf("serve does not say it serves the profiles:\n%s", output)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit after serving = %d, want the one before, %d", got, before)
	}
	if _, err := net.Dial("tcp", pprofAddr); err == nil {
		t.Error("the profiles are still served after the server stopped")
	}
}

// TestMemoryWarning: a server whose kept data takes more than half its
// memory limit says so, and how much to give it; one well under it, or
// without a limit, says nothing.
func TestMemoryWarning(t *testing.T) {
	orig := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(orig)
	kept := make([]byte, 8<<20)
	for i := range kept {
		kept[i] = byte(i)
	}
	runtime.GC()
	live := liveHeap()
	if live < 8<<20 {
		t.Fatalf("live heap %d, want at least the 8 MiB kept", live)
	}
	debug.SetMemoryLimit(live)
	runtime.GC()
	if w := memoryWarning(); !strings.Contains(w, "more than two thirds of the memory limit") || !strings.Contains(w, "raise --memory-limit to about ") {
		t.Errorf("limit at the live heap: warning %q", w)
	}
	debug.SetMemoryLimit(live * 2)
	if w := memoryWarning(); w != "" {
		t.Errorf("limit twice the live heap: warning %q", w)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if w := memoryWarning(); w != "" {
		t.Errorf("no limit: warning %q", w)
	}
	runtime.KeepAlive(kept)
	if got := roundUp64MiB(65<<20 + 1); got != 128<<20 {
		t.Errorf("roundUp64MiB(65 MiB + 1) = %d, want 128 MiB", got)
	}
}
