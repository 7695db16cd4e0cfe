package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// MaxSitemapURLs is the most URLs one sitemap may hold (sitemaps.org).
const MaxSitemapURLs = 50000

// robots answers /robots.txt: crawlers are welcome everywhere but the
// exports, the concordance's CSV and the API, which serve the same text
// as the pages in bulk.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err := fmt.Fprintf(w, "User-agent: *\nDisallow: /export.\nDisallow: /api/\nDisallow: /kwic.csv\nDisallow: /figures.csv\nAllow: /\n\nSitemap: %s/sitemap.xml\n", s.baseURL(r))
	return err
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// sitemap answers /sitemap.xml: the home page, the lists of persons,
// topics, countries, sections and years, then every current document,
// newest first, up to MaxSitemapURLs in all.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	base := s.baseURL(r)
	set := sitemapURLSet{}
	for _, p := range []string{"/", "/persons", "/topics", "/countries", "/sections", "/years"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + p})
	}
	req := &transcript.SearchRequest{Query: &transcript.Query{}, Sort: transcript.SortNewest,
		Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1}
	for len(set.URLs) < MaxSitemapURLs {
		res, err := s.archive.Search(r.Context(), req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if len(set.URLs) == MaxSitemapURLs {
				break
			}
			set.URLs = append(set.URLs, sitemapURL{Loc: base + docURL(h.ID)})
		}
		if res.Next == "" || len(res.Hits) == 0 {
			break
		}
		req.Cursor = res.Next
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	if err := enc.Encode(set); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write([]byte(b.String() + "\n"))
	return err
}
