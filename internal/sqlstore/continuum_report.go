package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// What a program's reports read (docs/reports.md): every enrolment in the
// program's care during the period with its consent, care team, segments,
// attendance and check-in days, in a handful of reads whatever the number
// of members. The use case decides, with the policy, whose data each
// section may count, and shows only aggregates.

// ReportMember is one enrolment with the facts a report needs.
type ReportMember struct {
	EnrolmentID string
	MemberID    string
	TimeZone    string
	StartedAt   time.Time
	EndedAt     *time.Time
	EndReason   string
	AgeGroup    string
	Consent     *onward.Grant // the consent the enrolment was made under, as a grant to no one yet; nil when none
	CareTeam    []string      // staff ids
	Segments    []continuum.Segment
	Attendance  []continuum.Record
	CheckIns    []recovery.Date
}

// ReportWindow is what a report reads: enrolments in care between From
// and To, their attendance up to Until, and check-in days from FromDay to
// ToDay.
type ReportWindow struct {
	From, To, Until time.Time
	FromDay, ToDay  string
}

// ReportFacts reads the facts of programID's enrolments for a report.
func (s *Store) ReportFacts(ctx context.Context, programID string, w ReportWindow) ([]ReportMember, error) {
	rows, err := s.query(ctx, `SELECT e.id, e.member_id, u.time_zone, e.started_at, e.ended_at, e.end_reason, COALESCE(ce.age_group, ''),
		COALESCE(pc.id, ''), COALESCE(pc.categories, ''), pc.signed_at, pc.expires_at, pc.revoked_at
		FROM enrolments e JOIN users u ON u.id = e.member_id
		LEFT JOIN care_episodes ce ON ce.enrolment_id = e.id LEFT JOIN program_consents pc ON pc.id = e.consent_id
		WHERE e.program_id = ? AND e.status IN ('active', 'discharged') AND e.started_at IS NOT NULL AND e.started_at < ?
		AND (e.ended_at IS NULL OR e.ended_at >= ?) ORDER BY e.id`, programID, s.t(w.To), s.t(w.From))
	if err != nil {
		return nil, fmt.Errorf("load report enrolments: %w", err)
	}
	var out []ReportMember
	byEnrolment := map[string]int{}
	byMember := map[string][]int{}
	for rows.Next() {
		var m ReportMember
		var started, ended, signed, expires, revoked dbTime
		var consentID, cats string
		if err := rows.Scan(&m.EnrolmentID, &m.MemberID, &m.TimeZone, &started, &ended, &m.EndReason, &m.AgeGroup, &consentID, &cats,
			&signed, &expires, &revoked); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan report enrolment: %w", err)
		}
		m.StartedAt, m.EndedAt = started.Time, ended.Ptr()
		if consentID != "" {
			m.Consent = &onward.Grant{ID: consentID, SubjectID: m.MemberID, Categories: splitCategories(cats), StartsAt: signed.Time,
				ExpiresAt: expires.Ptr(), RevokedAt: revoked.Ptr(), ProgramID: programID}
		}
		byEnrolment[m.EnrolmentID] = len(out)
		byMember[m.MemberID] = append(byMember[m.MemberID], len(out))
		out = append(out, m)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	each := func(what, q string, scan func(rows rowScanner) error, args ...any) error {
		rows, err := s.query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("load report %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("scan report %s: %w", what, err)
			}
		}
		return rows.Err()
	}
	err = each("care teams", `SELECT c.enrolment_id, c.staff_id FROM care_team c JOIN enrolments e ON e.id = c.enrolment_id
		WHERE e.program_id = ?`, func(rows rowScanner) error {
		var id, staff string
		if err := rows.Scan(&id, &staff); err != nil {
			return err
		}
		if i, ok := byEnrolment[id]; ok {
			out[i].CareTeam = append(out[i].CareTeam, staff)
		}
		return nil
	}, programID)
	if err != nil {
		return nil, err
	}
	err = each("segments", `SELECT g.enrolment_id, g.id, g.level, g.start_day, COALESCE(g.end_day, ''), g.end_reason FROM care_segments g
		JOIN enrolments e ON e.id = g.enrolment_id WHERE e.program_id = ? ORDER BY g.start_day, g.created_at, g.id`, func(rows rowScanner) error {
		var id, start, end string
		var g continuum.Segment
		if err := rows.Scan(&id, &g.ID, &g.Level, &start, &end, &g.EndReason); err != nil {
			return err
		}
		i, ok := byEnrolment[id]
		if !ok {
			return nil
		}
		var err error
		if g.Start, err = recovery.ParseDate(start); err != nil {
			return err
		}
		if end != "" {
			d, err := recovery.ParseDate(end)
			if err != nil {
				return err
			}
			g.End = &d
		}
		g.EnrolmentID, g.MemberID = id, out[i].MemberID
		out[i].Segments = append(out[i].Segments, g)
		return nil
	}, programID)
	if err != nil {
		return nil, err
	}
	err = each("attendance", `SELECT m.enrolment_id, c.starts_at, c.minutes, m.attendance FROM session_members m
		JOIN care_sessions c ON c.id = m.session_id WHERE c.program_id = ? AND c.cancelled_at IS NULL AND m.attendance <> ''
		AND c.starts_at >= ? AND c.starts_at < ?`, func(rows rowScanner) error {
		id, r, err := scanRecord(rows)
		if i, ok := byEnrolment[id]; ok && err == nil {
			out[i].Attendance = append(out[i].Attendance, r)
		}
		return err
	}, programID, s.t(w.From), s.t(w.Until))
	if err != nil {
		return nil, err
	}
	err = each("check-ins", `SELECT c.user_id, c.day FROM checkins c WHERE c.day >= ? AND c.day <= ?
		AND c.user_id IN (SELECT member_id FROM enrolments WHERE program_id = ? AND status IN ('active', 'discharged'))`,
		func(rows rowScanner) error {
			var memberID, day string
			if err := rows.Scan(&memberID, &day); err != nil {
				return err
			}
			d, err := recovery.ParseDate(day)
			if err != nil {
				return err
			}
			for _, i := range byMember[memberID] {
				out[i].CheckIns = append(out[i].CheckIns, d)
			}
			return nil
		}, w.FromDay, w.ToDay, programID)
	return out, err
}
