package sqlstore

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// assessmentAccess runs fn in a write transaction with the recorded
// decision about viewer writing subject's assessments.
func assessmentAccess(t *testing.T, s *Store, viewer *onward.User, subjectID string, fn func(*Tx, Disclosure) error) error {
	t.Helper()
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		d, disclosed, err := tx.decide(ctx, onward.Principal{UserID: viewer.ID, Role: viewer.Role}, subjectID, onward.ActionWrite,
			[]onward.Category{onward.CategoryAssessments})
		if err != nil {
			return err
		}
		if !d.All() {
			return errNoAccess
		}
		return fn(tx, disclosed)
	})
}

func readAssessments(t *testing.T, s *Store, viewer *onward.User, subjectID string, fn func(*Reader) error) error {
	t.Helper()
	return s.ReadAccess(context.Background(), onward.Principal{UserID: viewer.ID, Role: viewer.Role}, subjectID,
		[]onward.Category{onward.CategoryAssessments}, fn)
}

func addAssessment(t *testing.T, s *Store, viewer *onward.User, a *onward.Assessment) bool {
	t.Helper()
	var created bool
	err := assessmentAccess(t, s, viewer, a.UserID, func(tx *Tx, d Disclosure) (err error) {
		created, err = tx.AddAssessment(context.Background(), d, a)
		return err
	})
	if err != nil {
		t.Fatalf("add assessment: %v", err)
	}
	return created
}

func TestAssessmentsRoundTripOnEitherDatabase(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	programA, _ := twoPrograms(t, s)
	member := createUser(t, s, "ana@example.com", onward.RoleMember)
	clinician := createUser(t, s, "cara@example.com", onward.RoleClinician)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.AddProgramStaff(ctx, programA, clinician.ID) }); err != nil {
		t.Fatal(err)
	}
	consent := goodProgramConsent(member.ID, programA)
	consent.Categories = []onward.Category{onward.CategoryAssessments}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateProgramConsent(ctx, consent) }); err != nil {
		t.Fatal(err)
	}
	for staff, want := range map[*onward.User]int{clinician: 1, member: 0} {
		if got, err := s.MemberConsentsToStaff(ctx, staff.ID, member.ID); err != nil || len(got) != want {
			t.Fatalf("consents of the member to %s's programs = %+v, %v; want %d", staff.Email, got, err, want)
		}
	}
	taken := clk.now().Add(-2 * time.Hour)
	phq := &onward.Assessment{UserID: member.ID, Instrument: "phq9",
		Answers: map[string]int{"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1},
		Total:   2, Band: "minimal", Flags: []string{"suicide_risk"}, TakenAt: taken, Baseline: true,
		RecordedBy: member.ID, RecordedByRole: onward.RoleMember, LevelOfCare: "outpatient", ClientID: "phone-1"}
	if !addAssessment(t, s, member, phq) {
		t.Fatal("the first submission was not recorded as new")
	}
	cows := &onward.Assessment{UserID: member.ID, Instrument: "cows", Answers: map[string]int{"1": 4}, Total: 9, Band: "mild",
		Flags: []string{"buprenorphine_start_threshold_met"}, BuprenorphineThreshold: 8, TakenAt: clk.now(), Baseline: true,
		RecordedBy: clinician.ID, RecordedByRole: onward.RoleClinician, ProgramID: programA}
	addAssessment(t, s, clinician, cows)
	bam := &onward.Assessment{UserID: member.ID, Instrument: "bam", Answers: map[string]int{"1": 2},
		Subscales: map[string]int{"use": 0, "risk": 7, "protective": 15}, Flags: []string{}, TakenAt: clk.now(),
		RecordedBy: member.ID, RecordedByRole: onward.RoleMember}
	addAssessment(t, s, member, bam)

	t.Run("ReplayRecordsOnce", func(t *testing.T) {
		again := &onward.Assessment{UserID: member.ID, Instrument: "phq9", Answers: map[string]int{"1": 3}, Total: 3,
			Flags: []string{}, TakenAt: clk.now(), RecordedBy: member.ID, RecordedByRole: onward.RoleMember, ClientID: "phone-1"}
		if addAssessment(t, s, member, again) {
			t.Fatal("a replay of client id phone-1 was recorded again")
		}
		if again.ID != phq.ID || again.Total != 2 {
			t.Fatalf("the replay returned %+v, want the first record %s", again, phq.ID)
		}
	})
	t.Run("ReadBackAsRecorded", func(t *testing.T) {
		err := readAssessments(t, s, member, member.ID, func(r *Reader) error {
			all, err := r.Assessments(ctx, "")
			if err != nil {
				return err
			}
			if len(all) != 3 || all[0].ID != phq.ID {
				t.Fatalf("assessments = %+v, want 3, the PHQ-9 first (oldest taken)", all)
			}
			got := all[0]
			if !reflect.DeepEqual(got.Answers, phq.Answers) || got.Total != 2 || got.Band != "minimal" || !got.HasFlag("suicide_risk") ||
				!got.Baseline || !got.TakenAt.Equal(taken) || got.RecordedBy != member.ID || got.RecordedByRole != onward.RoleMember ||
				got.LevelOfCare != "outpatient" || got.Subscales != nil || got.ClientID != "phone-1" {
				t.Fatalf("PHQ-9 read back as %+v", got)
			}
			byInstrument, err := r.Assessments(ctx, "cows")
			if err != nil || len(byInstrument) != 1 {
				t.Fatalf("COWS = %+v, %v", byInstrument, err)
			}
			c := byInstrument[0]
			if c.RecordedByName != "Test" || c.ProgramID != programA || c.ProgramName == "" || c.BuprenorphineThreshold != 8 || c.Baseline != true {
				t.Fatalf("COWS read back as %+v", c)
			}
			b, err := r.Assessment(ctx, bam.ID)
			if err != nil || !reflect.DeepEqual(b.Subscales, bam.Subscales) || len(b.Flags) != 0 || b.Baseline {
				t.Fatalf("BAM read back as %+v, %v", b, err)
			}
			_, err = r.Assessment(ctx, "0190f5c2-0000-7000-8000-000000000009")
			wantCode(t, err, onward.ENOTFOUND)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("SafetyFlagsSince", func(t *testing.T) {
		err := readAssessments(t, s, clinician, member.ID, func(r *Reader) error {
			flagged, err := r.SafetyFlagsSince(ctx, taken)
			if err != nil || len(flagged) != 1 || flagged[0].ID != phq.ID {
				t.Fatalf("flags since the PHQ-9 = %+v, %v; want the PHQ-9", flagged, err)
			}
			later, err := r.SafetyFlagsSince(ctx, taken.Add(time.Second))
			if err != nil || len(later) != 0 {
				t.Fatalf("flags after the PHQ-9 = %+v, %v; want none", later, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("LatestAssessmentOf", func(t *testing.T) {
		err := assessmentAccess(t, s, member, member.ID, func(tx *Tx, d Disclosure) error {
			if got, err := tx.LatestAssessmentOf(ctx, d, member.ID, "phq9"); err != nil || got == nil || got.ID != phq.ID {
				t.Errorf("latest PHQ-9 = %+v, %v; want %s", got, err, phq.ID)
			}
			if got, err := tx.LatestAssessmentOf(ctx, d, member.ID, "gad7"); err != nil || got != nil {
				t.Errorf("latest GAD-7 = %+v, %v; want none", got, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("NoWriteBeyondTheDecision", func(t *testing.T) {
		other := createUser(t, s, "otto@example.com", onward.RoleMember)
		err := assessmentAccess(t, s, member, member.ID, func(tx *Tx, d Disclosure) error {
			_, err := tx.AddAssessment(ctx, d, &onward.Assessment{UserID: other.ID, Instrument: "phq9", Answers: map[string]int{}, TakenAt: clk.now()})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "without a recorded decision") {
			t.Fatalf("writing another member's assessment with this member's decision: %v", err)
		}
	})
	t.Run("ADeletedClinicianLeavesTheRecord", func(t *testing.T) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, clinician.ID) }); err != nil {
			t.Fatal(err)
		}
		err := readAssessments(t, s, member, member.ID, func(r *Reader) error {
			list, err := r.Assessments(ctx, "cows")
			if err != nil || len(list) != 1 || list[0].RecordedBy != "" || list[0].RecordedByRole != onward.RoleClinician {
				t.Fatalf("COWS after its clinician's account was deleted = %+v, %v", list, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestWithdrawalTrackerAndProgramThreshold(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "ana@example.com", onward.RoleMember)
	read := func() *onward.WithdrawalTracker {
		var w *onward.WithdrawalTracker
		if err := readAssessments(t, s, member, member.ID, func(r *Reader) (err error) { w, err = r.WithdrawalTracker(ctx); return }); err != nil {
			t.Fatal(err)
		}
		return w
	}
	if w := read(); w != nil {
		t.Fatalf("tracker before any = %+v", w)
	}
	last := clk.now().Add(-30 * time.Hour)
	for _, substance := range []string{"heroin", "fentanyl"} { // the second save corrects the first
		err := assessmentAccess(t, s, member, member.ID, func(tx *Tx, d Disclosure) error {
			return tx.SaveWithdrawalTracker(ctx, d, &onward.WithdrawalTracker{UserID: member.ID, Substance: substance, LastUseAt: last})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if w := read(); w == nil || w.Substance != "fentanyl" || !w.LastUseAt.Equal(last) {
		t.Fatalf("tracker = %+v", w)
	}
	if err := assessmentAccess(t, s, member, member.ID, func(tx *Tx, d Disclosure) error { return tx.EndWithdrawalTracker(ctx, d, member.ID) }); err != nil {
		t.Fatal(err)
	}
	if w := read(); w != nil {
		t.Fatalf("tracker after ending = %+v", w)
	}

	programA, programB := twoPrograms(t, s)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetBuprenorphineStartThreshold(ctx, programA, 13) }); err != nil {
		t.Fatal(err)
	}
	for program, want := range map[string]int{programA: 13, programB: 0} {
		if got, err := s.BuprenorphineStartThreshold(ctx, program); err != nil || got != want {
			t.Errorf("threshold of %s = %d, %v; want %d", program, got, err, want)
		}
	}
}
