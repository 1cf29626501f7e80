package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func goodProgramConsent(memberID, programID string) *onward.ProgramConsent {
	return &onward.ProgramConsent{MemberID: memberID, ProgramID: programID, Categories: []onward.Category{onward.CategoryMilestones},
		Purpose: onward.PurposeTreatment, PatientName: "Hal Jordan", Signature: "hal  JORDAN", UntilEndOfTreatment: true}
}

func TestProgramConsentEnforcement(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	programA, programB := twoPrograms(t, s)
	member := createUser(t, s, "hal@example.com", onward.RoleMember)
	clinician := createUser(t, s, "cara@example.com", onward.RoleClinician)
	admin := createUser(t, s, "adam@example.com", onward.RoleProgramAdmin)
	otherStaff := createUser(t, s, "olga@example.com", onward.RoleClinician)
	unattached := createUser(t, s, "uma@example.com", onward.RoleClinician)
	err := s.Write(ctx, func(tx *Tx) error {
		for _, st := range []struct{ program, user string }{{programA, clinician.ID}, {programA, admin.ID}, {programB, otherStaff.ID}} {
			if err := tx.AddProgramStaff(ctx, st.program, st.user); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	consent := goodProgramConsent(member.ID, programA)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateProgramConsent(ctx, consent) }); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Second)
	read := func(u *onward.User, cat onward.Category) error {
		return s.Access(ctx, onward.AccessRequest{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: member.ID,
			Category: cat, Action: onward.ActionRead}, func(*Tx) error { return nil })
	}

	t.Run("ProgramStaffReadSharedCategory", func(t *testing.T) {
		for _, u := range []*onward.User{clinician, admin} {
			if err := read(u, onward.CategoryMilestones); err != nil {
				t.Fatalf("%s: %v", u.Email, err)
			}
		}
	})
	t.Run("NotTheUnsharedCategories", func(t *testing.T) {
		wantCode(t, read(clinician, onward.CategoryCheckins), onward.EFORBIDDEN)
		wantCode(t, read(clinician, onward.CategoryJournal), onward.EFORBIDDEN)
	})
	t.Run("NotAnotherProgramOrAnUnattachedClinician", func(t *testing.T) {
		wantCode(t, read(otherStaff, onward.CategoryMilestones), onward.EFORBIDDEN)
		wantCode(t, read(unattached, onward.CategoryMilestones), onward.EFORBIDDEN)
	})
	t.Run("ReadIsAuditedAsSharedByConsent", func(t *testing.T) {
		log, err := s.AccessByOthers(ctx, member.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range log {
			found = found || e.ActorID == clinician.ID && e.Allowed && e.Reason == "shared by consent"
		}
		if !found {
			t.Fatalf("no allowed read by the clinician with reason %q in %+v", "shared by consent", log)
		}
	})
	t.Run("RemovedFromStaffLosesAccess", func(t *testing.T) {
		if _, err := s.exec(ctx, "DELETE FROM program_staff WHERE program_id = ? AND user_id = ?", programA, admin.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, read(admin, onward.CategoryMilestones), onward.EFORBIDDEN)
	})
	t.Run("RevokedAtOnce", func(t *testing.T) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.RevokeProgramConsent(ctx, member.ID, consent.ID) }); err != nil {
			t.Fatal(err)
		}
		wantCode(t, read(clinician, onward.CategoryMilestones), onward.EFORBIDDEN)
		wantCode(t, s.Write(ctx, func(tx *Tx) error { return tx.RevokeProgramConsent(ctx, member.ID, consent.ID) }), onward.ENOTFOUND)
	})
	t.Run("EndingSupportIgnoresProgramConsents", func(t *testing.T) {
		again := goodProgramConsent(member.ID, programA)
		if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateProgramConsent(ctx, again) }); err != nil {
			t.Fatal(err)
		}
		var ended int
		if err := s.Write(ctx, func(tx *Tx) (err error) { ended, err = tx.EndSharing(ctx, member.ID, clinician.ID); return err }); err != nil || ended != 0 {
			t.Fatalf("EndSharing = %d, %v; want nothing ended", ended, err)
		}
		list, err := s.ProgramConsents(ctx, member.ID)
		if err != nil || len(list) != 2 || !list[0].ActiveAt(c.now()) {
			t.Fatalf("ProgramConsents = %+v, %v; want the new consent still in force first", list, err)
		}
	})
}
