// Package content holds Onward's education library and family guide: short
// Markdown articles in English and Spanish, embedded in the binary and rendered
// to safe HTML once, on first use.
//
// Layout (see docs/content.md for the writing rules and the review checklist):
//
//	articles/<locale>/<slug>.md   the education library
//	family/<locale>/<slug>.md     the family guide, one file per short section
//
// Every locale has the same slugs. Each file starts with a front matter block
// (title, summary, order, reviewed) and ends with a "## Sources" ("## Fuentes")
// list. Markdown is rendered with goldmark's safe defaults: raw HTML is never
// passed through, images are reduced to their text, and links to other sites
// get rel="noopener noreferrer".
package content

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed articles family
var files embed.FS

// DefaultLocale is used for any locale the content does not have.
const DefaultLocale = "en"

// locales are the languages the content is written in: the folders of
// articles/, so a language is added by adding its folder. The default
// comes first.
var locales = func() []string {
	entries, err := fs.ReadDir(files, "articles")
	if err != nil {
		panic(err) // embedded at build time
	}
	out := []string{DefaultLocale}
	for _, e := range entries {
		if e.IsDir() && e.Name() != DefaultLocale {
			out = append(out, e.Name())
		}
	}
	return out
}()

// Locales returns the languages the content is written in, default first.
func Locales() []string { return slices.Clone(locales) }

// Source is one entry of an article's "Sources" list.
type Source struct {
	Title string // the link text
	URL   string // absolute https URL
	Note  string // text after the link (publisher, year, language), may be empty
}

// Article is one education article or one family guide section.
type Article struct {
	Slug     string // file name without .md; the same in every locale
	Locale   string // "en" or "es"
	Title    string // plain text
	Summary  string // plain text, one or two sentences
	Order    int    // position in its list, from 1
	Reviewed string // date of the last accuracy review, YYYY-MM-DD

	// HTML is the rendered body, Sources section included. It is safe to
	// place in a page as is: raw HTML in the Markdown is not passed through.
	// Heading ids are prefixed with the slug ("medications-sources"), so
	// several articles can share one page. Library bodies use h2 and below
	// (the page shows the title as h1); family sections are shifted one level
	// down to h3 and below (the guide page shows its own h1 and each section
	// title as h2).
	HTML template.HTML

	Sources []Source // the Sources list, also rendered at the end of HTML
}

// Library returns the education articles in locale, sorted by Order. An
// unknown locale falls back to DefaultLocale; a regional tag such as "es-MX"
// uses its language.
func Library(locale string) []Article { return get().library.list(locale) }

// LibraryArticle returns one education article by slug.
func LibraryArticle(locale, slug string) (Article, bool) { return get().library.find(locale, slug) }

// FamilyGuide returns the family guide's sections in locale, sorted by Order.
// An unknown locale falls back to DefaultLocale.
func FamilyGuide(locale string) []Article { return get().family.list(locale) }

// FamilySection returns one family guide section by slug.
func FamilySection(locale, slug string) (Article, bool) { return get().family.find(locale, slug) }

// normLocale maps a locale tag to one the content has.
func normLocale(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if slices.Contains(locales, l) {
		return l
	}
	return DefaultLocale
}

// collection is one kind of content in every locale.
type collection struct {
	byLocale map[string][]Article // sorted by Order
}

func (c collection) list(locale string) []Article {
	src := c.byLocale[normLocale(locale)]
	out := make([]Article, len(src))
	for i, a := range src {
		out[i] = a.clone()
	}
	return out
}

func (c collection) find(locale, slug string) (Article, bool) {
	for _, a := range c.byLocale[normLocale(locale)] {
		if a.Slug == slug {
			return a.clone(), true
		}
	}
	return Article{}, false
}

// clone copies the Sources slice so callers cannot change the shared copy.
func (a Article) clone() Article {
	a.Sources = slices.Clone(a.Sources)
	return a
}

type catalog struct {
	library, family collection
}

var (
	loadOnce sync.Once
	loaded   *catalog
)

// get parses and renders the embedded content on first use. The content is
// part of the binary and checked by the tests, so a failure here is a
// programming error.
func get() *catalog {
	loadOnce.Do(func() {
		c, err := load(files)
		if err != nil {
			panic("content: " + err.Error())
		}
		loaded = c
	})
	return loaded
}

// load reads and renders every article in fsys.
func load(fsys fs.FS) (*catalog, error) {
	library, err := loadCollection(fsys, "articles", 0)
	if err != nil {
		return nil, err
	}
	family, err := loadCollection(fsys, "family", 1)
	if err != nil {
		return nil, err
	}
	return &catalog{library: library, family: family}, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// loadCollection reads dir/<locale>/*.md for every locale. headingShift moves
// body headings down that many levels.
func loadCollection(fsys fs.FS, dir string, headingShift int) (collection, error) {
	c := collection{byLocale: map[string][]Article{}}
	for _, locale := range locales {
		names, err := fs.Glob(fsys, path.Join(dir, locale, "*.md"))
		if err != nil {
			return c, err
		}
		if len(names) == 0 {
			return c, fmt.Errorf("%s/%s: no articles", dir, locale)
		}
		var list []Article
		for _, name := range names {
			a, err := loadArticle(fsys, name, locale, headingShift)
			if err != nil {
				return c, fmt.Errorf("%s: %w", name, err)
			}
			list = append(list, a)
		}
		slices.SortFunc(list, func(a, b Article) int {
			if a.Order != b.Order {
				return a.Order - b.Order
			}
			return strings.Compare(a.Slug, b.Slug)
		})
		c.byLocale[locale] = list
	}
	return c, nil
}

func loadArticle(fsys fs.FS, name, locale string, headingShift int) (Article, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Article{}, err
	}
	slug := strings.TrimSuffix(path.Base(name), ".md")
	if !slugPattern.MatchString(slug) {
		return Article{}, fmt.Errorf("slug %q: use lower-case letters, digits and single hyphens", slug)
	}
	fm, body, err := parseFrontMatter(raw)
	if err != nil {
		return Article{}, err
	}
	html, sources, err := render(body, renderOptions{idPrefix: slug, headingShift: headingShift})
	if err != nil {
		return Article{}, err
	}
	return Article{
		Slug:     slug,
		Locale:   locale,
		Title:    fm.title,
		Summary:  fm.summary,
		Order:    fm.order,
		Reviewed: fm.reviewed,
		HTML:     html,
		Sources:  sources,
	}, nil
}
