package notify

import (
	"strings"
	"testing"
)

// The day's drug test is announced with no detail at all, discreet mode
// or not: an email subject, a lock screen or a link may be seen by anyone.
func TestTestDayNoticeSaysNothingAboutATest(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		for _, discreet := range []bool{true, false} {
			text, err := Compose(KindTestDay, lang, discreet, "Maria", "", "https://onward.example/care")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{text.Subject, text.PushTitle, text.PushBody, text.Body} {
				lower := strings.ToLower(s)
				for _, w := range []string{"test", "drug", "urine", "program", "análisis", "droga", "orina", "programa", "maria"} {
					if strings.Contains(lower, w) {
						t.Errorf("%s (discreet %v): %q has %q", lang, discreet, s, w)
					}
				}
			}
			if !strings.Contains(text.Body, "https://onward.example/care") {
				t.Errorf("%s: the body has no link: %q", lang, text.Body)
			}
		}
	}
}
