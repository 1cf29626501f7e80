package e2e

import "testing"

// The crisis page is one click from the header of any page, signed out and
// signed in, and gives the numbers to call and text (911, 988, the SAMHSA
// helpline) as links a phone can dial, and the steps for an overdose.
func TestCrisisPageSignedOutAndIn(t *testing.T) {
	b := openTab(t)

	b.open("/")
	b.click("header a.help-now")
	b.wantLocation("/crisis")
	wantCrisisHelp(b)
	b.wantElement(`nav a[href="/signin"]`) // signed out

	b.switchLanguage("es")
	b.wantText("main h1", "Obtenga ayuda ahora")
	b.wantText(`main a[href="tel:911"]`, "Llame al 911 ahora")
	b.wantText("main ol.steps", "naloxona")
	b.switchLanguage("en")

	// The footer's emergency line leads there too.
	b.open("/signin")
	b.wantText(`footer a[href="/crisis"]`, "In an emergency, call 911")
	b.click(`footer a[href="/crisis"]`)
	b.wantLocation("/crisis")

	// Signed in, the same help, from another page's header.
	b.signUp(newAccount("crisis"))
	b.click(`nav a[href="/account"]`)
	b.click("header a.help-now")
	b.wantLocation("/crisis")
	wantCrisisHelp(b)
	b.wantElement(`nav form[action="/signout"]`) // signed in
}

// wantCrisisHelp checks the crisis page in English for the US numbers and the
// overdose steps.
func wantCrisisHelp(b *tab) {
	b.t.Helper()
	b.wantText("main h1", "Get help now")
	b.wantText(`main a[href="tel:911"]`, "Call 911 now")
	b.wantText(`main a[href="tel:988"]`, "Call 988")
	b.wantText(`main a[href="sms:988"]`, "Text 988")
	b.wantText(`main a[href="tel:18006624357"]`, "Call 1-800-662-4357")
	b.wantText("main ul.lines", "988 Suicide & Crisis Lifeline", "SAMHSA National Helpline")
	b.wantText("main ol.steps",
		"Call 911.",
		"Give naloxone if you have it.",
		"Help them breathe.", "one breath every 5 seconds", // rescue breathing
		"Put them in the recovery position.",
		"Stay with them.",
	)
	b.wantText("main", "Signs of an opioid overdose", "Never use alone.")
}
