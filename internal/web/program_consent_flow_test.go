package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// redisclosureNotice is a phrase of the 42 CFR part 2 notice.
const redisclosureNotice = "including in any civil, criminal, administrative or legislative proceeding against the patient"

// programConsentFormValues is a good consent to programID, changed by the pairs.
func programConsentFormValues(programID string, pairs ...string) url.Values {
	f := url.Values{"program": {programID}, "share": {"milestones", "checkins"}, "purpose": {"treatment"},
		"expiry": {"end_of_treatment"}, "revocation": {"yes"}, "patient_name": {"Ana Torres"}, "signature": {"ana torres"}}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			f.Del(pairs[i])
		} else {
			f.Set(pairs[i], pairs[i+1])
		}
	}
	return f
}

func TestProgramConsentFormValidation(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	var programID string
	for _, id := range ids {
		programID = id
		break
	}
	e.addStaffUser("lee@example.com", onward.RoleClinician, programID)
	member, mc := newMember(t, e)
	wantBody(t, mc.get("/support/programs/new"), "Share with a treatment program", `name="signature"`, `name="revocation"`)

	cases := []struct {
		name  string
		pairs []string
		want  string
	}{
		{"NoName", []string{"patient_name", ""}, "Type your full name."},
		{"NoProgram", []string{"program", ""}, "Choose the program to share with."},
		{"UnknownProgram", []string{"program", "0190f5c2-0000-7000-8000-000000000009"}, "We could not find that program."},
		{"NothingShared", []string{"share", ""}, "Choose at least one kind of information to share."},
		{"JournalRefused", []string{"share", "journal"}, "The journal is private"},
		{"NoPurpose", []string{"purpose", ""}, "Choose why you are sharing."},
		{"NoRevocationAcknowledgement", []string{"revocation", ""}, "Confirm that you understand how to revoke this consent."},
		{"NoExpiry", []string{"expiry", ""}, "Choose when this consent ends."},
		{"BadDate", []string{"expiry", "date", "expires_on", "soon"}, "Enter the end date as a date"},
		{"PastDate", []string{"expiry", "date", "expires_on", "2001-01-01"}, "The end date must be in the future."},
		{"EndOfTreatmentNeedsTreatment", []string{"purpose", "at my request"}, "can only be chosen when the purpose is treatment"},
		{"NoSignature", []string{"signature", ""}, "Type your full name again to sign."},
		{"SignatureDiffers", []string{"signature", "Someone Else"}, "Your signature must be the same name you typed above."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mc.post("/support/programs", programConsentFormValues(programID, tc.pairs...))
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tc.want, `class="field-error"`)
		})
	}
	t.Run("NothingWrittenOnError", func(t *testing.T) {
		list, err := e.store.ProgramConsents(context.Background(), member.ID)
		if err != nil || len(list) != 0 {
			t.Fatalf("ProgramConsents = %v, %v; want none", list, err)
		}
	})
	t.Run("GoodConsentWithADate", func(t *testing.T) {
		res := mc.post("/support/programs", programConsentFormValues(programID, "purpose", "at my request", "expiry", "date", "expires_on", "2099-06-30"))
		wantStatus(t, res, http.StatusSeeOther)
	})
}

func TestProgramConsentSharingAndRevocation(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	var programA, programB string
	for _, id := range ids {
		if programA == "" {
			programA = id
		} else if programB == "" && id != programA {
			programB = id
		}
	}
	clinician := e.addStaffUser("lee@example.com", onward.RoleClinician, programA)
	admin := e.addStaffUser("admin-a@example.com", onward.RoleProgramAdmin, programA)
	otherStaff := e.addStaffUser("admin-b@example.com", onward.RoleProgramAdmin, programB)
	unattached := e.addUser("uma@example.com", onward.RoleClinician)
	e.enableTOTP(unattached)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	operator := e.addUser("op@example.com", onward.RoleOperator)
	e.enableTOTP(operator)
	member, mc := newMember(t, e)
	onboard(t, mc, "2026-01-01", nil)
	wantStatus(t, mc.post("/support/programs", programConsentFormValues(programA, "share", "milestones")), http.StatusSeeOther)
	list, err := e.store.ProgramConsents(context.Background(), member.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("ProgramConsents = %v, %v", list, err)
	}
	consentID := list[0].ID
	signedIn := func(u *onward.User) *client {
		c := e.newClient()
		c.signIn(u)
		return c
	}
	cc, ac := signedIn(clinician), signedIn(admin)

	t.Run("MemberListShowsEveryElement", func(t *testing.T) {
		wantBody(t, mc.get("/support"), "Patient", "Ana Torres", "The patient, through Onward", "Clean time and milestones: your recovery start date",
			"its clinicians and program admins on Onward", "My treatment", "At the end of treatment", "Right to revoke",
			"Signature", "ana torres", "Date signed", "In force", "Revoke my consent for")
	})
	t.Run("ProgramStaffSeeOnlyTheSharedCategories", func(t *testing.T) {
		for _, c := range []*client{cc, ac} {
			list := c.get("/program/members")
			wantBody(t, list, "Ana Torres", redisclosureNotice)
			page := c.get("/program/members/" + consentID)
			wantBody(t, page, redisclosureNotice, "Clean time and milestones", "days in a row", "The consent this is shared under", "ana torres")
			if strings.Contains(page.body, "Checked in on") {
				t.Fatal("the program page shows check-ins, which were not shared")
			}
		}
	})
	t.Run("ReadsAreAuditedAsSharedByConsent", func(t *testing.T) {
		log, err := e.store.AccessByOthers(context.Background(), member.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range log {
			if entry.ActorID == clinician.ID && entry.Allowed && entry.Reason == "shared by consent" && entry.Category == onward.CategoryMilestones {
				return
			}
		}
		t.Fatalf("no audited read by the clinician as shared by consent: %+v", log)
	})
	t.Run("OthersCannotSee", func(t *testing.T) {
		// Staff of another program, or of none, are refused, and the
		// refusal is on the member's record (TestEveryReadOfAnothersDataIsRecordedExactly).
		wantStatus(t, signedIn(otherStaff).get("/program/members/"+consentID), http.StatusForbidden)
		uc := signedIn(unattached)
		wantStatus(t, uc.get("/program/members/"+consentID), http.StatusForbidden)
		wantStatus(t, uc.get("/program/members/0190f5c2-0000-7000-8000-00000000dead"), http.StatusNotFound)
		if strings.Contains(uc.get("/program/members").body, "Ana Torres") {
			t.Fatal("an unattached clinician sees the member in the list")
		}
		wantStatus(t, signedIn(supporter).get("/program/members/"+consentID), http.StatusForbidden)
		wantStatus(t, signedIn(operator).get("/program/members/"+consentID), http.StatusForbidden)
		wantStatus(t, cc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", ""), http.StatusNotFound)
	})
	t.Run("RevocationAsksFirst", func(t *testing.T) {
		wantBody(t, mc.get("/support/programs/"+consentID+"/revoke"), "Revoke your consent for", `name="confirm" value="yes"`)
		res := mc.post("/support/programs/"+consentID+"/revoke", nil)
		wantStatus(t, res, http.StatusSeeOther)
		if got := res.header.Get("Location"); got != "/support/programs/"+consentID+"/revoke" {
			t.Fatalf("a revocation without confirming went to %q, want the question", got)
		}
		wantBody(t, cc.get("/program/members/"+consentID), "days in a row")
	})
	t.Run("RevocationTakesEffectOnTheNextRequest", func(t *testing.T) {
		wantStatus(t, mc.post("/support/programs/"+consentID+"/revoke", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
		page := cc.get("/program/members/" + consentID)
		wantBody(t, page, "This consent has ended; nothing is shared under it.")
		if strings.Contains(page.body, "days in a row") {
			t.Fatal("the program still sees data after revocation")
		}
		wantBody(t, mc.get("/support"), "Revoked")
		wantStatus(t, mc.post("/support/programs/"+consentID+"/revoke", url.Values{"confirm": {"yes"}}), http.StatusNotFound)
		wantStatus(t, mc.get("/support/programs/"+consentID+"/revoke"), http.StatusNotFound)
	})
}
