package e2e

import (
	"fmt"
	"testing"
)

// Each self-check, on a phone-sized screen: the form, the form sent empty
// (every question marked, nothing scored), and the result of a complete
// form, all without an accessibility violation and without sideways
// scrolling. The result stays at the form's own address: no score in a URL.
func TestHelpSelfChecksInBrowser(t *testing.T) {
	checks := []struct {
		id         string
		items      int
		supervised bool
		result     string
	}{
		{"dast10", 10, false, "Your score: 1 out of 10"},
		{"dsm5-oud", 11, true, "Your score: 0 out of 11"},
		{"phq2", 2, false, "Your score: 0 out of 6"},
		{"gad2", 2, false, "Your score: 0 out of 6"},
		{"phq9", 9, false, "Your score: 0 out of 27"},
		{"gad7", 7, false, "Your score: 0 out of 21"},
	}
	for _, c := range checks {
		t.Run(c.id, func(t *testing.T) {
			h := openHelpTab(t)
			h.phoneWidth()
			h.visit("/help", 200)
			h.submit(`main a[href="/help/me"]`, 200)
			h.submit(`main a[href="/check/`+c.id+`"]`, 200)
			h.wantNoSideways()
			screenshot(t, h.ctx, c.id+"-form")

			questions := c.items
			if c.supervised {
				questions++
			}
			h.submit(`main form button[type=submit]`, 400)
			if n := h.count(`fieldset[aria-invalid="true"]`); n != questions {
				t.Errorf("%d questions marked as unanswered, want %d", n, questions)
			}
			h.wantText(".error-summary", "Choose an answer.")
			if h.count("p.score") != 0 {
				t.Error("a score was shown for an empty form")
			}

			if c.supervised {
				h.choose("supervised", "no")
			}
			for i := 1; i <= c.items; i++ {
				h.choose(fmt.Sprintf("item-%d", i), "0")
			}
			h.submit(`main form button[type=submit]`, 200)
			h.wantText("main", c.result, "This is not a diagnosis.", "Nothing you answered was stored")
			if got := h.path(); got != "/check/"+c.id {
				t.Errorf("the result is at %s, want /check/%s with nothing added", got, c.id)
			}
			if h.count(`main section.emergency`) != 0 {
				t.Error("crisis help shown although no safety answer was given")
			}
			h.wantNoSideways()
			screenshot(t, h.ctx, c.id+"-result")
		})
	}
}

// TestHelpPHQ9ItemNineShowsCrisisHelpFirstInBrowser: answering item 9 above
// 0, even with every other answer at 0, puts crisis help at the top of the
// result, before the score, within the first screen of a phone, in English
// and in Spanish.
func TestHelpPHQ9ItemNineShowsCrisisHelpFirstInBrowser(t *testing.T) {
	for _, tt := range []struct{ locale, heading, score string }{
		{"en", "You deserve support right now", "Your score: 1 out of 27"},
		{"es", "Usted merece apoyo ahora mismo", "Su puntuación: 1 de 27"},
	} {
		t.Run(tt.locale, func(t *testing.T) {
			h := openHelpTab(t)
			h.phoneWidth()
			h.visit("/check/phq9", 200)
			if tt.locale != "en" {
				h.useLanguage(tt.locale)
			}
			for i := 1; i <= 8; i++ {
				h.choose(fmt.Sprintf("item-%d", i), "0")
			}
			h.choose("item-9", "1")
			h.submit(`main form button[type=submit]`, 200)

			if got := h.text("main h2"); got != tt.heading {
				t.Errorf("the first heading of the result is %q, want %q", got, tt.heading)
			}
			score := h.top("main p.score")
			h.wantText("main p.score", tt.score)
			for _, sel := range []string{`main section.emergency a[href="tel:911"]`, `main section.emergency a[href="tel:988"]`, `main section.emergency a[href="sms:988"]`} {
				if y := h.top(sel); y >= score {
					t.Errorf("%s is at %.0fpx, below the score at %.0fpx", sel, y, score)
				}
			}
			if y := h.top(`main a.call-button`); y > 740 {
				t.Errorf("the emergency call button is at %.0fpx, below the first screen of a 740px phone", y)
			}
			screenshot(t, h.ctx, "phq9-item9-"+tt.locale)
		})
	}
}

// TestHelpShortScreenLeadsToTheFullForm: a PHQ-2 of 3 offers the PHQ-9.
func TestHelpShortScreenLeadsToTheFullForm(t *testing.T) {
	h := openHelpTab(t)
	h.visit("/check/phq2", 200)
	h.choose("item-1", "2")
	h.choose("item-2", "1")
	h.submit(`main form button[type=submit]`, 200)
	h.wantText("main p.score", "Your score: 3 out of 6")
	h.submit(`main a.button.primary[href="/check/phq9"]`, 200)
	h.wantText("main h1", "Patient Health Questionnaire, depression (9 questions)")
}

// TestHelpSignsChecklistInBrowser follows the "someone I care about" path to
// the checklist worded for a loved one; ticking slow breathing puts
// overdose help before the count.
func TestHelpSignsChecklistInBrowser(t *testing.T) {
	h := openHelpTab(t)
	h.phoneWidth()
	h.visit("/", 200)
	h.submit(`main a[href="/help"]`, 200)
	h.submit(`main a[href="/help/someone"]`, 200)
	h.wantText("main", "You cannot answer them for someone else")
	h.submit(`main a[href="/check/signs/someone"]`, 200)
	h.wantText("main", "Being secretive, or lying about where they have been")
	h.wantNoSideways()
	h.choose("sign", "breathing")
	h.choose("sign", "money")
	h.submit(`main form button[type=submit]`, 200)
	h.wantText("main h2", "Slow breathing or being hard to wake can mean an overdose")
	if call, count := h.top(`main section.emergency a[href="tel:911"]`), h.top("#count-h"); call >= count {
		t.Errorf("the emergency number (%.0fpx) is not above the count (%.0fpx)", call, count)
	}
	h.wantText("main", "You ticked 2 of the 20 signs", "Physical signs: 1 of 8", "Changes in behavior: 1 of 6", "This checklist is not a scored test.")
	screenshot(t, h.ctx, "signs-someone-result")

	// For oneself, with nothing ticked.
	h.visit("/check/signs", 200)
	h.submit(`main form button[type=submit]`, 200)
	h.wantText("main", "You ticked 0 of the 20 signs", "You did not tick any signs")
}
