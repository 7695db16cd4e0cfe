package gen

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Corpus returns the corpus to learn from: dir when given, else the
// shared corpus found from the working directory or, for a binary run
// where it was built, from its source folder.
func Corpus(dir string) (string, error) {
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return "", fmt.Errorf("gen: --learn: %w", err)
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	found, err := FindCorpus(wd)
	if err == nil {
		return found, nil
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		if found, err2 := FindCorpus(filepath.Dir(file)); err2 == nil {
			return found, nil
		}
	}
	return "", err
}

// Report prints the statistics learned from the corpus in dir, in took.
func (s *Stats) Report(w io.Writer, dir string, took time.Duration) {
	fmt.Fprintf(w, "learned from %d pages in %s (%s):\n", s.Pages, dir, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  kinds in the corpus %v (generated with the full mirror's mix)\n", s.Kinds)
	fmt.Fprintf(w, "  narrative chain: %d sentences, %d words; speech chain: %d sentences, %d words; vocabulary %d\n",
		s.NarrativeSentences, s.NarrativeTokens, s.SpeechSentences, s.SpeechTokens, s.Vocabulary)
	for _, d := range []struct {
		name string
		d    Dist
	}{{"turns per transcript", s.TurnsPerTranscript}, {"paragraphs per turn", s.ParasPerTurn},
		{"intro paragraphs", s.IntroParas}, {"paragraphs without labels", s.BodyParas},
		{"words per narrative paragraph", s.WordsNarrative}, {"words per speech paragraph", s.WordsSpeech},
		{"title words", s.TitleWords}, {"lead words", s.LeadWords}, {"other speakers", s.Speakers},
		{"slider photos", s.Photos}, {"box items", s.BoxItems}, {"geography items", s.GeographyItems},
		{"topic items", s.TopicItems}, {"person items", s.PersonItems}} {
		fmt.Fprintf(w, "  %-30s %v\n", d.name, d.d)
	}
	fmt.Fprintf(w, "  main speaker's turns %.3f, anonymous turns %.3f, main speaker's labels with office %.3f, stage directions %.4f\n",
		s.MainSpeakerShare, s.AnonymousShare, s.FullLabelShare, s.StageShare)
	fmt.Fprintf(w, "  footer columns %v; %d real names kept out\n", s.TagColumns, s.RealNames)
}
