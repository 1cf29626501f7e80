package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A clinician's demo account has two-step sign-in, so the password alone
// does not sign in: the code page asks for the code of the authenticator
// app, refuses a wrong one (in English and in Spanish), takes the right one
// and goes on to the page that asked for the sign-in; and the account cannot
// turn two-step sign-in off.
func TestTwoFactorForClinician(t *testing.T) {
	b := openTab(t)
	const email = "dr.lee@demo.onward"
	secret := demoTOTPSecret(t, email)
	for _, other := range []string{"admin@demo.onward", "operator@demo.onward"} {
		demoTOTPSecret(t, other) // printed for every role that needs it
	}

	b.open("/account")
	b.wantLocation("/signin?next=/account")
	b.fill("#email", email)
	b.fill("#password", demoPassword)
	b.click(`main form[action="/signin"] button[type=submit]`)
	b.wantLocation("/signin/code")
	b.wantText("main h1", "Enter your sign-in code")
	b.wantElement(`nav a[href="/signin"]`) // not signed in yet

	// Nothing that needs a sign-in opens before the code.
	b.open("/account")
	b.wantLocation("/signin?next=/account")
	b.open("/signin/code")
	b.wantText("main h1", "Enter your sign-in code")

	b.switchLanguage("es")
	b.wantText("main h1", "Escriba su código de acceso")
	b.fill("#code", wrongTOTPCode(t, secret))
	if st := b.click(`main form[action="/signin/code"] button[type=submit]`); st != 401 {
		t.Errorf("a wrong code answered status %d, want 401", st)
	}
	b.wantText("#code-error", "Ese código no es correcto.")
	if got := b.attr("#code", "aria-invalid"); got != "true" {
		t.Errorf("the code field has aria-invalid=%q after a wrong code, want true", got)
	}
	b.switchLanguage("en")

	b.fill("#code", totpCode(t, b.ctx, secret))
	if st := b.click(`main form[action="/signin/code"] button[type=submit]`); st != 200 {
		t.Fatalf("the right code answered status %d", st)
	}
	b.wantLocation("/account") // where the sign-in began
	b.wantText("main", "Dr Lee (demo)", email, "On: signing in asks for a code from your authenticator app.")
	b.wantNoElement(`form[action="/account/two-factor/disable"]`) // the role needs it
	b.signOut()
}

// A member turns on two-step sign-in from the account page: the set-up page
// shows the key as a QR code and as text, refuses a wrong code, and takes the
// app's code. The next sign-in then asks for a code, and refuses the one
// already used.
func TestMemberEnablesTwoFactor(t *testing.T) {
	b := openTab(t)
	a := newAccount("twostep")
	b.signUp(a)
	b.click(`nav a[href="/account"]`)
	b.wantText("main", "Off. Turn it on so that a stolen password is not enough to open your account.")

	b.switchLanguage("es")
	b.click(`main a[href="/account/two-factor"]`)
	b.wantText("main h1", "Verificación en dos pasos")
	b.switchLanguage("en") // the page comes again, with a new key
	b.wantText("main h1", "Two-step sign-in")

	secret := b.text("main code.secret")
	if len(secret) < 26 {
		t.Fatalf("the set-up page shows the key %q; want 128 bits or more in base32", secret)
	}
	wantQRCode(b)

	b.fill("#code", wrongTOTPCode(t, secret))
	if st := b.click(`main form[action="/account/two-factor"] button[type=submit]`); st != 400 {
		t.Errorf("a wrong code answered status %d, want 400", st)
	}
	b.wantText("#code-error", "That code is not right.")
	if got := b.text("main code.secret"); got != secret {
		t.Errorf("after a wrong code the page shows the key %q, want the same key %q, which the app has", got, secret)
	}
	// The message says to scan the code again, so the code must be there.
	wantQRCode(b)

	code := totpCode(t, b.ctx, secret)
	b.fill("#code", code)
	if st := b.click(`main form[action="/account/two-factor"] button[type=submit]`); st != 200 {
		t.Fatalf("the right code answered status %d", st)
	}
	// The recovery codes, shown once.
	b.wantFlash("Two-step sign-in is on.")
	b.wantText("main h1", "Your recovery codes")
	recovery := js[[]string](b, `Array.from(document.querySelectorAll("main .recovery-codes code"), c => c.textContent)`)
	if len(recovery) != 10 {
		t.Fatalf("the page shows %d recovery codes, want 10", len(recovery))
	}
	b.click(`main a[href="/account"]`)
	b.wantLocation("/account")
	b.wantText("main", "On: signing in asks for a code from your authenticator app.")
	b.wantElement(`form[action="/account/two-factor/disable"]`) // a member may turn it off
	b.signOut()

	b.signIn(a.email, a.password)
	b.wantLocation("/signin/code")
	b.fill("#code", code)
	if st := b.click(`main form[action="/signin/code"] button[type=submit]`); st != 401 {
		t.Errorf("the code already used to turn two-step sign-in on answered status %d, want 401", st)
	}
	b.wantText("#code-error", "That code is not right.")
	b.fill("#code", totpCode(t, b.ctx, secret)) // the app's next code
	if st := b.click(`main form[action="/signin/code"] button[type=submit]`); st != 200 {
		t.Fatalf("the next code answered status %d", st)
	}
	b.wantLocation("/")
	b.wantText("main h1", "Hello, "+a.name)
	b.signOut()

	// Without the phone: a recovery code, once.
	b.signIn(a.email, a.password)
	b.wantLocation("/signin/code")
	b.do("open the recovery code form", chromedp.Click(chromedp.CSS("main details.recovery summary")))
	b.fill("#recovery-code", recovery[0])
	if st := b.click(`main details.recovery form button[type=submit]`); st != 200 {
		t.Fatalf("a recovery code answered status %d", st)
	}
	b.wantLocation("/")
	b.signOut()
	b.signIn(a.email, a.password)
	b.do("open the recovery code form", chromedp.Click(chromedp.CSS("main details.recovery summary")))
	b.fill("#recovery-code", recovery[0])
	if st := b.click(`main details.recovery form button[type=submit]`); st != 401 {
		t.Errorf("a used recovery code answered status %d, want 401", st)
	}
}

// wantQRCode checks that the two-step set-up page shows the key as a QR code
// image that the browser could decode, with a text alternative.
func wantQRCode(b *tab) {
	b.t.Helper()
	const img = `main img[src^="data:image/png;base64,"]`
	if !b.has(img) {
		b.t.Errorf("%s shows no QR code (%s)", b.location(), img)
		return
	}
	if !js[bool](b, `(i => i.complete && i.naturalWidth > 0)(document.querySelector(`+jsString(img)+`))`) {
		b.t.Errorf("%s: the browser could not decode the QR code image", b.location())
	}
	if alt := b.attr(img, "alt"); alt == "" {
		b.t.Errorf("%s: the QR code has no alt text", b.location())
	}
}
