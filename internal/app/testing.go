package app

import (
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Drug testing (docs/testing.md): program staff record tests under the
// member's consent covering tests; each result is judged against what the
// member is prescribed; a member may dispute a result and staff record a
// confirmation test; random testing schedules tell the member on the day.

// careMember returns an active enrolment of programID for its staff, with
// the member's consent to the program in force (nil when none).
func (a *App) careMember(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*onward.Enrolment, *onward.ProgramConsent, *onward.User, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, nil, nil, err
	}
	e, err := a.store.Enrolment(ctx, programID, enrolmentID)
	if err != nil {
		return nil, nil, nil, err
	}
	if e.MemberID == "" || e.Status != onward.EnrolmentActive {
		return nil, nil, nil, onward.NewError(onward.ENOTFOUND, "program.enrolment_not_found")
	}
	member, err := a.store.UserByID(ctx, e.MemberID)
	if err != nil {
		return nil, nil, nil, err
	}
	consent, err := a.activeConsent(ctx, member, programID)
	return e, consent, member, err
}

// covers reports whether a consent in force covers category c.
func covers(c *onward.ProgramConsent, category onward.Category) bool {
	return c != nil && slices.Contains(c.Categories, category)
}

// prescribedFor reads what the member was prescribed on the day (in their
// time zone) of collected, when their consent covers medication (the read
// is recorded as a disclosure of it); nil when it does not, and the
// results are then not judged.
func (a *App) prescribedFor(ctx context.Context, staff, member *onward.User, consent *onward.ProgramConsent, collected time.Time) ([]string, error) {
	if !covers(consent, onward.CategoryMedication) {
		return nil, nil
	}
	rd, d, err := a.read(ctx, principalOf(staff), member.ID, onward.CategoryMedication)
	if err != nil || !d.All() {
		return nil, err
	}
	return rd.PrescribedSubstances(ctx, recovery.DateOf(collected, Location(member.TimeZone)))
}

// cmArmFor returns the member's arm with programID when it rewards target
// and their consent covers treatment, so a change also settles CM.
func (a *App) cmArmFor(ctx context.Context, memberID, programID string, target contingency.Target, consent *onward.ProgramConsent) (*contingency.Arm, error) {
	if !covers(consent, onward.CategoryTreatment) {
		return nil, nil
	}
	arm, err := a.store.CurrentArm(ctx, memberID, programID)
	if err != nil || arm == nil || !arm.Has(target) {
		return nil, err
	}
	return arm, nil
}

// RecordTest stores a test staff took (or a test the member missed) and
// what follows from it in the same transaction: the caseload flag for an
// unexpected result or a missed test, and, when the member is in a CM arm
// rewarding negative tests, the outcome and what it earns. The same key
// records once: created is false for a repeat.
func (a *App) RecordTest(ctx context.Context, staff *onward.User, programID, enrolmentID string, t *drugtest.Test) (created bool, err error) {
	e, consent, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return false, err
	}
	t.ConfirmsID = ""
	return a.addTest(ctx, staff, e, consent, member, t, nil)
}

// ConfirmTest records the confirmation test of a result the member
// disputed. The disputed result stays on the record, marked disputed; the
// confirmation's results count for contingency management.
func (a *App) ConfirmTest(ctx context.Context, staff *onward.User, programID, enrolmentID, disputedID string, t *drugtest.Test) (created bool, err error) {
	e, consent, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return false, err
	}
	t.ConfirmsID = disputedID
	if t.Status != drugtest.Collected {
		return false, onward.Invalid("status", "testing.a_confirmation_is_collected")
	}
	return a.addTest(ctx, staff, e, consent, member, t, func(tx *sqlstore.Tx, d sqlstore.Disclosure) (*drugtest.Test, error) {
		disputed, err := tx.DrugTest(ctx, d, member.ID, disputedID)
		if err != nil {
			return nil, err
		}
		if disputed.DisputedAt == nil || disputed.ProgramID != e.ProgramID {
			return nil, onward.NewError(onward.ECONFLICT, "testing.not_disputed")
		}
		// Confirmed already: a repeat of the same confirmation (its key) is
		// recorded once, another one is refused by AddDrugTest.
		return disputed, nil
	})
}

// addTest is RecordTest and ConfirmTest: confirmed, when given, returns the
// disputed test the new one confirms, read inside the transaction.
func (a *App) addTest(ctx context.Context, staff *onward.User, e *onward.Enrolment, consent *onward.ProgramConsent, member *onward.User,
	t *drugtest.Test, confirmed func(*sqlstore.Tx, sqlstore.Disclosure) (*drugtest.Test, error)) (bool, error) {
	panel, err := a.store.TestPanel(ctx, e.ProgramID)
	if err != nil {
		return false, err
	}
	if err := t.Validate(panel, a.now()); err != nil {
		return false, err
	}
	prescribed, err := a.prescribedFor(ctx, staff, member, consent, t.CollectedAt)
	if err != nil {
		return false, err
	}
	t.Judge(prescribed)
	t.MemberID, t.ProgramID, t.RecordedBy = member.ID, e.ProgramID, staff.ID
	arm, err := a.cmArmFor(ctx, member.ID, e.ProgramID, contingency.NegativeTest, consent)
	if err != nil {
		return false, err
	}
	categories := []onward.Category{onward.CategoryTests}
	if arm != nil {
		categories = append(categories, onward.CategoryTreatment)
	}
	created := false
	err = a.change(ctx, principalOf(staff), member.ID, categories, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		created = false
		var disputed *drugtest.Test
		if confirmed != nil {
			var err error
			if disputed, err = confirmed(tx, d); err != nil {
				return err
			}
		}
		var err error
		if created, err = tx.AddDrugTest(ctx, d, t); err != nil || !created {
			return err
		}
		if t.Unexpected() {
			if err := tx.NoteEvent(ctx, d, onward.CategoryTests, member.ID, caseload.FlagUnexpectedTest); err != nil {
				return err
			}
		}
		if t.Status == drugtest.Missed {
			if err := tx.NoteEvent(ctx, d, onward.CategoryTests, member.ID, caseload.FlagMissedTest); err != nil {
				return err
			}
		}
		if arm == nil {
			return nil
		}
		counted := t
		if disputed != nil {
			disputed.ConfirmedByID = t.ID
			counted = disputed
		}
		return a.noteTestOutcome(ctx, tx, d, arm, member, counted, t)
	})
	return created, err
}

// noteTestOutcome notes what a test means for an arm's negative-test
// target (confirmation standing in for a disputed test's results, when
// given) and settles the arm.
func (a *App) noteTestOutcome(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, arm *contingency.Arm, member *onward.User,
	t *drugtest.Test, confirmation *drugtest.Test) error {
	var conf *drugtest.Test
	if confirmation != nil && confirmation.ConfirmsID == t.ID {
		conf = confirmation
	}
	status, counts := contingency.TestOutcome(*t, conf, arm.Substances)
	if !counts {
		return nil
	}
	return a.NoteTarget(ctx, tx, d, TargetEvent{MemberID: member.ID, ProgramID: arm.ProgramID, Target: contingency.NegativeTest,
		Source: sourceTest, SourceID: t.ID, Status: status, At: t.CollectedAt, By: t.RecordedBy})
}

// DisputeTest records that the member disputes one of their results. The
// result stays visible, marked disputed, and contingency management waits
// for the confirmation test before counting it or anything after it.
func (a *App) DisputeTest(ctx context.Context, member *onward.User, testID, note string) error {
	if err := drugtest.ValidDisputeNote(note); err != nil {
		return err
	}
	rd, _, err := a.read(ctx, principalOf(member), member.ID, onward.CategoryTests)
	if err != nil {
		return err
	}
	tests, err := rd.DrugTests(ctx, "", 0)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(tests, func(t drugtest.Test) bool { return t.ID == testID })
	if i < 0 {
		return onward.NewError(onward.ENOTFOUND, "testing.test_not_found")
	}
	t := tests[i]
	switch {
	case t.DisputedAt != nil: // a repeat: nothing changes
	case a.now().Sub(t.CollectedAt) > drugtest.DisputeWindow:
		return onward.NewError(onward.ECONFLICT, "testing.dispute_too_late", "Days", int(drugtest.DisputeWindow/(24*time.Hour)))
	case !t.Disputable(a.now()):
		return onward.NewError(onward.ECONFLICT, "testing.nothing_to_dispute")
	}
	arm, err := a.store.CurrentArm(ctx, member.ID, t.ProgramID)
	if err != nil {
		return err
	}
	categories := []onward.Category{onward.CategoryTests}
	if arm != nil && arm.Has(contingency.NegativeTest) {
		categories = append(categories, onward.CategoryTreatment)
	} else {
		arm = nil
	}
	return a.change(ctx, principalOf(member), member.ID, categories, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		disputed, err := tx.DisputeDrugTest(ctx, d, member.ID, testID, note)
		if err != nil || arm == nil {
			return err
		}
		return a.noteTestOutcome(ctx, tx, d, arm, member, disputed, nil)
	})
}

// MemberTests is what program staff see of one member's testing.
type MemberTests struct {
	Enrolment       *onward.Enrolment
	Clock           Clock
	Panel           []string
	Shown           bool // the member's consent covers tests
	Tests           []drugtest.Test
	Schedule        *sqlstore.TestSchedule
	Draw            *sqlstore.TestDraw // the current period's days
	DueToday        bool
	MedicationKnown bool // results are judged against the member's prescriptions
	ArmTests        *drugtest.Frequency
}

// MemberTests reads a member's tests, schedule and this period's days for
// a program's staff, under the consent covering tests.
func (a *App) MemberTests(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*MemberTests, error) {
	e, consent, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	v := &MemberTests{Enrolment: e, Clock: a.ClockOf(member.TimeZone), MedicationKnown: covers(consent, onward.CategoryMedication)}
	if v.Panel, err = a.store.TestPanel(ctx, programID); err != nil {
		return nil, err
	}
	if !covers(consent, onward.CategoryTests) {
		return v, nil
	}
	rd, d, err := a.read(ctx, principalOf(staff), member.ID, onward.CategoryTests)
	if err != nil || !d.All() {
		return v, err
	}
	v.Shown = true
	if v.Tests, err = rd.DrugTests(ctx, programID, 0); err != nil {
		return nil, err
	}
	if v.Schedule, err = rd.TestSchedule(ctx, e.ID); err != nil {
		return nil, err
	}
	draws, err := rd.TestDraws(ctx, e.ID, v.Clock.Today)
	if err != nil {
		return nil, err
	}
	for i := range draws {
		if !draws[i].Period.Start.After(v.Clock.Today) {
			v.Draw = &draws[i]
			v.DueToday = slices.ContainsFunc(draws[i].Days, v.Clock.Today.Equal)
		}
	}
	if arm, err := a.store.CurrentArm(ctx, member.ID, programID); err != nil {
		return nil, err
	} else if arm != nil && arm.Has(contingency.NegativeTest) {
		v.ArmTests = &arm.Tests
	}
	return v, nil
}

// SetTestSchedule sets (or, with a zero count, ends) a member's random
// testing schedule. A member in a CM arm rewarding negative tests has the
// arm's schedule, the same for everyone in it.
func (a *App) SetTestSchedule(ctx context.Context, staff *onward.User, programID, enrolmentID string, f drugtest.Frequency) error {
	e, _, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	if f.Count != 0 {
		if err := f.Validate(); err != nil {
			return err
		}
	}
	arm, err := a.store.CurrentArm(ctx, member.ID, programID)
	if err != nil {
		return err
	}
	if arm != nil && arm.Has(contingency.NegativeTest) {
		return onward.NewError(onward.ECONFLICT, "incentive.schedule_set_by_arm", "Arm", arm.Name)
	}
	today := a.ClockOf(member.TimeZone).Today
	return a.change(ctx, principalOf(staff), member.ID, []onward.Category{onward.CategoryTests},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			if f.Count == 0 {
				return tx.ClearTestSchedule(ctx, d, member.ID, e.ID)
			}
			return tx.SetTestSchedule(ctx, d, sqlstore.TestSchedule{EnrolmentID: e.ID, MemberID: member.ID, ProgramID: programID,
				Frequency: f, SetBy: staff.ID}, today)
		})
}

// TestPanel returns a program's panel, for its staff.
func (a *App) TestPanel(ctx context.Context, staff *onward.User, programID string) ([]string, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	return a.store.TestPanel(ctx, programID)
}

// SaveTestPanel sets the substances a program tests for; program admins
// only.
func (a *App) SaveTestPanel(ctx context.Context, staff *onward.User, programID string, panel []string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	panel = slices.Compact(slices.Sorted(slices.Values(panel)))
	if err := drugtest.ValidPanel(panel); err != nil {
		return err
	}
	ordered := slices.DeleteFunc(slices.Clone(drugtest.Substances), func(s string) bool { return !slices.Contains(panel, s) })
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SaveTestPanel(ctx, programID, ordered); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "test_panel_saved")
	})
}

// DueTest is a member of a program with a random test today.
type DueTest struct {
	EnrolmentID string
	Name        string
}

// ProgramTesting is a program's testing for the day: who has a random
// test today, and the disputed results waiting for a confirmation.
type ProgramTesting struct {
	Panel    []string
	Due      []DueTest
	Disputes []sqlstore.DisputedTest
}

// ProgramTesting lists who has a random test today (each member's own
// today) and the open disputes, for a program's staff. Each member is
// shown only when their consent covers tests, and showing them is
// recorded as a disclosure of their tests.
func (a *App) ProgramTesting(ctx context.Context, staff *onward.User, programID string) (*ProgramTesting, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	out := &ProgramTesting{}
	var err error
	if out.Panel, err = a.store.TestPanel(ctx, programID); err != nil {
		return nil, err
	}
	today := recovery.DateOf(a.now(), time.UTC)
	draws, err := a.store.ProgramTestDraws(ctx, programID, today.AddDays(-1), today.AddDays(1))
	if err != nil {
		return nil, err
	}
	disputes, err := a.store.OpenDisputes(ctx, programID)
	if err != nil {
		return nil, err
	}
	members, err := a.store.Caseload(ctx, programID, sqlstore.CaseloadScope{})
	if err != nil {
		return nil, err
	}
	consents := map[string]sqlstore.CaseloadMember{}
	for _, m := range members {
		consents[m.MemberID] = m
	}
	viewer, now := principalOf(staff), a.now()
	decisions := map[string]policy.Decision{}
	allowed := func(memberID string) bool {
		d, ok := decisions[memberID]
		if !ok {
			m := consents[memberID]
			var grants []onward.Grant
			if m.ConsentID != "" {
				grants = []onward.Grant{{ID: m.ConsentID, SubjectID: memberID, GranteeID: staff.ID, Categories: m.Categories, ProgramID: programID}}
			}
			d = policy.Decide(policy.Request{Viewer: viewer, SubjectID: memberID, Action: onward.ActionRead,
				Categories: []onward.Category{onward.CategoryTests}}, grants, now)
			decisions[memberID] = d
		}
		return d.All()
	}
	var shown []policy.Decision
	seen := map[string]bool{}
	show := func(memberID string) {
		if !seen[memberID] {
			seen[memberID] = true
			shown = append(shown, decisions[memberID])
		}
	}
	for _, dr := range draws {
		local := a.ClockOf(dr.TimeZone).Today
		if slices.ContainsFunc(dr.Days, local.Equal) && allowed(dr.MemberID) {
			out.Due = append(out.Due, DueTest{EnrolmentID: dr.EnrolmentID, Name: dr.MemberName})
			show(dr.MemberID)
		}
	}
	for _, dt := range disputes {
		if dt.EnrolmentID != "" && allowed(dt.MemberID) {
			out.Disputes = append(out.Disputes, dt)
			show(dt.MemberID)
		}
	}
	if len(shown) == 0 {
		return out, nil
	}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, d := range shown {
			if _, err := tx.Record(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// MyTestsOfProgram is a member's tests with one program.
type MyTestsOfProgram struct {
	ProgramID   string
	ProgramName string
	DueToday    bool
	Tests       []drugtest.Test
}

// MyTests returns the member's own tests by program, and whether they have
// a random test today (never the days ahead: they are not told before the
// day).
func (a *App) MyTests(ctx context.Context, member *onward.User) ([]MyTestsOfProgram, error) {
	rd, _, err := a.read(ctx, principalOf(member), member.ID, onward.CategoryTests)
	if err != nil {
		return nil, err
	}
	enrolments, err := a.store.EnrolmentsOfMember(ctx, member.ID)
	if err != nil {
		return nil, err
	}
	tests, err := rd.DrugTests(ctx, "", 0)
	if err != nil {
		return nil, err
	}
	today := a.ClockOf(member.TimeZone).Today
	draws, err := rd.TestDraws(ctx, "", today)
	if err != nil {
		return nil, err
	}
	var out []MyTestsOfProgram
	for _, e := range enrolments {
		if slices.ContainsFunc(out, func(p MyTestsOfProgram) bool { return p.ProgramID == e.ProgramID }) {
			continue
		}
		p := MyTestsOfProgram{ProgramID: e.ProgramID, ProgramName: e.ProgramName}
		for _, t := range tests {
			if t.ProgramID == e.ProgramID {
				p.Tests = append(p.Tests, t)
			}
		}
		for _, dr := range draws {
			if e.Status == onward.EnrolmentActive && dr.EnrolmentID == e.ID && slices.ContainsFunc(dr.Days, today.Equal) {
				p.DueToday = true
			}
		}
		if len(p.Tests) > 0 || p.DueToday {
			out = append(out, p)
		}
	}
	return out, nil
}
