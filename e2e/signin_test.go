package e2e

import "testing"

// The sign-in page names the missing fields of an empty form, and says so
// when the email and password do not match, without saying which is wrong,
// keeping the email but not the password; in English and in Spanish. The
// right password still works after the mistakes.
func TestSignInShowsErrors(t *testing.T) {
	a := newAccount("signin")
	openTab(t).signUp(a) // on another device

	b := openTab(t)
	b.open("/signin")
	if st := b.click(`main form[action="/signin"] button[type=submit]`); st != 400 {
		t.Errorf("an empty sign-in answered status %d, want 400", st)
	}
	b.wantText(".error-summary", "Please check the form")
	b.wantText("#email-error", "Enter your email address.")
	b.wantText("#password-error", "Enter your password.")

	b.fill("#email", a.email)
	b.fill("#password", "not my password at all")
	if st := b.click(`main form[action="/signin"] button[type=submit]`); st != 401 {
		t.Errorf("a wrong password answered status %d, want 401", st)
	}
	b.wantLocation("/signin")
	b.wantFlash("That email and password do not match an account.")
	if got := b.value("#email"); got != a.email {
		t.Errorf("after a wrong password the email field holds %q, want %q", got, a.email)
	}
	if got := b.value("#password"); got != "" {
		t.Errorf("after a wrong password the password field holds %q; a page must never send a password back", got)
	}
	b.wantElement(`nav a[href="/signin"]`) // not signed in

	b.switchLanguage("es")
	b.fill("#email", a.email)
	b.fill("#password", "tampoco es mi contraseña")
	b.click(`main form[action="/signin"] button[type=submit]`)
	b.wantFlash("Ese correo electrónico y esa contraseña no coinciden con ninguna cuenta.")
	b.switchLanguage("en")

	b.fill("#email", a.email)
	b.fill("#password", a.password)
	b.click(`main form[action="/signin"] button[type=submit]`)
	b.wantLocation("/")
	b.wantText("main h1", "Hello, "+a.name)
}
