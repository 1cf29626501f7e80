package i18n

import "testing"

func TestIn(t *testing.T) {
	text := Text{"en": "Get help now", "es": "Obtenga ayuda ahora"}
	for locale, want := range map[string]string{
		"en": "Get help now", "es": "Obtenga ayuda ahora", "es-MX": "Obtenga ayuda ahora", "es_US": "Obtenga ayuda ahora",
		"ES": "Obtenga ayuda ahora", "fr": "Get help now", "": "Get help now",
	} {
		if got := text.In(locale); got != want {
			t.Errorf("In(%q) = %q, want %q", locale, got, want)
		}
	}
	if got := (Text{"en": "Hello", "es": ""}).In("es"); got != "Hello" {
		t.Errorf("an empty translation shows %q, want the English", got)
	}
}
