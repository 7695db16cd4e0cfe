package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// The tests share one read-only archive: the bundled sample page plus,
// when the shared corpus is beside the project, its 200 text dumps and
// its 30 HTML pages (kremlin-html/*.html).
var (
	archive    *sqlite.Store
	haveCorpus bool
	testDir    string // removed after the tests
)

// samplePath is the bundled sample page.
var samplePath = filepath.Join("..", "..", "cmd", "rostrum", "sample", "2022-02-10-press-statements-russia-kazakhstan.txt")

// SampleID is the id of the sample page's document.
const sampleID = "en.kremlin.ru/h-80d7397f9286"

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "rostrum-web-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testDir = dir
	defer func() {
		if slowStore != nil {
			slowStore.Close()
		}
	}()
	ctx := context.Background()
	archive, err = sqlite.Open(ctx, filepath.Join(dir, "web.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer archive.Close()
	paths := []string{samplePath}
	if c := corpus.Dir(); c != "" {
		haveCorpus = true
		paths = append(paths, filepath.Join(c, "kremlin-en", "text"))
		html, _ := filepath.Glob(filepath.Join(c, "kremlin-html", "*.html"))
		paths = append(paths, html...)
	}
	formats := ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
		ingest.FormatJSON:        jsondoc.Decode,
	}
	res, err := ingest.Run(ctx, archive, paths, ingest.Config{Formats: formats})
	if err != nil || res.Failed > 0 {
		fmt.Fprintln(os.Stderr, "web tests: ingest:", err, res.Failures)
		return 1
	}
	// One document edited after it was archived: a first version, then
	// a changed copy (see history_test.go).
	v1, v2 := editedVersions()
	for _, d := range []*transcript.Document{v1, v2} {
		if _, err := archive.Put(ctx, d, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(d)}); err != nil {
			fmt.Fprintln(os.Stderr, "web tests: put the edited document:", err)
			return 1
		}
	}
	// A twin pair of editions whose Russian edition lacks a question and
	// quotes another figure (see editions_test.go).
	for _, d := range twinEditions() {
		if _, err := archive.Put(ctx, d, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(d)}); err != nil {
			fmt.Fprintln(os.Stderr, "web tests: put the twin editions:", err)
			return 1
		}
	}
	return m.Run()
}

// newServer starts the site over the shared archive. Its rate limit is
// off unless cfg sets one: the tests send many requests from one address.
func newServer(t testing.TB, cfg web.Config) *httptest.Server {
	t.Helper()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	ts := httptest.NewServer(web.NewServer(archive, cfg))
	t.Cleanup(ts.Close)
	return ts
}

// needCorpus skips a test that needs the shared corpus when it is absent.
func needCorpus(t testing.TB) {
	t.Helper()
	if !haveCorpus {
		t.Skip("the shared corpus (../shared/corpus) is not beside the project")
	}
}
