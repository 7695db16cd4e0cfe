package qa_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/transcript"
)

// turns builds a document from "Speaker: text" lines.
func doc(lines ...string) *transcript.Document {
	d := &transcript.Document{ID: "t/1"}
	for i, l := range lines {
		speaker, text, _ := strings.Cut(l, ": ")
		d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: speaker, Paragraphs: strings.Split(text, " | ")})
	}
	return d
}

// ids lists each exchange as question turn, floor turn (0 for none) and
// answer turns.
func ids(xs []qa.Exchange) [][]int {
	out := [][]int{}
	for _, x := range xs {
		row := []int{x.Question.Turn, 0}
		if x.Floor != nil {
			row[1] = x.Floor.Turn
		}
		for _, a := range x.Answers {
			row = append(row, a.Turn)
		}
		out = append(out, row)
	}
	return out
}

func TestPairs(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  *transcript.Document
		want [][]int
	}{
		{"no questions", doc("Anna Petrova: Good afternoon.", "Ivan Sidorov: Thank you."), [][]int{}},
		{"labelled questions", doc(
			"Anna Petrova: Good afternoon, colleagues.",
			"Question: What about the budget?",
			"Anna Petrova: It grows.",
			"Ivan Sidorov: I agree.",
			"Question (retranslated): And the roads?",
			"Anna Petrova: They are built."),
			[][]int{{2, 0, 3, 4}, {5, 0, 6}}},
		{"question from a region, remark after", doc(
			"Question from Perm Territory: When will the bridge open?",
			"Anna Petrova: Next year.",
			"Remark: Thank you.",
			"Anna Petrova: You are welcome."),
			[][]int{{1, 0, 2, 3, 4}}},
		{"a moderator gives the floor to named journalists", doc(
			"Anna Petrova: Good afternoon. Let us begin.",
			"Pavel Orlov: Please go ahead.",
			"Maria Kuznetsova: Thank you. | What will happen to prices next year?",
			"Anna Petrova: They will be stable.",
			"Pavel Orlov: Please.",
			"Oleg Smirnov: Are the sanctions working?",
			"Anna Petrova: No.",
			"Pavel Orlov: Next question."),
			[][]int{{3, 2, 4}, {6, 5, 7, 8}}},
		{"a chair says please once: a report, not a question", doc(
			"Anna Petrova: Please, Mr Sidorov.",
			"Ivan Sidorov: Colleagues, why do the roads matter? Because they connect us.",
			"Anna Petrova: Thank you."),
			[][]int{}},
		{"a floor given, and no question asked", doc(
			"Pavel Orlov: Please go ahead.",
			"Maria Kuznetsova: I want to thank you for the work.",
			"Pavel Orlov: Please.",
			"Oleg Smirnov: Is the economy growing?",
			"Anna Petrova: Yes."),
			[][]int{{4, 3, 5}}},
		{"Russian", doc(
			"Анна Петрова: Добрый день.",
			"Вопрос: Что будет с бюджетом?",
			"Анна Петрова: Он вырастет.",
			"Павел Орлов: Пожалуйста, ваш вопрос.",
			"Мария Кузнецова: Когда откроют мост?",
			"Анна Петрова: В следующем году.",
			"Павел Орлов: Прошу.",
			"Вопрос из зала: А дороги?",
			"Анна Петрова: Строим."),
			[][]int{{2, 0, 3}, {5, 4, 6}, {8, 7, 9}}},
		{"journalist labels", doc(
			"Journalist: Is it true?",
			"Anna Petrova: Yes.",
			"Корреспондент: Правда?",
			"Анна Петрова: Да."),
			[][]int{{1, 0, 2}, {3, 0, 4}}},
		{"words that only start like a question label", doc(
			"Questions Committee Chairman Ivan Sidorov: What is on the agenda?",
			"Anna Petrova: Roads."),
			[][]int{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, ids(qa.Pairs(c.doc, false))); diff != "" {
				t.Errorf("exchanges (question, floor, answers…) (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSample: on the real sample page, turn 4 (Question) is answered in
// turn 5 (Vladimir Putin), and Kassym-Jomart Tokayev speaks after him.
func TestSample(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "samples", "kremlin-text", "2022-02-10-press-statements-russia-kazakhstan.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("shared/samples not found beside the project: %v", err)
	}
	defer f.Close()
	d, err := kremlintext.Parse(f, path)
	if err != nil {
		t.Fatal(err)
	}
	xs := qa.Pairs(d, true)
	if len(xs) != 1 {
		t.Fatalf("%d exchanges, want 1: %+v", len(xs), xs)
	}
	x := xs[0]
	if x.ID != "q4" || x.Question.Turn != 4 || x.Question.Speaker != "Question" || !strings.Contains(x.Question.Text, "?") {
		t.Errorf("question = %+v, want turn 4 by Question with its text", x.Question)
	}
	if len(x.Answers) == 0 || x.Answers[0].Turn != 5 || x.Answers[0].Person != "Vladimir Putin" {
		t.Errorf("answers = %+v, want turn 5 by Vladimir Putin first", x.Answers)
	}
	if x.Answers[0].Text != "" {
		t.Error("an answer carries its text; only the question does")
	}
}

func TestIsQuestionLabel(t *testing.T) {
	for label, want := range map[string]bool{
		"Question": true, "QUESTION": true, "Question (retranslated)": true, "Question from Perm Territory": true,
		"Questions": true, "Journalist": true, "Correspondent of Kommersant": true, "Вопрос": true,
		"Вопрос из зала": true, "Журналистка": true, "Вопрос (синхронный перевод)": true,
		"Vladimir Putin": false, "Remark": false, "Reply": false, "Questions Committee Chairman Ivan Sidorov": false,
		"": false, "Answer": false, "Ответ": false,
	} {
		if got := qa.IsQuestionLabel(label); got != want {
			t.Errorf("IsQuestionLabel(%q) = %v, want %v", label, got, want)
		}
	}
}

func FuzzPairs(f *testing.F) {
	f.Add("Question\x00What?\x00Anna Petrova\x00Yes.")
	f.Add("Pavel Orlov\x00Please.\x00Maria\x00Why?\x00Pavel Orlov\x00Please.\x00Oleg\x00How?")
	f.Fuzz(func(t *testing.T, s string) {
		parts := strings.Split(s, "\x00")
		d := &transcript.Document{}
		for i := 0; i+1 < len(parts); i += 2 {
			d.Turns = append(d.Turns, transcript.Turn{Index: len(d.Turns) + 1, Speaker: parts[i], Paragraphs: []string{parts[i+1]}})
		}
		xs := qa.Pairs(d, true)
		seen := map[int]bool{}
		last := 0
		for _, x := range xs {
			turns := []int{x.Question.Turn}
			if x.Floor != nil {
				turns = append(turns, x.Floor.Turn)
			}
			for _, a := range x.Answers {
				turns = append(turns, a.Turn)
			}
			for _, n := range turns {
				if seen[n] || n < 1 || n > len(d.Turns) {
					t.Fatalf("turn %d placed twice or out of range in %+v", n, xs)
				}
				seen[n] = true
			}
			if x.Question.Turn <= last {
				t.Fatalf("exchanges out of order: %+v", xs)
			}
			last = x.Question.Turn
		}
	})
}

// TestCorpus pairs every document of the shared corpus and checks what
// must hold of any pairing: each turn labelled as the press's is a
// question; every turn from the first question on belongs to exactly one
// exchange (as its question, its floor or an answer), in order; a
// question found by the floor rule follows a floor given and asks
// something.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "kremlin-en", "text", "*.txt"))
	if len(files) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	exchanges, byFloor, docs := 0, 0, 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := kremlintext.Parse(f, path)
		f.Close()
		if err != nil {
			continue // the parser's own tests judge its failures
		}
		xs := qa.Pairs(d, true)
		if len(xs) > 0 {
			docs++
		}
		exchanges += len(xs)
		questions := map[int]bool{}
		owner := map[int]string{}
		for _, x := range xs {
			questions[x.Question.Turn] = true
			parts := []int{x.Question.Turn}
			if x.Floor != nil {
				parts = append(parts, x.Floor.Turn)
			}
			for _, a := range x.Answers {
				parts = append(parts, a.Turn)
			}
			for _, n := range parts {
				if owner[n] != "" {
					t.Errorf("%s: turn %d is in %s and %s", d.ID, n, owner[n], x.ID)
				}
				owner[n] = x.ID
			}
			if !qa.IsQuestionLabel(x.Question.Speaker) {
				byFloor++
				// The turn before gave the floor: it is the exchange's floor
				// when it did nothing else, else the previous answer.
				if !strings.Contains(x.Question.Text, "?") || x.Question.Turn < 2 ||
					d.Turns[x.Question.Turn-2].Speaker == x.Question.Speaker {
					t.Errorf("%s %s: a question by the floor rule that asks nothing, or follows its own speaker", d.ID, x.ID)
				}
				if testing.Verbose() {
					t.Logf("%s %s by %s, after %s: %.90s", d.ID, x.ID, x.Question.Speaker, d.Turns[x.Question.Turn-2].Speaker, x.Question.Text)
				}
			}
		}
		first := 0
		for _, tu := range d.Turns {
			if qa.IsQuestionLabel(tu.Speaker) && !questions[tu.Index] {
				t.Errorf("%s: turn %d (%q) is labelled a question but starts no exchange", d.ID, tu.Index, tu.Speaker)
			}
			if first == 0 && questions[tu.Index] {
				first = tu.Index
			}
			if first > 0 && tu.Index > first && owner[tu.Index] == "" {
				t.Errorf("%s: turn %d after the first question belongs to no exchange", d.ID, tu.Index)
			}
		}
	}
	t.Logf("%d documents, %d exchanges in %d of them, %d by the floor rule", len(files), exchanges, docs, byFloor)
	if exchanges == 0 || byFloor == 0 {
		t.Errorf("%d exchanges, %d by the floor rule: the corpus has press conferences with both kinds", exchanges, byFloor)
	}
}

// BenchmarkPairs pairs the questions of the shared corpus's 200 English
// documents, already parsed; BenchmarkParse in package kremlintext parses
// the same files, for comparison.
func BenchmarkPairs(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "kremlin-en", "text", "*.txt"))
	if len(files) == 0 {
		b.Skip("shared/corpus not found beside the project")
	}
	var docs []*transcript.Document
	size := int64(0)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := f.Stat()
		size += st.Size()
		d, err := kremlintext.Parse(f, path)
		f.Close()
		if err == nil {
			docs = append(docs, d)
		}
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			qa.Pairs(d, false)
		}
	}
}

func TestPartsAndIDs(t *testing.T) {
	d := doc("Anna Petrova: Good afternoon.", "Question: Why?", "Anna Petrova: Because.")
	if diff := cmp.Diff(map[int]string{2: qa.Question, 3: qa.Answer}, qa.Parts(d)); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[int]string{2: "q2", 3: "q2"}, qa.IDs(d)); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}
