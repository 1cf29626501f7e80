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

// Every kind composes in every language with a subject, a body carrying the
// link once, and a lock-screen text; the program-side kinds never carry the
// name they are about, even out of discreet mode.
func TestComposeEveryKind(t *testing.T) {
	kinds := []string{KindSupportRequest, KindSupportAnswer, KindCheckinReminder, KindCareAlert, KindCareEscalation, KindCallbackRequest,
		KindDoseReminder, KindInjectionDue, KindKitExpiry, KindMissedDose}
	for _, lang := range []string{"en", "es"} {
		for _, kind := range kinds {
			text, err := Compose(kind, lang, false, "Maria", "calling", "https://onward.example/x")
			if err != nil {
				t.Fatalf("%s in %s: %v", kind, lang, err)
			}
			if text.Subject == "" || text.PushTitle == "" || text.PushBody == "" || strings.Count(text.Body, "https://onward.example/x") != 1 {
				t.Errorf("%s in %s: %+v", kind, lang, text)
			}
			programSide := kind == KindCareAlert || kind == KindCareEscalation || kind == KindCallbackRequest
			if programSide && strings.Contains(text.Subject+text.Body+text.PushTitle+text.PushBody, "Maria") {
				t.Errorf("%s in %s names the person: %+v", kind, lang, text)
			}
		}
	}
}

// Medication notifications never name a medicine in a subject or a push
// text, whatever the mode, nor in a reminder's body.
func TestMedicationNotificationsNameNoMedicine(t *testing.T) {
	medicines := []string{"methadone", "metadona", "buprenorphine", "buprenorfina", "naltrexone", "naltrexona", "naloxone", "naloxona",
		"suboxone", "vivitrol", "sublocade", "narcan"}
	for _, kind := range []string{KindDoseReminder, KindInjectionDue, KindKitExpiry, KindMissedDose} {
		for _, lang := range []string{"en", "es"} {
			for _, discreet := range []bool{true, false} {
				text, err := Compose(kind, lang, discreet, "Maria", "", "https://onward.example/medication")
				if err != nil {
					t.Fatal(err)
				}
				checked := []string{text.Subject, text.PushTitle, text.PushBody}
				if kind != KindMissedDose {
					checked = append(checked, text.Body)
				}
				for _, s := range checked {
					for _, m := range medicines {
						if strings.Contains(strings.ToLower(s), m) {
							t.Errorf("%s (%s, discreet %v) says %q", kind, lang, discreet, s)
						}
					}
					if discreet && strings.Contains(s, "Maria") {
						t.Errorf("%s (%s) in discreet mode names the person: %q", kind, lang, s)
					}
				}
				if !strings.Contains(text.Body, "https://onward.example/medication") {
					t.Errorf("%s (%s) has no link: %q", kind, lang, text.Body)
				}
			}
		}
	}
}
