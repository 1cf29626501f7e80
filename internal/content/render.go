package content

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// markdown is CommonMark with automatic heading ids. The HTML renderer keeps
// its safe default: raw HTML is replaced by a comment and dangerous link
// schemes (javascript:, data: ...) are dropped. Never add html.WithUnsafe().
var markdown = goldmark.New(
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// sourcesHeadings are the accepted titles of the final sources section, in
// lower case, one per locale.
var sourcesHeadings = []string{"sources", "fuentes"}

type renderOptions struct {
	idPrefix     string // put before every heading id, with a hyphen
	headingShift int    // move every heading down this many levels (at most h6)
}

// render turns one article body into safe HTML and returns its sources list.
func render(src []byte, opt renderOptions) (template.HTML, []Source, error) {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs(opt.idPrefix)))
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	sources, err := extractSources(doc, src)
	if err != nil {
		return "", nil, err
	}
	harden(doc, opt)

	var buf bytes.Buffer
	if err := markdown.Renderer().Render(&buf, src, doc); err != nil {
		return "", nil, err
	}
	return template.HTML(buf.String()), sources, nil
}

// harden rewrites the tree before rendering: images become their alt text
// (the app loads nothing from other hosts and embeds no media), links to other
// sites get rel="noopener noreferrer", and headings move down by headingShift.
func harden(doc ast.Node, opt renderOptions) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			images = append(images, n)
		case *ast.Link:
			if isExternal(string(n.Destination)) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		case *ast.Heading:
			n.Level = min(n.Level+opt.headingShift, 6)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		parent := img.Parent()
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
	}
}

// isExternal reports whether a link leaves the app: an absolute URL with a
// host, or a scheme-relative one.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	u, err := url.Parse(dest)
	return err == nil && u.Scheme != "" && u.Scheme != "mailto" && u.Scheme != "tel"
}

// extractSources reads the final "## Sources" section: a level-2 heading
// followed by exactly one list and nothing else. An article without one
// returns nil; the tests require it.
func extractSources(doc ast.Node, src []byte) ([]Source, error) {
	var heading *ast.Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if ok && h.Level == 2 && isSourcesHeading(plainText(h, src)) {
			heading = h
		}
	}
	if heading == nil {
		return nil, nil
	}
	list, ok := heading.NextSibling().(*ast.List)
	if !ok || list.NextSibling() != nil {
		return nil, errors.New("the Sources heading must be followed by one list and end the article")
	}
	var sources []Source
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		var link *ast.Link
		_ = ast.Walk(item, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.Link); ok && entering {
				link = l
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
		full := plainText(item, src)
		if link == nil {
			return nil, fmt.Errorf("source %q has no link", full)
		}
		title := plainText(link, src)
		note := strings.TrimSpace(strings.TrimPrefix(full, title))
		note = strings.TrimSpace(strings.TrimLeft(note, "—–-,.:; "))
		sources = append(sources, Source{Title: title, URL: string(link.Destination), Note: note})
	}
	return sources, nil
}

func isSourcesHeading(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, h := range sourcesHeadings {
		if s == h {
			return true
		}
	}
	return false
}

// plainText is the text of n's inline content, with soft line breaks as spaces.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		if _, ok := c.(*ast.Paragraph); ok && b.Len() > 0 {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// headingIDs makes heading ids from the heading text: lower-case ASCII
// letters and digits, accents folded (¿Qué es? → que-es), words joined by
// hyphens, prefixed with the article slug, unique within the article.
type headingIDs struct {
	prefix string
	used   map[string]bool
}

func newHeadingIDs(prefix string) *headingIDs {
	return &headingIDs{prefix: prefix, used: map[string]bool{}}
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slugify(string(value))
	if base == "" {
		base = "section"
	}
	if h.prefix != "" {
		base = h.prefix + "-" + base
	}
	id := base
	for i := 2; h.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

var accentFold = strings.NewReplacer(
	"á", "a", "à", "a", "ä", "a", "â", "a", "ã", "a",
	"é", "e", "è", "e", "ë", "e", "ê", "e",
	"í", "i", "ì", "i", "ï", "i", "î", "i",
	"ó", "o", "ò", "o", "ö", "o", "ô", "o", "õ", "o",
	"ú", "u", "ù", "u", "ü", "u", "û", "u",
	"ñ", "n", "ç", "c",
)

// slugify keeps ASCII letters and digits and turns every other run of
// characters into one hyphen.
func slugify(s string) string {
	s = accentFold.Replace(strings.ToLower(s))
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}
