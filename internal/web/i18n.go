package web

import (
	"fmt"
	"net/http"

	"golang.org/x/text/language"

	"github.com/onward-recovery/onward"
)

// Text is written in English in the code and templates; each other
// language has a catalog from the English text to its own (gettext style),
// so a missing translation shows English rather than a key. Each area of
// the site keeps its Spanish in its own file (es_*.go) and adds it here.
var catalogs = map[string]map[string]string{"es": {}}

// addSpanish merges an area's Spanish into the catalog. The same English
// given two different translations is a programming error.
func addSpanish(area map[string]string) {
	for en, es := range area {
		if prev, ok := catalogs["es"][en]; ok && prev != es {
			panic(fmt.Sprintf("two Spanish translations of %q: %q and %q", en, prev, es))
		}
		catalogs["es"][en] = es
	}
}

// translate returns msg in locale.
func translate(locale, msg string) string {
	if tr, ok := catalogs[locale][msg]; ok {
		return tr
	}
	return msg
}

// translatef translates a format string, then formats it.
func translatef(locale, format string, args ...any) string {
	return fmt.Sprintf(translate(locale, format), args...)
}

var localeMatcher = language.NewMatcher([]language.Tag{language.English, language.Spanish})

// chooseLocale picks the response language: the account's, else the one
// chosen with the switch (a cookie), else the browser's preference.
func (s *Server) chooseLocale(r *http.Request) string {
	if u := state(r).user; u != nil && onward.ValidLocale(u.Locale) {
		return u.Locale
	}
	if c := s.cookie(r, "lang"); onward.ValidLocale(c) {
		return c
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, _ := localeMatcher.Match(tags...)
	return onward.Locales[i]
}
