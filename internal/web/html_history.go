package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/transcript"
)

// versionView is one stored version in a list of versions.
type versionView struct {
	Number     int
	Stored     string // 5 March 2024, 14:00 UTC
	StoredISO  string
	Hash       string // a prefix
	Turns      int
	Paragraphs int
	Origin     string
	Cause      string // transcript.CauseEdit, …
	NotEdit    string // why a later version is not an edit at the source, or ""
	Changes    string // what changed since the version before
	ReadURL    string
	DiffURL    string // the changes since the version before; "" for the first
	Current    bool
}

// documentVersions lists a document's versions, or answers 404.
func (s *Server) documentVersions(ctx context.Context, id string) ([]transcript.Version, error) {
	versions, err := s.archive.Versions(ctx, id)
	if errors.Is(err, transcript.ErrNotFound) || (err == nil && len(versions) == 0) {
		return nil, &httpError{Status: http.StatusNotFound, Msg: fmt.Sprintf("the archive has no document %q", truncate(id, 200)),
			Hint: "Document ids look like en.kremlin.ru/67763 or kremlin.ru/67763."}
	}
	return versions, err
}

// documentVersion returns version n of a document, or answers 404.
func (s *Server) documentVersion(ctx context.Context, id string, n int) (*transcript.Document, error) {
	doc, err := s.archive.DocumentVersion(ctx, id, n)
	if errors.Is(err, transcript.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "the archive has no version %d of document %q", n, truncate(id, 200))
	}
	return doc, err
}

// versionURL is the page of version n of a document; the current one's
// is the document's own address.
func versionURL(id string, n, current int) string {
	if n == current {
		return docURL(id)
	}
	return docURL(id) + "?version=" + strconv.Itoa(n)
}

// diffURL is the page of the changes between two versions.
func diffURL(id string, from, to int) string {
	return fmt.Sprintf("%s/diff?from=%d&to=%d", docURL(id), from, to)
}

// notEdit says why a version with this cause is not an edit at the
// source; "" for an edit and for the first version.
func notEdit(l, cause string) string {
	switch cause {
	case transcript.CauseRendering:
		return tr(l, "version.rendering")
	case transcript.CauseRederived:
		return tr(l, "version.rederived")
	}
	return ""
}

// lastEdit is the number of the latest version that records an edit at
// the source, or 0.
func lastEdit(versions []transcript.Version) int {
	for i := len(versions) - 1; i >= 0; i-- {
		if versions[i].Edit() {
			return versions[i].Number
		}
	}
	return 0
}

// maxSummarised bounds the versions whose changes a list of versions
// describes (each takes a comparison); older ones are listed without.
const maxSummarised = 50

// versionViews describes each version, with what changed since the one
// before for the latest maxSummarised of them.
func (s *Server) versionViews(ctx context.Context, id string, versions []transcript.Version) ([]versionView, error) {
	cur := len(versions)
	var out []versionView
	var prev *transcript.Document
	for i, v := range versions {
		vv := versionView{Number: v.Number, Stored: stamp(ctxLang(ctx), v.StoredAt), StoredISO: v.StoredAt.UTC().Format(time.RFC3339),
			Hash: v.Hash[:min(len(v.Hash), 12)], Turns: v.Turns, Paragraphs: v.Paragraph, Origin: v.Origin,
			ReadURL: versionURL(id, v.Number, cur), Current: v.Number == cur, Changes: "first version",
			Cause: v.Cause, NotEdit: notEdit(ctxLang(ctx), v.Cause)}
		if i > 0 {
			vv.DiffURL = diffURL(id, versions[i-1].Number, v.Number)
			vv.Changes = ""
		}
		if cur-i <= maxSummarised {
			doc, err := s.documentVersion(ctx, id, v.Number)
			if err != nil {
				return nil, err
			}
			if prev != nil {
				vv.Changes = diff.Documents(prev, doc).Stats.Summary()
			}
			prev = doc
		}
		out = append(out, vv)
	}
	return out, nil
}

type diffPageData struct {
	page
	Doc      *transcript.Document // the newer version compared
	DocURL   string
	APIURL   string
	From, To int
	Current  int
	Versions []versionView
	Diff     *diff.Diff
	Summary  string
	Fields   []diff.Field // those that changed
	Blocks   []diffBlock
}

// diffBlock is a turn that changed, or a run of unchanged turns.
type diffBlock struct {
	Same    string // "Turns 3–5 unchanged", for a run
	SameURL string
	Turn    *diff.TurnDiff
	Anchor  string // the turn's anchor on the diff page
	TurnURL string // the turn in the newer version's page
}

// parseVersions reads from and to, defaulting to the version before the
// current one and the current one (1 and 1 for a document with one
// version).
func parseVersions(r *http.Request, count int) (from, to int, err error) {
	q := r.URL.Query()
	if from, err = intParam(q.Get("from"), "from", 1, 1<<30); err != nil {
		return 0, 0, err
	}
	if to, err = intParam(q.Get("to"), "to", 1, 1<<30); err != nil {
		return 0, 0, err
	}
	if to == 0 {
		to = count
	}
	if from == 0 {
		from = max(to-1, 1)
	}
	for _, v := range []int{to, from} {
		if v > count {
			return 0, 0, errorf(http.StatusNotFound, "the document has no version %d; it has %s", v, plural(count, "version", "versions"))
		}
	}
	return from, to, nil
}

// compare loads and compares two versions of a document.
func (s *Server) compare(ctx context.Context, id string, from, to int) (*diff.Diff, *transcript.Document, error) {
	old, err := s.documentVersion(ctx, id, from)
	if err != nil {
		return nil, nil, err
	}
	new, err := s.documentVersion(ctx, id, to)
	if err != nil {
		return nil, nil, err
	}
	d := diff.Documents(old, new)
	d.From, d.To = from, to
	return d, new, nil
}

func (s *Server) diffPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	versions, err := s.documentVersions(ctx, id)
	if err != nil {
		return err
	}
	cur := len(versions)
	from, to, err := parseVersions(r, cur)
	if err != nil {
		return err
	}
	d, doc, err := s.compare(ctx, id, from, to)
	if err != nil {
		return err
	}
	p := &diffPageData{
		page:    page{Title: tr(reqLang(r), "diff.title", doc.Title), Description: tr(reqLang(r), "diff.description")},
		Doc:     doc,
		DocURL:  docURL(id),
		APIURL:  "/api/v1/documents/" + strings.TrimPrefix(diffURL(id, from, to), "/d/"),
		From:    from,
		To:      to,
		Current: cur,
		Diff:    d,
		Summary: d.Stats.Summary(),
	}
	p.Canonical = s.baseURL(r) + diffURL(id, from, to)
	if p.Versions, err = s.versionViews(ctx, id, versions); err != nil {
		return err
	}
	for _, f := range d.Fields {
		if f.Changed {
			p.Fields = append(p.Fields, f)
		}
	}
	newURL := versionURL(id, to, cur)
	var same []diff.TurnDiff
	flush := func() {
		if len(same) == 0 {
			return
		}
		a, b := same[0].New, same[len(same)-1].New
		text := tr(reqLang(r), "diff.same1", a)
		if b > a {
			text = tr(reqLang(r), "diff.samen", a, b)
		}
		p.Blocks = append(p.Blocks, diffBlock{Same: text, SameURL: fmt.Sprintf("%s#t%d", newURL, a)})
		same = nil
	}
	for i := range d.Turns {
		t := &d.Turns[i]
		if t.Op == diff.Equal {
			same = append(same, *t)
			continue
		}
		flush()
		b := diffBlock{Turn: t}
		if t.Op == diff.Removed {
			b.Anchor = fmt.Sprintf("old-t%d", t.Old)
		} else {
			b.Anchor = fmt.Sprintf("t%d", t.New)
			b.TurnURL = fmt.Sprintf("%s#t%d", newURL, t.New)
		}
		p.Blocks = append(p.Blocks, b)
	}
	flush()
	return s.render(w, r, http.StatusOK, "diff", p)
}

// turnPermalink resolves a citation of turn n of version v of a document
// (/d/ID/t/N?v=V, what the Cite control gives) to the same turn in the
// current version, which an edit may have renumbered; a turn that is no
// longer there leads to the document with a note saying so.
func (s *Server) turnPermalink(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "v"); err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return errorf(http.StatusNotFound, "%q is not a turn number", truncate(r.PathValue("n"), 40))
	}
	v, err := intParam(r.URL.Query().Get("v"), "v", 1, 1<<30)
	if err != nil {
		return err
	}
	versions, err := s.documentVersions(ctx, id)
	if err != nil {
		return err
	}
	cur := len(versions)
	if v == 0 {
		v = cur
	}
	if v > cur {
		return errorf(http.StatusNotFound, "the archive has no version %d of document %q; it has %s", v, truncate(id, 200), plural(cur, "version", "versions"))
	}
	cited, err := s.documentVersion(ctx, id, v)
	if err != nil {
		return err
	}
	if n > len(cited.Turns) {
		return errorf(http.StatusNotFound, "version %d of document %q has no turn %d; it has %d", v, truncate(id, 200), n, len(cited.Turns))
	}
	target := n
	if v != cur {
		now, err := s.documentVersion(ctx, id, cur)
		if err != nil {
			return err
		}
		m, ok := diff.TurnMap(cited, now)[n]
		if !ok {
			http.Redirect(w, r, fmt.Sprintf("%s?gone=%d&from=%d", docURL(id), n, v), http.StatusFound)
			return nil
		}
		target = m
		if turnText(turnAt(cited, n)) != turnText(turnAt(now, m)) {
			// The reader lands on a text that is not the one cited.
			http.Redirect(w, r, fmt.Sprintf("%s?changed=%d&from=%d#t%d", docURL(id), n, v, m), http.StatusFound)
			return nil
		}
	}
	http.Redirect(w, r, fmt.Sprintf("%s#t%d", docURL(id), target), http.StatusFound)
	return nil
}

// turnAt returns the turn with index n of doc, or a zero turn.
func turnAt(doc *transcript.Document, n int) transcript.Turn {
	for _, t := range doc.Turns {
		if t.Index == n {
			return t
		}
	}
	return transcript.Turn{}
}

// turnText is what a citation of a turn quotes: its label and paragraphs,
// white space folded. Which person the label names is not part of it.
func turnText(t transcript.Turn) string {
	var b strings.Builder
	b.WriteString(strings.Join(strings.Fields(t.Speaker), " "))
	for _, p := range t.Paragraphs {
		b.WriteString("\n")
		b.WriteString(strings.Join(strings.Fields(p), " "))
	}
	return b.String()
}

// turnPermalinkURL is the version-pinned address of turn n of version v.
func turnPermalinkURL(id string, n, v int) string {
	return fmt.Sprintf("%s/t/%d?v=%d", docURL(id), n, v)
}

// versionLink is a version in the document page's list of versions.
type versionLink struct {
	Number  int
	URL     string
	Stored  string
	NotEdit string // why it is not an edit at the source, or ""
	Shown   bool   // the version on the page
	Current bool
}

// provenanceView is the document page's account of where a document came
// from, for an archive that keeps a crawl log.
type provenanceView struct {
	URL         string
	Edition     string // "English, main site"
	FirstSeen   string
	LastChecked string // "" when never fetched
	LastChanged string
	Versions    int
	Fetches     int
	GoneSince   string // "" unless the source page is gone
	Gone        bool
}

// goneNote tells a reader who followed a citation of a turn that the turn
// is not in the current version.
type goneNote struct {
	Turn, Version int
	DiffURL       string
}

// changedNote tells a reader who followed a citation of a turn that the
// turn's text in the current version differs from the one cited, and
// whether an edit at the source changed it or only another rendering or
// parse of the page.
type changedNote struct {
	Turn, Version int
	Now           int // the turn's number in the current version
	DiffURL       string
	Edited        bool // a version since the one cited records an edit
}

// historyViews fills the parts of the document page about versions,
// provenance and the other edition.
func (s *Server) historyViews(ctx context.Context, r *http.Request, d *documentPageData, versions []transcript.Version) error {
	id, cur := d.Doc.ID, len(versions)
	d.CurrentURL = docURL(id)
	for _, v := range versions {
		stored := stamp(reqLang(r), v.StoredAt)
		d.VersionList = append(d.VersionList, versionLink{Number: v.Number, URL: versionURL(id, v.Number, cur), Stored: stored,
			NotEdit: notEdit(reqLang(r), v.Cause), Shown: v.Number == d.Version, Current: v.Number == cur})
		if v.Number == d.Version {
			d.StoredAt = stored
		}
	}
	if cur > 1 {
		d.DiffURL = diffURL(id, cur-1, cur)
		if e := lastEdit(versions); e > 1 {
			d.DiffURL = diffURL(id, e-1, e)
		}
		if d.Old {
			d.DiffURL = diffURL(id, d.Version, cur)
		}
	}
	q := r.URL.Query()
	if q.Has("changed") {
		n, from, err := citedTurn(q, "changed", cur)
		if err != nil {
			return err
		}
		if n > 0 && from > 0 {
			c := &changedNote{Turn: n, Version: from, DiffURL: diffURL(id, from, cur)}
			cited, err := s.documentVersion(ctx, id, from)
			if err != nil {
				return err
			}
			if m, ok := diff.TurnMap(cited, d.Doc)[n]; ok && !d.Old {
				// The turn's block on the diff page.
				c.Now, c.DiffURL = m, c.DiffURL+fmt.Sprintf("#t%d", m)
			}
			for _, v := range versions[from:] {
				c.Edited = c.Edited || v.Edit()
			}
			d.Changed = c
		}
	}
	if q.Has("gone") {
		n, from, err := citedTurn(q, "gone", cur)
		if err != nil {
			return err
		}
		if n > 0 && from > 0 {
			d.Gone = &goneNote{Turn: n, Version: from, DiffURL: diffURL(id, from, cur)}
		}
	}
	p, err := s.archive.Provenance(ctx, id)
	switch {
	case errors.Is(err, transcript.ErrNotFound):
	case err != nil:
		return err
	default:
		d.Provenance = newProvenanceView(p, reqLang(r))
	}
	if twin, lang := otherEdition(id); twin != "" {
		_, err := s.archive.Versions(ctx, twin)
		switch {
		case errors.Is(err, transcript.ErrNotFound):
		case err != nil:
			return err
		default:
			d.Edition, d.EditionLang = &nameLink{URL: docURL(twin), Name: "English version"}, lang
			d.EditionsURL = docURL(id) + "/editions"
			if lang == "ru" {
				d.Edition.Name = "Русская версия"
			}
		}
	}
	return nil
}

// otherEdition is the id of the same kremlin.ru event in the other
// language, and that language: kremlin.ru/N and en.kremlin.ru/N are one
// event, in Russian and in English. Ids of another form have none.
func otherEdition(id string) (twin, lang string) {
	isNumber := func(s string) bool {
		_, err := strconv.ParseUint(s, 10, 64)
		return err == nil && s != ""
	}
	if n, ok := strings.CutPrefix(id, "en.kremlin.ru/"); ok && isNumber(n) {
		return "kremlin.ru/" + n, "ru"
	}
	if n, ok := strings.CutPrefix(id, "kremlin.ru/"); ok && isNumber(n) {
		return "en.kremlin.ru/" + n, "en"
	}
	return "", ""
}

func newProvenanceView(p transcript.Provenance, l string) *provenanceView {
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return stamp(l, t)
	}
	v := &provenanceView{URL: p.URL, FirstSeen: when(p.FirstSeen), LastChecked: when(p.LastChecked), LastChanged: when(p.LastChanged),
		Versions: p.Versions, Fetches: p.Fetches, Gone: p.Gone, GoneSince: when(p.GoneSince)}
	var parts []string
	switch p.Language {
	case "en":
		parts = append(parts, tr(l, "lang.en"))
	case "ru":
		parts = append(parts, tr(l, "lang.ru"))
	}
	switch p.Edition {
	case "main":
		parts = append(parts, tr(l, "edition.main"))
	case "special":
		parts = append(parts, tr(l, "edition.special"))
	case "":
	default:
		parts = append(parts, p.Edition)
	}
	v.Edition = strings.Join(parts, ", ")
	return v
}

// citedTurn reads the note a version-pinned turn permalink leaves on the
// page it lands on: ?changed=N&from=V or ?gone=N&from=V, the cited turn
// and version (from at most cur, the current version).
func citedTurn(q url.Values, name string, cur int) (n, from int, err error) {
	if n, err = intParam(q.Get(name), name, 1, 1<<30); err != nil {
		return 0, 0, err
	}
	if from, err = intParam(q.Get("from"), "from", 1, cur); err != nil {
		return 0, 0, err
	}
	return n, from, nil
}
