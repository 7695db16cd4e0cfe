package archive

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Decode reads a stored document: the canonical JSON of a version.
func Decode(js []byte) (*transcript.Document, error) {
	if IsPacked(js) {
		var err error
		if js, err = UnpackJSON(js); err != nil {
			return nil, fmt.Errorf("stored JSON: %w", err)
		}
	}
	doc := new(transcript.Document)
	if err := doc.UnmarshalJSON(js); err != nil {
		return nil, fmt.Errorf("stored JSON: %w", err)
	}
	return doc, nil
}

// Counts returns the number of turns and paragraphs of doc, as a version
// records them.
func Counts(doc *transcript.Document) (turns, paragraphs int) {
	for _, t := range doc.Turns {
		paragraphs += len(t.Paragraphs)
	}
	return len(doc.Turns), paragraphs
}

// RepeatedIDs marks the documents of a batch whose id an earlier one has:
// what the archive holds of them before the batch says nothing of
// whether they change it, since the earlier one is written first. Nil
// documents are skipped.
func RepeatedIDs(docs []*transcript.Document) []bool {
	repeated := make([]bool, len(docs))
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		if d != nil {
			repeated[i], seen[d.ID] = seen[d.ID], true
		}
	}
	return repeated
}

// Validate checks doc against the document model and the archive's
// limits: transcript.ErrInvalid when it breaks either.
func Validate(doc *transcript.Document) error {
	if err := doc.Validate(); err != nil {
		return err
	}
	return CheckIndexable(doc)
}

// TurnTexts reads the text of each turn of a stored document (the
// canonical JSON of a version, packed or not) by its index: its
// paragraphs joined by a blank line, as snippets and concordances read
// it. The archive keeps a turn's text once, in its version; this reads
// only the turns of it.
func TurnTexts(js []byte) (map[int]string, error) {
	if IsPacked(js) {
		var err error
		if js, err = UnpackJSON(js); err != nil {
			return nil, fmt.Errorf("stored JSON: %w", err)
		}
	}
	var doc struct {
		Turns []struct {
			Index      int      `json:"index"`
			Paragraphs []string `json:"paragraphs"`
		} `json:"turns"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, fmt.Errorf("stored JSON: %w", err)
	}
	texts := make(map[int]string, len(doc.Turns))
	for _, t := range doc.Turns {
		texts[t.Index] = strings.Join(t.Paragraphs, "\n\n")
	}
	return texts, nil
}
