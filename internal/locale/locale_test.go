package locale

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z0-9]+)\s*\}\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// TestEveryLanguageHasEveryMessage: a language is complete or it is not
// shipped, and a translation names the same placeholders as the English.
func TestEveryLanguageHasEveryMessage(t *testing.T) {
	c := Default()
	if len(c.Languages()) < 2 || c.Languages()[0].Code != DefaultLanguage {
		t.Fatalf("languages %v: want English first and at least one more", c.Languages())
	}
	for _, lang := range c.Languages() {
		for _, id := range c.IDs() {
			en, tr := c.messages[DefaultLanguage][id], c.messages[lang.Code][id]
			if tr == nil {
				t.Errorf("%s: %s is missing", lang.Code, id)
				continue
			}
			if !slices.Equal(placeholders(en.Other), placeholders(tr.Other)) {
				t.Errorf("%s: %s has placeholders %v, English has %v", lang.Code, id, placeholders(tr.Other), placeholders(en.Other))
			}
			if (en.One == "") != (tr.One == "") {
				t.Errorf("%s: %s has plural forms where English has none, or none where English has them", lang.Code, id)
			}
		}
		for id := range c.messages[lang.Code] {
			if !c.Exists(id) {
				t.Errorf("%s: %s is not in the English catalog", lang.Code, id)
			}
		}
	}
}

func TestPluralsFollowCLDR(t *testing.T) {
	c := Default()
	en, es := c.For("en"), c.For("es")
	for _, tt := range []struct {
		l     *Localizer
		count int
		want  string
	}{
		{en, 1, "1 day answered"}, {en, 2, "2 days answered"}, {en, 0, "0 days answered"},
		{es, 1, "1 día respondido"}, {es, 5, "5 días respondidos"},
	} {
		got := tt.l.T("recovery.days_answered_in_the_last_30_average", "Count", tt.count, "Title", "T", "Scale", "S",
			"Average", 1.5, "Lowest", 1, "Highest", 2, "Trend", "x")
		if !regexp.MustCompile(regexp.QuoteMeta(tt.want)).MatchString(got) {
			t.Errorf("%s, count %d: %q does not contain %q", tt.l.Code(), tt.count, got, tt.want)
		}
	}
}

// A count shown in a sentence chooses its plural form, whole or decimal:
// "in 1 day", "about 1 hour", "about 1.5 hours".
func TestCountsChooseThePluralForm(t *testing.T) {
	c := Default()
	en, es := c.For("en"), c.For("es")
	for _, tt := range []struct{ got, want string }{
		{en.T("recovery.next_milestone_in_days", "Text", "30 days", "Count", 1, "Day", "today"), "Next milestone: 30 days, in 1 day (today)."},
		{en.T("recovery.next_milestone_in_days", "Text", "30 days", "Count", 2, "Day", "today"), "Next milestone: 30 days, in 2 days (today)."},
		{es.T("recovery.next_milestone_in_days", "Text", "30 días", "Count", 1, "Day", "hoy"), "Próximo logro: 30 días, en 1 día (hoy)."},
		{en.T("recovery.minutes", "Count", 1), "1 minute"},
		{en.T("recovery.time_you_have_back_about_hours", "Count", 1.0), "Time you have back: about 1 hour."},
		{en.T("recovery.time_you_have_back_about_hours", "Count", 1.5), "Time you have back: about 1.5 hours."},
		{es.T("recovery.time_you_have_back_about_hours", "Count", 1.5), "Tiempo que ha recuperado: unas 1,5 horas."},
		{en.T("recovery.count.days", "Count", 1000), "1,000 days"}, {es.T("recovery.count.days", "Count", 1), "1 día"},
		{en.T("common.the_hash_chain_of_all_entries_is", "Count", int64(1)), "The hash chain of the 1 entry is intact."},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if m := c.Missing(); len(m) > 0 {
		t.Errorf("missing or failing messages: %v", m)
	}
}

func TestNumbersAndDatesFollowTheLanguage(t *testing.T) {
	c := Default()
	en, es := c.For("en"), c.For("es")
	for _, tt := range []struct{ got, want string }{
		{en.Number(7.7), "7.7"}, {es.Number(7.7), "7,7"},
		{en.Number(60), "60"}, {es.Number(60), "60"},
		{en.Number(5.25), "5.25"}, {es.Number(5.5), "5,5"},
		{en.Int(12345), "12,345"}, {es.Int(12345), "12.345"},
		{en.Money(2960), "2,960.00"}, {es.Money(2960), "2.960,00"},
		{en.Day(2026, time.November, 21), "Saturday 21 November 2026"},
		{es.Day(2026, time.November, 21), "sábado 21 de noviembre de 2026"},
		{en.MonthYear(2026, time.March), "March 2026"}, {es.MonthYear(2026, time.March), "marzo de 2026"},
		{es.ShortDay(time.September, 3), "3 sept"},
		{en.DateTime(time.Date(2026, 1, 2, 15, 4, 0, 0, time.UTC)), "2 January 2026, 15:04"},
		{en.T("recovery.minutes", "Count", 15), "15 minutes"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if got := es.WeekdaysFromMonday(); got[0] != "lunes" || got[6] != "domingo" {
		t.Errorf("weekdays from Monday: %v", got)
	}
}

func TestMissingMessagesAreNoted(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.For("es").T("no.such_message"); got != "no.such_message" {
		t.Errorf("a missing message shows %q, want its id", got)
	}
	if m := c.Missing(); !slices.Contains(m, "es no.such_message") {
		t.Errorf("Missing() = %v", m)
	}
}

func TestLanguageMatching(t *testing.T) {
	c := Default()
	for header, want := range map[string]string{
		"es-MX,es;q=0.9": "es", "en-GB": "en", "fr-FR": "en", "": "en", "fr;q=0.9, es;q=0.5": "es", "garbage;;": "en",
	} {
		if got := c.Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}
