// Package corpus reads the shared corpus of real kremlin.ru pages
// (shared/corpus, beside the project) for tests: the structured records,
// their text renderings and raw HTML, and the reference speaker-label
// sequence of each page. It is used only by tests and benchmarks.
package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/rostrum/rostrum/internal/parser"
)

// Dir returns the shared corpus folder, or "" when it is absent.
func Dir() string {
	if d := os.Getenv("ROSTRUM_CORPUS"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// internal/parser/corpus → project root → ../shared/corpus
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(d, "kremlin-en", "docs")); err != nil {
		return ""
	}
	return d
}

// Record is the part of a docs/<id>.json record that tests compare with.
type Record struct {
	ID           string  `json:"id"`
	Title        string  `json:"title"`
	Lead         *string `json:"lead"`
	Date         *string `json:"date"`
	Time         *string `json:"time"`
	Place        *string `json:"place"`
	AnnounceDate *string `json:"announce_date"`
	Kind         string  `json:"kind"`
	Body         []Block `json:"body"`
	Tags         map[string][]string
	Status       struct {
		PublishedIn []string `json:"published_in"`
	} `json:"status"`
}

// Block is one body block of a record.
type Block struct {
	Type string   `json:"type"`
	Text string   `json:"text"`
	Bold []string `json:"bold"`
}

// IDs lists the ids of the structured records, sorted numerically.
func IDs(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "kremlin-en", "docs", "*.json"))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	return ids, nil
}

// Load reads docs/<id>.json.
func Load(dir, id string) (*Record, error) {
	b, err := os.ReadFile(filepath.Join(dir, "kremlin-en", "docs", id+".json"))
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// TextPath and HTMLPath name a page's text rendering and raw HTML.
func TextPath(dir, id string) string { return filepath.Join(dir, "kremlin-en", "text", id+".txt") }

// HTMLPath names a page's raw HTML (only 30 pages have one).
func HTMLPath(dir, id string) string { return filepath.Join(dir, "kremlin-html", id+".html") }

// Labels returns the reference speaker-label sequence of a record: a turn
// starts at each paragraph that opens with a bold run and in which a bold
// run ends with, or is followed by, a colon (possibly after a bracketed
// annotation outside the bold: "<b>Question</b> (retranslated):"). The label is the paragraph's
// text up to that colon, folded (parser.Fold), without the notes that may
// end it ("(retranslated)"). Reading the text up to the
// colon rather than the first bold run alone keeps labels whose markup is
// split ("<b>Security Council Secretary</b> <b>NIKOLAI PATRUSHEV:</b>") or
// whose annotation sits outside the bold ("<b>Prime Minister of Hungary
// Viktor Orban</b> (retranslated)<b>:</b>", the 2010–13 markup).
func (r *Record) Labels() []string {
	var out []string
	for _, b := range r.Body {
		if b.Type != "p" || len(b.Bold) == 0 {
			continue
		}
		text := strings.TrimSpace(b.Text)
		if !strings.HasPrefix(text, strings.TrimSpace(b.Bold[0])) {
			continue
		}
		pos := 0
		for _, run := range b.Bold {
			k := strings.Index(text[pos:], run)
			if k < 0 {
				break
			}
			end := pos + k + len(run)
			if strings.HasSuffix(strings.TrimSpace(run), ":") || reColonNext.MatchString(text[end:]) {
				c := strings.Index(text, ":")
				if c > 0 && reAnnotated.MatchString(text[:c]) {
					label := strings.TrimSpace(reNote.ReplaceAllString(text[:c], ""))
					out = append(out, parser.Fold(label))
				}
				break
			}
			pos = end
		}
	}
	return out
}

// reColonNext matches the text after a bold run that ends a label: a colon,
// or a bracketed annotation and a colon ("(retranslated):").
var reColonNext = regexp.MustCompile(`^\s*(?:\([^()]{1,100}\)\s*|[^()]{1,100}\)\s*)?:`)

// reNote matches the notes at the end of a label, "(retranslated)",
// "(in English)": bracketed groups that open with a lower-case letter. They
// belong to the turn, not to the label (see parser.SplitNote; the
// kremlin-html-more index leaves them out too).
var reNote = regexp.MustCompile(`(?:\s*\(\p{Ll}[^()]*\))+\s*$`)

// reAnnotated accepts the text before the colon: it is the label when the
// bold runs and at most a bracketed annotation make it up, not a sentence
// whose later bold word happens to precede a colon.
var reAnnotated = regexp.MustCompile(`^[^:]{1,300}$`)

// MorePage is one page of kremlin-html-more: a raw en.kremlin.ru article
// and the speaker labels it prints, in order, as read from its markup
// (see kremlin-html-more/SOURCE.md: a handful may be wrong).
type MorePage struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	File   string   `json:"file"`
	Labels []string `json:"labels"`
}

// MoreDir returns the kremlin-html-more folder of the corpus, or "" when
// it is absent.
func MoreDir(dir string) string {
	if dir == "" {
		return ""
	}
	d := filepath.Join(dir, "kremlin-html-more")
	if _, err := os.Stat(filepath.Join(d, "index.jsonl")); err != nil {
		return ""
	}
	return d
}

// LoadMore reads the index of kremlin-html-more.
func LoadMore(dir string) ([]MorePage, error) {
	b, err := os.ReadFile(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		return nil, err
	}
	var pages []MorePage
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var p MorePage
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}
