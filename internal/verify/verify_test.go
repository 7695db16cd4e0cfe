package verify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/verify"
)

// The tests share one archive: the shared corpus (200 English text dumps
// and 30 HTML pages), the Russian and twin fixtures of the HTML parser,
// and one document edited after it was archived.
var (
	archive    *sqlite.Store
	haveCorpus bool
)

// fixtures are the parser's Russian pages and the English twin.
var fixtures = []string{"twin_en.html", "twin_ru.html", "ru_talks.html", "ru_meeting.html", "russian.html"}

const editedID = "en.kremlin.ru/99901"

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "rostrum-verify-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	archive, err = sqlite.Open(ctx, filepath.Join(dir, "verify.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer archive.Close()
	var paths []string
	for _, f := range fixtures {
		paths = append(paths, filepath.Join("..", "parser", "kremlinhtml", "testdata", f))
	}
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
		fmt.Fprintln(os.Stderr, "verify tests: ingest:", err, res.Failures)
		return 1
	}
	for _, d := range editedVersions() {
		b, _ := json.Marshal(d)
		if _, err := archive.Put(ctx, d, transcript.Raw{Origin: "test", Format: "json", Bytes: b}); err != nil {
			fmt.Fprintln(os.Stderr, "verify tests: put the edited document:", err)
			return 1
		}
	}
	return m.Run()
}

// editedVersions is a document whose second version changed a figure.
func editedVersions() []*transcript.Document {
	doc := func(figure string) *transcript.Document {
		return &transcript.Document{ID: editedID, Source: transcript.SourceKremlin, Language: "en", Title: "Meeting on grain exports",
			Date: "2004-05-06", URL: "http://en.kremlin.ru/events/president/news/99901", Turns: []transcript.Turn{
				{Index: 1, Speaker: "Anna Vetrova", Person: "Anna Vetrova", Paragraphs: []string{"Good afternoon, colleagues."}},
				{Index: 2, Speaker: "Boris Zimin", Person: "Boris Zimin", Paragraphs: []string{
					"Grain exports from the southern ports grew by " + figure + " percent over the winter, ahead of every forecast."}},
			}}
	}
	return []*transcript.Document{doc("25"), doc("27")}
}

func needCorpus(t *testing.T) {
	t.Helper()
	if !haveCorpus {
		t.Skip("the shared corpus (../shared/corpus) is not beside the project")
	}
}

// Real sentences of the shared corpus.
const (
	// en.kremlin.ru/… (a 2012 meeting on the economy): a negation (no), a
	// figure (10 percent) and a name (GDP).
	growth = "We already have regions that have no oil or gas but, as you all know, show GDP growth of more than 10 percent per annum."
	// A 2016 speech: names and a negation (never).
	lenin = "Back when the Soviet Union was created, original Russian territories that never had anything to do with Ukraine (the entire Black Sea region and Russia’s western lands) were transferred to Ukraine under a strange pretext"
)

func run(t *testing.T, quote string) *verify.Result {
	t.Helper()
	res, err := verify.Run(t.Context(), archive, &verify.Request{Quote: quote})
	if err != nil {
		t.Fatalf("Run(%q): %v", quote, err)
	}
	return res
}

// turnText reads a match's turn from the archive.
func turnText(t *testing.T, m *verify.Match) string {
	t.Helper()
	d, err := archive.Document(t.Context(), m.DocID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version > 0 {
		if d, err = archive.DocumentVersion(t.Context(), m.DocID, m.Version); err != nil {
			t.Fatal(err)
		}
	}
	return strings.Join(d.Turns[m.Turn-1].Paragraphs, "\n\n")
}

func TestVerdicts(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		name    string
		quote   string
		verdict string
		kind    string // the kind of difference that alters it
		source  string // a sentence the matched turn holds; "" for the quote's first sentence
	}{
		{"exact", growth, verify.Exact, "", growth},
		{"re-punctuated and re-cased", "we already have regions that have no oil or gas - but as you all know - show gdp growth of more than 10 percent per annum", verify.Exact, "", growth},
		{"trimmed", "regions that have no oil or gas but, as you all know, show GDP growth", verify.Exact, "", growth},
		{"per cent sign", "show GDP growth of more than 10% per annum", verify.Exact, "", growth},
		{"elided", "We already have regions that have no oil or gas … show GDP growth of more than 10 percent per annum.", verify.Close, "", growth},
		{"lightly paraphrased", "We already have regions which have no oil or gas but, as you know, show GDP growth of over 10 percent a year.", verify.Close, "", growth},
		{"figure changed", "We already have regions that have no oil or gas but, as you all know, show GDP growth of more than 15 percent per annum.", verify.Altered, verify.KindFigure, growth},
		{"negation dropped", "We already have regions that have oil or gas but, as you all know, show GDP growth of more than 10 percent per annum.", verify.Altered, verify.KindNegation, growth},
		{"negation added", "Russian territories that never had anything to do with Ukraine were not transferred to Ukraine under a strange pretext", verify.Altered, verify.KindNegation, lenin},
		{"name changed", "original Russian territories that never had anything to do with Belarus (the entire Black Sea region and Russia’s western lands) were transferred to Ukraine", verify.Altered, verify.KindName, lenin},
		{"not in the corpus", "The quick brown fox jumps over the lazy dog beside the riverbank every single morning.", verify.NotFound, "", ""},
		{"not in the corpus, on topic", "Our government will build three hundred new bridges across Siberia before the next parliamentary election.", verify.NotFound, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.quote)
			if res.Verdict != tt.verdict {
				t.Fatalf("verdict %s, want %s (similarity %.3f, reasons %q, match %+v)", res.Verdict, tt.verdict, res.Similarity, res.Reasons, res.Match)
			}
			if tt.verdict == verify.NotFound {
				if res.Match != nil || len(res.Diff) != 0 {
					t.Errorf("not_found with a match %+v and diff %v", res.Match, res.Diff)
				}
				return
			}
			checkMatch(t, res)
			if text := turnText(t, res.Match); !holds(text, tt.source) {
				t.Errorf("the matched turn %s does not hold the source sentence %q", res.Match.Permalink, tt.source)
			}
			var kinds []string
			for _, op := range res.Diff {
				if op.Kind != "" {
					kinds = append(kinds, op.Kind)
				}
			}
			if tt.kind != "" && !slices.Contains(kinds, tt.kind) {
				t.Errorf("diff %+v flags %q, want %s", res.Diff, kinds, tt.kind)
			}
			if tt.kind == "" && len(kinds) > 0 {
				t.Errorf("diff %+v flags %q, want nothing", res.Diff, kinds)
			}
			if tt.verdict == verify.Altered && len(res.Reasons) == 0 {
				t.Error("altered without a reason")
			}
		})
	}
}

// checkMatch checks what every found quote's answer holds: the diff's
// equal and deleted parts read the match's text, its equal and inserted
// parts the quote's words, and the match names a real turn.
func checkMatch(t *testing.T, res *verify.Result) {
	t.Helper()
	m := res.Match
	if m == nil {
		t.Fatal("no match")
	}
	if m.Permalink != fmt.Sprintf("%s#t%d", m.DocID, m.Turn) || m.Date == "" || m.Version < 1 || m.StoredAt == "" {
		t.Errorf("match %+v", m)
	}
	if text := turnText(t, m); !strings.Contains(text, m.Text) || m.Text == "" {
		t.Errorf("match text %q is not in turn %s", m.Text, m.Permalink)
	}
	var src, quote []string
	for _, op := range res.Diff {
		if op.Op != verify.OpInsert {
			src = append(src, op.Text)
		}
		if op.Op != verify.OpDelete {
			quote = append(quote, op.Text)
		}
	}
	if got, want := terms(strings.Join(src, " ")), terms(m.Text); !slices.Equal(got, want) {
		t.Errorf("the diff's source side reads %q, the match %q", got, want)
	}
	if got, want := terms(strings.Join(quote, " ")), terms(res.Quote); !slices.Equal(got, want) {
		t.Errorf("the diff's quote side reads %q, the quote %q", got, want)
	}
}

// terms are the folded words of s, per cent signs and words alike.
func terms(s string) []string {
	s = strings.ReplaceAll(s, "%", " percent")
	s = strings.ReplaceAll(s, "per cent", "percent")
	ts := search.NewTokenizer().Terms(s, false)
	for i, t := range ts {
		if strings.HasPrefix(t, "процент") {
			ts[i] = "percent"
		}
	}
	return ts
}

// holds reports whether text has the words of sentence, in order, next
// to each other (white space and punctuation aside).
func holds(text, sentence string) bool {
	tt, st := terms(text), terms(sentence)
	for i := 0; i+len(st) <= len(tt); i++ {
		if slices.Equal(tt[i:i+len(st)], st) {
			return true
		}
	}
	return false
}

// TestThreshold justifies verify.Threshold on the corpus: sentences of
// its turns, lightly reworded (a word dropped and one replaced in every
// eight), keep a similarity well above it, and sentences made of the same
// vocabulary in another order stay well below it.
func TestThreshold(t *testing.T) {
	needCorpus(t)
	var sentences []string
	for d, err := range archive.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Language != "en" || len(sentences) >= 40 {
			continue
		}
		for _, turn := range d.Turns {
			for _, p := range turn.Paragraphs {
				for s := range strings.SplitSeq(p, ". ") {
					if n := len(strings.Fields(s)); n >= 14 && n <= 40 && len(sentences) < 40 && !strings.ContainsAny(s, "0123456789") {
						sentences = append(sentences, s)
						break
					}
				}
			}
		}
	}
	if len(sentences) < 30 {
		t.Fatalf("found %d sentences", len(sentences))
	}
	minKept, maxShuffled, worst := 1.0, 0.0, ""
	rnd := rand.New(rand.NewPCG(1, 2))
	for i, s := range sentences {
		ws := strings.Fields(s)
		// Reworded: every eighth word dropped, every eighth (offset 4)
		// replaced by another word.
		var kept []string
		for j, w := range ws {
			switch j % 8 {
			case 0:
				continue
			case 4:
				w = "furthermore"
			}
			kept = append(kept, w)
		}
		res := run(t, strings.Join(kept, " "))
		minKept = min(minKept, res.Similarity)
		if res.Verdict == verify.NotFound {
			t.Errorf("reworded sentence %d %q: not found (similarity %.2f)", i, strings.Join(kept, " "), res.Similarity)
		}
		// Shuffled: the same words, a different sentence.
		sh := slices.Clone(ws)
		rnd.Shuffle(len(sh), func(j, k int) { sh[j], sh[k] = sh[k], sh[j] })
		res = run(t, strings.Join(sh, " "))
		if res.Similarity > maxShuffled {
			maxShuffled, worst = res.Similarity, strings.Join(sh, " ")
		}
	}
	t.Logf("reworded: similarity ≥ %.2f; shuffled: ≤ %.2f (%q); threshold %.2f", minKept, maxShuffled, worst, verify.Threshold)
	if minKept < verify.Threshold+0.1 || maxShuffled > verify.Threshold-0.05 {
		t.Errorf("the threshold %.2f does not part reworded sentences (similarity ≥ %.2f) from shuffled ones (≤ %.2f) with a margin",
			verify.Threshold, minKept, maxShuffled)
	}
}

// TestRussian verifies quotes of the Russian fixtures, and finds the
// English edition's turn of a quote from the Russian one and back.
func TestRussian(t *testing.T) {
	tests := []struct {
		name    string
		quote   string
		verdict string
		kind    string
		turn    string // permalink of the match
		twin    string // permalink of the twin's turn, "" for none
	}{
		{"exact", "В прошлом году агентство утвердило 1200 национальных стандартов, на 15 процентов больше, чем в 2023 году.",
			verify.Exact, "", "kremlin.ru/90010#t3", "en.kremlin.ru/90010#t3"},
		{"per cent sign", "агентство утвердило 1200 национальных стандартов, на 15% больше", verify.Exact, "", "kremlin.ru/90010#t3", "en.kremlin.ru/90010#t3"},
		{"figure changed", "В прошлом году агентство утвердило 1300 национальных стандартов, на 15 процентов больше, чем в 2023 году.",
			verify.Altered, verify.KindFigure, "kremlin.ru/90010#t3", "en.kremlin.ru/90010#t3"},
		{"ё written е, trimmed", "Работа над новыми стандартами идет по плану: подготовлено 120 проектов документов", verify.Exact, "", "kremlin.ru/90004#t3", ""},
		{"negation added", "подготовлено 120 проектов документов, из них 45 не прошли публичное обсуждение", verify.Altered, verify.KindNegation, "kremlin.ru/90004#t3", ""},
		{"name changed", "Руководитель Федерального агентства по стандартам Мария Смирнова доложила о работе агентства в 2024 году.",
			verify.Altered, verify.KindName, "kremlin.ru/90010#t1", "en.kremlin.ru/90010#t1"},
		{"inflection changed", "Участники совещания обсуждали подготовку отраслевых стандартов на 2025–2026 годы.", verify.Close, "", "kremlin.ru/90004#t1", ""},
		{"English, twin in Russian", "Last year the agency approved 1,200 national standards, 15 percent more than in 2023.",
			verify.Exact, "", "en.kremlin.ru/90010#t3", "kremlin.ru/90010#t3"},
		{"not in the archive", "Правительство построит триста новых мостов через Енисей до следующих выборов в парламент.", verify.NotFound, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.quote)
			if res.Verdict != tt.verdict {
				t.Fatalf("verdict %s, want %s (similarity %.3f, reasons %q, match %+v)", res.Verdict, tt.verdict, res.Similarity, res.Reasons, res.Match)
			}
			if tt.verdict == verify.NotFound {
				return
			}
			checkMatch(t, res)
			if res.Match.Permalink != tt.turn {
				t.Errorf("match %s, want %s", res.Match.Permalink, tt.turn)
			}
			var twin string
			if res.Twin != nil {
				twin = res.Twin.Permalink
				if res.Twin.Text == "" || res.Twin.Language == res.Match.Language {
					t.Errorf("twin %+v", res.Twin)
				}
			}
			if twin != tt.twin {
				t.Errorf("twin %q, want %q", twin, tt.twin)
			}
			flagged := false
			for _, op := range res.Diff {
				flagged = flagged || (op.Kind == tt.kind && tt.kind != "")
			}
			if tt.kind != "" && !flagged {
				t.Errorf("diff %+v does not flag %s", res.Diff, tt.kind)
			}
		})
	}
}

// TestEditedSince: a quote of the first version of an edited document
// is exact in that version, which the answer names, and says the source
// was edited since; a quote of the current version says its text changed.
func TestEditedSince(t *testing.T) {
	old := run(t, "Grain exports from the southern ports grew by 25 percent over the winter")
	if old.Verdict != verify.Exact || old.Match == nil || old.Match.Version != 1 || old.History == nil || !old.History.EditedSince ||
		!old.History.TextChanged || old.History.Current != 2 || old.History.Versions != 2 {
		t.Errorf("quote of version 1: verdict %s, match %+v, history %+v", old.Verdict, old.Match, old.History)
	}
	if !slices.ContainsFunc(old.Reasons, func(r string) bool { return strings.Contains(r, "edited since") }) {
		t.Errorf("reasons %q do not say the source was edited since", old.Reasons)
	}
	checkMatch(t, old)
	cur := run(t, "Grain exports from the southern ports grew by 27 percent over the winter")
	if cur.Verdict != verify.Exact || cur.Match == nil || cur.Match.Version != 2 || cur.History == nil || cur.History.EditedSince || !cur.History.TextChanged {
		t.Errorf("quote of version 2: verdict %s, match %+v, history %+v", cur.Verdict, cur.Match, cur.History)
	}
	wrong := run(t, "Grain exports from the southern ports grew by 40 percent over the winter")
	if wrong.Verdict != verify.Altered || wrong.Match == nil || wrong.Match.Version != 2 || wrong.History.EditedSince {
		t.Errorf("quote of neither version: verdict %s, match %+v, history %+v", wrong.Verdict, wrong.Match, wrong.History)
	}
}

func TestWithin(t *testing.T) {
	needCorpus(t)
	for _, tt := range []struct {
		within  string
		verdict string
	}{
		{"lang:en", verify.Exact},
		{"lang:ru", verify.NotFound},
		{"from:2019-01-01", verify.NotFound},
		{"to:2019-01-01", verify.Exact},
	} {
		q, err := search.ParseQuery(tt.within)
		if err != nil {
			t.Fatal(err)
		}
		res, err := verify.Run(t.Context(), archive, &verify.Request{Quote: growth, Within: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tt.verdict {
			t.Errorf("within %s: verdict %s, want %s", tt.within, res.Verdict, tt.verdict)
		}
	}
}

func TestBadRequest(t *testing.T) {
	words, _ := search.ParseQuery("gas person:putin")
	tests := []struct {
		name string
		req  verify.Request
		want string
	}{
		{"empty", verify.Request{Quote: ""}, "the quote is empty"},
		{"blank", verify.Request{Quote: " \n\t "}, "the quote is empty"},
		{"100 KB", verify.Request{Quote: strings.Repeat("sanctions ", 10000)}, "the limit is 4096"},
		{"two words", verify.Request{Quote: "strategic partnership"}, "at least 3"},
		{"punctuation only", verify.Request{Quote: "… — !!! ???"}, "at least 3"},
		{"not UTF-8", verify.Request{Quote: "we will \xff\xfe talk"}, "not valid UTF-8"},
		{"words in the scope", verify.Request{Quote: growth, Within: words}, "filters only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verify.Run(t.Context(), archive, &tt.req)
			if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run: %v, want ErrInvalid with %q", err, tt.want)
			}
		})
	}
}

// FuzzRun verifies any quote against the test archive: Run never panics,
// refuses only with ErrInvalid, and a verdict other than not_found comes
// with a match whose text is in its turn.
func FuzzRun(f *testing.F) {
	for _, s := range []string{growth, lenin, "Grain exports … grew by 25 percent", "не не не нет ни", "%% per cent 1,200 1200", "a b", "“…”", "Россия и Китай никогда не"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, quote string) {
		res, err := verify.Run(t.Context(), archive, &verify.Request{Quote: quote})
		if err != nil {
			if !errors.Is(err, transcript.ErrInvalid) {
				t.Fatalf("Run(%q): %v", quote, err)
			}
			return
		}
		if res.Verdict == verify.NotFound {
			return
		}
		if res.Match == nil || !strings.Contains(turnText(t, res.Match), res.Match.Text) {
			t.Fatalf("Run(%q): verdict %s with match %+v", quote, res.Verdict, res.Match)
		}
	})
}
