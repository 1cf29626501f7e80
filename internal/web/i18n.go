package web

import (
	"fmt"
	"net/http"

	"golang.org/x/text/language"

	"github.com/onward-recovery/onward"
)

// Text is written in English in the code and templates; each other
// language has a catalog from the English text to its own (gettext style),
// so a missing translation shows English rather than a key.
var catalogs = map[string]map[string]string{"es": spanish}

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
