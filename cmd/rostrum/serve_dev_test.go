package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeDev serves with --dev from a copy of the source tree's
// templates: an edited template shows on the next request, a broken one
// gives a 500 rather than a crash, and --dev outside a source tree is a
// usage error. It changes the working directory, so it runs alone.
func TestServeDev(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("..", "..", devTemplates, "templates"))
	if err != nil {
		t.Fatal(err)
	}
	sample, err := filepath.Abs(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, devTemplates, "templates"), os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(root, "a.db")
	mustRostrum(t, "ingest", "--db", db, sample)

	t.Chdir(t.TempDir())
	if _, errOut, code := rostrum(t, "", "serve", "--db", db, "--dev", "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "run it from the root of Rostrum's source tree") {
		t.Errorf("serve --dev outside a source tree: exit %d, %q", code, errOut)
	}

	t.Chdir(root)
	url, stop := startServing(t, "serve", "--db", db, "--dev", "--addr", "127.0.0.1:0", "--quiet")
	defer stop()
	home := filepath.Join(root, devTemplates, "templates", "home.html")
	orig, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "<p>edited while serving</p>"
	if code, body := get(t, url); code != 200 || strings.Contains(body, marker) {
		t.Fatalf("GET / before the edit = %d, marker shown: %v", code, strings.Contains(body, marker))
	}
	edited := strings.Replace(string(orig), `{{define "content"}}`, `{{define "content"}}`+marker, 1)
	if edited == string(orig) {
		t.Fatal(`home.html has no {{define "content"}} to edit`)
	}
	mustWrite(t, home, []byte(edited))
	if code, body := get(t, url); code != 200 || !strings.Contains(body, marker) {
		t.Errorf("GET / after the edit = %d; the edit does not show:\n%.300s", code, body)
	}
	mustWrite(t, home, []byte(`{{define "content"}}{{.NoSuchField`))
	if code, body := get(t, url); code != 500 {
		t.Errorf("GET / with a broken template = %d, want 500:\n%.2000s", code, body)
	}
	mustWrite(t, home, orig)
	if code, body := get(t, url); code != 200 || strings.Contains(body, marker) {
		t.Errorf("GET / after undoing the edit = %d, marker shown: %v", code, strings.Contains(body, marker))
	}
}
