// Package locale holds what Onward says, in every language it speaks, and
// formats numbers and dates the way each language writes them.
//
// Wording lives in message catalogs (messages/AREA.LANG.toml), keyed by
// stable ids such as "recovery.checkin_saved", with CLDR plural forms
// (github.com/nicksnyder/go-i18n). Numbers use CLDR separators
// (golang.org/x/text/message). A language is added by adding its catalog
// files: the list of languages is read from the files, not from code.
package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	oi18n "github.com/onward-recovery/onward/internal/i18n"
)

//go:embed messages/*.toml
var messageFiles embed.FS

// DefaultLanguage is the language every message exists in and the one
// shown when a message is missing in another.
const DefaultLanguage = "en"

// Language is one language Onward speaks.
type Language struct {
	Code string // "en", "es"
	Name string // its own name for itself: "English", "Español"
}

// Catalog is every message in every language. It is read-only once loaded
// and safe for concurrent use.
type Catalog struct {
	bundle     *i18n.Bundle
	languages  []Language
	localizers map[string]*Localizer
	matcher    language.Matcher
	ids        map[string]bool                     // every id of the default language
	messages   map[string]map[string]*i18n.Message // language -> id -> message, as loaded

	missingMu sync.Mutex
	missing   map[string]bool // "lang id" asked for but not in the catalog
}

// Load reads the catalogs embedded in the binary.
func Load() (*Catalog, error) { return load(messageFiles, "messages") }

var loadDefault = sync.OnceValues(Load)

// Default returns the embedded catalogs, loaded once. The catalogs are
// part of the binary and tested, so a failure to load them is a bug.
func Default() *Catalog {
	c, err := loadDefault()
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS, dir string) (*Catalog, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, dir+"/*.toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{bundle: bundle, localizers: map[string]*Localizer{}, ids: map[string]bool{}, missing: map[string]bool{}}
	byLang := map[string]map[string]*i18n.Message{}
	for _, f := range files {
		mf, err := bundle.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("load catalog %s: %w", f, err)
		}
		lang := mf.Tag.String()
		if byLang[lang] == nil {
			byLang[lang] = map[string]*i18n.Message{}
		}
		for _, m := range mf.Messages {
			if _, dup := byLang[lang][m.ID]; dup {
				return nil, fmt.Errorf("catalog %s: message %s is defined twice", path.Base(f), m.ID)
			}
			byLang[lang][m.ID] = m
		}
	}
	if byLang[DefaultLanguage] == nil {
		return nil, fmt.Errorf("no catalog for the default language %q", DefaultLanguage)
	}
	c.messages = byLang
	for id := range byLang[DefaultLanguage] {
		c.ids[id] = true
	}
	codes := make([]string, 0, len(byLang))
	for code := range byLang {
		codes = append(codes, code)
	}
	sort.Slice(codes, func(i, j int) bool {
		// The default language first, then alphabetical.
		if (codes[i] == DefaultLanguage) != (codes[j] == DefaultLanguage) {
			return codes[i] == DefaultLanguage
		}
		return codes[i] < codes[j]
	})
	tags := make([]language.Tag, len(codes))
	for i, code := range codes {
		tags[i] = language.Make(code)
		l := &Localizer{catalog: c, code: code, localizer: i18n.NewLocalizer(bundle, code),
			printer: message.NewPrinter(tags[i]), plain: map[string]string{}}
		for id, m := range byLang[code] {
			if !strings.Contains(m.Other, "{{") && m.One == "" && m.Zero == "" && m.Two == "" && m.Few == "" && m.Many == "" {
				l.plain[id] = m.Other
			}
		}
		c.localizers[code] = l
		name := byLang[code]["language.name"]
		if name == nil {
			return nil, fmt.Errorf("catalog %q has no language.name", code)
		}
		c.languages = append(c.languages, Language{Code: code, Name: name.Other})
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// Languages lists the languages, the default first.
func (c *Catalog) Languages() []Language { return slices.Clone(c.languages) }

// Has reports whether code is a language the catalog speaks.
func (c *Catalog) Has(code string) bool { _, ok := c.localizers[code]; return ok }

// Exists reports whether id is a message of the default language.
func (c *Catalog) Exists(id string) bool { return c.ids[id] }

// IDs lists every message id, sorted.
func (c *Catalog) IDs() []string {
	out := make([]string, 0, len(c.ids))
	for id := range c.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// For returns the localizer of a language; an unknown code gets the
// default language.
func (c *Catalog) For(code string) *Localizer {
	if l, ok := c.localizers[code]; ok {
		return l
	}
	return c.localizers[DefaultLanguage]
}

// Match picks the language that best fits an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return DefaultLanguage
	}
	_, i, confidence := c.matcher.Match(tags...)
	if confidence == language.No {
		return DefaultLanguage
	}
	return c.languages[i].Code
}

// Missing lists the "language id" pairs that were asked for and are not in
// the catalog, so tests can fail on them.
func (c *Catalog) Missing() []string {
	c.missingMu.Lock()
	defer c.missingMu.Unlock()
	out := make([]string, 0, len(c.missing))
	for k := range c.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (c *Catalog) noteMissing(code, id string) {
	c.missingMu.Lock()
	c.missing[code+" "+id] = true
	c.missingMu.Unlock()
}

// Localizer speaks one language.
type Localizer struct {
	catalog   *Catalog
	code      string
	localizer *i18n.Localizer
	printer   *message.Printer
	plain     map[string]string // messages without placeholders or plural forms
}

// Code is the language's code, such as "es".
func (l *Localizer) Code() string { return l.code }

// T returns message id in this language. kv are name, value pairs for the
// message's placeholders ({{.Name}}); numbers are written in the
// language's style, and a value named "Count" also chooses the plural form.
// A missing message shows the default language's (or, failing that, the
// id itself) and is noted for Missing.
func (l *Localizer) T(id string, kv ...any) string {
	if len(kv) == 0 {
		if s, ok := l.plain[id]; ok {
			return s
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(kv) > 0 {
		data := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			name, _ := kv[i].(string)
			data[name] = l.value(kv[i+1])
			if name == "Count" {
				cfg.PluralCount = pluralOperand(kv[i+1])
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.localizer.Localize(cfg)
	if err != nil {
		l.catalog.noteMissing(l.code, id)
		if s == "" {
			return id
		}
	}
	return s
}

// pluralOperand is the number that chooses a plural form. go-i18n takes
// whole numbers, and decimals only written out: a float is written with
// the two decimals at most that Number shows, so "1 hour" and "1.5 hours"
// agree with what is read.
func pluralOperand(v any) any {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
	}
	return v
}

// Msg returns m in this language.
func (l *Localizer) Msg(m oi18n.Msg) string { return l.T(m.ID, m.Args...) }

// value writes numbers in the language's style; other values stay.
func (l *Localizer) value(v any) any {
	switch n := v.(type) {
	case int:
		return l.Int(n)
	case int64:
		return l.printer.Sprintf("%d", n)
	case float64:
		return l.Number(n)
	case oi18n.Msg:
		return l.Msg(n)
	case interface{ Dollars() float64 }: // an amount of money (contingency.Cents)
		return l.Money(n.Dollars())
	}
	return v
}

// Int writes a whole number: 1,234 / 1.234.
func (l *Localizer) Int(n int) string { return l.printer.Sprintf("%d", n) }

// Number writes f with at most two decimals and no needless zeros: 7.5 /
// 7,5; 60.
func (l *Localizer) Number(f float64) string {
	s := l.printer.Sprintf("%.2f", f)
	sep := l.printer.Sprintf("%.1f", 0.5)[1:2] // the language's decimal separator
	if i := strings.LastIndex(s, sep); i >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, sep)
	}
	return s
}

// Money writes an amount with two decimals and the language's separators,
// without a currency symbol: the member's own currency is whatever they
// entered.
func (l *Localizer) Money(f float64) string { return l.printer.Sprintf("%.2f", f) }

// Label names a stored code for people: the message "kind.code" (a code
// such as "prescription_opioids", or an audit reason such as "own data",
// with every character that is not a letter or digit written as "_").
func (l *Localizer) Label(kind, code string) string { return l.T(LabelID(kind, code)) }

// LabelID is the message id of code's label.
func LabelID(kind, code string) string {
	b := []byte(strings.ToLower(code))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return kind + "." + string(b)
}
