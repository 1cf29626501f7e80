package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// Measurement-based care: a member's completed instruments, their
// withdrawal tracker, and a program's settings for reading scores. Like
// the recovery records, every method on a member's data takes the
// Disclosure of a recorded policy decision about category assessments.

// SafetyFlag is the flag code that sets an assessment's safety column:
// PHQ-9 item 9 above 0 (instrument.FlagSuicideRisk).
const SafetyFlag = "suicide_risk"

const assessmentColumns = `a.id, a.user_id, a.instrument, a.answers, a.total, a.band, a.subscales, a.flags, a.bup_threshold,
	a.taken_at, a.baseline, COALESCE(a.recorded_by, ''), COALESCE(u.display_name, ''), a.recorder_role,
	COALESCE(a.program_id, ''), COALESCE(p.name, ''), a.level_of_care, a.client_id, a.created_at`

const assessmentFrom = ` FROM assessments a LEFT JOIN users u ON u.id = a.recorded_by LEFT JOIN programs p ON p.id = a.program_id`

// AddAssessment records a completed instrument, with a new id. A replay of a submission
// already recorded (same member and ClientID) changes nothing and fills a
// with the recorded one; it reports whether a new record was made.
func (tx *Tx) AddAssessment(ctx context.Context, d Disclosure, a *onward.Assessment) (created bool, err error) {
	if err := d.covers(a.UserID, onward.ActionWrite, onward.CategoryAssessments); err != nil {
		return false, err
	}
	if a.ClientID != "" {
		existing, err := tx.assessmentByClientID(ctx, a.UserID, a.ClientID)
		if err != nil || existing != nil {
			if existing != nil {
				*a = *existing
			}
			return false, err
		}
	}
	answers, err := json.Marshal(a.Answers)
	if err != nil {
		return false, err
	}
	subscales := []byte("{}")
	if a.Subscales != nil {
		if subscales, err = json.Marshal(a.Subscales); err != nil {
			return false, err
		}
	}
	// A record loaded from an export keeps when it was first recorded.
	a.ID, a.CreatedAt = newID(), tx.orNow(a.CreatedAt)
	// Another instance may record the same submission at the same moment:
	// the unique index decides, and the loser returns the winner's record.
	res, err := tx.exec(ctx, `INSERT INTO assessments (id, user_id, instrument, answers, total, band, subscales, flags, safety,
		bup_threshold, taken_at, baseline, recorded_by, recorder_role, program_id, level_of_care, client_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, client_id) WHERE client_id <> '' DO NOTHING`,
		a.ID, a.UserID, a.Instrument, string(answers), a.Total, a.Band, string(subscales), strings.Join(a.Flags, ","),
		boolInt(a.HasFlag(SafetyFlag)), a.BuprenorphineThreshold, tx.t(a.TakenAt), boolInt(a.Baseline), nullString(a.RecordedBy),
		string(a.RecordedByRole), nullString(a.ProgramID), a.LevelOfCare, a.ClientID, tx.t(a.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("add assessment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		existing, err := tx.assessmentByClientID(ctx, a.UserID, a.ClientID)
		if err == nil && existing != nil {
			*a = *existing
		}
		return false, err
	}
	return true, nil
}

func (tx *Tx) assessmentByClientID(ctx context.Context, userID, clientID string) (*onward.Assessment, error) {
	a, err := scanAssessment(tx.queryRow(ctx, "SELECT "+assessmentColumns+assessmentFrom+" WHERE a.user_id = ? AND a.client_id = ?",
		userID, clientID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

// LatestAssessmentOf returns the member's latest assessment of
// instrument (by when it was taken), or nil when there is none: the use
// case reads it in the write that adds the next one, to tell the first (a
// baseline) and a COWS band rising from the one before.
func (tx *Tx) LatestAssessmentOf(ctx context.Context, d Disclosure, userID, instrument string) (*onward.Assessment, error) {
	if err := d.covers(userID, onward.ActionWrite, onward.CategoryAssessments); err != nil {
		return nil, err
	}
	a, err := scanAssessment(tx.queryRow(ctx, "SELECT "+assessmentColumns+assessmentFrom+
		" WHERE a.user_id = ? AND a.instrument = ? ORDER BY a.taken_at DESC, a.created_at DESC, a.id DESC LIMIT 1", userID, instrument))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

func scanAssessment(row interface{ Scan(...any) error }) (*onward.Assessment, error) {
	var a onward.Assessment
	var answers, subscales, flags, role string
	var baseline int
	var taken, created dbTime
	err := row.Scan(&a.ID, &a.UserID, &a.Instrument, &answers, &a.Total, &a.Band, &subscales, &flags, &a.BuprenorphineThreshold,
		&taken, &baseline, &a.RecordedBy, &a.RecordedByName, &role, &a.ProgramID, &a.ProgramName, &a.LevelOfCare, &a.ClientID, &created)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
		return nil, fmt.Errorf("assessment %s answers: %w", a.ID, err)
	}
	if subscales != "{}" {
		if err := json.Unmarshal([]byte(subscales), &a.Subscales); err != nil {
			return nil, fmt.Errorf("assessment %s subscales: %w", a.ID, err)
		}
	}
	a.Flags = []string{}
	if flags != "" {
		a.Flags = strings.Split(flags, ",")
	}
	a.RecordedByRole, a.Baseline = onward.Role(role), baseline == 1
	a.TakenAt, a.CreatedAt = taken.Time, created.Time
	return &a, nil
}

func (r *Reader) assessments(ctx context.Context, where string, args ...any) ([]onward.Assessment, error) {
	if err := r.need(onward.CategoryAssessments); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT "+assessmentColumns+assessmentFrom+" WHERE a.user_id = ?"+where+
		" ORDER BY a.taken_at, a.created_at, a.id", append([]any{r.d.subject}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("load assessments: %w", err)
	}
	defer rows.Close()
	out := []onward.Assessment{}
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// Assessments returns the member's assessments of instrument (every
// instrument when ""), oldest taken first.
func (r *Reader) Assessments(ctx context.Context, instrument string) ([]onward.Assessment, error) {
	if instrument == "" {
		return r.assessments(ctx, "")
	}
	return r.assessments(ctx, " AND a.instrument = ?", instrument)
}

// Assessment returns one of the member's assessments, or ENOTFOUND.
func (r *Reader) Assessment(ctx context.Context, id string) (*onward.Assessment, error) {
	list, err := r.assessments(ctx, " AND a.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, onward.NewError(onward.ENOTFOUND, "assessment.not_found")
	}
	return &list[0], nil
}

// SafetyFlagsSince returns the member's assessments taken at or after
// since that raised a safety flag (PHQ-9 item 9 above 0), oldest first,
// from an index of those alone: what a care team's caseload asks of each
// member.
func (r *Reader) SafetyFlagsSince(ctx context.Context, since time.Time) ([]onward.Assessment, error) {
	return r.assessments(ctx, " AND a.safety = 1 AND a.taken_at >= ?", r.s.t(since))
}

// SaveWithdrawalTracker starts or updates the member's withdrawal tracker.
func (tx *Tx) SaveWithdrawalTracker(ctx context.Context, d Disclosure, w *onward.WithdrawalTracker) error {
	if err := d.covers(w.UserID, onward.ActionWrite, onward.CategoryAssessments); err != nil {
		return err
	}
	w.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `INSERT INTO withdrawal_trackers (user_id, substance, last_use_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET substance = excluded.substance, last_use_at = excluded.last_use_at,
		updated_at = excluded.updated_at`, w.UserID, w.Substance, tx.t(w.LastUseAt), tx.t(w.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save withdrawal tracker: %w", err)
	}
	return nil
}

// EndWithdrawalTracker stops the member's withdrawal tracker; the SOWS
// ratings made with it stay with the member's assessments.
func (tx *Tx) EndWithdrawalTracker(ctx context.Context, d Disclosure, userID string) error {
	if err := d.covers(userID, onward.ActionWrite, onward.CategoryAssessments); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "DELETE FROM withdrawal_trackers WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("end withdrawal tracker: %w", err)
	}
	return nil
}

// WithdrawalTracker returns the member's withdrawal tracker, or nil.
func (r *Reader) WithdrawalTracker(ctx context.Context) (*onward.WithdrawalTracker, error) {
	if err := r.need(onward.CategoryAssessments); err != nil {
		return nil, err
	}
	w := onward.WithdrawalTracker{UserID: r.d.subject}
	var last, updated dbTime
	err := r.s.queryRow(ctx, "SELECT substance, last_use_at, updated_at FROM withdrawal_trackers WHERE user_id = ?", r.d.subject).
		Scan(&w.Substance, &last, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load withdrawal tracker: %w", err)
	}
	w.LastUseAt, w.UpdatedAt = last.Time, updated.Time
	return &w, nil
}

// BuprenorphineStartThreshold returns the COWS total at which the program
// considers a first buprenorphine dose, or 0 when it has not set one.
// It is the program's setting, not anyone's health data.
func (s *Store) BuprenorphineStartThreshold(ctx context.Context, programID string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT buprenorphine_start_threshold FROM program_assessment_settings WHERE program_id = ?", programID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("load program assessment settings: %w", err)
	}
	return n, nil
}

// SetBuprenorphineStartThreshold stores the program's threshold. Reach it
// through StaffAccess, which checks and records that the viewer is on the
// program's staff.
func (tx *Tx) SetBuprenorphineStartThreshold(ctx context.Context, programID string, threshold int) error {
	_, err := tx.exec(ctx, `INSERT INTO program_assessment_settings (program_id, buprenorphine_start_threshold, updated_at)
		VALUES (?, ?, ?) ON CONFLICT (program_id) DO UPDATE SET
		buprenorphine_start_threshold = excluded.buprenorphine_start_threshold, updated_at = excluded.updated_at`,
		programID, threshold, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save program assessment settings: %w", err)
	}
	return nil
}

// MemberConsentsToStaff returns the consents one member has given to any
// program staffID works for, newest first: how a care team knows the
// member, read through the member's index rather than the program's
// every consent.
func (s *Store) MemberConsentsToStaff(ctx context.Context, staffID, memberID string) ([]onward.ProgramConsent, error) {
	return s.programConsents(ctx, s.query, "c.subject_id = ? AND "+staffOf, memberID, staffID)
}

// IsStoredID reports whether s has the shape of the ids the store makes,
// so a use case can answer "not found" for an id from a URL before it
// reaches the database or the audit log.
func IsStoredID(s string) bool { return isStoredID(s) }
