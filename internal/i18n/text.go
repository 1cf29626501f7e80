// Package i18n holds the one type for wording given in every language
// Onward speaks, used by the domain packages for what people read.
package i18n

import "strings"

// Text is one piece of wording keyed by language code ("en", "es").
type Text map[string]string

// In returns the wording for locale ("es", "es-MX", "es_US"), falling back
// to the language without its region and then to English, so a browser
// asking for an unsupported variant still gets readable text.
func (t Text) In(locale string) string {
	locale = strings.ToLower(strings.ReplaceAll(locale, "_", "-"))
	if s := t[locale]; s != "" {
		return s
	}
	if lang, _, hasRegion := strings.Cut(locale, "-"); hasRegion {
		if s := t[lang]; s != "" {
			return s
		}
	}
	return t["en"]
}
