package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Treatment episodes: an enrolment's level-of-care segments and its plan
// (docs/continuum.md). They are treatment records: every method on a
// member's episode takes the Disclosure of a recorded decision about the
// member's treatment category.

// segmentsOf reads an enrolment's segments, oldest first.
func segmentsOf(ctx context.Context, query queryFunc, enrolmentID, memberID string) ([]continuum.Segment, error) {
	rows, err := query(ctx, `SELECT id, level, start_day, COALESCE(end_day, ''), end_reason, created_at FROM care_segments
		WHERE enrolment_id = ? AND member_id = ? ORDER BY start_day, created_at, id`, enrolmentID, memberID)
	if err != nil {
		return nil, fmt.Errorf("load care segments: %w", err)
	}
	defer rows.Close()
	var out []continuum.Segment
	for rows.Next() {
		s := continuum.Segment{EnrolmentID: enrolmentID, MemberID: memberID}
		var start, end string
		var created dbTime
		if err := rows.Scan(&s.ID, &s.Level, &start, &end, &s.EndReason, &created); err != nil {
			return nil, fmt.Errorf("scan care segment: %w", err)
		}
		if s.Start, err = recovery.ParseDate(start); err != nil {
			return nil, err
		}
		if end != "" {
			d, err := recovery.ParseDate(end)
			if err != nil {
				return nil, err
			}
			s.End = &d
		}
		s.CreatedAt = created.Time
		out = append(out, s)
	}
	return out, rows.Err()
}

// episodeOf reads an enrolment's episode as stored: its segments and plan.
func episodeOf(ctx context.Context, query queryFunc, enrolmentID, memberID string) (*continuum.Episode, error) {
	e := &continuum.Episode{EnrolmentID: enrolmentID}
	rows, err := query(ctx, "SELECT next_level, age_group FROM care_episodes WHERE enrolment_id = ? AND member_id = ?", enrolmentID, memberID)
	if err != nil {
		return nil, fmt.Errorf("load care episode: %w", err)
	}
	if rows.Next() {
		if err := rows.Scan(&e.NextLevel, &e.AgeGroup); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan care episode: %w", err)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	e.Segments, err = segmentsOf(ctx, query, enrolmentID, memberID)
	return e, err
}

// Episode reads the stored episode of one of the subject's enrolments
// (an open segment stays open here: the use case closes it at the
// enrolment's discharge).
func (r *Reader) Episode(ctx context.Context, enrolmentID string) (*continuum.Episode, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	return episodeOf(ctx, r.s.query, enrolmentID, r.d.subject)
}

// Episode reads the episode inside a write, for a change to be checked
// against what is stored now.
func (tx *Tx) Episode(ctx context.Context, d Disclosure, enrolmentID string) (*continuum.Episode, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return nil, err
	}
	return episodeOf(ctx, tx.query, enrolmentID, d.subject)
}

// AddSegment stores a segment of an active enrolment of programID, after
// ending the open one (ended, when not nil) on the day the new one
// starts. When the new segment is open, the enrolment's level of care
// becomes its service type, which the caseload shows and filters by.
func (tx *Tx) AddSegment(ctx context.Context, d Disclosure, programID string, added *continuum.Segment, ended *continuum.Segment, staffID string) error {
	if err := d.covers(added.MemberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	if ended != nil {
		res, err := tx.exec(ctx, "UPDATE care_segments SET end_day = ?, end_reason = ? WHERE id = ? AND enrolment_id = ? AND end_day IS NULL",
			ended.End.String(), ended.EndReason, ended.ID, added.EnrolmentID)
		if err != nil {
			return fmt.Errorf("end care segment: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onward.NewError(onward.ECONFLICT, "continuum.episode_changed")
		}
	}
	added.ID, added.CreatedAt = newID(), tx.Now
	var end any
	if added.End != nil {
		end = added.End.String()
	}
	_, err := tx.exec(ctx, `INSERT INTO care_segments (id, enrolment_id, member_id, level, start_day, end_day, end_reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, added.ID, added.EnrolmentID, added.MemberID, added.Level, added.Start.String(), end,
		added.EndReason, nullString(staffID), tx.t(tx.Now))
	if isUniqueViolation(err) {
		return onward.NewError(onward.ECONFLICT, "continuum.episode_changed")
	}
	if err != nil {
		return fmt.Errorf("add care segment: %w", err)
	}
	if added.End != nil {
		return nil
	}
	level, _ := continuum.LevelOf(added.Level)
	return tx.SetLevelOfCare(ctx, programID, added.EnrolmentID, level.Service)
}

// SaveEpisodePlan stores what the care team plans next and the age group.
func (tx *Tx) SaveEpisodePlan(ctx context.Context, d Disclosure, enrolmentID, nextLevel, ageGroup string) error {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO care_episodes (enrolment_id, member_id, next_level, age_group, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (enrolment_id) DO UPDATE SET next_level = excluded.next_level, age_group = excluded.age_group,
		updated_at = excluded.updated_at`, enrolmentID, d.subject, nextLevel, ageGroup, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save episode plan: %w", err)
	}
	return nil
}

// nullString stores "" as NULL, for optional references.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ProgramHours returns a program's expected hours a week by level (the
// levels it set; the others keep their defaults).
func (s *Store) ProgramHours(ctx context.Context, programID string) (continuum.Hours, error) {
	rows, err := s.query(ctx, "SELECT level, hours_per_week FROM program_level_hours WHERE program_id = ?", programID)
	if err != nil {
		return nil, fmt.Errorf("load expected hours: %w", err)
	}
	defer rows.Close()
	out := continuum.Hours{}
	for rows.Next() {
		var level string
		var hours float64
		if err := rows.Scan(&level, &hours); err != nil {
			return nil, err
		}
		out[level] = hours
	}
	return out, rows.Err()
}

// ReportSettings are a program's settings for its reports.
type ReportSettings struct {
	// RetentionGapDays is the longest stretch without an attended session
	// a member may have and still count as retained; 0 counts the
	// enrolment alone.
	RetentionGapDays int
}

// DefaultReportSettings apply until a program sets its own.
var DefaultReportSettings = ReportSettings{RetentionGapDays: 30}

// ReportSettings returns the program's report settings or the defaults.
func (s *Store) ReportSettings(ctx context.Context, programID string) (ReportSettings, error) {
	set := DefaultReportSettings
	err := s.queryRow(ctx, "SELECT retention_gap_days FROM program_report_settings WHERE program_id = ?", programID).Scan(&set.RetentionGapDays)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultReportSettings, nil
	}
	if err != nil {
		return set, fmt.Errorf("load report settings: %w", err)
	}
	return set, nil
}

// SaveCareSettings stores a program's expected hours by level (replacing
// those it set before) and its report settings.
func (tx *Tx) SaveCareSettings(ctx context.Context, programID string, hours continuum.Hours, report ReportSettings) error {
	if _, err := tx.exec(ctx, "DELETE FROM program_level_hours WHERE program_id = ?", programID); err != nil {
		return fmt.Errorf("save expected hours: %w", err)
	}
	for level, h := range hours {
		if _, err := tx.exec(ctx, "INSERT INTO program_level_hours (program_id, level, hours_per_week) VALUES (?, ?, ?)",
			programID, level, h); err != nil {
			return fmt.Errorf("save expected hours: %w", err)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO program_report_settings (program_id, retention_gap_days, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (program_id) DO UPDATE SET retention_gap_days = excluded.retention_gap_days, updated_at = excluded.updated_at`,
		programID, report.RetentionGapDays, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save report settings: %w", err)
	}
	return nil
}
