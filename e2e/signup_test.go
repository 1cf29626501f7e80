package e2e

import (
	"strings"
	"testing"
	"time"
)

// A new member signs up with the time zone that the page chose from the
// device, lands on the signed-in home page, sees the account in English and
// in Spanish, signs out, and signs in again, coming back to the page that
// asked for it.
func TestSignUpSignOutSignIn(t *testing.T) {
	b := openTab(t)
	b.timeZone("America/Denver")
	a := newAccount("signup")

	b.open("/")
	b.click(`nav a[href="/signup"]`)
	b.wantText("main h1", "Create your account")
	if got := b.value("#timezone"); got != "America/Denver" {
		t.Errorf("the sign-up page preselects the time zone %q on a device in America/Denver", got)
	}
	b.fill("#display_name", a.name)
	b.fill("#email", a.email)
	b.fill("#password", a.password)
	b.tick("#agree")
	since := time.Now()
	if st := b.click(`main form[action="/signup"] button[type=submit]`); st != 200 {
		t.Fatalf("sign up: status %d", st)
	}
	// The account is made by the link the server emails.
	b.wantLocation("/signup/sent")
	b.wantText("main h1", "Check your email")
	b.confirmSignUp(waitMail(t, a.email, since))
	b.wantLocation("/")
	b.wantText("main h1", "Hello, "+a.name)
	b.wantFlash("Welcome to Onward. Your account is ready.")
	b.wantElement(`nav form[action="/signout"]`)

	b.click(`nav a[href="/account"]`)
	b.wantLocation("/account")
	b.wantText("main", a.name, a.email, "America/Denver", "Off.")

	b.switchLanguage("es")
	b.wantText("main h1", "Su cuenta")
	b.wantText(`nav form[action="/signout"] button`, "Cerrar sesión")
	b.switchLanguage("en")
	b.wantText("main h1", "Your account")

	b.signOut()
	b.wantFlash("You are signed out.")
	b.wantText("main h1", "Recovery from opioids is possible")

	// The account page asks for a sign-in and returns to itself after it.
	b.open("/account")
	b.wantLocation("/signin?next=/account")
	b.fill("#email", strings.ToUpper(a.email)) // addresses are not case-sensitive
	b.fill("#password", a.password)
	if st := b.click(`main form[action="/signin"] button[type=submit]`); st != 200 {
		t.Fatalf("sign in: status %d", st)
	}
	b.wantLocation("/account")
	b.wantText("main", a.email)
}

// A sign-up with an invalid email address and a weak password shows both
// errors in the summary and at the fields, marks the fields invalid, keeps
// what the person entered except the password, and creates no account; in
// Spanish too.
func TestSignUpShowsErrors(t *testing.T) {
	b := openTab(t)
	before := countUsers(t)
	badEmail := strings.Replace(newAccount("rosa").email, "@", " at ", 1)

	b.open("/signup")
	b.fill("#display_name", "Rosa")
	b.fill("#email", badEmail)
	b.fill("#password", "short")
	b.choose("#timezone", "America/Phoenix")
	b.tick("#agree")
	if st := b.click(`main form[action="/signup"] button[type=submit]`); st != 400 {
		t.Errorf("a sign-up with errors answered status %d, want 400", st)
	}
	b.wantLocation("/signup")
	b.wantText(".error-summary", "Please check the form",
		"Enter an email address like name@example.com.", "Use at least 10 characters.")
	b.wantText("#email-error", "Enter an email address like name@example.com.")
	b.wantText("#password-error", "Use at least 10 characters.")
	for _, field := range []string{"email", "password"} {
		b.wantElement(`.error-summary a[href="#` + field + `"]`)
		if got := b.attr("#"+field, "aria-invalid"); got != "true" {
			t.Errorf("#%s has aria-invalid=%q, want true", field, got)
		}
		if got := b.attr("#"+field, "aria-describedby"); !strings.Contains(got, field+"-error") {
			t.Errorf("#%s has aria-describedby=%q, want it to name %s-error", field, got, field)
		}
	}
	b.wantNoElement("#display_name-error")
	b.wantNoElement(`#display_name[aria-invalid]`)
	if got := b.value("#display_name"); got != "Rosa" {
		t.Errorf("the name field holds %q after the errors, want what was typed, Rosa", got)
	}
	if got := b.value("#email"); got != badEmail {
		t.Errorf("the email field holds %q after the errors, want what was typed, %q", got, badEmail)
	}
	if got := b.value("#password"); got != "" {
		t.Errorf("the password field holds %q after the errors; a page must never send a password back", got)
	}
	if got := b.value("#timezone"); got != "America/Phoenix" {
		t.Errorf("the time zone is %q after the errors, want the one chosen, America/Phoenix", got)
	}
	if !js[bool](b, `document.querySelector("#agree").checked`) {
		t.Error("the agreement box is not ticked any more after the errors")
	}
	b.wantElement(`nav a[href="/signin"]`) // not signed in

	// The same in Spanish.
	b.switchLanguage("es")
	b.fill("#display_name", "Rosa")
	b.fill("#email", badEmail)
	b.fill("#password", "short")
	b.tick("#agree")
	if st := b.click(`main form[action="/signup"] button[type=submit]`); st != 400 {
		t.Errorf("a sign-up with errors in Spanish answered status %d, want 400", st)
	}
	b.wantText(".error-summary", "Revise el formulario")
	b.wantText("#email-error", "Escriba un correo electrónico como nombre@ejemplo.com.")
	b.wantText("#password-error", "Use al menos 10 caracteres.")
	b.switchLanguage("en")

	if after := countUsers(t); after != before {
		t.Errorf("sign-ups with errors changed the number of accounts from %d to %d", before, after)
	}
}
