package web

import (
	"net/http"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
)

// Everything a person reads comes from the message catalogs of
// internal/locale, by message id; code and templates hold ids, never
// sentences.

// translate returns message id in the language code, with kv as name,
// value pairs for its placeholders.
func translate(code, id string, kv ...any) string { return locale.Default().For(code).T(id, kv...) }

// translateMsg returns m in the language code. An empty m is wording a
// domain type leaves out (a band without advice) and reads as nothing.
func translateMsg(code string, m i18n.Msg) string {
	if m.ID == "" {
		return ""
	}
	return locale.Default().For(code).Msg(m)
}

// chooseLocale picks the response language: the account's, else the one
// chosen with the switch (a cookie), else the browser's preference.
func (s *Server) chooseLocale(r *http.Request) string {
	catalog := locale.Default()
	if u := state(r).user; u != nil && catalog.Has(u.Locale) {
		return u.Locale
	}
	if c := s.cookie(r, "lang"); catalog.Has(c) {
		return c
	}
	return catalog.Match(r.Header.Get("Accept-Language"))
}

// localizer returns the localizer of the language code, for code whose
// variables are named locale after the language they hold.
func localizer(code string) *locale.Localizer { return locale.Default().For(code) }
