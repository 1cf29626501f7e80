package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/directory"
)

// A new member, on a phone, shares their clean time and milestones with the
// demo treatment program under a 42 CFR Part 2 consent. The program's
// clinician sees exactly that, with the redisclosure notice and a copy of
// the consent, and not the member's check-ins. When the member revokes the
// consent, the clinician's next request shows nothing of theirs.
func TestProgramConsentInBrowser(t *testing.T) {
	member, a := memberTab(t, "programconsent")
	member.onboard(localDay(40), map[string]string{"#medication": "none"})

	// One check-in, which the consent will not share.
	member.click(`main a.button[href="/checkin"]`)
	member.pick("mood-4")
	member.pick("craving-2")
	if st := member.click(`main form[action="/checkin"] button[type=submit]`); st != 200 {
		t.Fatalf("saving the check-in ended on status %d", st)
	}
	member.wantFlash("Your check-in is saved.")

	// My people → Share with a treatment program.
	member.open("/support")
	member.wantText("#program-consents", "Treatment programs")
	member.wantText("main", "You have not shared anything with a treatment program.")
	member.click(`main a[href="/support/programs/new"]`)
	member.wantLocation("/support/programs/new")
	member.wantText("main h1", "Share with a treatment program")
	member.wantText("main", "42 CFR part 2")
	member.wantNoSideways()

	// Sent empty: every problem is shown, marked on its field and linked
	// from the summary.
	if st := member.click(`main form[action="/support/programs"] button[type=submit]`); st != 400 {
		t.Errorf("the empty consent form answered status %d, want 400", st)
	}
	member.wantElement(`.error-summary[role=alert]`)
	member.wantText(".error-summary", "Please check the form",
		"Type your full name.", "Choose the program to share with.", "Choose at least one kind of information to share.",
		"Choose why you are sharing.", "Confirm that you understand how to revoke this consent.",
		"Choose when this consent ends.", "Type your full name again to sign.")
	for _, f := range []struct{ field, msg string }{
		{"patient_name", "Type your full name."},
		{"program", "Choose the program to share with."},
		{"share", "Choose at least one kind of information to share."},
		{"purpose", "Choose why you are sharing."},
		{"expiry", "Choose when this consent ends."},
		{"revocation", "Confirm that you understand how to revoke this consent."},
		{"signature", "Type your full name again to sign."},
	} {
		member.wantText("#"+f.field+"-error", f.msg)
	}
	for _, id := range []string{"patient_name", "program", "revocation", "signature"} {
		if got := member.attr("#"+id, "aria-invalid"); got != "true" {
			t.Errorf("after the empty form, #%s has aria-invalid=%q, want true", id, got)
		}
		if got := member.attr("#"+id, "aria-describedby"); !strings.Contains(got, id+"-error") {
			t.Errorf("after the empty form, #%s has aria-describedby=%q, want it to name #%s-error", id, got, id)
		}
	}
	for _, group := range []string{"share", "purpose", "expiry"} {
		sel := fmt.Sprintf(`fieldset[aria-describedby~=%q]`, group+"-error")
		member.wantElement(sel)
	}
	// Each link of the summary leads to something on the page, so that
	// following it takes the person to the field to correct.
	links := js[[]string](member, `[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))`)
	if len(links) != 7 {
		t.Errorf("the error summary has %d links, want 7 (one per problem): %q", len(links), links)
	}
	for _, href := range links {
		if !strings.HasPrefix(href, "#") || !member.has("#"+strings.TrimPrefix(href, "#")) {
			t.Errorf("the error summary links to %q, which is no element on %s: following it goes nowhere", href, member.location())
		}
	}
	member.wantNoSideways()

	// Filled in properly, for the demo program with staff.
	programName, programID := member.demoProgramOption()
	member.fill("#patient_name", a.name)
	member.choose("#program", programID)
	member.tick("#share-milestones")
	if js[bool](member, `document.querySelector("#share-checkins").checked`) {
		t.Fatal("check-ins are ticked though the member did not choose them")
	}
	purpose := js[string](member, `document.querySelector('input[name=purpose][value="treatment"]')?.id ?? ""`)
	if purpose == "" {
		t.Fatal("the form offers no purpose with the value treatment")
	}
	member.wantText(`label[for="`+purpose+`"]`, "My treatment")
	member.pick(purpose)
	member.pick("expiry-end_of_treatment")
	member.tick("#revocation")
	member.fill("#signature", a.name)
	if st := member.click(`main form[action="/support/programs"] button[type=submit]`); st != 200 {
		t.Fatalf("signing the consent ended on status %d at %s", st, member.location())
	}
	member.wantLocation("/support")
	member.wantFlash("Your consent is signed.")
	member.wantNoSideways()

	// The consent on My people, with every element that Part 2 asks for.
	card := `main ul.support-list li.card:has(a[href^="/support/programs/"][href$="/revoke"])`
	member.wantText(card+" h4", programName)
	record := member.consentRecord(card)
	today := time.Now().In(mustLoad(t, memberZone))
	for term, want := range map[string][]string{
		"Patient":            {a.name},
		"Who shares":         {"The patient, through Onward"},
		"Information shared": {"Clean time and milestones"},
		"Recipient":          {programName, "its clinicians and program admins on Onward"},
		"Purpose":            {"My treatment"},
		"Ends":               {"At the end of treatment"},
		"Right to revoke":    {"revoke this consent at any time, in writing, in Onward"},
		"Signature":          {a.name},
		"Date signed":        {strconv.Itoa(today.Year())},
		"Status":             {"In force"},
	} {
		got, ok := record[term]
		if !ok {
			t.Errorf("the consent on /support has no %q; it has %v", term, record)
			continue
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("the consent's %q on /support says %q, want it to say %q", term, got, w)
			}
		}
	}
	if strings.Contains(record["Information shared"], "Daily check-ins") {
		t.Errorf("the consent shares %q; the member chose milestones only", record["Information shared"])
	}
	action := member.attr(card+` a[href$="/revoke"]`, "href")
	consentID := strings.TrimSuffix(strings.TrimPrefix(action, "/support/programs/"), "/revoke")
	if consentID == "" || strings.Contains(consentID, "/") {
		t.Fatalf("the revoke link goes to %q; cannot tell the consent", action)
	}
	member.wantText(card+` a[href$="/revoke"]`, "Revoke my consent for "+programName)

	// The program's clinician, in a tab of their own.
	const clinician = "dr.lee@demo.onward"
	staff := openTab(t)
	staff.phone()
	staff.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))
	staff.click(`nav a[href="/program/members"]`)
	staff.wantLocation("/program/members")
	staff.wantText("main h1", "Members who share with my program")
	memberLink := fmt.Sprintf(`main a[href="/program/members/%s"]`, consentID)
	staff.wantText(memberLink, a.name)
	staff.wantNoSideways()
	staff.click(memberLink)
	staff.wantLocation("/program/members/" + consentID)
	staff.wantText("main h1", a.name)
	staff.wantText("main", "Clean time and milestones", "days in a row", "days in recovery in all")
	staff.wantNoElement(`main table`)
	if txt := staff.text("main"); strings.Contains(txt, "Daily check-ins") || strings.Contains(txt, "Checked in on") {
		t.Errorf("the program's page for the member shows check-ins, which the member did not share:\n%s", indent(txt))
	}
	staff.wantWords("section.redisclosure", "42 CFR part 2", "written consent",
		"You may not use or disclose them further", "unless the patient consents in writing or a court orders it")
	staff.wantText("#consent-copy", "The consent this is shared under")
	copyOf := staff.consentRecord(`section[aria-labelledby="consent-copy"]`)
	for term, want := range map[string]string{
		"Patient": a.name, "Information shared": "Clean time and milestones", "Recipient": programName,
		"Purpose": "My treatment", "Ends": "At the end of treatment", "Signature": a.name, "Status": "In force",
		"Right to revoke": "revoke", "Date signed": strconv.Itoa(today.Year()),
	} {
		if got := copyOf[term]; !strings.Contains(got, want) {
			t.Errorf("the copy of the consent on the program's page says %q for %q, want %q", got, term, want)
		}
	}
	staff.wantNoSideways()

	// The same page in Spanish, then back.
	staff.switchLanguage("es")
	staff.wantWords("section.redisclosure", "Aviso: registros protegidos (42 CFR parte 2)", "un tribunal lo ordene")
	staff.wantText("#consent-copy", "El consentimiento con el que se comparte esto")
	staff.wantNoSideways()
	staff.switchLanguage("en")

	// The member revokes, on a page of its own that asks first (no
	// JavaScript needed); the clinician's next request shows nothing.
	member.open("/support")
	member.click(card + ` a[href="` + action + `"]`)
	member.wantLocation(action)
	member.wantText("h1", "Revoke your consent for "+programName+"?")
	member.wantText("main dl.consent-record", a.name, programName)
	member.wantNoSideways()
	member.click(`main a[href="/support#program-consents"]`)
	member.wantLocation("/support#program-consents")
	member.wantElement(fmt.Sprintf(`a[href=%q]`, action))
	member.open(action)
	if st := member.click(`main form[action="` + action + `"] button[type=submit]`); st != 200 {
		t.Fatalf("revoking ended on status %d", st)
	}
	member.wantLocation("/support")
	member.wantFlash("Consent revoked.")
	member.wantNoElement(fmt.Sprintf(`a[href=%q]`, action))
	member.wantText("main", "Revoked")

	staff.open("/program/members/" + consentID)
	staff.wantText("main", "This consent has ended; nothing is shared under it.")
	if txt := staff.text("main"); strings.Contains(txt, "days in a row") || strings.Contains(txt, "days in recovery in all") {
		t.Errorf("after the revocation, the program's page still shows the member's data:\n%s", indent(txt))
	}
	staff.open("/program/members")
	staff.wantNoElement(memberLink)
	staff.wantText("main", "This consent has ended; nothing is shared under it.")
}

// demoProgramOption returns the name of the demo program with staff and
// its value in the consent form's list of programs, failing the test when
// the list does not offer it.
func (b *tab) demoProgramOption() (name, value string) {
	b.t.Helper()
	name = directory.DemoPrograms()[0].Name
	options := js[[]struct{ Value, Text string }](b, `[...document.querySelectorAll("#program option")].filter(o => o.value).map(o => ({Value: o.value, Text: o.textContent}))`)
	for _, o := range options {
		if strings.HasPrefix(o.Text, name+",") {
			return name, o.Value
		}
	}
	b.t.Fatalf("the consent form's list of programs %v has no %q", options, name)
	return "", ""
}

// consentRecord reads the dt/dd pairs of the consent record inside the
// first element that sel selects.
func (b *tab) consentRecord(sel string) map[string]string {
	b.t.Helper()
	rec := js[map[string]string](b, fmt.Sprintf(`(() => {
		const out = {};
		const dl = document.querySelector(%s)?.querySelector("dl.consent-record");
		if (!dl) return out;
		for (const dt of dl.querySelectorAll("dt")) {
			const dd = dt.nextElementSibling;
			out[dt.innerText.trim()] = dd ? dd.innerText.replace(/\s+/g, " ").trim() : "";
		}
		return out;
	})()`, jsString(sel)))
	if len(rec) == 0 {
		b.t.Fatalf("%s has no consent record (dl.consent-record) in %s", b.location(), sel)
	}
	return rec
}

// signInWithCode signs in with a password and then the authenticator code
// for secret, waiting for a fresh code when this one was used already.
func (b *tab) signInWithCode(email, password, secret string) {
	b.t.Helper()
	if st := b.signIn(email, password); st != 200 {
		b.t.Fatalf("sign in as %s: status %d", email, st)
	}
	b.wantLocation("/signin/code")
	for try := 0; ; try++ {
		b.fill("#code", totpCode(b.t, b.ctx, secret))
		st := b.click(`main form[action="/signin/code"] button[type=submit]`)
		if st == 200 && !strings.HasPrefix(b.location(), "/signin") {
			return
		}
		if try == 1 {
			b.t.Fatalf("two sign-in codes in a row for %s were refused (status %d at %s)", email, st, b.location())
		}
	}
}

func mustLoad(t *testing.T, zone string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
