package sqlstore

import (
	"context"
	"fmt"

	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// CareFacts are what the caseload needs of a member's continuum of care:
// the current level of care with the hours it expects, and the attendance
// recorded over the last two weeks (the last complete week is in them
// whatever the member's time zone).
type CareFacts struct {
	Level         string // the open segment's level; "" when none
	LevelStart    recovery.Date
	ExpectedHours float64
	Attendance    []continuum.Record
}

// careFactsDays is how far back the caseload reads attendance.
const careFactsDays = 16

// careFacts fills the care facts of the caseload rows out (indexed by
// enrolment id) with the same enrolments (from, where, args) as the
// caseload's read.
func (s *Store) careFacts(ctx context.Context, programID, from, where string, args []any, out []CaseloadMember, byEnrolment map[string]int) error {
	hours, err := s.ProgramHours(ctx, programID)
	if err != nil {
		return err
	}
	rows, err := s.query(ctx, `SELECT g.enrolment_id, g.level, g.start_day FROM `+from+` JOIN care_segments g ON g.enrolment_id = e.id`+
		where+` AND g.end_day IS NULL`, args...)
	if err != nil {
		return fmt.Errorf("load current levels: %w", err)
	}
	for rows.Next() {
		var id, level, start string
		if err := rows.Scan(&id, &level, &start); err != nil {
			rows.Close()
			return err
		}
		i, ok := byEnrolment[id]
		if !ok {
			continue
		}
		day, err := recovery.ParseDate(start)
		if err != nil {
			rows.Close()
			return err
		}
		out[i].Care.Level, out[i].Care.LevelStart, out[i].Care.ExpectedHours = level, day, hours.Expected(level)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	now := s.now()
	rows, err = s.query(ctx, `SELECT m.enrolment_id, c.starts_at, c.minutes, m.attendance FROM `+from+`
		JOIN session_members m ON m.enrolment_id = e.id JOIN care_sessions c ON c.id = m.session_id`+where+`
		AND m.attendance <> '' AND c.cancelled_at IS NULL AND c.starts_at >= ? AND c.starts_at < ?`,
		append(append([]any{}, args...), s.t(now.AddDate(0, 0, -careFactsDays)), s.t(now))...)
	if err != nil {
		return fmt.Errorf("load attendance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		id, r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if i, ok := byEnrolment[id]; ok {
			out[i].Care.Attendance = append(out[i].Care.Attendance, r)
		}
	}
	return rows.Err()
}

// scanRecord reads an enrolment id, a session's start and length, and the
// attendance recorded.
func scanRecord(row rowScanner) (string, continuum.Record, error) {
	var id string
	var r continuum.Record
	var starts dbTime
	err := row.Scan(&id, &starts, &r.Minutes, &r.Attendance)
	r.StartsAt = starts.Time
	return id, r, err
}
