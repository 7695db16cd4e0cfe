package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/verify"
)

// maxVerifyBody bounds a POST to /verify or /api/v1/verify: room for a
// quote of verify.MaxQuoteBytes however it is encoded (a form escapes a
// Cyrillic letter in six bytes), so that an oversized quote is told its
// size, while a larger body is refused unread.
const maxVerifyBody = 64 << 10

// verifySource is what verification reads: the gated search and the
// archive's documents and versions.
type verifySource struct {
	transcript.Searcher
	archive Archive
}

func (v verifySource) Document(ctx context.Context, id string) (*transcript.Document, error) {
	return v.archive.Document(ctx, id)
}

func (v verifySource) Versions(ctx context.Context, id string) ([]transcript.Version, error) {
	return v.archive.Versions(ctx, id)
}

func (v verifySource) DocumentVersion(ctx context.Context, id string, n int) (*transcript.Document, error) {
	return v.archive.DocumentVersion(ctx, id, n)
}

// verifyParams are a verification's quote and scope, as given.
type verifyParams struct {
	Quote string
	In    string // search filters that narrow where the quote is looked for
}

// readVerify reads the quote and scope: from the query string of a GET,
// the form of a POST to the page, or the JSON body of a POST to the API.
func readVerify(r *http.Request, w http.ResponseWriter, api bool) (*verifyParams, error) {
	p := &verifyParams{}
	if r.Method != http.MethodPost {
		if err := allowParams(r, "q", "in"); err != nil {
			return nil, err
		}
		v := r.URL.Query()
		p.Quote, p.In = v.Get("q"), v.Get("in")
		return p, nil
	}
	if len(r.URL.RawQuery) > 0 {
		return nil, errorf(http.StatusBadRequest, "a POST takes its quote in the body, not in the address")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyBody)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if api {
		if ct != "application/json" {
			return nil, errorf(http.StatusUnsupportedMediaType, "send the quote as JSON, {\"quote\": \"…\"}, with Content-Type application/json, not %q", truncate(ct, 60))
		}
		var body struct {
			Quote string `json:"quote"`
			In    string `json:"in"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			return nil, bodyError(err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, errorf(http.StatusBadRequest, "the body holds more than one JSON value; send one object, {\"quote\": \"…\"}")
		}
		p.Quote, p.In = body.Quote, body.In
		return p, nil
	}
	if ct != "application/x-www-form-urlencoded" && ct != "multipart/form-data" {
		return nil, errorf(http.StatusUnsupportedMediaType, "send the quote from the form (a POST of application/x-www-form-urlencoded), not %q", truncate(ct, 60))
	}
	if err := r.ParseForm(); err != nil {
		return nil, bodyError(err)
	}
	p.Quote, p.In = r.PostForm.Get("q"), r.PostForm.Get("in")
	return p, nil
}

// bodyError is the client's error for a body that could not be read.
func bodyError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return errorf(http.StatusRequestEntityTooLarge, "the request's body has more than %d bytes; a quote may have %d", maxVerifyBody, verify.MaxQuoteBytes)
	}
	return errorf(http.StatusBadRequest, "the request's body could not be read: %s", truncate(err.Error(), 200))
}

// request checks p and turns it into a verification request; the
// error is the client's (400, or 413 for a quote over the limit).
func (p *verifyParams) request() (*verify.Request, error) {
	req := &verify.Request{Quote: p.Quote}
	if in := strings.TrimSpace(p.In); in != "" {
		if len(in) > MaxQueryBytes {
			return nil, errorf(http.StatusBadRequest, "the filters are too long: %d bytes; the limit is %d", len(in), MaxQueryBytes)
		}
		q, err := search.ParseQuery(in)
		if err != nil {
			var qe *search.QueryError
			if errors.As(err, &qe) {
				return nil, errorf(http.StatusBadRequest, "the filters (in): column %d: %s", qe.Column(), qe.Msg)
			}
			return nil, err
		}
		req.Within = q
	}
	if err := req.Validate(); err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, verify.ErrTooLong) {
			status = http.StatusRequestEntityTooLarge
		}
		return nil, (&httpError{Status: status, Msg: userMessage(err)}).withHint("err.verifyhint")
	}
	return req, nil
}

func (s *Server) runVerify(ctx context.Context, req *verify.Request) (*verify.Result, error) {
	return verify.Run(ctx, verifySource{s.searcher, s.archive}, req)
}

// verifyURL is the GET address of a verification, or "" when it is too
// long to be one.
func verifyURL(path string, p *verifyParams) string {
	v := url.Values{"q": {strings.TrimSpace(p.Quote)}}
	if p.In != "" {
		v.Set("in", p.In)
	}
	u := path + "?" + encode(v)
	if len(u)-len(path)-1 > MaxRawQueryBytes {
		return ""
	}
	return u
}

type verifyPageData struct {
	page
	Quote       string
	In          string
	Result      *verify.Result
	VerdictText string
	Took        string
	MatchURL    string // the matched turn, in the version it was found in
	LinkURL     string // this verification's address, when short enough
	APIURL      string
	MaxBytes    int
	Threshold   float64
	Diff        []diffOp
}

// diffOp is a step of the diff as the page shows it: a replacement's
// kind is labelled once, after the quote's words.
type diffOp struct {
	verify.Op
	Label string
	Space bool // a space before it: not before the first, nor before punctuation (15 %)
}

func pageDiff(ops []verify.Op) []diffOp {
	out := make([]diffOp, len(ops))
	for i, op := range ops {
		out[i].Op = op
		r, _ := utf8.DecodeRuneInString(op.Text)
		out[i].Space = i > 0 && !strings.ContainsRune("%.,;:!?)]»”’…", r)
		if op.Kind != "" && (op.Op == verify.OpInsert || i+1 == len(ops) || ops[i+1].Op != verify.OpInsert) {
			out[i].Label = op.Kind
		}
	}
	return out
}

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) error {
	p, err := readVerify(r, w, false)
	if err != nil {
		return err
	}
	d := &verifyPageData{page: page{Title: tr(reqLang(r), "nav.verify"), Nav: "verify",
		Description: tr(reqLang(r), "verify.description")},
		Quote: p.Quote, In: p.In, MaxBytes: verify.MaxQuoteBytes, Threshold: verify.Threshold}
	if strings.TrimSpace(p.Quote) == "" && r.Method != http.MethodPost && !r.URL.Query().Has("q") {
		return s.render(w, r, http.StatusOK, "verify", d)
	}
	req, err := p.request()
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := s.runVerify(r.Context(), req)
	if err != nil {
		return err
	}
	d.Took = fmt.Sprintf("%.0f ms", float64(time.Since(start).Microseconds())/1000)
	d.Result = res
	d.Diff = pageDiff(res.Diff)
	// The verdict's meaning, on the page (messages verdict.exact and
	// so on, with verdicttext.exact).
	d.VerdictText = tr(reqLang(r), "verdicttext."+res.Verdict)
	d.Title = tr(reqLang(r), "nav.verify") + ": " + tr(reqLang(r), "verdict."+res.Verdict)
	if m := res.Match; m != nil {
		d.MatchURL = turnURL(m.DocID, m.Turn)
		if res.History != nil && res.History.EditedSince {
			d.MatchURL = fmt.Sprintf("%s/t/%d?v=%d", docURL(m.DocID), m.Turn, m.Version)
		}
	}
	d.LinkURL = verifyURL("/verify", p)
	d.APIURL = verifyURL("/api/v1/verify", p)
	return s.render(w, r, http.StatusOK, "verify", d)
}

func (s *Server) apiVerify(w http.ResponseWriter, r *http.Request) error {
	p, err := readVerify(r, w, true)
	if err != nil {
		return err
	}
	req, err := p.request()
	if err != nil {
		return err
	}
	res, err := s.runVerify(r.Context(), req)
	if err != nil {
		return err
	}
	return writeJSON(w, res)
}
