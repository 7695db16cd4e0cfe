package kremlinhtml

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// slider records the photo carousel, one Media per slide, "i of n" in
// slide order. The caption is the slide's data-cycle-desc.
func (b *body) slider(n *html.Node) {
	var slides []*html.Node
	walk(n, func(c *html.Node) bool {
		if hasClass(c, "slide") {
			slides = append(slides, c)
			return false
		}
		return true
	})
	for i, s := range slides {
		caption := attr(s, "data-cycle-desc")
		if caption == "" {
			if img := find(s, func(c *html.Node) bool { return c.DataAtom == atom.Img }); img != nil {
				caption = attr(img, "alt")
			}
		}
		caption, credit := splitCredit(parser.CleanSpace(caption))
		b.doc.Media = append(b.doc.Media, transcript.Media{Kind: transcript.MediaPhoto,
			Position: i + 1, Count: len(slides), Caption: caption, Credit: credit})
	}
}

// photo records an inline photo (div.media or figure) and its caption.
func (b *body) photo(n *html.Node) {
	caption := text(find(n, func(c *html.Node) bool {
		return hasClass(c, "media__title") || c.DataAtom == atom.Figcaption
	}))
	if caption == "" {
		if img := find(n, func(c *html.Node) bool { return c.DataAtom == atom.Img }); img != nil {
			caption = parser.CleanSpace(attr(img, "alt"))
		}
	}
	caption, credit := splitCredit(caption)
	b.doc.Media = append(b.doc.Media, transcript.Media{Kind: transcript.MediaPhoto, Caption: caption, Credit: credit})
}

// video records an inline video player. Its caption is the visible title
// if there is one, else the caption in its schema.org metadata.
func (b *body) video(n *html.Node) {
	caption := text(find(n, func(c *html.Node) bool { return hasClass(c, "media__title") }))
	if caption == "" {
		if m := find(n, func(c *html.Node) bool {
			return c.DataAtom == atom.Meta && attr(c, "itemprop") == "caption"
		}); m != nil {
			caption = parser.CleanSpace(attr(m, "content"))
		}
	}
	caption, credit := splitCredit(caption)
	b.doc.Media = append(b.doc.Media, transcript.Media{Kind: transcript.MediaVideo, Caption: caption, Credit: credit})
}

// splitCredit separates a trailing photo credit: "Address to the Federal
// Assembly. Photo: the Press Service …" gives the caption and "the Press
// Service …".
func splitCredit(caption string) (string, string) {
	for _, mark := range []string{"Photo: ", "Фото: "} {
		i := strings.LastIndex(caption, mark)
		if i < 0 {
			continue
		}
		if i > 0 && caption[i-1] != ' ' {
			continue
		}
		credit := parser.CleanSpace(caption[i+len(mark):])
		if credit == "" {
			continue
		}
		return parser.CleanSpace(caption[:i]), credit
	}
	return caption, ""
}

// cut records a "See also" or "Additional" box: each a.cut__item with the
// div.cut__date after it. URLs are made absolute later.
func (b *body) cut(n *html.Node) {
	rel := relation(text(find(n, func(c *html.Node) bool {
		return hasClass(c, "cut__title") || c.DataAtom == atom.H3
	})))
	first := len(b.doc.Related)
	walk(n, func(c *html.Node) bool {
		switch {
		case hasClass(c, "cut__item"):
			if t := text(c); t != "" {
				b.doc.Related = append(b.doc.Related, transcript.Related{Relation: rel, Title: t, URL: attr(c, "href")})
			}
			return false
		case hasClass(c, "cut__date"):
			if k := len(b.doc.Related) - 1; k >= first && b.doc.Related[k].Date == "" {
				if d, _, ok := parser.ParseDate(text(c)); ok {
					b.doc.Related[k].Date = d
				}
			}
			return false
		}
		return true
	})
}

func relation(title string) string {
	t := strings.ToLower(parser.Fold(title))
	switch {
	case strings.HasPrefix(t, "see also"), strings.HasPrefix(t, "смотрите также"), strings.HasPrefix(t, "см. также"):
		return transcript.RelationSeeAlso
	case strings.HasPrefix(t, "additional"), strings.HasPrefix(t, "дополнительн"):
		return transcript.RelationAdditional
	case strings.Contains(t, "see"), strings.Contains(t, "также"):
		return transcript.RelationSeeAlso
	}
	return transcript.RelationAdditional
}
