package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A member, on a phone, answers a PHQ-9 for their own record with item 9
// above 0: crisis help comes first on the result, before the score, within
// the first screen, and the result is then in their list of questionnaires
// with its chart.
func TestMemberPHQ9WithItemNineInBrowser(t *testing.T) {
	member, _ := memberTab(t, "phq9record")
	member.open("/assessments")
	member.wantText("main h1", "My questionnaires")
	member.wantText("main", "You have not answered a questionnaire yet.")
	member.click(`main a[href="/assessments/new/phq9"]`)
	member.wantLocation("/assessments/new/phq9")
	member.wantNoSideways()

	// Sent empty: every question is marked and nothing is stored.
	if st := member.click(`main form button[type=submit]`); st != 400 {
		t.Fatalf("the empty questionnaire answered %d, want 400", st)
	}
	member.wantText(".error-summary", "Choose an answer.")
	if n := js[int](member, `document.querySelectorAll('fieldset[aria-invalid="true"]').length`); n != 9 {
		t.Errorf("%d questions marked, want 9", n)
	}

	for i := 1; i <= 8; i++ {
		member.pick(fmt.Sprintf("item-%d", i))
	}
	member.pick("item-9-1")
	if st := member.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("saving the PHQ-9 ended on status %d at %s", st, member.location())
	}
	if !strings.HasPrefix(member.location(), "/assessments/") || strings.HasPrefix(member.location(), "/assessments/new") {
		t.Fatalf("after saving, the browser is at %s, want the result's page", member.location())
	}
	member.wantFlash("Your answers are saved.")
	if got := member.text("main h2"); got != "You deserve support right now" {
		t.Errorf("the first heading of the result is %q, want the crisis help", got)
	}
	score := js[float64](member, `document.querySelector("main p.score").getBoundingClientRect().top`)
	call := js[float64](member, `document.querySelector("main section.emergency a.call-button").getBoundingClientRect().top`)
	if call >= score || call > phoneHeight {
		t.Errorf("the call button is at %.0fpx and the score at %.0fpx: crisis help must come first, on the first screen", call, score)
	}
	member.wantElement(`main section.emergency a[href="tel:988"]`)
	member.wantText("main p.score", "Score: 1 out of 27")
	member.wantText("main", "This is not a diagnosis.")
	member.wantNoSideways()
	screenshot(t, member.ctx, "assessment-phq9-item9")

	member.click(`main a[href="/assessments"]`)
	phq := `section[aria-labelledby="trend-phq9"]`
	member.wantText(phq, "PHQ-9", "Your latest answers mentioned thoughts of being better off dead", "This is the baseline")
	member.wantElement(phq + ` figure.chart svg[role="img"]`)
	member.wantText(phq+` figure.chart p.note`, "PHQ-9: 1 result")
	member.wantNoSideways()
	screenshot(t, member.ctx, "assessments-list")
}

// A member shares assessments with the demo program; its clinician
// records a COWS induction series for them (a baseline two hours ago,
// then one now that reaches the program's threshold of 8) and sees the
// series with the threshold; the member sees the results as theirs.
func TestClinicianRecordsACOWSSeriesInBrowser(t *testing.T) {
	member, a := memberTab(t, "cowsseries")
	member.open("/support/programs/new")
	_, programID := member.demoProgramOption()
	member.fill("#patient_name", a.name)
	member.choose("#program", programID)
	member.tick("#share-assessments")
	member.pick(js[string](member, `document.querySelector('input[name=purpose][value="treatment"]').id`))
	member.pick("expiry-end_of_treatment")
	member.tick("#revocation")
	member.fill("#signature", a.name)
	if st := member.click(`main form[action="/support/programs"] button[type=submit]`); st != 200 {
		t.Fatalf("signing the consent ended on status %d at %s", st, member.location())
	}
	member.wantFlash("Your consent is signed.")

	const clinician = "dr.lee@demo.onward"
	staff := openTab(t)
	staff.phone()
	staff.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))
	staff.open("/program/assessments")
	staff.wantText("main h1", "Assessments of members who share them")
	memberPage := js[string](staff, fmt.Sprintf(`[...document.querySelectorAll('main a[href^="/program/assessments/"]')].find(a => a.textContent.trim() === %s)?.getAttribute("href") ?? ""`, jsString(a.name)))
	if memberPage == "" {
		t.Fatalf("the clinician's list has no link named %q", a.name)
	}
	staff.click(`main a[href="` + memberPage + `"]`)
	staff.wantLocation(memberPage)
	staff.wantText("main h1", a.name)
	staff.wantWords("section.redisclosure", "42 CFR part 2")
	staff.wantText("main", "Nothing has been recorded yet.")

	// The baseline, two hours ago: 5, mild.
	staff.click(`main a[href$="/new/cows"]`)
	staff.wantText("main", "Recording for "+a.name, "at a COWS total of 8 or more")
	staff.wantNoSideways()
	now, err := time.Parse("2006-01-02T15:04", staff.value("#taken_at"))
	if err != nil {
		t.Fatalf("the form's time %q: %v", staff.value("#taken_at"), err)
	}
	staff.setValue("#taken_at", now.Add(-2*time.Hour).Format("2006-01-02T15:04"))
	staff.tick("#baseline")
	rate(staff, map[string]string{"1": "1", "2": "1", "3": "1", "4": "1", "5": "1"})
	if st := staff.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("recording the baseline ended on status %d at %s", st, staff.location())
	}
	staff.wantLocation(memberPage)
	staff.wantFlash("The result is recorded.")

	// Two hours later: 9, at or above the threshold.
	staff.click(`main a[href$="/new/cows"]`)
	rate(staff, map[string]string{"1": "2", "2": "2", "3": "1", "4": "1", "5": "1", "6": "1", "7": "1"})
	if st := staff.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("recording the second COWS ended on status %d", st)
	}
	staff.wantLocation(memberPage)
	cows := `section[aria-labelledby="trend-cows"]`
	staff.wantText(cows, "Induction series", "Reached (8 or more)", "Below 8", "4 points higher", "COWS total 9 is at or above")
	if n := js[int](staff, `document.querySelectorAll('`+cows+` table.series tbody tr').length`); n != 2 {
		t.Errorf("the induction series has %d rows, want 2", n)
	}
	staff.wantElement(cows + ` svg line.threshold`)
	staff.wantText(cows+` figure.chart p.note`, "COWS: 2 results", "threshold of 8")
	staff.wantNoSideways()
	screenshot(t, staff.ctx, "assessment-cows-series")

	// The member sees both, recorded by the clinician.
	member.open("/assessments")
	member.wantText(cows, "COWS", "Mild withdrawal")

	// The program's threshold, and the bedside scoring aid.
	staff.open("/program/settings/assessments")
	staff.wantText("main", "The threshold is 8, the default (CA Bridge).")
	staff.open("/check/cows")
	rate(staff, map[string]string{"1": "4", "2": "4", "3": "5"})
	if st := staff.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("scoring a COWS ended on status %d", st)
	}
	staff.wantText("main p.score", "Your score: 13 out of 48")
	staff.wantText("main", "Moderate withdrawal", "Record it for a member")
}

// A member in withdrawal starts the tracker, sees the expected phase and
// the red flags with a call button, rates their symptoms with the SOWS
// and comes back to the tracker with the rating on its chart.
func TestWithdrawalTrackerInBrowser(t *testing.T) {
	member, _ := memberTab(t, "withdrawal")
	member.open("/withdrawal")
	member.wantText("main h1", "Withdrawal tracker")
	member.wantElement(`main section.urgent a.call-button[href="tel:911"]`)
	member.pick("substance-heroin")
	last := time.Now().In(mustLoad(t, memberZone)).Add(-30 * time.Hour).Format("2006-01-02T15:04")
	member.setValue("#last_use", last)
	if st := member.click(`main form[action="/withdrawal"] button[type=submit]`); st != 200 {
		t.Fatalf("starting the tracker ended on status %d", st)
	}
	member.wantFlash("Your withdrawal tracker is saved.")
	member.wantText("#phase-h", "Usually the hardest stretch")
	member.wantText("main", "Symptoms usually start 6 to 12 hours after the last use.", "Get urgent medical help if")
	member.wantNoSideways()

	member.click(`main a[href="/assessments/new/sows?from=withdrawal"]`)
	for i := 1; i <= 16; i++ {
		member.pick(fmt.Sprintf("item-%d-2", i))
	}
	if st := member.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("saving the SOWS ended on status %d", st)
	}
	member.wantLocation("/withdrawal")
	member.wantFlash("Your rating is saved.")
	member.wantText(`main figure.chart p.note`, "SOWS: 1 result", "32 of 64")
	member.wantNoSideways()
	screenshot(t, member.ctx, "withdrawal-tracker")

	// The same scale for anyone, stored for nobody.
	visitor := openTab(t)
	visitor.phone()
	visitor.open("/check/sows")
	for i := 1; i <= 16; i++ {
		visitor.pick(fmt.Sprintf("item-%d", i))
	}
	if st := visitor.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("scoring the SOWS ended on status %d", st)
	}
	visitor.wantText("main p.score", "Your score: 0 out of 64")
	visitor.wantText("main", "Nothing you answered was stored", "Get urgent medical help if")
}

// rate picks the value of each COWS sign given (the others stay 0).
func rate(b *tab, values map[string]string) {
	b.t.Helper()
	for i := 1; i <= 11; i++ {
		id := fmt.Sprintf("item-%d", i)
		if v, ok := values[fmt.Sprint(i)]; ok && v != "0" {
			id += "-" + v
		}
		b.pick(id)
	}
}
