package e2e

import "testing"

// guideCalm answers each question of the level-of-care guide calmly; tests
// change the answers they are about.
var guideCalm = [][2]string{
	{"use_frequency", "weekly"}, {"cut_down", "not_tried"}, {"withdrawal", "none"}, {"sedatives", "no"},
	{"seizures", "no"}, {"physical", "fine"}, {"mental", "ok"}, {"self_harm", "no"}, {"pregnancy", "no"},
	{"home", "supportive"}, {"support", "yes"}, {"duties", "none"}, {"past_treatment", "none"}, {"medication", "rather_not"},
}

// The guide on a phone: the questions, the form sent half-answered (the
// gaps marked, the answers kept), and a result where thoughts of suicide put
// crisis help above every suggestion, each suggestion listing why.
func TestHelpGuideInBrowser(t *testing.T) {
	h := openHelpTab(t)
	h.phoneWidth()
	h.visit("/", 200)
	h.submit(`main a[href="/guide"]`, 200)
	h.wantText("main", "not a clinical assessment")
	h.wantNoSideways()
	screenshot(t, h.ctx, "guide-form")

	h.choose("use_frequency", "daily")
	h.submit(`main form button[type=submit]`, 400)
	if n := h.count(`fieldset[aria-invalid="true"]`); n != len(guideCalm)-1 {
		t.Errorf("%d questions marked as unanswered, want %d", n, len(guideCalm)-1)
	}
	if h.count(`input[name="use_frequency"][value="daily"]:checked`) != 1 {
		t.Error("the answer given was not kept")
	}

	for _, a := range guideCalm {
		if a[0] == "use_frequency" {
			continue
		}
		h.choose(a[0], a[1])
	}
	h.choose("self_harm", "yes")
	h.choose("medication", "want")
	h.submit(`main form button[type=submit]`, 200)

	h.wantText("main h2", "Please talk to someone today")
	crisis, fit := h.top(`main section.emergency a[href="tel:988"]`), h.top("#fit-h")
	if crisis >= fit {
		t.Errorf("the crisis line (%.0fpx) is not above the suggestions (%.0fpx)", crisis, fit)
	}
	if assess := h.top("#assess-h"); assess <= crisis || assess >= fit {
		t.Errorf("the advice to be assessed in person (%.0fpx) is not between the crisis line and the suggestions", assess)
	}
	h.wantText("#fit-h + ul", "Opioid treatment program (methadone)",
		"How often you use opioids: Every day, or almost every day", "Medication: I would like to try it")
	h.wantText("#also-h ~ ul", "Withdrawal management (detox)")
	h.wantText("main", "The other options", "This is not an assessment and not a placement")
	if n := h.count(`main form input[type=radio]:checked`); n != len(guideCalm) {
		t.Errorf("%d answers kept below the result, want %d", n, len(guideCalm))
	}
	if got := h.path(); got != "/guide" {
		t.Errorf("the result is at %s, want /guide", got)
	}
	h.wantNoSideways()
	screenshot(t, h.ctx, "guide-result")
}
