package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A member who forgot the password asks for a link, gets it by email (through
// a real SMTP server), sets a new password with it, and signs in with the new
// one. The reset signs out the other device, the old password stops working,
// and the link works once. An address with no account gets the same answer
// and no email.
func TestPasswordResetByEmail(t *testing.T) {
	a := newAccount("reset")
	other := openTab(t) // a device where the member is signed in
	other.signUp(a)

	b := openTab(t)
	b.open("/signin")
	b.click(`main a[href="/password/forgot"]`)
	b.wantText("main h1", "Reset your password")

	const sent = "If an account uses that address, we have sent it a link to reset the password."
	nobody := newAccount("nobody").email
	b.fill("#email", nobody)
	b.click(`main form[action="/password/forgot"] button[type=submit]`)
	b.wantLocation("/signin")
	b.wantFlash(sent)

	b.click(`main a[href="/password/forgot"]`)
	since := time.Now()
	b.fill("#email", strings.ToUpper(a.email))
	b.click(`main form[action="/password/forgot"] button[type=submit]`)
	b.wantLocation("/signin")
	b.wantFlash(sent)

	mail := waitMail(t, a.email, since)
	// The server sends after it answers, the same for every address; the
	// address without an account was looked up first, so an email to it
	// would be here by now.
	for _, m := range mailbox.Messages() {
		if slices.Contains(m.To, nobody) {
			t.Errorf("the server emailed %s, which has no account: %q", nobody, m.Subject)
		}
	}
	if !slices.Equal(mail.To, []string{a.email}) {
		t.Errorf("the reset email went to %q, want only %s", mail.To, a.email)
	}
	if mail.Subject != "Your Onward password reset link" {
		t.Errorf("the reset email's subject is %q", mail.Subject)
	}
	link := resetLink(t, mail.Body)

	b.open(link)
	b.wantText("main h1", "Choose a new password")
	const newPassword = "lantern over the harbour"
	b.fill("#password", newPassword)
	b.fill("#confirm", "lantern over the harbor")
	if st := b.click(`main form button[type=submit]`); st != 400 {
		t.Errorf("two different new passwords answered status %d, want 400", st)
	}
	b.wantText("#confirm-error", "The two passwords are not the same.")
	b.fill("#password", newPassword)
	b.fill("#confirm", newPassword)
	b.click(`main form button[type=submit]`)
	b.wantLocation("/signin")
	b.wantFlash("Your password is changed. Sign in with the new one.")

	// The device that was signed in is signed out.
	other.open("/account")
	other.wantLocation("/signin?next=/account")

	// The old password no longer works; the new one does.
	b.fill("#email", a.email)
	b.fill("#password", a.password)
	if st := b.click(`main form[action="/signin"] button[type=submit]`); st != 401 {
		t.Errorf("the old password answered status %d, want 401", st)
	}
	b.wantFlash("That email and password do not match an account.")
	b.signIn(a.email, newPassword)
	b.wantLocation("/")
	b.wantText("main h1", "Hello, "+a.name)

	// The link works once.
	if st := b.open(link); st != 400 {
		t.Errorf("a used reset link answered status %d, want 400", st)
	}
	b.wantFlash("This reset link has expired or was already used.")
	b.wantNoElement("#password")
	b.wantText(`main a[href="/password/forgot"]`, "Ask for a new link")
	b.switchLanguage("es")
	b.wantFlash("Este enlace caducó o ya se usó.")
	b.wantText(`main a[href="/password/forgot"]`, "Pedir un enlace nuevo")
}
