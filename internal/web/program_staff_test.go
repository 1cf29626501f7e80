package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

var staffInviteLinkRe = regexp.MustCompile(`/staff-invite/([A-Za-z0-9_-]+)`)

// staffInviteToken invites email to f's program as title, through the
// admin's page, and returns the token the e-mail carries.
func (f *programFixture) staffInviteToken(t *testing.T, email, title string) string {
	t.Helper()
	res := f.adminC.post("/program/staff/invitations", url.Values{"program": {f.programID}, "email": {email}, "title": {title}})
	wantStatus(t, res, http.StatusSeeOther)
	msg := f.e.mail.last(t)
	m := staffInviteLinkRe.FindStringSubmatch(msg.Body)
	if msg.To != strings.ToLower(email) || m == nil {
		t.Fatalf("the invitation e-mail went to %q and reads %q", msg.To, msg.Body)
	}
	return m[1]
}

func (f *programFixture) staffTitle(t *testing.T, userID string) onward.StaffTitle {
	t.Helper()
	staff, err := f.e.store.ProgramStaff(context.Background(), f.programID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range staff {
		if m.UserID == userID {
			return m.Title
		}
	}
	return ""
}

// TestStaffInvitationByEmail: the admin invites a nurse by e-mail; the link
// names the program and the role, works only for the account with that
// address (a staff account), once, and puts them on the staff with that
// title; a withdrawn or expired link does not work.
func TestStaffInvitationByEmail(t *testing.T) {
	f := newProgramFixture(t)
	page := f.adminC.get("/program/staff?program=" + f.programID)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Invite someone to the staff", f.lee.DisplayName, f.lee.Email, `<option value="peer_specialist">Peer specialist</option>`)

	token := f.staffInviteToken(t, "Nurse@Clinic.example", "nurse")
	msg := f.e.mail.last(t)
	if !strings.Contains(msg.Subject, "Example") && !strings.Contains(msg.Subject, "join") {
		t.Errorf("subject %q", msg.Subject)
	}
	wantBody(t, f.adminC.get("/program/staff?program="+f.programID), "nurse@clinic.example", "Withdraw the invitation")

	// Anyone with the link sees the program and the role, and is asked to sign in.
	visitor := f.e.newClient()
	join := visitor.get("/staff-invite/" + token)
	wantStatus(t, join, http.StatusOK)
	wantBody(t, join, "You are invited as Nurse, with the address nurse@clinic.example", "Sign in to accept")
	if got := join.header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q: the link must not leak", got)
	}
	res := visitor.post("/staff-invite/"+token, nil)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != "/signin?next="+url.QueryEscape("/staff-invite/"+token) {
		t.Errorf("a visitor accepting goes to %q, want sign-in and back", loc)
	}

	// Another address, or a member's account with this address, cannot use it.
	wantBody(t, f.leeC.post("/staff-invite/"+token, nil), "This invitation was sent to another e-mail address")

	nurse := f.e.addUser("nurse@clinic.example", onward.RoleClinician)
	f.e.enableTOTP(nurse)
	nc := f.e.newClient()
	nc.signIn(nurse)
	wantBody(t, nc.get("/staff-invite/"+token), "Join Example")
	res = nc.post("/staff-invite/"+token, nil)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); !strings.HasPrefix(loc, "/program/caseload?program="+f.programID) {
		t.Errorf("joining went to %q, want the caseload", loc)
	}
	if got := f.staffTitle(t, nurse.ID); got != onward.TitleNurse {
		t.Fatalf("the nurse is on the staff as %q", got)
	}
	wantStatus(t, nc.get("/program/caseload?program="+f.programID), http.StatusOK)
	// The link works once.
	wantStatus(t, nc.post("/staff-invite/"+token, nil), http.StatusNotFound)
	wantBody(t, f.e.newClient().get("/staff-invite/"+token), "This invitation link does not work")

	// A member's account with the invited address stays a member's.
	memberToken := f.staffInviteToken(t, f.member.Email, "clinician")
	res = f.mc.post("/staff-invite/"+memberToken, nil)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Staff need an account of their own")
	if u, _ := f.e.store.UserByEmail(context.Background(), f.member.Email); u.Role != onward.RoleMember {
		t.Fatalf("the member's account became %s", u.Role)
	}

	// A withdrawn invitation, and an expired one, do not work.
	withdrawn := f.staffInviteToken(t, "gone@clinic.example", "clinician")
	roster, err := f.e.server.app.Roster(context.Background(), f.admin, f.programID)
	if err != nil {
		t.Fatal(err)
	}
	var inviteID string
	for _, inv := range roster.Invites {
		if inv.Email == "gone@clinic.example" {
			inviteID = inv.ID
		}
	}
	wantStatus(t, f.adminC.post("/program/staff/invitations/"+inviteID+"/withdraw", url.Values{"program": {f.programID}}), http.StatusSeeOther)
	wantStatus(t, f.e.newClient().get("/staff-invite/"+withdrawn), http.StatusNotFound)
	late := f.staffInviteToken(t, "late@clinic.example", "clinician")
	f.e.clock.advance(onward.StaffInviteTTL + time.Minute)
	wantStatus(t, f.e.newClient().get("/staff-invite/"+late), http.StatusNotFound)
}

// TestStaffInvitationMakesANewAccount: someone new to Onward creates their
// account from the invitation. The link e-mailed to the invited address
// makes a staff account with the invited role, on the staff at once, and
// two-step sign-in is set up before anything else; signing up from the
// link with another address makes an ordinary member's account; a link
// withdrawn before the address is confirmed makes a member's account too.
func TestStaffInvitationMakesANewAccount(t *testing.T) {
	f := newProgramFixture(t)
	token := f.staffInviteToken(t, "Kim@Clinic.example", "nurse")
	next := "/staff-invite/" + token
	wantBody(t, f.e.newClient().get(next), "Create a staff account", `href="/signup?next=`+next+`"`, "kim@clinic.example")

	kc := f.e.newClient()
	form := signupForm("kim@clinic.example", testPassword)
	form.Set("next", next)
	if loc := kc.signUp(form); loc != "/account/two-factor" {
		t.Fatalf("the confirmed sign-up went to %q, want the two-step set-up", loc)
	}
	kim, err := f.e.store.UserByEmail(context.Background(), "kim@clinic.example")
	if err != nil || kim.Role != onward.RoleClinician {
		t.Fatalf("the new account is %+v (%v), want a clinician's", kim, err)
	}
	if got := f.staffTitle(t, kim.ID); got != onward.TitleNurse {
		t.Fatalf("the new account is on the staff as %q, want nurse", got)
	}
	// Nothing of the program's until two-step sign-in is set up.
	res := kc.get("/program/caseload?program=" + f.programID)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/account/two-factor" {
		t.Errorf("before two-step set-up the caseload answered %d to %q", res.status, res.header.Get("Location"))
	}
	wantStatus(t, f.e.newClient().get(next), http.StatusNotFound) // used

	// Another address: the link proves nothing about the invited one.
	other := f.staffInviteToken(t, "lee.nurse@clinic.example", "clinician")
	form = signupForm("someone.else@example.com", testPassword)
	form.Set("next", "/staff-invite/"+other)
	f.e.newClient().signUp(form)
	if u, _ := f.e.store.UserByEmail(context.Background(), "someone.else@example.com"); u == nil || u.Role != onward.RoleMember {
		t.Fatalf("a sign-up with another address made %+v, want a member's account", u)
	}
	wantStatus(t, f.e.newClient().get("/staff-invite/"+other), http.StatusOK) // still unused

	// Withdrawn between the form and the link: a member's account.
	gone := f.staffInviteToken(t, "gone@clinic.example", "clinician")
	form = signupForm("gone@clinic.example", testPassword)
	form.Set("next", "/staff-invite/"+gone)
	gc := f.e.newClient()
	res = gc.post("/signup", form)
	wantStatus(t, res, http.StatusSeeOther)
	roster, err := f.e.server.app.Roster(context.Background(), f.admin, f.programID)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range roster.Invites {
		if inv.Email == "gone@clinic.example" {
			wantStatus(t, f.adminC.post("/program/staff/invitations/"+inv.ID+"/withdraw", url.Values{"program": {f.programID}}), http.StatusSeeOther)
		}
	}
	wantStatus(t, gc.post(f.e.linkTo("gone@clinic.example"), nil), http.StatusSeeOther)
	if u, _ := f.e.store.UserByEmail(context.Background(), "gone@clinic.example"); u == nil || u.Role != onward.RoleMember {
		t.Fatalf("a sign-up whose staff invitation was withdrawn made %+v, want a member's account", u)
	}
}

func TestStaffInvitationBadInput(t *testing.T) {
	f := newProgramFixture(t)
	sent := len(f.e.mail.sent)
	for _, tt := range []struct {
		name, email, title, field, message string
	}{
		{"ErrNoEmail", "", "nurse", "email", "Enter your email address"},
		{"ErrNotAnEmail", "nurse at clinic", "nurse", "email", "Enter an email address"},
		{"ErrNoTitle", "a@clinic.example", "", "title", "Choose a role."},
		{"ErrUnknownTitle", "a@clinic.example", "operator", "title", "Choose a role."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := f.adminC.post("/program/staff/invitations", url.Values{"program": {f.programID}, "email": {tt.email}, "title": {tt.title}})
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tt.field+`-error"`, tt.message)
		})
	}
	if len(f.e.mail.sent) != sent {
		t.Fatal("bad input sent an e-mail")
	}
	token := createAPIToken(t, f.e, f.admin)
	res := f.e.newClient().api(http.MethodPost, "/api/v1/programs/"+f.programID+"/staff-invitations", token, `{"email":"x@clinic.example","title":"boss"}`)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `"title"`)
}

// TestStaffRolesAndRemoval: the admin changes what people do and takes
// them off the staff (after a confirmation step); someone taken off sees
// nothing of the program at once, refused and recorded; the last admin
// stays; clinicians cannot manage the staff.
func TestStaffRolesAndRemoval(t *testing.T) {
	f := newProgramFixture(t)
	ctx := context.Background()
	form := url.Values{"program": {f.programID}}

	// A clinician cannot manage the staff: refused and recorded.
	wantStatus(t, f.leeC.get("/program/staff?program="+f.programID), http.StatusForbidden)
	wantStatus(t, f.leeC.post("/program/staff/"+f.admin.ID+"/remove", url.Values{"program": {f.programID}, "confirm": {"yes"}}), http.StatusForbidden)
	if f.staffTitle(t, f.admin.ID) != onward.TitleProgramAdmin {
		t.Fatal("a clinician took the admin off the staff")
	}

	// Peer specialist, then back: the account stays a clinician's.
	wantStatus(t, f.adminC.post("/program/staff/"+f.lee.ID+"/title", url.Values{"program": {f.programID}, "title": {"peer_specialist"}}), http.StatusSeeOther)
	if got := f.staffTitle(t, f.lee.ID); got != onward.TitlePeerSpecialist {
		t.Fatalf("title %q", got)
	}
	wantBody(t, f.adminC.get("/program/enrolments/"+f.enrolmentID+"?program="+f.programID), f.lee.DisplayName)
	res := f.adminC.post("/program/staff/"+f.lee.ID+"/title", url.Values{"program": {f.programID}, "title": {"operator"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Choose a role.")

	// The last admin stays an admin and on the staff.
	res = f.adminC.post("/program/staff/"+f.admin.ID+"/title", url.Values{"program": {f.programID}, "title": {"clinician"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "A program needs at least one admin")
	res = f.adminC.post("/program/staff/"+f.admin.ID+"/remove", url.Values{"program": {f.programID}, "confirm": {"yes"}})
	wantStatus(t, res, http.StatusConflict)

	// Removal asks first, then ends access at once.
	confirm := f.adminC.get("/program/staff/" + f.lee.ID + "/remove?program=" + f.programID)
	wantStatus(t, confirm, http.StatusOK)
	wantBody(t, confirm, "Take "+f.lee.DisplayName+" off the staff?", `name="confirm" value="yes"`, "No, keep them")
	res = f.adminC.post("/program/staff/"+f.lee.ID+"/remove", form)
	wantStatus(t, res, http.StatusSeeOther)
	if f.staffTitle(t, f.lee.ID) == "" {
		t.Fatal("a removal without confirmation went ahead")
	}
	wantStatus(t, f.adminC.post("/program/staff/"+f.lee.ID+"/remove", url.Values{"program": {f.programID}, "confirm": {"yes"}}), http.StatusSeeOther)
	if f.staffTitle(t, f.lee.ID) != "" {
		t.Fatal("still on the staff after removal")
	}
	e, err := f.e.store.Enrolment(ctx, f.programID, f.enrolmentID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.CareTeam) != 0 {
		t.Fatalf("still on the care team: %+v", e.CareTeam)
	}
	before := len(f.programRefusals(t, f.lee.ID))
	wantStatus(t, f.leeC.get("/program/enrolments/"+f.enrolmentID+"?program="+f.programID), http.StatusForbidden)
	if after := len(f.programRefusals(t, f.lee.ID)); after != before+1 {
		t.Fatalf("the removed clinician's look was recorded %d times, want once", after-before)
	}
	token := createAPIToken(t, f.e, f.lee)
	wantStatus(t, f.e.newClient().api(http.MethodGet, "/api/v1/programs/"+f.programID+"/caseload", token, ""), http.StatusForbidden)

	// The API says the same as the page.
	adminToken := createAPIToken(t, f.e, f.admin)
	list := f.e.newClient().api(http.MethodGet, "/api/v1/programs/"+f.programID+"/staff", adminToken, "")
	wantStatus(t, list, http.StatusOK)
	if strings.Contains(list.body, f.lee.ID) || !strings.Contains(list.body, `"title": "program_admin"`) {
		t.Fatalf("staff JSON %s", list.body)
	}
	wantStatus(t, f.e.newClient().api(http.MethodDelete, "/api/v1/programs/"+f.programID+"/staff/"+f.admin.ID, adminToken, ""), http.StatusConflict)
}

// TestStaffInvitationLimit: a program sends at most 30 invitations a day,
// even in a burst.
func TestStaffInvitationLimit(t *testing.T) {
	f := newProgramFixture(t)
	token := createAPIToken(t, f.e, f.admin)
	created, limited := 0, 0
	for i := range 32 {
		res := f.e.newClient().api(http.MethodPost, "/api/v1/programs/"+f.programID+"/staff-invitations", token,
			`{"email":"p`+string(rune('a'+i%26))+string(rune('a'+i/26))+`@clinic.example","title":"clinician"}`)
		switch res.status {
		case http.StatusCreated:
			created++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("status %d: %s", res.status, res.body)
		}
	}
	if created != 30 || limited != 2 {
		t.Fatalf("%d created and %d refused, want 30 and 2", created, limited)
	}
}

// programRefusals are the refusals recorded against f's program for actor.
func (f *programFixture) programRefusals(t *testing.T, actor string) []onward.AuditEntry {
	t.Helper()
	entries, err := f.e.store.AccessByOthers(context.Background(), f.programID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []onward.AuditEntry
	for _, e := range entries {
		if e.ActorID == actor && !e.Allowed {
			out = append(out, e)
		}
	}
	return out
}
