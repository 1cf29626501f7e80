package notify

import (
	"strings"
	"testing"
)

// A name is written as given: it is a value of the message, never read as
// part of the wording, so a name that looks like a placeholder or markup
// cannot change what is sent.
func TestComposeWritesTheNameAsGiven(t *testing.T) {
	const name = "{{.Link}} <Ana> & Bo"
	for _, kind := range []string{KindSupportRequest, KindSupportAnswer} {
		text, err := Compose(kind, "es", false, name, "calling", "https://onward.example/x")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text.Body, name) || strings.Count(text.Body, "https://onward.example/x") != 1 {
			t.Errorf("%s body %q does not carry the name as given and the link once", kind, text.Body)
		}
	}
}

func TestComposeSpeaksTheRecipientsLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, subject, reply string }{
		{"en", "Onward: someone answered", "Maria answered your request for support: I'm calling you."},
		{"es", "Onward: alguien respondió", "Maria respondió a su pedido de apoyo: Le estoy llamando."},
		{"xx", "Onward: someone answered", "Maria answered your request for support: I'm calling you."},
	} {
		discreet, _ := Compose(KindSupportAnswer, tt.lang, true, "Maria", "calling", "https://onward.example/x")
		named, _ := Compose(KindSupportAnswer, tt.lang, false, "Maria", "calling", "https://onward.example/x")
		if discreet.Subject != tt.subject || !strings.HasPrefix(named.Body, tt.reply) {
			t.Errorf("%s: subject %q, body %q", tt.lang, discreet.Subject, named.Body)
		}
	}
}
