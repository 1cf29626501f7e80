package recovery

import "strings"

// Text is one piece of member-facing wording in every supported language, keyed by
// language code ("en", "es"). Every Text in this package has both.
type Text map[string]string

// In returns the wording for locale ("es", "es-MX", "es_US"), falling back to the
// language without its region and then to English.
func (t Text) In(locale string) string {
	locale = strings.ToLower(strings.ReplaceAll(locale, "_", "-"))
	if s, ok := t[locale]; ok {
		return s
	}
	if lang, _, hasRegion := strings.Cut(locale, "-"); hasRegion {
		if s, ok := t[lang]; ok {
			return s
		}
	}
	return t["en"]
}
