package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/draw"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Contingency management (docs/contingency-management.md): a program's
// funders and arms, the members of each arm, the targets they met or
// missed, their prize draws, and the ledger of what they earned and
// redeemed. A member's CM records are their treatment category.

var (
	errArmNotFound  = onward.NewError(onward.ENOTFOUND, "incentive.arm_not_found")
	errDrawNotFound = onward.NewError(onward.ENOTFOUND, "incentive.draw_not_found")
)

// AddFunder stores a program's funder.
func (tx *Tx) AddFunder(ctx context.Context, f *contingency.Funder) error {
	f.ID = newID()
	_, err := tx.exec(ctx, `INSERT INTO cm_funders (id, program_id, name, annual_cap_cents, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (program_id, name) DO NOTHING`, f.ID, f.ProgramID, f.Name, int64(f.AnnualCap), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("add funder: %w", err)
	}
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM cm_funders WHERE program_id = ? AND name = ?", f.ProgramID, f.Name).Scan(&id); err != nil {
		return fmt.Errorf("add funder: %w", err)
	}
	if id != f.ID {
		return onward.Invalid("name", "incentive.funder_exists")
	}
	return nil
}

// Funders lists a program's funders by name.
func (s *Store) Funders(ctx context.Context, programID string) ([]contingency.Funder, error) {
	rows, err := s.query(ctx, "SELECT id, name, annual_cap_cents FROM cm_funders WHERE program_id = ? ORDER BY name", programID)
	if err != nil {
		return nil, fmt.Errorf("load funders: %w", err)
	}
	defer rows.Close()
	var out []contingency.Funder
	for rows.Next() {
		f := contingency.Funder{ProgramID: programID}
		if err := rows.Scan(&f.ID, &f.Name, &f.AnnualCap); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// AddArm stores a program's new arm; its funder must be the program's.
func (tx *Tx) AddArm(ctx context.Context, a *contingency.Arm) error {
	if !isStoredID(a.FunderID) {
		return onward.Invalid("funder", "incentive.choose_a_funder")
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM cm_funders WHERE id = ? AND program_id = ?", a.FunderID, a.ProgramID).Scan(&n); err != nil {
		return fmt.Errorf("check funder: %w", err)
	}
	if n == 0 {
		return onward.Invalid("funder", "incentive.choose_a_funder")
	}
	schedule, err := json.Marshal(a.Schedule)
	if err != nil {
		return err
	}
	a.ID, a.CreatedAt = newID(), tx.Now
	targets := make([]string, len(a.Targets))
	for i, t := range a.Targets {
		targets[i] = string(t)
	}
	res, err := tx.exec(ctx, `INSERT INTO cm_arms (id, program_id, funder_id, name, schedule, targets, substances, tests, tests_per,
		tests_weekdays_only, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (program_id, name) DO NOTHING`,
		a.ID, a.ProgramID, a.FunderID, a.Name, string(schedule), strings.Join(targets, ","), strings.Join(a.Substances, ","),
		a.Tests.Count, a.Tests.Per, a.Tests.WeekdaysOnly, string(a.Status), a.CreatedBy, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("add arm: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.Invalid("name", "incentive.arm_exists")
	}
	return nil
}

const armColumns = `a.id, a.program_id, a.funder_id, f.name, a.name, a.schedule, a.targets, a.substances, a.tests, a.tests_per,
	a.tests_weekdays_only, a.status, a.created_by, a.created_at, a.reviewed_by, a.reviewed_at, a.review_note,
	(SELECT COUNT(*) FROM cm_participants p WHERE p.arm_id = a.id AND p.left_at IS NULL)`

const armFrom = ` FROM cm_arms a JOIN cm_funders f ON f.id = a.funder_id`

func scanArm(row rowScanner) (*contingency.Arm, error) {
	var a contingency.Arm
	var schedule, targets, substances, status string
	var created, reviewed dbTime
	if err := row.Scan(&a.ID, &a.ProgramID, &a.FunderID, &a.FunderName, &a.Name, &schedule, &targets, &substances, &a.Tests.Count,
		&a.Tests.Per, &a.Tests.WeekdaysOnly, &status, &a.CreatedBy, &created, &a.ReviewedBy, &reviewed, &a.ReviewNote, &a.Members); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errArmNotFound
		}
		return nil, err
	}
	if err := json.Unmarshal([]byte(schedule), &a.Schedule); err != nil {
		return nil, fmt.Errorf("arm %s schedule: %w", a.ID, err)
	}
	for _, t := range splitList(targets) {
		a.Targets = append(a.Targets, contingency.Target(t))
	}
	a.Substances = splitList(substances)
	a.Status, a.CreatedAt, a.ReviewedAt = contingency.ArmStatus(status), created.Time, reviewed.Ptr()
	return &a, nil
}

// Arms lists a program's arms by name.
func (s *Store) Arms(ctx context.Context, programID string) ([]contingency.Arm, error) {
	rows, err := s.query(ctx, "SELECT "+armColumns+armFrom+" WHERE a.program_id = ? ORDER BY a.name", programID)
	if err != nil {
		return nil, fmt.Errorf("load arms: %w", err)
	}
	defer rows.Close()
	var out []contingency.Arm
	for rows.Next() {
		a, err := scanArm(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// Arm returns one of a program's arms (of any program when programID is
// "").
func (s *Store) Arm(ctx context.Context, programID, armID string) (*contingency.Arm, error) {
	if !isStoredID(armID) {
		return nil, errArmNotFound
	}
	return scanArm(s.queryRow(ctx, "SELECT "+armColumns+armFrom+" WHERE (? = '' OR a.program_id = ?) AND a.id = ?", programID, programID, armID))
}

// ReviewArm records a clinician's review of an arm that waited for one,
// and opens it.
func (tx *Tx) ReviewArm(ctx context.Context, programID, armID, reviewerID, note string) error {
	if !isStoredID(armID) {
		return errArmNotFound
	}
	res, err := tx.exec(ctx, `UPDATE cm_arms SET status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?
		WHERE id = ? AND program_id = ? AND status = ?`, string(contingency.ArmActive), reviewerID, tx.t(tx.Now), note, armID, programID,
		string(contingency.ArmAwaitingReview))
	if err != nil {
		return fmt.Errorf("review arm: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ECONFLICT, "incentive.arm_not_awaiting_review")
	}
	return nil
}

const currentArm = "SELECT " + armColumns + armFrom + ` JOIN cm_participants p ON p.arm_id = a.id
	WHERE p.member_id = ? AND a.program_id = ? AND p.left_at IS NULL`

// CurrentArm returns the arm of programID the member is in now, or nil.
// It tells a use case which categories a change will touch; what the arm
// holds for the member is read through a disclosure.
func (s *Store) CurrentArm(ctx context.Context, memberID, programID string) (*contingency.Arm, error) {
	a, err := scanArm(s.queryRow(ctx, currentArm, memberID, programID))
	if errors.Is(err, errArmNotFound) {
		return nil, nil
	}
	return a, err
}

// CurrentArm is Store.CurrentArm inside a write of the member's treatment.
func (tx *Tx) CurrentArm(ctx context.Context, d Disclosure, memberID, programID string) (*contingency.Arm, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	a, err := scanArm(tx.queryRow(ctx, currentArm, memberID, programID))
	if errors.Is(err, errArmNotFound) {
		return nil, nil
	}
	return a, err
}

// JoinArm puts the member in an arm under a write of their treatment
// category, leaving any other arm of the same program.
func (tx *Tx) JoinArm(ctx context.Context, d Disclosure, a *contingency.Arm, enrolmentID, memberID string) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE cm_participants SET left_at = ? WHERE member_id = ? AND left_at IS NULL AND arm_id <> ?
		AND arm_id IN (SELECT id FROM cm_arms WHERE program_id = ?)`, tx.t(tx.Now), memberID, a.ID, a.ProgramID); err != nil {
		return fmt.Errorf("leave other arms: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO cm_participants (arm_id, member_id, enrolment_id, joined_at, left_at) VALUES (?, ?, ?, ?, NULL)
		ON CONFLICT (arm_id, member_id) DO UPDATE SET left_at = NULL, enrolment_id = excluded.enrolment_id`,
		a.ID, memberID, enrolmentID, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("join arm: %w", err)
	}
	return nil
}

// LeaveArm takes the member out of their arm of programID; what they
// earned stays theirs.
func (tx *Tx) LeaveArm(ctx context.Context, d Disclosure, memberID, programID string) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE cm_participants SET left_at = ? WHERE member_id = ? AND left_at IS NULL
		AND arm_id IN (SELECT id FROM cm_arms WHERE program_id = ?)`, tx.t(tx.Now), memberID, programID); err != nil {
		return fmt.Errorf("leave arm: %w", err)
	}
	return nil
}

// LockIncentives takes the member's CM records with programID for this
// transaction: on PostgreSQL it locks their rows of cm_participants, so
// two writes never award the same outcome twice, pass a cap together, or
// spend the same balance, even from two instances. (Audited writes also
// queue on the audit log's head row; this lock keeps the rule true on its
// own.) SQLite's single writer does this already.
func (tx *Tx) LockIncentives(ctx context.Context, d Disclosure, memberID, programID string) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT arm_id FROM cm_participants WHERE member_id = ?
		AND arm_id IN (SELECT id FROM cm_arms WHERE program_id = ?)`+tx.dialect.forUpdate(), memberID, programID)
	if err != nil {
		return fmt.Errorf("lock incentives: %w", err)
	}
	return rows.Close()
}

// OutcomeRecord is one occurrence of a target as stored.
type OutcomeRecord struct {
	ID         string
	ArmID      string
	MemberID   string
	Target     contingency.Target
	Source     string
	SourceID   string
	Status     contingency.Status
	OccurredAt time.Time
	RecordedBy string
}

// NoteOutcome stores an occurrence of a target, or changes the status of
// the same one noted before (a disputed test, then its confirmation): the
// arm, member, target, source and source id name it.
func (tx *Tx) NoteOutcome(ctx context.Context, d Disclosure, o *OutcomeRecord) error {
	if err := d.covers(o.MemberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO cm_outcomes (id, arm_id, member_id, target, source, source_id, status, occurred_at, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arm_id, member_id, target, source, source_id) DO UPDATE SET status = excluded.status`,
		newID(), o.ArmID, o.MemberID, string(o.Target), o.Source, o.SourceID, string(o.Status), tx.t(o.OccurredAt), o.RecordedBy, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("note outcome: %w", err)
	}
	return tx.queryRow(ctx, "SELECT id FROM cm_outcomes WHERE arm_id = ? AND member_id = ? AND target = ? AND source = ? AND source_id = ?",
		o.ArmID, o.MemberID, string(o.Target), o.Source, o.SourceID).Scan(&o.ID)
}

// OutcomesOfTest returns the outcomes noted for a test, in any arm.
func (tx *Tx) OutcomesOfTest(ctx context.Context, d Disclosure, memberID, testID string) ([]OutcomeRecord, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, "SELECT "+outcomeColumns+" FROM cm_outcomes WHERE member_id = ? AND source = 'test' AND source_id = ?",
		memberID, testID)
	return collectOutcomes(rows, err)
}

const outcomeColumns = "id, arm_id, member_id, target, source, source_id, status, occurred_at, recorded_by"

func collectOutcomes(rows *sql.Rows, err error) ([]OutcomeRecord, error) {
	if err != nil {
		return nil, fmt.Errorf("load outcomes: %w", err)
	}
	defer rows.Close()
	var out []OutcomeRecord
	for rows.Next() {
		var o OutcomeRecord
		var target, status string
		var at dbTime
		if err := rows.Scan(&o.ID, &o.ArmID, &o.MemberID, &target, &o.Source, &o.SourceID, &status, &at, &o.RecordedBy); err != nil {
			return nil, err
		}
		o.Target, o.Status, o.OccurredAt = contingency.Target(target), contingency.Status(status), at.Time
		out = append(out, o)
	}
	return out, rows.Err()
}

// Outcomes returns the member's outcomes in an arm in the order they
// happened, inside a write of treatment.
func (tx *Tx) Outcomes(ctx context.Context, d Disclosure, memberID, armID string) ([]OutcomeRecord, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, "SELECT "+outcomeColumns+" FROM cm_outcomes WHERE member_id = ? AND arm_id = ? ORDER BY occurred_at, id",
		memberID, armID)
	return collectOutcomes(rows, err)
}

// Outcomes returns the member's outcomes in an arm in the order they
// happened.
func (r *Reader) Outcomes(ctx context.Context, armID string) ([]OutcomeRecord, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT "+outcomeColumns+" FROM cm_outcomes WHERE member_id = ? AND arm_id = ? ORDER BY occurred_at, id",
		r.d.subject, armID)
	return collectOutcomes(rows, err)
}

// Paid returns what was settled for each of the member's outcomes in an
// arm: money awarded and held back by a cap, and draws earned.
func (tx *Tx) Paid(ctx context.Context, d Disclosure, memberID, armID string) (map[string]contingency.Paid, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	out := map[string]contingency.Paid{}
	rows, err := tx.query(ctx, `SELECT outcome_id, kind, CAST(SUM(amount_cents + held_cents) AS BIGINT) FROM cm_ledger
		WHERE member_id = ? AND arm_id = ? AND outcome_id IS NOT NULL AND kind IN (?, ?) GROUP BY outcome_id, kind`,
		memberID, armID, contingency.EntryVoucher, contingency.EntryBonus)
	if err != nil {
		return nil, fmt.Errorf("load what was paid: %w", err)
	}
	for rows.Next() {
		var id, kind string
		var sum int64
		if err := rows.Scan(&id, &kind, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		p := out[id]
		if kind == contingency.EntryBonus {
			p.Bonus = contingency.Cents(sum)
		} else {
			p.Voucher = contingency.Cents(sum)
		}
		out[id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, "SELECT outcome_id, COUNT(*) FROM cm_draws WHERE member_id = ? AND arm_id = ? GROUP BY outcome_id", memberID, armID)
	if err != nil {
		return nil, fmt.Errorf("load draws earned: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		p := out[id]
		p.Draws = n
		out[id] = p
	}
	return out, rows.Err()
}

// Awarded returns what the member was awarded, by funder and year.
func (tx *Tx) Awarded(ctx context.Context, d Disclosure, memberID string) (map[contingency.FunderYear]contingency.Cents, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT funder_id, cap_year, CAST(SUM(amount_cents) AS BIGINT) FROM cm_ledger WHERE member_id = ? AND kind <> ?
		GROUP BY funder_id, cap_year`, memberID, contingency.EntryRedemption)
	if err != nil {
		return nil, fmt.Errorf("load awards: %w", err)
	}
	defer rows.Close()
	out := map[contingency.FunderYear]contingency.Cents{}
	for rows.Next() {
		var fy contingency.FunderYear
		var sum int64
		if err := rows.Scan(&fy.Funder, &fy.Year, &sum); err != nil {
			return nil, err
		}
		out[fy] = contingency.Cents(sum)
	}
	return out, rows.Err()
}

// FunderCap returns a funder's annual cap.
func (tx *Tx) FunderCap(ctx context.Context, funderID string) (contingency.Cents, error) {
	var c int64
	if err := tx.queryRow(ctx, "SELECT annual_cap_cents FROM cm_funders WHERE id = ?", funderID).Scan(&c); err != nil {
		return 0, fmt.Errorf("load funder cap: %w", err)
	}
	return contingency.Cents(c), nil
}

// AddEntry adds a line to the member's ledger. An entry with the key of
// one already stored is not stored again (created false).
func (tx *Tx) AddEntry(ctx context.Context, d Disclosure, memberID, recordedBy, key string, e *contingency.Entry) (created bool, err error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return false, err
	}
	var idem, outcome, drawID any
	if key != "" {
		idem = key
	}
	if e.OutcomeID != "" {
		outcome = e.OutcomeID
	}
	if e.DrawID != "" {
		drawID = e.DrawID
	}
	e.ID, e.At = newID(), tx.Now
	res, err := tx.exec(ctx, `INSERT INTO cm_ledger (id, member_id, arm_id, funder_id, kind, outcome_id, draw_id, amount_cents, held_cents,
		cap_year, form, item, recorded_by, idem_key, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, idem_key) DO NOTHING`,
		e.ID, memberID, e.ArmID, e.FunderID, e.Kind, outcome, drawID, int64(e.Amount), int64(e.Held), e.Year, e.Form, e.Item, recordedBy, idem,
		tx.t(tx.Now))
	if err != nil {
		return false, fmt.Errorf("add ledger entry: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// HasEntry reports whether the member's ledger holds an entry with key.
func (tx *Tx) HasEntry(ctx context.Context, d Disclosure, memberID, key string) (bool, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return false, err
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM cm_ledger WHERE member_id = ? AND idem_key = ?", memberID, key).Scan(&n); err != nil {
		return false, fmt.Errorf("find ledger entry: %w", err)
	}
	return n > 0, nil
}

// Balance returns what the member earned and redeemed with programID's
// arms, inside a write of treatment (after LockIncentives).
func (tx *Tx) Balance(ctx context.Context, d Disclosure, memberID, programID string) (earned, redeemed contingency.Cents, err error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return 0, 0, err
	}
	var e, r int64
	err = tx.queryRow(ctx, `SELECT CAST(COALESCE(SUM(CASE WHEN kind <> ? THEN amount_cents ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN kind = ? THEN amount_cents ELSE 0 END), 0) AS BIGINT)
		FROM cm_ledger WHERE member_id = ? AND arm_id IN (SELECT id FROM cm_arms WHERE program_id = ?)`,
		contingency.EntryRedemption, contingency.EntryRedemption, memberID, programID).Scan(&e, &r)
	if err != nil {
		return 0, 0, fmt.Errorf("load balance: %w", err)
	}
	return contingency.Cents(e), contingency.Cents(r), nil
}

// LastArm returns the arm of programID the member was last in, or nil.
func (tx *Tx) LastArm(ctx context.Context, memberID, programID string) (*contingency.Arm, error) {
	a, err := scanArm(tx.queryRow(ctx, "SELECT "+armColumns+armFrom+` JOIN cm_participants p ON p.arm_id = a.id
		WHERE p.member_id = ? AND a.program_id = ? ORDER BY p.left_at IS NULL DESC, p.joined_at DESC LIMIT 1`, memberID, programID))
	if errors.Is(err, errArmNotFound) {
		return nil, nil
	}
	return a, err
}

// AddDraws records n prize draws the member earned for an outcome.
func (tx *Tx) AddDraws(ctx context.Context, d Disclosure, memberID, armID, outcomeID string, n int) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	for range n {
		if _, err := tx.exec(ctx, `INSERT INTO cm_draws (id, arm_id, member_id, outcome_id, earned_at) VALUES (?, ?, ?, ?, ?)`,
			newID(), armID, memberID, outcomeID, tx.t(tx.Now)); err != nil {
			return fmt.Errorf("add draw: %w", err)
		}
	}
	return nil
}

const drawColumns = "id, arm_id, outcome_id, earned_at, drawn_at, algorithm, seed, bowl, COALESCE(slip, -1), tier, value_cents"

func scanDraw(row rowScanner) (*contingency.Draw, error) {
	var dr contingency.Draw
	var earned, drawn dbTime
	var bowl string
	if err := row.Scan(&dr.ID, &dr.ArmID, &dr.OutcomeID, &earned, &drawn, &dr.Algorithm, &dr.Seed, &bowl, &dr.Slip, &dr.Tier, &dr.Value); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errDrawNotFound
		}
		return nil, err
	}
	dr.EarnedAt, dr.DrawnAt = earned.Time, drawn.Ptr()
	if bowl != "" {
		if err := json.Unmarshal([]byte(bowl), &dr.Bowl); err != nil {
			return nil, fmt.Errorf("draw %s bowl: %w", dr.ID, err)
		}
	}
	return &dr, nil
}

// Draw returns one of the member's draws, inside a write of treatment.
func (tx *Tx) Draw(ctx context.Context, d Disclosure, memberID, drawID string) (*contingency.Draw, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	if !isStoredID(drawID) {
		return nil, errDrawNotFound
	}
	return scanDraw(tx.queryRow(ctx, "SELECT "+drawColumns+" FROM cm_draws WHERE id = ? AND member_id = ?", drawID, memberID))
}

// CompleteDraw records how a draw came out, once: a draw already made is
// refused (ECONFLICT), so replaying it never draws again. The seed and
// slip are also sealed in the audit log, where nobody can change them.
func (tx *Tx) CompleteDraw(ctx context.Context, d Disclosure, memberID, actorID string, dr *contingency.Draw, seed []byte) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	bowl, err := json.Marshal(dr.Bowl)
	if err != nil {
		return err
	}
	dr.Algorithm, dr.Seed = draw.Algorithm, hex.EncodeToString(seed)
	now := tx.Now
	res, err := tx.exec(ctx, `UPDATE cm_draws SET drawn_at = ?, drawn_by = ?, algorithm = ?, seed = ?, bowl = ?, slip = ?, tier = ?, value_cents = ?
		WHERE id = ? AND member_id = ? AND drawn_at IS NULL`, tx.t(now), actorID, dr.Algorithm, dr.Seed, string(bowl), dr.Slip, dr.Tier,
		int64(dr.Value), dr.ID, memberID)
	if err != nil {
		return fmt.Errorf("complete draw: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ECONFLICT, "incentive.draw_already_made")
	}
	dr.DrawnAt = &now
	return tx.Audit(ctx, onward.AuditEntry{ActorID: actorID, SubjectID: memberID, Category: onward.CategoryAccount, Action: "cm_draw",
		Allowed: true, Reason: fmt.Sprintf("draw %s: %s seed %s slip %d", dr.ID, dr.Algorithm, dr.Seed, dr.Slip)})
}

// Ledger returns the member's ledger with programID's arms (all programs
// when ""), newest first.
func (r *Reader) Ledger(ctx context.Context, programID string) ([]contingency.Entry, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT l.id, l.arm_id, l.funder_id, l.kind, COALESCE(l.outcome_id, ''), COALESCE(o.target, ''),
		COALESCE(l.draw_id, ''), l.amount_cents, l.held_cents, l.cap_year, l.form, l.item, l.at
		FROM cm_ledger l JOIN cm_arms a ON a.id = l.arm_id LEFT JOIN cm_outcomes o ON o.id = l.outcome_id
		WHERE l.member_id = ? AND (? = '' OR a.program_id = ?) ORDER BY l.at DESC, l.id DESC`, r.d.subject, programID, programID)
	if err != nil {
		return nil, fmt.Errorf("load ledger: %w", err)
	}
	defer rows.Close()
	var out []contingency.Entry
	for rows.Next() {
		var e contingency.Entry
		var target string
		var at dbTime
		if err := rows.Scan(&e.ID, &e.ArmID, &e.FunderID, &e.Kind, &e.OutcomeID, &target, &e.DrawID, &e.Amount, &e.Held, &e.Year,
			&e.Form, &e.Item, &at); err != nil {
			return nil, err
		}
		e.Target, e.At = contingency.Target(target), at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}

// Draws returns the member's draws with programID's arms (all programs
// when ""): those still to draw first, then the newest.
func (r *Reader) Draws(ctx context.Context, programID string) ([]contingency.Draw, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT `+drawColumns+` FROM cm_draws WHERE member_id = ?
		AND (? = '' OR arm_id IN (SELECT id FROM cm_arms WHERE program_id = ?))
		ORDER BY drawn_at IS NOT NULL, COALESCE(drawn_at, earned_at) DESC, id`, r.d.subject, programID, programID)
	if err != nil {
		return nil, fmt.Errorf("load draws: %w", err)
	}
	defer rows.Close()
	var out []contingency.Draw
	for rows.Next() {
		dr, err := scanDraw(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *dr)
	}
	return out, rows.Err()
}

// Participation is a member's place in an arm.
type Participation struct {
	Arm      contingency.Arm
	JoinedAt time.Time
	LeftAt   *time.Time
}

// Participations returns the member's arms with programID (all programs
// when ""), the current ones first.
func (r *Reader) Participations(ctx context.Context, programID string) ([]Participation, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT "+armColumns+", p.joined_at, p.left_at"+armFrom+` JOIN cm_participants p ON p.arm_id = a.id
		WHERE p.member_id = ? AND (? = '' OR a.program_id = ?) ORDER BY p.left_at IS NOT NULL, p.joined_at DESC`, r.d.subject, programID, programID)
	if err != nil {
		return nil, fmt.Errorf("load participations: %w", err)
	}
	defer rows.Close()
	var out []Participation
	for rows.Next() {
		var joined, left dbTime
		var p Participation
		a, err := scanArm(scanTail{rows, []any{&joined, &left}})
		if err != nil {
			return nil, err
		}
		p.Arm, p.JoinedAt, p.LeftAt = *a, joined.Time, left.Ptr()
		out = append(out, p)
	}
	return out, rows.Err()
}

// scanTail scans a row whose first columns a scan function reads, and
// whose last ones go to tail.
type scanTail struct {
	row  rowScanner
	tail []any
}

func (s scanTail) Scan(dest ...any) error { return s.row.Scan(append(dest, s.tail...)...) }

// PrescribedSubstances returns the panel substances the member's
// medication shows as on day: the medicines in use that day from their own
// plans and the programs' dose orders (medication.InUse; a naloxone kit is
// no finding). A member with no plan or order at all falls back on the
// recovery profile's medication.
func (r *Reader) PrescribedSubstances(ctx context.Context, day recovery.Date) ([]string, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	plans, err := scanAll(scanPlan)(r.s.query(ctx, "SELECT "+planColumns+" FROM medication_plans WHERE member_id = ?", r.d.subject))
	if err != nil {
		return nil, fmt.Errorf("load medication plans: %w", err)
	}
	orders, err := scanAll(scanOrder)(r.s.query(ctx, "SELECT "+orderColumns+orderFrom+" WHERE o.member_id = ?", r.d.subject))
	if err != nil {
		return nil, fmt.Errorf("load dose orders: %w", err)
	}
	if len(plans) > 0 || len(orders) > 0 {
		out := []string{}
		for _, k := range medication.InUse(plans, orders, day) {
			out = append(out, drugtest.Prescribed(string(k))...)
		}
		return out, nil
	}
	var profile string
	err = r.s.queryRow(ctx, "SELECT medication FROM recovery_profiles WHERE user_id = ?", r.d.subject).Scan(&profile)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load medication: %w", err)
	}
	return drugtest.Prescribed(profile), nil
}

// exportCare adds the programs' records to an export, oldest first: drug
// tests, the contingency-management ledger and the prize draws.
func (r *Reader) exportCare(ctx context.Context, d *export.Document) error {
	d.DrugTests, d.ContingencyLedger, d.PrizeDraws = []export.DrugTest{}, []export.LedgerEntry{}, []export.PrizeDraw{}
	tests, err := r.DrugTests(ctx, "", 0)
	if err != nil {
		return err
	}
	for i := len(tests) - 1; i >= 0; i-- {
		d.DrugTests = append(d.DrugTests, export.DrugTestOf(tests[i]))
	}
	ledger, err := r.Ledger(ctx, "")
	if err != nil {
		return err
	}
	for i := len(ledger) - 1; i >= 0; i-- {
		d.ContingencyLedger = append(d.ContingencyLedger, export.LedgerEntryOf(ledger[i]))
	}
	draws, err := r.Draws(ctx, "")
	if err != nil {
		return err
	}
	slices.SortStableFunc(draws, func(a, b contingency.Draw) int { return a.EarnedAt.Compare(b.EarnedAt) })
	for _, dr := range draws {
		d.PrizeDraws = append(d.PrizeDraws, export.PrizeDrawOf(dr))
	}
	return nil
}
