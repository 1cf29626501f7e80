package e2e

import (
	"strings"
	"testing"
)

// A new member's home asks to set up the recovery; "Skip for now" leaves it
// for later; a date of last use in the future is refused at the field; and
// a saved start 31 days ago gives the day count, the stage, the 30-day
// milestone (celebrated once, not again on reload) and the money not spent.
// In English and in Spanish.
//
// The count follows internal/recovery: under the default convention ("Day 1
// is the first full day after I last used") the day of last use is day 0,
// so a last use 31 days ago is day 31, and the 30-day milestone fell
// yesterday (Summarize: CurrentStreakDays = LastUse.DaysUntil(today); the
// milestone's day is LastUse + 30).
func TestRecoveryOnboarding(t *testing.T) {
	b, a := memberTab(t, "onboarding")
	b.wantText("main h1", "Hello, "+a.name)
	b.wantText("main", "Let's set up your recovery")
	b.wantNoElement("main .count") // nothing to count yet

	// Skip for now: back home, still asked.
	b.click(`main a[href="/onboarding"]`)
	b.wantLocation("/onboarding")
	b.wantText("main h1", "Getting started")
	if got := b.value("#timezone"); got != memberZone {
		t.Errorf("the onboarding form offers the time zone %q, want the account's, %s", got, memberZone)
	}
	b.click(`main a[href="/"]`) // Skip for now
	b.wantLocation("/")
	b.wantText("main", "Let's set up your recovery")

	// A date of last use in the future is refused at the field.
	b.open("/onboarding")
	b.setValue("#last_use", localDay(-1))
	b.fill("#reasons", "To be there for my daughter")
	if st := b.click(`main form[action="/onboarding"] button[type=submit]`); st != 400 {
		t.Errorf("onboarding with a future date answered status %d, want 400", st)
	}
	b.wantLocation("/onboarding")
	b.wantText("#last_use-error", "The date of last use cannot be in the future.")
	b.wantText(".error-summary", "The date of last use cannot be in the future.")
	b.wantElement(`.error-summary a[href="#last_use"]`)
	if got := b.attr("#last_use", "aria-invalid"); got != "true" {
		t.Errorf("#last_use has aria-invalid=%q after a future date, want true", got)
	}
	if got := b.attr("#last_use", "aria-describedby"); !strings.Contains(got, "last_use-error") {
		t.Errorf("#last_use has aria-describedby=%q, want it to name last_use-error", got)
	}
	if got := b.value("#reasons"); got != "To be there for my daughter" {
		t.Errorf("the reasons field holds %q after the error, want what was typed", got)
	}
	b.open("/")
	b.wantText("main", "Let's set up your recovery") // nothing was saved

	// The real start: 31 days ago in Chicago.
	start := localDay(31)
	b.onboard(start, map[string]string{
		"#medication":  "buprenorphine",
		"#reasons":     "To be there for my daughter",
		"#daily_spend": "20",
	})
	b.wantFlash("Saved. Your days are counted from your last use.")
	b.wantWords("main .count .days", "31 days in recovery")
	b.wantText("main .count .stage", "Early recovery.")
	b.wantText("main .count", "Money not spent on using: 620.00.") // 20 a day for 31 days
	b.wantText("main .count", "Next milestone: 60 days, in 29 days")
	b.wantNoElement("main .safety-note") // no lapse, no tolerance warning
	celebrations := js[[]string](b, `[...document.querySelectorAll("main .celebrate h2")].map(e => e.textContent.trim())`)
	t.Logf("celebrated on the first home after onboarding: %q", celebrations)
	if n := countOf(celebrations, "You reached 30 days!"); n != 1 {
		t.Errorf("the home after onboarding celebrates %q; want \"You reached 30 days!\" once", celebrations)
	}
	b.wantText("main", "In Narcotics Anonymous, this is the orange keytag.")
	b.wantText("main", "Milestones reached", "24 hours", "1 week", "30 days")

	// Celebrated once: not again on reload.
	b.open("/")
	b.wantNoElement("main .celebrate")
	b.wantWords("main .count .days", "31 days in recovery")

	// The details come back in the form.
	b.click(`main a[href="/onboarding"]`) // Change your recovery details
	b.wantText("main h1", "Your recovery details")
	if got := b.value("#last_use"); got != start {
		t.Errorf("the form shows the last use %q, want %s", got, start)
	}
	if got := b.value("#medication"); got != "buprenorphine" {
		t.Errorf("the form shows the medication %q, want buprenorphine", got)
	}
	b.wantNoElement(`main a[href="/"]`) // no "Skip for now" once set up

	// In Spanish: the same home, and the same field error.
	b.open("/")
	b.switchLanguage("es")
	b.wantWords("main .count .days", "31 días en recuperación")
	b.wantText("main .count .stage", "Recuperación temprana.")
	b.wantText("main .count", "Dinero que no gastó en consumir: 620,00.")
	b.open("/onboarding")
	b.setValue("#last_use", localDay(-3))
	if st := b.click(`main form[action="/onboarding"] button[type=submit]`); st != 400 {
		t.Errorf("onboarding in Spanish with a future date answered status %d, want 400", st)
	}
	b.wantText("#last_use-error", "La fecha del último consumo no puede estar en el futuro.")
	if got := b.attr("#last_use", "aria-invalid"); got != "true" {
		t.Errorf("#last_use has aria-invalid=%q after a future date in Spanish, want true", got)
	}
	b.open("/")
	b.wantWords("main .count .days", "31 días en recuperación") // the refused date changed nothing
	b.wantNoSideways()
	b.switchLanguage("en")
}

// countOf returns how many of list are want.
func countOf(list []string, want string) int {
	n := 0
	for _, s := range list {
		if s == want {
			n++
		}
	}
	return n
}
