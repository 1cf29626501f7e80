package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/draw"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Drug testing (docs/testing.md): tests and their results under the
// member's tests category, each member's random testing schedule, and the
// recorded draws of its days.

var errTestNotFound = onward.NewError(onward.ENOTFOUND, "testing.test_not_found")

// TestPanel returns the substances programID tests for: its own choice,
// or the full panel.
func (s *Store) TestPanel(ctx context.Context, programID string) ([]string, error) {
	var list string
	err := s.queryRow(ctx, "SELECT substances FROM test_panels WHERE program_id = ?", programID).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		return drugtest.DefaultPanel, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load test panel: %w", err)
	}
	return splitList(list), nil
}

// SaveTestPanel stores programID's panel.
func (tx *Tx) SaveTestPanel(ctx context.Context, programID string, panel []string) error {
	_, err := tx.exec(ctx, `INSERT INTO test_panels (program_id, substances, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (program_id) DO UPDATE SET substances = excluded.substances, updated_at = excluded.updated_at`,
		programID, strings.Join(panel, ","), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save test panel: %w", err)
	}
	return nil
}

// splitList reads a comma-separated column; empty is an empty list.
func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// AddDrugTest stores a test under a write disclosure of the member's tests.
// A test with the key of one already stored is not stored again: created
// is false and t becomes the stored test.
func (tx *Tx) AddDrugTest(ctx context.Context, d Disclosure, t *drugtest.Test) (created bool, err error) {
	if err := d.covers(t.MemberID, onward.ActionWrite, onward.CategoryTests); err != nil {
		return false, err
	}
	if t.Key == "" {
		t.Key = newID()
	}
	var prescribed any
	if t.Prescribed != nil {
		prescribed = strings.Join(t.Prescribed, ",")
	}
	var confirms any
	if t.ConfirmsID != "" {
		confirms = t.ConfirmsID
	}
	id := newID()
	res, err := tx.exec(ctx, `INSERT INTO drug_tests (id, member_id, program_id, status, specimen, observed, setting, collected_at, prescribed,
		confirms_id, recorded_by, idem_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (member_id, idem_key) DO NOTHING`,
		id, t.MemberID, t.ProgramID, t.Status, t.Specimen, t.Observed, t.Setting, tx.t(t.CollectedAt), prescribed, confirms,
		t.RecordedBy, t.Key, tx.t(tx.Now))
	if err != nil {
		if isUniqueViolation(err) {
			return false, onward.NewError(onward.ECONFLICT, "testing.already_confirmed")
		}
		return false, fmt.Errorf("add drug test: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		stored, err := scanDrugTest(tx.queryRow(ctx, "SELECT "+drugTestColumns+drugTestFrom+" WHERE t.member_id = ? AND t.idem_key = ?",
			t.MemberID, t.Key))
		if err != nil {
			return false, fmt.Errorf("load the test already stored: %w", err)
		}
		if stored.Results, err = tx.testResults(ctx, stored.ID); err != nil {
			return false, err
		}
		*t = *stored
		return false, nil
	}
	t.ID, t.CreatedAt = id, tx.Now
	for _, r := range t.Results {
		var expected any
		if r.Expected != nil {
			expected = *r.Expected
		}
		if _, err := tx.exec(ctx, "INSERT INTO drug_test_results (test_id, substance, result, expected) VALUES (?, ?, ?, ?)",
			id, r.Substance, r.Value, expected); err != nil {
			return false, fmt.Errorf("add test result: %w", err)
		}
	}
	return true, nil
}

func (tx *Tx) testResults(ctx context.Context, testID string) ([]drugtest.Result, error) {
	rows, err := tx.query(ctx, "SELECT substance, result, expected FROM drug_test_results WHERE test_id = ?", testID)
	if err != nil {
		return nil, fmt.Errorf("load test results: %w", err)
	}
	return collectResults(rows)
}

func collectResults(rows *sql.Rows) ([]drugtest.Result, error) {
	defer rows.Close()
	var out []drugtest.Result
	for rows.Next() {
		var r drugtest.Result
		var expected sql.NullBool
		if err := rows.Scan(&r.Substance, &r.Value, &expected); err != nil {
			return nil, fmt.Errorf("scan test result: %w", err)
		}
		if expected.Valid {
			r.Expected = &expected.Bool
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortResults(out)
	return out, nil
}

func sortResults(rs []drugtest.Result) {
	order := map[string]int{}
	for i, s := range drugtest.Substances {
		order[s] = i
	}
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && order[rs[j].Substance] < order[rs[j-1].Substance]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

const drugTestColumns = `t.id, t.member_id, t.program_id, t.status, t.specimen, t.observed, t.setting, t.collected_at, t.prescribed,
	COALESCE(t.confirms_id, ''), COALESCE((SELECT c.id FROM drug_tests c WHERE c.confirms_id = t.id), ''), t.disputed_at, t.dispute_note,
	t.recorded_by, COALESCE(u.display_name, ''), t.idem_key, t.created_at`

const drugTestFrom = ` FROM drug_tests t LEFT JOIN users u ON u.id = t.recorded_by`

func scanDrugTest(row rowScanner) (*drugtest.Test, error) {
	var t drugtest.Test
	var collected, disputed, created dbTime
	var prescribed sql.NullString
	if err := row.Scan(&t.ID, &t.MemberID, &t.ProgramID, &t.Status, &t.Specimen, &t.Observed, &t.Setting, &collected, &prescribed,
		&t.ConfirmsID, &t.ConfirmedByID, &disputed, &t.DisputeNote, &t.RecordedBy, &t.RecordedName, &t.Key, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errTestNotFound
		}
		return nil, err
	}
	t.CollectedAt, t.DisputedAt, t.CreatedAt = collected.Time, disputed.Ptr(), created.Time
	if prescribed.Valid {
		t.Prescribed = splitList(prescribed.String)
	}
	return &t, nil
}

// DrugTests returns the member's tests, newest first: with programID, only
// that program's; limit 0 for all of them.
func (r *Reader) DrugTests(ctx context.Context, programID string, limit int) ([]drugtest.Test, error) {
	if err := r.need(onward.CategoryTests); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := r.s.query(ctx, "SELECT "+drugTestColumns+drugTestFrom+
		` WHERE t.member_id = ? AND (? = '' OR t.program_id = ?) ORDER BY t.collected_at DESC, t.id DESC LIMIT ?`,
		r.d.subject, programID, programID, limit)
	if err != nil {
		return nil, fmt.Errorf("load drug tests: %w", err)
	}
	var out []drugtest.Test
	for rows.Next() {
		t, err := scanDrugTest(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan drug test: %w", err)
		}
		out = append(out, *t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		res, err := r.s.query(ctx, "SELECT substance, result, expected FROM drug_test_results WHERE test_id = ?", out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("load test results: %w", err)
		}
		if out[i].Results, err = collectResults(res); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DrugTest returns one of the member's tests, inside a write of tests.
func (tx *Tx) DrugTest(ctx context.Context, d Disclosure, memberID, id string) (*drugtest.Test, error) {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTests); err != nil {
		return nil, err
	}
	if !isStoredID(id) {
		return nil, errTestNotFound
	}
	t, err := scanDrugTest(tx.queryRow(ctx, "SELECT "+drugTestColumns+drugTestFrom+" WHERE t.id = ? AND t.member_id = ?", id, memberID))
	if err != nil {
		return nil, err
	}
	if t.Results, err = tx.testResults(ctx, t.ID); err != nil {
		return nil, err
	}
	return t, nil
}

// DisputeDrugTest records that the member disputes a test's result, with
// their note; a test already disputed stays as it was (a second submit
// changes nothing). Only a collected test, not a confirmation, may be
// disputed.
func (tx *Tx) DisputeDrugTest(ctx context.Context, d Disclosure, memberID, testID, note string) (*drugtest.Test, error) {
	t, err := tx.DrugTest(ctx, d, memberID, testID)
	if err != nil {
		return nil, err
	}
	if t.Status != drugtest.Collected || t.ConfirmsID != "" {
		return nil, onward.NewError(onward.ECONFLICT, "testing.cannot_dispute")
	}
	if t.DisputedAt != nil {
		return t, nil
	}
	if _, err := tx.exec(ctx, "UPDATE drug_tests SET disputed_at = ?, dispute_note = ? WHERE id = ? AND disputed_at IS NULL",
		tx.t(tx.Now), note, testID); err != nil {
		return nil, fmt.Errorf("dispute drug test: %w", err)
	}
	now := tx.Now
	t.DisputedAt, t.DisputeNote = &now, note
	return t, nil
}

// DisputedTest is a test a member disputed that waits for its confirmation.
type DisputedTest struct {
	TestID      string
	MemberID    string
	EnrolmentID string
	MemberName  string
	CollectedAt time.Time
	DisputedAt  time.Time
}

// OpenDisputes lists programID's disputed tests without a confirmation,
// oldest first, for its staff's list of things to do; the caller shows
// each only when the member's consent covers tests.
func (s *Store) OpenDisputes(ctx context.Context, programID string) ([]DisputedTest, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.member_id, COALESCE(e.id, ''), u.display_name, t.collected_at, t.disputed_at
		FROM drug_tests t JOIN users u ON u.id = t.member_id
		LEFT JOIN enrolments e ON e.program_id = t.program_id AND e.member_id = t.member_id AND e.status = ?
		WHERE t.program_id = ? AND t.disputed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM drug_tests c WHERE c.confirms_id = t.id)
		ORDER BY t.disputed_at`, string(onward.EnrolmentActive), programID)
	if err != nil {
		return nil, fmt.Errorf("load open disputes: %w", err)
	}
	defer rows.Close()
	var out []DisputedTest
	for rows.Next() {
		var d DisputedTest
		var collected, disputed dbTime
		if err := rows.Scan(&d.TestID, &d.MemberID, &d.EnrolmentID, &d.MemberName, &collected, &disputed); err != nil {
			return nil, err
		}
		d.CollectedAt, d.DisputedAt = collected.Time, disputed.Time
		out = append(out, d)
	}
	return out, rows.Err()
}

// Random testing schedules.

// TestSchedule is a member's random testing schedule with a program.
type TestSchedule struct {
	EnrolmentID string
	MemberID    string
	ProgramID   string
	drugtest.Frequency
	SetBy     string
	UpdatedAt time.Time
}

// SetTestSchedule stores the member's schedule under a write of tests and
// draws the current period's days at once if none are drawn yet, from
// today on (today is the member's day).
func (tx *Tx) SetTestSchedule(ctx context.Context, d Disclosure, sch TestSchedule, today recovery.Date) error {
	if err := d.covers(sch.MemberID, onward.ActionWrite, onward.CategoryTests); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO test_schedules (enrolment_id, member_id, program_id, tests, per, weekdays_only, set_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (enrolment_id) DO UPDATE SET tests = excluded.tests, per = excluded.per,
		weekdays_only = excluded.weekdays_only, set_by = excluded.set_by, updated_at = excluded.updated_at`,
		sch.EnrolmentID, sch.MemberID, sch.ProgramID, sch.Count, sch.Per, sch.WeekdaysOnly, sch.SetBy, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("set test schedule: %w", err)
	}
	_, err = tx.drawTestDays(ctx, sch, today)
	return err
}

// ClearTestSchedule ends the member's schedule; days already drawn stay
// on the record.
func (tx *Tx) ClearTestSchedule(ctx context.Context, d Disclosure, memberID, enrolmentID string) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryTests); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "DELETE FROM test_schedules WHERE enrolment_id = ? AND member_id = ?", enrolmentID, memberID); err != nil {
		return fmt.Errorf("clear test schedule: %w", err)
	}
	return nil
}

// TestSchedule returns the member's schedule with a program, or nil.
func (r *Reader) TestSchedule(ctx context.Context, enrolmentID string) (*TestSchedule, error) {
	if err := r.need(onward.CategoryTests); err != nil {
		return nil, err
	}
	var sch TestSchedule
	var updated dbTime
	err := r.s.queryRow(ctx, `SELECT enrolment_id, member_id, program_id, tests, per, weekdays_only, set_by, updated_at FROM test_schedules
		WHERE enrolment_id = ? AND member_id = ?`, enrolmentID, r.d.subject).
		Scan(&sch.EnrolmentID, &sch.MemberID, &sch.ProgramID, &sch.Count, &sch.Per, &sch.WeekdaysOnly, &sch.SetBy, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load test schedule: %w", err)
	}
	sch.UpdatedAt = updated.Time
	return &sch, nil
}

// TestDraw is one period's recorded draw of test days.
type TestDraw struct {
	ID           string
	EnrolmentID  string
	Period       drugtest.Period
	From         recovery.Date
	Count        int
	WeekdaysOnly bool
	Algorithm    string
	Seed         string
	Days         []recovery.Date
	DrawnAt      time.Time
}

// drawTestDays draws the days of the period holding today for a schedule,
// unless they are drawn already, with a fresh seed recorded beside them
// and its hash sealed in the audit log.
func (tx *Tx) drawTestDays(ctx context.Context, sch TestSchedule, today recovery.Date) (bool, error) {
	period := drugtest.PeriodOf(today, sch.Per)
	seed := draw.NewSeed()
	days := drugtest.DrawDays(seed, drugtest.EligibleDays(period, today, sch.WeekdaysOnly), sch.Count)
	list := make([]string, len(days))
	for i, d := range days {
		list[i] = d.String()
	}
	id := newID()
	res, err := tx.exec(ctx, `INSERT INTO test_draws (id, enrolment_id, member_id, period_start, period_end, drawn_from, tests, weekdays_only,
		algorithm, seed, days, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (enrolment_id, period_start) DO NOTHING`,
		id, sch.EnrolmentID, sch.MemberID, period.Start.String(), period.End.String(), today.String(), sch.Count, sch.WeekdaysOnly,
		draw.Algorithm, hex.EncodeToString(seed), strings.Join(list, ","), tx.t(tx.Now))
	if err != nil {
		return false, fmt.Errorf("draw test days: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, tx.Audit(ctx, onward.AuditEntry{SubjectID: sch.MemberID, Category: onward.CategoryAccount, Action: "test_days_drawn",
		Allowed: true, Reason: fmt.Sprintf("draw %s: %s, seed sha256 %s", id, draw.Algorithm, seedDigest(seed))})
}

// seedDigest is the start of a seed's SHA-256, for the audit log: it
// seals the seed recorded beside a draw without putting it in the log.
func seedDigest(seed []byte) string {
	sum := sha256.Sum256(seed)
	return hex.EncodeToString(sum[:12])
}

// TestDraws returns the member's draws for an enrolment whose period ends
// on or after from, oldest first.
func (r *Reader) TestDraws(ctx context.Context, enrolmentID string, from recovery.Date) ([]TestDraw, error) {
	if err := r.need(onward.CategoryTests); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT id, enrolment_id, period_start, period_end, drawn_from, tests, weekdays_only, algorithm, seed, days, drawn_at
		FROM test_draws WHERE member_id = ? AND (? = '' OR enrolment_id = ?) AND period_end >= ? ORDER BY period_start`,
		r.d.subject, enrolmentID, enrolmentID, from.String())
	if err != nil {
		return nil, fmt.Errorf("load test draws: %w", err)
	}
	defer rows.Close()
	var out []TestDraw
	for rows.Next() {
		var t TestDraw
		var start, end, drawnFrom, days string
		var drawn dbTime
		if err := rows.Scan(&t.ID, &t.EnrolmentID, &start, &end, &drawnFrom, &t.Count, &t.WeekdaysOnly, &t.Algorithm, &t.Seed, &days, &drawn); err != nil {
			return nil, err
		}
		for _, p := range []struct {
			s string
			d *recovery.Date
		}{{start, &t.Period.Start}, {end, &t.Period.End}, {drawnFrom, &t.From}} {
			if *p.d, err = recovery.ParseDate(p.s); err != nil {
				return nil, err
			}
		}
		if t.Days, err = parseDays(days); err != nil {
			return nil, err
		}
		t.DrawnAt = drawn.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// parseDays reads a draw's comma-separated days.
func parseDays(list string) ([]recovery.Date, error) {
	var out []recovery.Date
	for _, s := range splitList(list) {
		d, err := recovery.ParseDate(s)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// TestDayOfProgram is a member of a program with a test drawn for a day.
type TestDayOfProgram struct {
	EnrolmentID string
	MemberID    string
	MemberName  string
	TimeZone    string
	Days        []recovery.Date
}

// ProgramTestDraws lists the draws of programID's active enrolments whose
// period holds a day from from to to; the caller keeps each member's own
// today and shows it only when their consent covers tests.
func (s *Store) ProgramTestDraws(ctx context.Context, programID string, from, to recovery.Date) ([]TestDayOfProgram, error) {
	rows, err := s.query(ctx, `SELECT e.id, e.member_id, u.display_name, u.time_zone, d.days FROM test_draws d
		JOIN enrolments e ON e.id = d.enrolment_id JOIN users u ON u.id = e.member_id
		WHERE e.program_id = ? AND e.status = ? AND d.period_end >= ? AND d.period_start <= ? ORDER BY u.display_name, e.id`,
		programID, string(onward.EnrolmentActive), from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("load program test draws: %w", err)
	}
	defer rows.Close()
	var out []TestDayOfProgram
	for rows.Next() {
		var t TestDayOfProgram
		var days string
		if err := rows.Scan(&t.EnrolmentID, &t.MemberID, &t.MemberName, &t.TimeZone, &days); err != nil {
			return nil, err
		}
		var err error
		if t.Days, err = parseDays(days); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// The test-day notice: members are told on the day, discreetly.

// testDayNoticeTime is the local time from which the day's notice goes.
const testDayNoticeTime = "07:00"

// PlanTestDays draws the days of each active schedule's current period
// when they are not drawn yet, and tells each member whose test is today,
// once, after testDayNoticeTime and outside their quiet hours, with a
// notification that says only that they have something to do today. It
// returns how many notices it queued.
func (s *Store) PlanTestDays(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT sch.enrolment_id, sch.member_id, sch.program_id, sch.tests, sch.per, sch.weekdays_only, u.time_zone,
		n.quiet_start, n.quiet_end FROM test_schedules sch
		JOIN enrolments e ON e.id = sch.enrolment_id AND e.status = ? JOIN users u ON u.id = sch.member_id
		LEFT JOIN notify_prefs n ON n.user_id = sch.member_id`, string(onward.EnrolmentActive))
	if err != nil {
		return 0, fmt.Errorf("find test schedules: %w", err)
	}
	type due struct {
		sch   TestSchedule
		today recovery.Date
		clock string
		prefs NotifyPrefs
	}
	var list []due
	for rows.Next() {
		var d due
		var tz string
		var quietStart, quietEnd *string
		if err := rows.Scan(&d.sch.EnrolmentID, &d.sch.MemberID, &d.sch.ProgramID, &d.sch.Count, &d.sch.Per, &d.sch.WeekdaysOnly, &tz,
			&quietStart, &quietEnd); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan test schedule: %w", err)
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			loc = time.UTC
		}
		local := now.In(loc)
		d.today, d.clock = recovery.DateOf(local, loc), local.Format("15:04")
		if quietStart != nil && quietEnd != nil {
			d.prefs = NotifyPrefs{QuietStart: *quietStart, QuietEnd: *quietEnd}
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range list {
		queued := false
		err := s.Write(ctx, func(tx *Tx) error {
			queued = false
			if _, err := tx.drawTestDays(ctx, d.sch, d.today); err != nil {
				return err
			}
			if d.clock < testDayNoticeTime || d.prefs.Quiet(d.clock) {
				return nil
			}
			var days string
			err := tx.queryRow(ctx, "SELECT days FROM test_draws WHERE enrolment_id = ? AND period_start = ?",
				d.sch.EnrolmentID, drugtest.PeriodOf(d.today, d.sch.Per).Start.String()).Scan(&days)
			if err != nil || !strings.Contains(","+days+",", ","+d.today.String()+",") {
				return err
			}
			res, err := tx.exec(ctx, `INSERT INTO test_notices (enrolment_id, day, member_id, sent_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (enrolment_id, day) DO NOTHING`, d.sch.EnrolmentID, d.today.String(), d.sch.MemberID, tx.t(tx.Now))
			if err != nil {
				return fmt.Errorf("note test-day notice: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			queued = true
			return tx.notify(ctx, d.sch.MemberID, KindTestDay, "", d.today.String(), tx.Now)
		})
		if err != nil {
			return sent, err
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}
