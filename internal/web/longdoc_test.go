package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// longDocID is the id of longDoc.
const longDocID = "en.kremlin.ru/99300"

// longDoc is a generated press conference of n turns: a moderator,
// journalists' questions under anonymous labels and under their own
// names, and the President's answers of three paragraphs each, the shape
// of kremlin.ru's longest transcripts.
func longDoc(n int) *transcript.Document {
	d := &transcript.Document{ID: longDocID, Source: transcript.SourceKremlin, Language: "en", Section: "Transcripts",
		Title: "Annual news conference", Lead: "The President answered questions from Russian and foreign journalists.",
		Date: "2021-12-23", Time: "12:00", Place: "Moscow", Topics: []string{"Domestic policy", "Foreign policy"},
		Geography: []string{"Ukraine", "China"}, Persons: []string{"Putin Vladimir", "Peskov Dmitry"},
		URL: "http://en.kremlin.ru/events/president/transcripts/99300"}
	words := strings.Fields("the economy grows and inflation falls while wages rise in the regions we will build roads schools and hospitals gas prices energy security partners talks sanctions grain exports")
	sentence := func(seed, k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(seed*7+i*3)%len(words)])
		}
		return strings.ToUpper(b.String()[:1]) + b.String()[1:] + "."
	}
	for i := range n {
		t := transcript.Turn{Index: i + 1}
		switch {
		case i == 0:
			t.Speaker, t.Person = "Dmitry Peskov", "Dmitry Peskov"
			t.Paragraphs = []string{"Good afternoon, colleagues. Let us begin.", "(Applause.)"}
			t.Notes = []string{"(Applause.)"}
		case i%2 == 1 && i%6 == 1:
			t.Speaker = "Question"
			t.Paragraphs = []string{sentence(i, 25) + " " + sentence(i+1, 20)}
		case i%2 == 1:
			t.Speaker = fmt.Sprintf("Journalist %d", i%9)
			t.Paragraphs = []string{sentence(i, 30)}
		default:
			t.Speaker, t.Person, t.Role = "Vladimir Putin", "Vladimir Putin", ""
			t.Paragraphs = []string{sentence(i, 60) + " " + sentence(i+2, 40), sentence(i+3, 70), sentence(i+4, 50)}
		}
		d.Turns = append(d.Turns, t)
	}
	return d
}

// longArchive is an archive of longDoc(n) alone.
func longArchive(tb testing.TB, n int) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "long.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	d := longDoc(n)
	if _, err := st.Put(tb.Context(), d, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(d)}); err != nil {
		tb.Fatal(err)
	}
	return st
}

// BenchmarkLongDocumentPage renders the page of a generated 300-turn
// press conference on every request (both caches off), without gzip: the
// cost of an uncached page of a long event, and its weight in bytes.
func BenchmarkLongDocumentPage(b *testing.B) {
	for _, path := range []string{"/d/" + longDocID, "/d/" + longDocID + "?q=economy"} {
		b.Run(strings.TrimPrefix(path, "/d/"+longDocID), func(b *testing.B) {
			srv := web.NewServer(longArchive(b, 300), web.Config{CacheSize: -1, RateLimit: -1})
			b.ReportAllocs()
			var size int
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != 200 {
					b.Fatal(w.Code, w.Body.String())
				}
				size = w.Body.Len()
				io.Copy(io.Discard, w.Body)
			}
			b.ReportMetric(float64(size), "html-bytes")
		})
	}
}
