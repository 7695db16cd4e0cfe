package archive

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/cases"

	"github.com/rostrum/rostrum/internal/transcript"
)

// SortByTitle orders documents by title, case aside, then newest first,
// then by id: the title order of rostrum list and the web's /documents.
func SortByTitle(hits []transcript.DocumentHit) {
	fold := cases.Fold()
	keys := make(map[string]string, len(hits))
	for _, h := range hits {
		keys[h.ID] = fold.String(h.Title)
	}
	slices.SortFunc(hits, func(a, b transcript.DocumentHit) int {
		return cmp.Or(strings.Compare(keys[a.ID], keys[b.ID]), strings.Compare(b.Date, a.Date), strings.Compare(a.ID, b.ID))
	})
}
