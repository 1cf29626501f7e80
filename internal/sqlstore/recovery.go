package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's recovery data. Writes are Tx methods and reads are Reader
// methods; both take the Disclosure of a recorded policy decision
// (access.go), so no code path touches this data without one.

// SaveProfile creates or replaces the member's recovery profile.
func (tx *Tx) SaveProfile(ctx context.Context, d Disclosure, p *onward.RecoveryProfile) error {
	if err := d.covers(p.UserID, onward.ActionWrite, onward.CategoryMilestones); err != nil {
		return err
	}
	p.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `INSERT INTO recovery_profiles (user_id, last_use_day, last_use_at, convention, substances, medication,
		treatment_level, reasons, daily_spend, daily_hours, checkin_time, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET last_use_day = excluded.last_use_day, last_use_at = excluded.last_use_at,
		convention = excluded.convention, substances = excluded.substances, medication = excluded.medication,
		treatment_level = excluded.treatment_level, reasons = excluded.reasons, daily_spend = excluded.daily_spend,
		daily_hours = excluded.daily_hours, checkin_time = excluded.checkin_time, updated_at = excluded.updated_at,
		history_version = recovery_profiles.history_version + 1`,
		p.UserID, p.LastUse.String(), tx.dialect.nullTimeValue(p.LastUseAt), p.Convention.String(), strings.Join(p.Substances, ","),
		p.Medication, p.TreatmentLevel, p.Reasons, p.DailySpend, p.DailyHours, p.CheckinTime, tx.t(tx.Now), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save recovery profile: %w", err)
	}
	return nil
}

// errCheckInConflict is returned when the form was opened before another
// save of the same day's check-in, so the newer save is not overwritten
// unseen.
var errCheckInConflict = &onward.Error{Code: onward.ECONFLICT,
	Message: "recovery.you_already_saved_a_checkin_for_this"}

// SaveCheckIn creates the day's check-in or replaces it. When baseVersion
// is given (a form), the stored check-in must still be that version; a
// replay of an offline submission (same ClientID) changes nothing. It
// reports whether a new check-in was created. The usual cases (a new
// day, a replacement) are one statement; a replay or a conflict reads
// the stored check-in to tell which.
func (tx *Tx) SaveCheckIn(ctx context.Context, d Disclosure, c *onward.CheckIn, baseVersion *int) (created bool, err error) {
	if err := d.covers(c.UserID, onward.ActionWrite, onward.CategoryCheckins); err != nil {
		return false, err
	}
	next := *c
	next.ID, next.Version, next.CreatedAt, next.UpdatedAt = newID(), 1, tx.Now, tx.Now
	anyVersion, base := baseVersion == nil, 0
	if baseVersion != nil {
		base = *baseVersion
	}
	var id string
	var version int
	var createdAt dbTime
	err = tx.queryRow(ctx, saveCheckIn, append(tx.checkInValues(&next), anyVersion, base)...).Scan(&id, &version, &createdAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// The day's check-in is kept: this is its replay, or the form
		// was opened on another version.
		existing, err := scanCheckIn(tx.queryRow(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE user_id = ? AND day = ?", c.UserID, c.Day.String()))
		if err != nil {
			return false, fmt.Errorf("save check-in: %w", err)
		}
		if c.ClientID != "" && c.ClientID == existing.ClientID {
			*c = *existing
			return false, nil
		}
		return false, errCheckInConflict
	case err != nil:
		return false, fmt.Errorf("save check-in: %w", err)
	case version == 1 && base != 0:
		// A new check-in where the form expected one saved before (it
		// has gone since): undone with the write.
		return false, errCheckInConflict
	case version == 1:
		c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, 1, tx.Now, tx.Now
		return true, nil
	}
	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, version, createdAt.Time, tx.Now
	return false, nil
}

// saveCheckIn inserts the day's check-in (version 1) or replaces the
// stored one (the next version), unless the stored one has the same
// client id (a replay) or a version other than the form's (the last two
// arguments: any version, or that one); then it returns no row.
const saveCheckIn = `INSERT INTO checkins (` + checkInColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (user_id, day) DO UPDATE SET mood = excluded.mood, craving = excluded.craving, sleep_hours = excluded.sleep_hours,
	sleep_quality = excluded.sleep_quality, stress = excluded.stress, lonely = excluded.lonely, irritable = excluded.irritable,
	romanticising = excluded.romanticising, used = excluded.used, medication_taken = excluded.medication_taken,
	meeting = excluded.meeting, therapy = excluded.therapy, support_contact = excluded.support_contact, exercise = excluded.exercise,
	food = excluded.food, mindfulness = excluded.mindfulness, note = excluded.note, client_id = excluded.client_id,
	version = checkins.version + 1, updated_at = excluded.updated_at
	WHERE NOT (excluded.client_id <> '' AND checkins.client_id = excluded.client_id) AND (? OR checkins.version = ?)
	RETURNING id, version, created_at`

const checkInColumns = `id, user_id, day, mood, craving, sleep_hours, sleep_quality, stress, lonely, irritable, romanticising, used,
	medication_taken, meeting, therapy, support_contact, exercise, food, mindfulness, note, client_id, version, created_at, updated_at`

func (tx *Tx) checkInValues(c *onward.CheckIn) []any {
	return []any{c.ID, c.UserID, c.Day.String(), c.Mood, c.Craving, nullFloat(c.SleepHours), c.SleepQuality, c.Stress, c.Lonely,
		c.Irritable, c.Romanticising, c.Used, nullBool(c.MedicationTaken), c.Meeting, c.Therapy, c.SupportContact, c.Exercise,
		c.Food, c.Mindfulness, c.Note, c.ClientID, c.Version, tx.t(c.CreatedAt), tx.t(c.UpdatedAt)}
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func scanCheckIn(row interface{ Scan(...any) error }) (*onward.CheckIn, error) {
	var c onward.CheckIn
	var day string
	var sleep sql.NullFloat64
	var med sql.NullBool
	var created, updated dbTime
	err := row.Scan(&c.ID, &c.UserID, &day, &c.Mood, &c.Craving, &sleep, &c.SleepQuality, &c.Stress, &c.Lonely, &c.Irritable,
		&c.Romanticising, &c.Used, &med, &c.Meeting, &c.Therapy, &c.SupportContact, &c.Exercise, &c.Food, &c.Mindfulness,
		&c.Note, &c.ClientID, &c.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	if c.Day, err = recovery.ParseDate(day); err != nil {
		return nil, fmt.Errorf("check-in %s: %w", c.ID, err)
	}
	if sleep.Valid {
		c.SleepHours = &sleep.Float64
	}
	if med.Valid {
		c.MedicationTaken = &med.Bool
	}
	c.CreatedAt, c.UpdatedAt = created.Time, updated.Time
	return &c, nil
}

// AddLapse records a lapse. A day already recorded keeps its record; what
// was used and what led to it are filled in when given.
func (tx *Tx) AddLapse(ctx context.Context, d Disclosure, l *onward.Lapse) error {
	if err := d.covers(l.UserID, onward.ActionWrite, onward.CategoryCheckins); err != nil {
		return err
	}
	l.ID, l.CreatedAt = newID(), tx.Now
	failed := outcome{onErr: func(err error) error { return fmt.Errorf("add lapse: %w", err) }}
	err := tx.execLater(ctx, failed, `INSERT INTO lapses (id, user_id, day, what, led_to, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, day) DO UPDATE SET
		what = CASE WHEN excluded.what <> '' THEN excluded.what ELSE lapses.what END,
		led_to = CASE WHEN excluded.led_to <> '' THEN excluded.led_to ELSE lapses.led_to END`,
		l.ID, l.UserID, l.Day.String(), l.What, l.LedTo, tx.t(tx.Now))
	if err != nil {
		return err
	}
	if err := tx.execLater(ctx, failed, "UPDATE recovery_profiles SET history_version = history_version + 1 WHERE user_id = ?", l.UserID); err != nil {
		return err
	}
	return tx.noteEvent(ctx, l.UserID, caseload.FlagLapse)
}

// errStaleHistory says the member's history changed since it was read.
var errStaleHistory = errors.New("the member's recovery history changed since it was read")

// IsStaleHistory reports whether err is ClaimHistory's "changed since".
func IsStaleHistory(err error) bool { return errors.Is(err, errStaleHistory) }

// ClaimHistory moves the member's history on from version, the one a use
// case read (Profile().HistoryVersion) and decided from, and keeps the
// early warning it decided (riskHigh) for the caseload and the warning's
// state after this write (warningState, "" for none) for the next
// check-in (Reader.CheckInProfile); when another write moved the history
// first, it returns an error for which IsStaleHistory holds, and the use
// case reads again.
func (tx *Tx) ClaimHistory(ctx context.Context, d Disclosure, userID string, version int64, riskHigh bool, warningState string) error {
	if err := d.covers(userID, onward.ActionWrite, onward.CategoryCheckins); err != nil {
		return err
	}
	// On PostgreSQL its answer comes with the write's next statement's, and
	// a stale history fails the write then.
	return tx.execLater(ctx, outcome{
		rows: func(n int64) error {
			if n == 0 {
				return errStaleHistory
			}
			return nil
		},
		onErr: func(err error) error { return fmt.Errorf("claim recovery history: %w", err) },
	}, `UPDATE recovery_profiles SET history_version = history_version + 1,
		risk_high_since = CASE WHEN ? THEN COALESCE(risk_high_since, ?) ELSE NULL END,
		warning_state = ?, warning_state_version = history_version + 1
		WHERE user_id = ? AND history_version = ?`, riskHigh, tx.t(tx.Now), nullString(warningState), userID, version)
}

// SavePlan creates or replaces the member's plan.
func (tx *Tx) SavePlan(ctx context.Context, d Disclosure, p *onward.Plan) error {
	if err := d.covers(p.UserID, onward.ActionWrite, onward.CategoryJournal); err != nil {
		return err
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	p.UpdatedAt = tx.Now
	_, err = tx.exec(ctx, `INSERT INTO plans (user_id, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		p.UserID, string(body), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// AddUrge records how a craving went.
func (tx *Tx) AddUrge(ctx context.Context, d Disclosure, u *onward.Urge) error {
	if err := d.covers(u.UserID, onward.ActionWrite, onward.CategoryJournal); err != nil {
		return err
	}
	u.ID = newID()
	helped, err := json.Marshal(u.Helped)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, "INSERT INTO urges (id, user_id, started_at, ended_at, passed, helped, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
		u.ID, u.UserID, tx.t(u.StartedAt), tx.t(u.EndedAt), u.Passed, string(helped), u.Note)
	if err != nil {
		return fmt.Errorf("add urge: %w", err)
	}
	return nil
}

// MarkCelebrated records that the member has seen a milestone celebrated,
// so it is celebrated once. Marking it twice is harmless.
func (tx *Tx) MarkCelebrated(ctx context.Context, d Disclosure, userID, milestoneID string, reachedOn recovery.Date) error {
	if err := d.covers(userID, onward.ActionWrite, onward.CategoryMilestones); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO milestone_celebrations (user_id, milestone_id, reached_on, celebrated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, milestone_id, reached_on) DO NOTHING`, userID, milestoneID, reachedOn.String(), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("mark milestone celebrated: %w", err)
	}
	return nil
}

// RecoveryStart returns the day of last use that began the member's
// recovery, or nil before onboarding: writes check it (nothing may be
// dated before it) inside their own transaction.
func (tx *Tx) RecoveryStart(ctx context.Context, d Disclosure, userID string) (*recovery.Date, error) {
	if err := d.covers(userID, onward.ActionWrite, onward.CategoryCheckins); err != nil {
		return nil, err
	}
	var day string
	err := tx.queryRow(ctx, "SELECT last_use_day FROM recovery_profiles WHERE user_id = ?", userID).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load recovery start: %w", err)
	}
	start, err := recovery.ParseDate(day)
	return &start, err
}
