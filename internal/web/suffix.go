package web

import (
	"fmt"
	"net/http"
	"strings"
)

// suffixMux routes the requests of one {id...} pattern by the end of the
// path, since ServeMux allows nothing after a {name...} wildcard and
// document ids hold slashes. Patterns read like ServeMux's, with the id
// wildcard followed by literal segments and {name} wildcards:
// "GET /d/{id...}/t/{n}". A path that ends as a pattern does goes to its
// handler, with the id and the other wildcards set as path values; any
// other goes to the fallback. So a document whose id itself ended in
// /diff could not be reached: ids are HOST/NUMBER or HOST/h-HASH.
type suffixMux struct {
	fallback http.Handler
	routes   []suffixRoute
}

type suffixRoute struct {
	segs    []string // after the id: literals, and {name} wildcards
	handler http.Handler
}

func newSuffixMux(fallback http.Handler) *suffixMux { return &suffixMux{fallback: fallback} }

// Handle registers h for pattern. It panics on a pattern without an
// {id...} wildcard followed by something, a programming error.
func (m *suffixMux) Handle(pattern string, h http.Handler) {
	_, rest, ok := strings.Cut(pattern, "{id...}/")
	if !ok {
		panic(fmt.Sprintf("web: suffix pattern %q has nothing after {id...}", pattern))
	}
	m.routes = append(m.routes, suffixRoute{segs: strings.Split(rest, "/"), handler: h})
}

func (m *suffixMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	segs := strings.Split(id, "/")
	for _, rt := range m.routes {
		if len(segs) <= len(rt.segs) {
			continue
		}
		tail := segs[len(segs)-len(rt.segs):]
		values := map[string]string{}
		ok := true
		for i, want := range rt.segs {
			if name, isVar := strings.CutPrefix(want, "{"); isVar {
				if tail[i] == "" {
					ok = false
					break
				}
				values[strings.TrimSuffix(name, "}")] = tail[i]
			} else if tail[i] != want {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		r.SetPathValue("id", strings.Join(segs[:len(segs)-len(rt.segs)], "/"))
		for k, v := range values {
			r.SetPathValue(k, v)
		}
		rt.handler.ServeHTTP(w, r)
		return
	}
	m.fallback.ServeHTTP(w, r)
}
