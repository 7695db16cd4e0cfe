package kremlinhtml

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/rostrum/rostrum/internal/parser"
)

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// hasToken reports whether the space-separated list s contains tok.
func hasToken(s, tok string) bool {
	for len(s) > 0 {
		i := strings.Index(s, tok)
		if i < 0 {
			return false
		}
		end := i + len(tok)
		if (i == 0 || isSpace(s[i-1])) && (end == len(s) || isSpace(s[end])) {
			return true
		}
		s = s[end:]
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func hasClass(n *html.Node, class string) bool { return hasToken(attr(n, "class"), class) }

// invisible reports whether an element shows no text to a reader: scripts
// and styles, hidden elements, and the hover cards (span.read__tooltip)
// attached to linked names and terms.
func invisible(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Iframe, atom.Object, atom.Svg, atom.Math, atom.Select, atom.Textarea, atom.Button:
		return true
	}
	if hasAttr(n, "hidden") {
		return true
	}
	cls := attr(n, "class")
	return cls != "" && (hasToken(cls, "hidden") || hasToken(cls, "read__tooltip"))
}

// walk visits the element descendants of n in document order; f returns
// whether to descend into the element it was given.
func walk(n *html.Node, f func(*html.Node) bool) {
	if n == nil {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && f(c) {
			walk(c, f)
		}
	}
}

// find returns the first element descendant of n for which f is true.
func find(n *html.Node, f func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if f(c) {
			found = c
			return false
		}
		return true
	})
	return found
}

// text returns the visible text of n, white space collapsed; <br> and
// block boundaries count as spaces.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	appendText(&b, n)
	return parser.CleanSpace(b.String())
}

func appendText(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			if invisible(c) {
				continue
			}
			if c.DataAtom == atom.Br || isBlock(c) {
				b.WriteByte(' ')
			}
			appendText(b, c)
			if isBlock(c) {
				b.WriteByte(' ')
			}
		}
	}
}

// isBlock reports whether an element starts its own block of text.
func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Blockquote, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Aside, atom.Header, atom.Footer,
		atom.Nav, atom.Figure, atom.Figcaption, atom.Hr, atom.Pre, atom.Address, atom.Main, atom.Form,
		atom.Fieldset, atom.Center, atom.Caption:
		return true
	}
	return false
}
