// Package twins links the two editions of one kremlin.ru event: the
// English page en.kremlin.ru/N and the Russian page kremlin.ru/N share the
// number N. When their transcripts line up turn by turn, each Russian
// speaker ("В.Путин") is the English edition's canonical person ("Vladimir
// Putin"), so a person's labels hold both scripts and a search for that
// person finds both editions.
package twins

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/transcript"
)

const (
	hostEN = "en.kremlin.ru/"
	hostRU = "kremlin.ru/"
)

// TwinID returns the id of the other edition of a kremlin.ru document:
// "kremlin.ru/N" for "en.kremlin.ru/N" and back. It reports false for ids
// that name no page number (content hashes "kremlin.ru/h-…", other
// sources), which have no known twin.
func TwinID(id string) (string, bool) {
	var n, other string
	switch {
	case strings.HasPrefix(id, hostEN):
		n, other = id[len(hostEN):], hostRU
	case strings.HasPrefix(id, hostRU):
		n, other = id[len(hostRU):], hostEN
	default:
		return "", false
	}
	if n == "" || len(n) > 12 || strings.Trim(n, "0123456789") != "" {
		return "", false
	}
	return other + n, true
}

// kind is what a turn's label says of its speaker.
type kind int

const (
	unlabelled kind = iota // text before the first label, or a page without turns
	anonymous              // Question, Remark, Вопрос, Реплика…
	named                  // a person's label
)

func kindOf(t transcript.Turn) kind {
	switch {
	case t.Speaker == "":
		return unlabelled
	case transcript.IsAnonymousSpeaker(t.Speaker):
		return anonymous
	}
	return named
}

// Align matches the turns of the English and Russian editions of one
// event. When they have as many turns, they align when each pair of
// turns is unlabelled, anonymous or named on both sides, and named turns
// pair the same people throughout: one Russian person always faces one
// English person and the reverse, so that where the speaker changes in
// one edition it changes in the other. When one edition has a turn or a
// few the other lacks, the turns are lined up by package editions
// (speaker kinds, transliterated surnames, figures, lengths), and the
// editions align when that leaves at most one turn in ten (and at least
// one) unpaired and the named pairs face the same people throughout, as
// above. It returns the Russian person name → English canonical name for
// every pair of named turns resolved on both sides, and false (with a nil
// map) when the editions do not align.
func Align(en, ru *transcript.Document) (map[string]string, bool) {
	if en == nil || ru == nil || len(en.Turns) == 0 || len(ru.Turns) == 0 {
		return nil, false
	}
	var pairs [][2]*transcript.Turn
	if len(en.Turns) == len(ru.Turns) {
		for i := range en.Turns {
			pairs = append(pairs, [2]*transcript.Turn{&en.Turns[i], &ru.Turns[i]})
		}
	} else {
		unpaired := 0
		for _, p := range editions.Align(en, ru) {
			if p.EN == nil || p.RU == nil {
				unpaired++
				continue
			}
			pairs = append(pairs, [2]*transcript.Turn{p.EN, p.RU})
		}
		if unpaired > max(1, min(len(en.Turns), len(ru.Turns))/10) {
			return nil, false
		}
	}
	m := map[string]string{}
	back := map[string]string{}
	for _, p := range pairs {
		e, r := *p[0], *p[1]
		k := kindOf(e)
		if k != kindOf(r) {
			return nil, false
		}
		if k != named || e.Person == "" || r.Person == "" {
			continue
		}
		if prev, ok := m[r.Person]; ok && prev != e.Person {
			return nil, false
		}
		if prev, ok := back[e.Person]; ok && prev != r.Person {
			return nil, false
		}
		m[r.Person], back[e.Person] = e.Person, r.Person
	}
	return m, true
}

// Apply returns a copy of ru whose turns name the English canonical person
// that m gives for their Russian person. The Russian label stays in
// Speaker, and so becomes one of that person's labels. ru is not changed.
func Apply(ru *transcript.Document, m map[string]string) *transcript.Document {
	out := *ru
	out.Turns = make([]transcript.Turn, len(ru.Turns))
	copy(out.Turns, ru.Turns)
	for i := range out.Turns {
		if p, ok := m[out.Turns[i].Person]; ok && out.Turns[i].Person != "" {
			out.Turns[i].Person = p
		}
	}
	return &out
}

// Resolve returns doc with its persons named as in its English twin when
// doc is a Russian document whose English edition is in store and the two
// align (see Align); otherwise it returns doc unchanged. The returned
// document is a copy: doc itself is never changed. An error comes only
// from the store, never from a missing or misaligned twin.
func Resolve(ctx context.Context, store transcript.Store, doc *transcript.Document) (*transcript.Document, error) {
	if doc == nil || doc.Language != "ru" {
		return doc, nil
	}
	id, ok := TwinID(doc.ID)
	if !ok || !strings.HasPrefix(id, hostEN) {
		return doc, nil
	}
	en, err := store.Document(ctx, id)
	if errors.Is(err, transcript.ErrNotFound) {
		return doc, nil
	}
	if err != nil {
		return doc, fmt.Errorf("twins: resolve %s: %w", doc.ID, err)
	}
	return Link(doc, en), nil
}

// Link returns ru with the English canonical persons of en where the two
// are twin editions (en.kremlin.ru/N and kremlin.ru/N) whose transcripts
// align, as Resolve does with a twin it reads from the store; otherwise
// it returns ru unchanged.
func Link(ru, en *transcript.Document) *transcript.Document {
	if ru == nil || en == nil || ru.Language != "ru" || en.Language != "en" {
		return ru
	}
	if id, ok := TwinID(ru.ID); !ok || id != en.ID {
		return ru
	}
	m, ok := Align(en, ru)
	if !ok || len(m) == 0 {
		return ru
	}
	return Apply(ru, m)
}
