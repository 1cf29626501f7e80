package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/draw"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Contingency management (docs/contingency-management.md): a program's
// funders and arms, members joining an arm, the targets they meet or miss,
// what that earns (settled in the write that records the target, under
// the annual cap of the arm's funder), prize draws, and redemptions.

// Where an outcome comes from: with its source id it names the record, so
// the same event noted twice counts once.
const (
	sourceTest  = "test"
	sourceStaff = "staff"
)

// TargetEvent is one occurrence of a CM target another area observed: a
// session attended or missed (the sessions area), a day's doses taken or
// missed (the medication area), a test, a task done.
type TargetEvent struct {
	MemberID  string
	ProgramID string
	Target    contingency.Target
	Source    string // "test", "session", "dose", "staff"
	SourceID  string // the record's id
	Status    contingency.Status
	At        time.Time
	By        string // who recorded it
}

// TargetSink is how other areas report target events: inside their own
// write transaction, under a disclosure covering writes of the member's
// treatment category. It does nothing when the member is in no arm of
// the program rewarding that target.
type TargetSink interface {
	NoteTarget(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, e TargetEvent) error
}

var _ TargetSink = (*App)(nil)

// NoteTarget records a target event for the member's arm and settles what
// it earns.
func (a *App) NoteTarget(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, e TargetEvent) error {
	arm, err := tx.CurrentArm(ctx, d, e.MemberID, e.ProgramID)
	if err != nil || arm == nil || !arm.Has(e.Target) || arm.Status != contingency.ArmActive {
		return err
	}
	o := &sqlstore.OutcomeRecord{ArmID: arm.ID, MemberID: e.MemberID, Target: e.Target, Source: e.Source, SourceID: e.SourceID,
		Status: e.Status, OccurredAt: e.At, RecordedBy: e.By}
	if err := tx.NoteOutcome(ctx, d, o); err != nil {
		return err
	}
	return a.settle(ctx, tx, d, arm, e.MemberID)
}

// openAccount locks the member's CM rows with the arm's program for this
// transaction (sqlstore.LockIncentives) and returns their awards under the
// arm funder's cap, with the calendar year (in the member's time zone)
// whose cap an award made now counts against.
func (a *App) openAccount(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, memberID string, arm *contingency.Arm) (*contingency.Account, int, error) {
	if err := tx.LockIncentives(ctx, d, memberID, arm.ProgramID); err != nil {
		return nil, 0, err
	}
	awarded, err := tx.Awarded(ctx, d, memberID)
	if err != nil {
		return nil, 0, err
	}
	limit, err := tx.FunderCap(ctx, arm.FunderID)
	if err != nil {
		return nil, 0, err
	}
	u, err := a.store.UserByID(ctx, memberID)
	if err != nil {
		return nil, 0, err
	}
	acct := contingency.NewAccount(map[string]contingency.Cents{arm.FunderID: limit}, awarded)
	return acct, tx.Now.In(Location(u.TimeZone)).Year(), nil
}

// settle awards what the member's outcomes in the arm have earned and not
// yet been given, in order, stopping at a result that waits for its
// confirmation; every award goes through the funder's annual cap. The
// member's CM rows are locked first, so two writes never award the same
// outcome or pass the cap together.
func (a *App) settle(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, arm *contingency.Arm, memberID string) error {
	acct, year, err := a.openAccount(ctx, tx, d, memberID, arm)
	if err != nil {
		return err
	}
	records, err := tx.Outcomes(ctx, d, memberID, arm.ID)
	if err != nil {
		return err
	}
	paid, err := tx.Paid(ctx, d, memberID, arm.ID)
	if err != nil {
		return err
	}
	for _, target := range arm.Targets {
		earned, _ := arm.Schedule.Earnings(outcomesOf(records, target))
		for _, due := range contingency.Due(earned, paid) {
			for _, part := range []struct {
				kind  string
				value contingency.Cents
			}{{contingency.EntryVoucher, due.Value}, {contingency.EntryBonus, due.Bonus}} {
				if part.value == 0 {
					continue
				}
				got, held := acct.Award(arm.FunderID, year, part.value)
				e := &contingency.Entry{ArmID: arm.ID, FunderID: arm.FunderID, Kind: part.kind, OutcomeID: due.OutcomeID, Amount: got,
					Held: held, Year: year}
				if _, err := tx.AddEntry(ctx, d, memberID, "", "", e); err != nil {
					return err
				}
			}
			if due.Draws > 0 {
				if err := tx.AddDraws(ctx, d, memberID, arm.ID, due.OutcomeID, due.Draws); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func outcomesOf(records []sqlstore.OutcomeRecord, target contingency.Target) []contingency.Outcome {
	var out []contingency.Outcome
	for _, r := range records {
		if r.Target == target {
			out = append(out, contingency.Outcome{ID: r.ID, Status: r.Status})
		}
	}
	return out
}

// programAdmin checks that staff administers programID.
func (a *App) programAdmin(ctx context.Context, staff *onward.User, programID string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	return nil
}

// AddFunder adds a funder with its annual cap per member; program admins
// only.
func (a *App) AddFunder(ctx context.Context, staff *onward.User, programID string, f *contingency.Funder) error {
	if err := a.programAdmin(ctx, staff, programID); err != nil {
		return err
	}
	f.ProgramID = programID
	if err := f.Validate(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.AddFunder(ctx, f); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "cm_funder_added")
	})
}

// ProgramIncentives is a program's CM set-up.
type ProgramIncentives struct {
	Funders []contingency.Funder
	Arms    []contingency.Arm
}

// ProgramIncentives lists a program's funders and arms, for its staff.
func (a *App) ProgramIncentives(ctx context.Context, staff *onward.User, programID string) (*ProgramIncentives, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	funders, err := a.store.Funders(ctx, programID)
	if err != nil {
		return nil, err
	}
	arms, err := a.store.Arms(ctx, programID)
	return &ProgramIncentives{Funders: funders, Arms: arms}, err
}

// OpenArm opens a CM arm; program admins only. An arm rewarding opioid
// abstinence alone waits for a clinician's review before anyone joins it.
func (a *App) OpenArm(ctx context.Context, staff *onward.User, programID string, arm *contingency.Arm) error {
	if err := a.programAdmin(ctx, staff, programID); err != nil {
		return err
	}
	arm.ProgramID, arm.CreatedBy = programID, staff.ID
	if err := arm.Validate(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.AddArm(ctx, arm); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "cm_arm_opened")
	})
}

// ReviewArm records a clinician's review of an arm that rewards opioid
// abstinence alone, with the reasons, and opens it.
func (a *App) ReviewArm(ctx context.Context, staff *onward.User, programID, armID, note string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleClinician {
		return onward.NewError(onward.EFORBIDDEN, "incentive.clinicians_review")
	}
	note = strings.TrimSpace(note)
	if note == "" || utf8.RuneCountInString(note) > 1000 || !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		return onward.Invalid("note", "incentive.review_note")
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.ReviewArm(ctx, programID, armID, staff.ID, note); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "cm_arm_reviewed")
	})
}

// JoinArm puts an enrolled member in an open arm (leaving any other of
// the program's). An arm rewarding negative tests sets the member's
// random testing schedule to its own, the same for everyone in it.
func (a *App) JoinArm(ctx context.Context, staff *onward.User, programID, enrolmentID, armID string) error {
	e, _, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	arm, err := a.store.Arm(ctx, programID, armID)
	if err != nil {
		return err
	}
	if arm.Status != contingency.ArmActive {
		return onward.NewError(onward.ECONFLICT, "incentive.arm_not_open")
	}
	categories := []onward.Category{onward.CategoryTreatment}
	if arm.Has(contingency.NegativeTest) {
		categories = append(categories, onward.CategoryTests)
	}
	today := a.ClockOf(member.TimeZone).Today
	return a.change(ctx, principalOf(staff), member.ID, categories, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		if err := tx.JoinArm(ctx, d, arm, e.ID, member.ID); err != nil {
			return err
		}
		if !arm.Has(contingency.NegativeTest) {
			return nil
		}
		return tx.SetTestSchedule(ctx, d, sqlstore.TestSchedule{EnrolmentID: e.ID, MemberID: member.ID, ProgramID: programID,
			Frequency: arm.Tests, SetBy: staff.ID}, today)
	})
}

// LeaveArm takes an enrolled member out of their arm; what they earned
// stays theirs to redeem.
func (a *App) LeaveArm(ctx context.Context, staff *onward.User, programID, enrolmentID string) error {
	_, _, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	return a.change(ctx, principalOf(staff), member.ID, []onward.Category{onward.CategoryTreatment},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.LeaveArm(ctx, d, member.ID, programID) })
}

// staffTargets are the targets staff record by hand; negative tests come
// from the tests recorded.
var staffTargets = []contingency.Target{contingency.Attendance, contingency.Adherence, contingency.Task}

// RecordTargetOutcome records by hand that an enrolled member met or
// missed a target of their arm (a session, a day's doses, a task), and
// settles what it earns. When the member has already been given the whole
// of the funder's cap for the year, a target met is refused (ECONFLICT):
// nothing more can be awarded, and nothing is written. The same key
// records once.
func (a *App) RecordTargetOutcome(ctx context.Context, staff *onward.User, programID, enrolmentID string, target contingency.Target,
	met bool, at time.Time, key string) error {
	_, consent, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	if !slices.Contains(staffTargets, target) {
		errs.Add("target", "incentive.choose_a_target")
	}
	now := a.now()
	if at.IsZero() {
		at = now
	}
	if at.After(now.Add(5*time.Minute)) || at.Before(now.AddDate(-1, 0, 0)) {
		errs.Add("at", "incentive.outcome_date")
	}
	if !drugtest.ValidKey(key) {
		errs.Add("key", "testing.key_too_long")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if key == "" {
		key = auth.NewToken("")
	}
	arm, err := a.cmArmFor(ctx, member.ID, programID, target, consent)
	if err != nil {
		return err
	}
	if arm == nil {
		return onward.NewError(onward.ECONFLICT, "incentive.target_not_in_arm")
	}
	status := contingency.NotMet
	if met {
		status = contingency.Met
	}
	return a.change(ctx, principalOf(staff), member.ID, []onward.Category{onward.CategoryTreatment},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			if met {
				acct, year, err := a.openAccount(ctx, tx, d, member.ID, arm)
				if err != nil {
					return err
				}
				if acct.Remaining(arm.FunderID, year) == 0 {
					return onward.NewError(onward.ECONFLICT, "incentive.cap_reached", "Cap", acct.Caps[arm.FunderID], "Year", strconv.Itoa(year))
				}
			}
			return a.NoteTarget(ctx, tx, d, TargetEvent{MemberID: member.ID, ProgramID: programID, Target: target, Source: sourceStaff,
				SourceID: key, Status: status, At: at, By: staff.ID})
		})
}

// DrawPrize makes one of the member's own prize draws.
func (a *App) DrawPrize(ctx context.Context, member *onward.User, drawID string) (*contingency.Draw, error) {
	return a.drawPrize(ctx, member, member, "", drawID)
}

// DrawPrizeFor makes a prize draw of an enrolled member with them, for a
// program's staff.
func (a *App) DrawPrizeFor(ctx context.Context, staff *onward.User, programID, enrolmentID, drawID string) (*contingency.Draw, error) {
	_, _, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	return a.drawPrize(ctx, staff, member, programID, drawID)
}

// drawPrize draws a slip from the arm's bowl with a fresh seed, once: a
// draw already made is refused (ECONFLICT) and its result stays. The
// prize counts against the funder's cap; what the cap leaves is given.
func (a *App) drawPrize(ctx context.Context, actor, member *onward.User, programID, drawID string) (*contingency.Draw, error) {
	var dr *contingency.Draw
	err := a.change(ctx, principalOf(actor), member.ID, []onward.Category{onward.CategoryTreatment},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			var err error
			if dr, err = tx.Draw(ctx, d, member.ID, drawID); err != nil {
				return err
			}
			if dr.DrawnAt != nil {
				return onward.NewError(onward.ECONFLICT, "incentive.draw_already_made")
			}
			arm, err := a.store.Arm(ctx, programID, dr.ArmID)
			if err != nil {
				return err
			}
			if arm.Schedule.Prize == nil {
				return onward.NewError(onward.ECONFLICT, "incentive.draw_already_made")
			}
			acct, year, err := a.openAccount(ctx, tx, d, member.ID, arm)
			if err != nil {
				return err
			}
			seed := draw.NewSeed()
			slip, tier := contingency.DrawSlip(arm.Schedule.Prize.Bowl, seed)
			got, held := acct.Award(arm.FunderID, year, tier.Value)
			dr.Bowl, dr.Slip, dr.Tier, dr.Value = arm.Schedule.Prize.Bowl, slip, tier.Name, got
			if err := tx.CompleteDraw(ctx, d, member.ID, actor.ID, dr, seed); err != nil {
				return err
			}
			if tier.Value == 0 {
				return nil
			}
			_, err = tx.AddEntry(ctx, d, member.ID, actor.ID, "", &contingency.Entry{ArmID: arm.ID, FunderID: arm.FunderID,
				Kind: contingency.EntryPrize, OutcomeID: dr.OutcomeID, DrawID: dr.ID, Amount: got, Held: held, Year: year})
			return err
		})
	return dr, err
}

// RecordRedemption records what was bought for an enrolled member with
// what they earned with the program (never cash). More than the balance
// is refused; the same key records once (created false).
func (a *App) RecordRedemption(ctx context.Context, staff *onward.User, programID, enrolmentID string, r *contingency.Redemption) (created bool, err error) {
	_, _, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return false, err
	}
	if err := r.Validate(contingency.MaxAnnualCap); onward.ErrorCode(err) == onward.EINVALID {
		return false, err
	}
	err = a.change(ctx, principalOf(staff), member.ID, []onward.Category{onward.CategoryTreatment},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			created = false
			// Locked before the key is looked up, so a double submit waits
			// for the first and finds its entry.
			if err := tx.LockIncentives(ctx, d, member.ID, programID); err != nil {
				return err
			}
			if r.Key != "" {
				if seen, err := tx.HasEntry(ctx, d, member.ID, r.Key); err != nil || seen {
					return err
				}
			}
			arm, err := tx.LastArm(ctx, member.ID, programID)
			if err != nil {
				return err
			}
			if arm == nil {
				return r.Validate(0)
			}
			_, year, err := a.openAccount(ctx, tx, d, member.ID, arm)
			if err != nil {
				return err
			}
			earned, redeemed, err := tx.Balance(ctx, d, member.ID, programID)
			if err != nil {
				return err
			}
			if err := r.Validate(earned - redeemed); err != nil {
				return err
			}
			created, err = tx.AddEntry(ctx, d, member.ID, staff.ID, r.Key, &contingency.Entry{ArmID: arm.ID, FunderID: arm.FunderID,
				Kind: contingency.EntryRedemption, Amount: r.Amount, Year: year, Form: r.Form, Item: r.Item})
			return err
		})
	return created, err
}

// CapUse is how much of a funder's cap a member has used this year.
type CapUse struct {
	Funder    string
	Year      int
	Cap       contingency.Cents
	Awarded   contingency.Cents
	Remaining contingency.Cents
}

// NextTarget is what the next occurrence of a target met would earn.
type NextTarget struct {
	Target     contingency.Target
	Substances []string
	Next       contingency.Earning
	Waiting    bool // a disputed result waits for its confirmation
}

// Incentives is a member's CM with one program: their arm, what they
// earned and redeemed, the cap, what comes next, and their draws.
type Incentives struct {
	ProgramID   string
	ProgramName string
	EnrolmentID string
	MemberName  string
	Shown       bool // the consent covers treatment (staff)
	Arm         *contingency.Arm
	Entries     []contingency.Entry
	Draws       []contingency.Draw
	Undrawn     int
	Earned      contingency.Cents
	Redeemed    contingency.Cents
	Balance     contingency.Cents
	Cap         *CapUse
	Next        []NextTarget
	Arms        []contingency.Arm // the program's open arms (staff)
}

// incentivesOf reads a member's CM with a program through rd.
func (a *App) incentivesOf(ctx context.Context, rd *sqlstore.Reader, programID string, clock Clock) (*Incentives, error) {
	v := &Incentives{ProgramID: programID, Shown: true}
	parts, err := rd.Participations(ctx, programID)
	if err != nil {
		return nil, err
	}
	if len(parts) > 0 && parts[0].LeftAt == nil {
		v.Arm = &parts[0].Arm
	}
	if v.Entries, err = rd.Ledger(ctx, programID); err != nil {
		return nil, err
	}
	if v.Draws, err = rd.Draws(ctx, programID); err != nil {
		return nil, err
	}
	for _, dr := range v.Draws {
		if dr.DrawnAt == nil {
			v.Undrawn++
		}
	}
	v.Earned, v.Redeemed, v.Balance = contingency.Totals(v.Entries)
	if v.Arm == nil {
		return v, nil
	}
	funders, err := a.store.Funders(ctx, programID)
	if err != nil {
		return nil, err
	}
	year := clock.Now.Year()
	for _, f := range funders {
		if f.ID == v.Arm.FunderID {
			use := &CapUse{Funder: f.Name, Year: year, Cap: f.AnnualCap}
			for _, e := range v.Entries {
				if e.FunderID == f.ID && e.Year == year && e.Kind != contingency.EntryRedemption {
					use.Awarded += e.Amount
				}
			}
			use.Remaining = max(0, use.Cap-use.Awarded)
			v.Cap = use
		}
	}
	records, err := rd.Outcomes(ctx, v.Arm.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range v.Arm.Targets {
		next, waiting := v.Arm.Schedule.Next(outcomesOf(records, t))
		n := NextTarget{Target: t, Next: next, Waiting: waiting}
		if t == contingency.NegativeTest {
			n.Substances = v.Arm.Substances
		}
		v.Next = append(v.Next, n)
	}
	return v, nil
}

// MemberIncentives reads an enrolled member's CM for a program's staff,
// under the consent covering treatment, with the program's open arms.
func (a *App) MemberIncentives(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*Incentives, error) {
	e, consent, member, err := a.careMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	arms, err := a.store.Arms(ctx, programID)
	if err != nil {
		return nil, err
	}
	arms = slices.DeleteFunc(arms, func(arm contingency.Arm) bool { return arm.Status != contingency.ArmActive })
	if !covers(consent, onward.CategoryTreatment) {
		return &Incentives{ProgramID: programID, ProgramName: e.ProgramName, EnrolmentID: e.ID, MemberName: e.MemberName, Arms: arms}, nil
	}
	rd, d, err := a.read(ctx, principalOf(staff), member.ID, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	if !d.All() {
		return &Incentives{ProgramID: programID, ProgramName: e.ProgramName, EnrolmentID: e.ID, MemberName: e.MemberName, Arms: arms}, nil
	}
	v, err := a.incentivesOf(ctx, rd, programID, a.ClockOf(member.TimeZone))
	if err != nil {
		return nil, err
	}
	v.ProgramName, v.EnrolmentID, v.MemberName, v.Arms = e.ProgramName, e.ID, e.MemberName, arms
	return v, nil
}

// MyIncentives returns the member's own CM, one per program they have
// been in an arm of.
func (a *App) MyIncentives(ctx context.Context, member *onward.User) ([]Incentives, error) {
	rd, _, err := a.read(ctx, principalOf(member), member.ID, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	parts, err := rd.Participations(ctx, "")
	if err != nil {
		return nil, err
	}
	enrolments, err := a.store.EnrolmentsOfMember(ctx, member.ID)
	if err != nil {
		return nil, err
	}
	clock := a.ClockOf(member.TimeZone)
	var out []Incentives
	for _, p := range parts {
		if slices.ContainsFunc(out, func(v Incentives) bool { return v.ProgramID == p.Arm.ProgramID }) {
			continue
		}
		v, err := a.incentivesOf(ctx, rd, p.Arm.ProgramID, clock)
		if err != nil {
			return nil, err
		}
		for _, e := range enrolments {
			if e.ProgramID == p.Arm.ProgramID {
				v.ProgramName = e.ProgramName
				break
			}
		}
		out = append(out, *v)
	}
	return out, nil
}
