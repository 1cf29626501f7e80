package careguide

import "strings"

// Text is a localised string keyed by locale ("en", "es").
type Text map[string]string

// In returns the text in locale. A regional locale falls back to its base
// language ("es-MX" -> "es") and anything missing falls back to English.
func (t Text) In(locale string) string {
	if s := t[locale]; s != "" {
		return s
	}
	base, _, _ := strings.Cut(locale, "-")
	if s := t[base]; s != "" {
		return s
	}
	return t["en"]
}
