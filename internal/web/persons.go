package web

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// personRegistry is the archive's person registry and its persons, one
// entry per person (see archive.Registry), as of one generation.
type personRegistry struct {
	*archive.People
	reg *persons.Registry // People.Registry
	at  map[string]int    // a person's shown name → index in People.Persons
}

// registryCache keeps the person registry of one generation, and serves
// it for up to registryMaxAge after the archive has moved on: during a
// long ingest the generation moves with every batch, and reading every
// person again for each page would cost more than a registry a few
// seconds old (a new spelling then joins its person a little later).
type registryCache struct {
	mu  sync.Mutex
	gen int64
	at  time.Time
	r   *personRegistry
}

// registryMaxAge is how long a registry is served after the archive has
// changed; a change of overrides made through this server drops it at
// once (the store's generation moves and the vocabulary is reloaded too).
const registryMaxAge = 10 * time.Second

func (s *Server) registry(ctx context.Context) (*personRegistry, error) {
	gen, err := s.searches.generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.persons
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.r != nil && (c.gen == gen || s.cfg.Now().Sub(c.at) < registryMaxAge) {
		return c.r, nil
	}
	at := s.cfg.Now()
	people, err := archive.LoadPeople(ctx, s.archive)
	if err != nil {
		return nil, err
	}
	pr := &personRegistry{People: people, reg: people.Registry, at: map[string]int{}}
	for i, p := range people.Persons {
		pr.at[p.Name] = i
	}
	c.gen, c.at, c.r = gen, at, pr
	return pr, nil
}

// personsCached lists the archive's persons, one entry per person, most
// turns first.
func (s *Server) personsCached(ctx context.Context) ([]transcript.Person, error) {
	pr, err := s.registry(ctx)
	if err != nil {
		return nil, err
	}
	return pr.Persons, nil
}

// person returns the person that name stands for, and whether name is
// the name it is shown under; ok is false when the archive has no
// such person.
func (pr *personRegistry) person(name string) (p transcript.Person, shown, ok bool) {
	if i, ok := pr.at[name]; ok {
		return pr.Persons[i], true, true
	}
	canon := pr.reg.Canonical(name)
	if i, ok := pr.at[canon]; ok {
		return pr.Persons[i], false, true
	}
	return transcript.Person{}, false, false
}

// personFacets is an Archive whose searches count speakers by person
// (mergeFacets).
type personFacets struct {
	Archive
	s *Server
}

func (a personFacets) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	res, err := a.Archive.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := a.s.mergeFacets(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// mergeFacets counts res's speakers by person (two spellings of one
// person are one count).
func (s *Server) mergeFacets(ctx context.Context, res *transcript.SearchResult) error {
	if res == nil || res.Facets == nil || len(res.Facets.Persons) == 0 {
		return nil
	}
	pr, err := s.registry(ctx)
	if err != nil {
		return err
	}
	archive.MergePersonFacets(res.Facets, pr.reg)
	return nil
}

// taxonomyPerson returns the person a document's surname-first taxonomy
// entry ("Merkel Angela") names: the person of a turn with the same
// words in another order, else the person the registry knows under the
// given-name-first order, else "".
func (pr *personRegistry) taxonomyPerson(entry string, doc *transcript.Document) string {
	words := strings.Fields(entry)
	if len(words) == 0 {
		return ""
	}
	for _, t := range doc.Turns {
		if t.Person != "" && persons.SameWords(strings.Fields(t.Person), words) {
			return pr.reg.Canonical(t.Person)
		}
	}
	for _, cand := range []string{strings.Join(append(words[1:len(words):len(words)], words[0]), " "), entry} {
		if p, _, ok := pr.person(cand); ok {
			return p.Name
		}
	}
	if len(words) == 3 {
		// "Путин Владимир Владимирович": given name and surname.
		if p, _, ok := pr.person(words[1] + " " + words[0]); ok {
			return p.Name
		}
	}
	return ""
}
