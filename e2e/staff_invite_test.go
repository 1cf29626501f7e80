package e2e

import (
	"strings"
	"testing"
	"time"
)

// A program admin invites a nurse who is new to Onward, on a 390-pixel
// phone. The nurse opens the e-mailed link, chooses Create a staff account,
// signs up with the invited address, follows the sign-up's own link, sets
// up two-step sign-in before anything else, and then works in the
// program's caseload; the admin sees the nurse on the staff.
func TestNewStaffMemberJoinsThroughTheInvitation(t *testing.T) {
	admin := openTab(t)
	admin.phone()
	const adminEmail = "admin@demo.onward"
	if st := admin.signIn(adminEmail, demoPassword); st != 200 {
		t.Fatalf("admin sign-in: status %d", st)
	}
	admin.fill("#code", totpCode(t, admin.ctx, demoTOTPSecret(t, adminEmail)))
	admin.click(`main form[action="/signin/code"] button[type=submit]`)

	admin.click(`nav a[href="/program/staff"]`)
	admin.wantText("main h1", "Staff")
	nurse := newAccount("nurse")
	since := time.Now()
	admin.fill("#email", nurse.email)
	admin.choose("#title", "nurse")
	admin.click(`main form[action="/program/staff/invitations"] button[type=submit]`)
	admin.wantText("#pending-h", "Invitations not yet accepted")
	admin.wantText("main", nurse.email)
	link := emailLink(t, waitMail(t, nurse.email, since).Body, "/staff-invite/")

	// The nurse, new to Onward, on their own phone.
	b := openTab(t)
	b.phone()
	b.open(link)
	b.wantText("main", "You are invited as Nurse", nurse.email, "Create a staff account")
	b.click(`main a[href="/signup?next=` + link + `"]`)
	b.fill("#display_name", nurse.name)
	b.fill("#email", nurse.email)
	b.fill("#password", nurse.password)
	b.choose("#timezone", "America/Chicago")
	b.tick("#agree")
	since = time.Now()
	b.click(`main form[action="/signup"] button[type=submit]`)
	b.wantLocation("/signup/sent")
	b.confirmSignUp(waitMail(t, nurse.email, since))

	// Two-step sign-in first: nothing of the program opens before it.
	b.wantLocation("/account/two-factor")
	b.wantFlash("You are on the staff. Set up two-step sign-in now")
	b.open("/program/caseload")
	b.wantLocation("/account/two-factor")
	secret := b.text("main code.secret")
	b.fill("#code", totpCode(t, b.ctx, secret))
	b.click(`main form[action="/account/two-factor"] button[type=submit]`)
	b.open("/program/caseload")
	b.wantLocation("/program/caseload")
	b.wantText("main h1", "Caseload")
	b.checkPage()

	admin.open("/program/staff")
	admin.wantText("main", nurse.name, "Nurse")
	if strings.Contains(admin.text("main"), "Invitations not yet accepted") && strings.Contains(admin.text("#pending-h ~ ul"), nurse.email) {
		t.Errorf("the accepted invitation is still listed as pending")
	}
}
