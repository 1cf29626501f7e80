package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/report"
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
	// Scores are the PHQ-9 and GAD-7 totals and the BAM subscales stored
	// for the member from the day before admission (an intake) to the end
	// of the enrolment, as the engine scored them.
	Scores []report.Score
	// Tests are the results of the drug tests the program recorded during
	// the enrolment, as they count (a confirmation's stands in for the
	// disputed result it confirmed).
	Tests []report.TestResult
	// Ordered, Doses and Supplies are the medicines the program ordered in
	// the enrolment, the doses it recorded as given (taken or late) and the
	// take-home supplies it handed over, from the period's first day.
	Ordered  []string
	Doses    []report.Dose
	Supplies []report.Supply
	// Earnings are the incentives the program's arms awarded the member
	// from the calendar year of the period's start.
	Earnings []report.Earning
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
	if err != nil {
		return nil, err
	}
	err = each("scores", `SELECT a.user_id, a.instrument, a.total, a.subscales, a.taken_at, a.baseline FROM assessments a
		WHERE a.instrument IN (?, ?, ?) AND a.taken_at < ?
		AND a.user_id IN (SELECT member_id FROM enrolments WHERE program_id = ? AND status IN ('active', 'discharged'))`,
		func(rows rowScanner) error {
			var memberID, inst, subscales string
			var total, baseline int
			var taken dbTime
			if err := rows.Scan(&memberID, &inst, &total, &subscales, &taken, &baseline); err != nil {
				return err
			}
			scores, err := reportScores(inst, total, subscales, taken.Time, baseline == 1)
			if err != nil {
				return err
			}
			for _, i := range byMember[memberID] {
				m := &out[i]
				if taken.Time.Before(m.StartedAt.Add(-24*time.Hour)) || m.EndedAt != nil && taken.Time.After(*m.EndedAt) {
					continue
				}
				m.Scores = append(m.Scores, scores...)
			}
			return nil
		}, instrument.PHQ9, instrument.GAD7, instrument.BAM, s.t(w.Until), programID)
	if err != nil {
		return nil, err
	}
	if err := s.reportMedication(ctx, programID, w, out, byEnrolment, byMember, each); err != nil {
		return nil, err
	}
	if err := s.reportIncentives(programID, w, out, byMember, each); err != nil {
		return nil, err
	}
	return out, s.reportTests(ctx, programID, w, out, byMember)
}

// reportTests fills in the drug test results of the enrolments out.
func (s *Store) reportTests(ctx context.Context, programID string, w ReportWindow, out []ReportMember, byMember map[string][]int) error {
	type key struct{ test, substance string }
	type result struct {
		memberID string
		at       time.Time
		negative bool
	}
	rows, err := s.query(ctx, `SELECT t.id, t.member_id, COALESCE(t.confirms_id, ''), t.collected_at, r.substance, r.result
		FROM drug_tests t JOIN drug_test_results r ON r.test_id = t.id
		WHERE t.program_id = ? AND t.status = 'collected' AND t.collected_at >= ? AND t.collected_at < ?
		ORDER BY t.collected_at, t.id, r.substance`, programID, s.t(w.From), s.t(w.Until))
	if err != nil {
		return fmt.Errorf("load report tests: %w", err)
	}
	defer rows.Close()
	var order []key
	results := map[key]result{}
	confirmed := map[key]bool{}
	for rows.Next() {
		var id, memberID, confirms, substance, value string
		var at dbTime
		if err := rows.Scan(&id, &memberID, &confirms, &at, &substance, &value); err != nil {
			return fmt.Errorf("scan report tests: %w", err)
		}
		r := result{memberID: memberID, at: at.Time, negative: value == "negative"}
		if confirms != "" {
			// The confirmation's result stands in for the one disputed, at
			// the time of the test it confirms.
			k := key{confirms, substance}
			if orig, ok := results[k]; ok {
				r.at = orig.at
			}
			results[k], confirmed[k] = r, true
			continue
		}
		k := key{id, substance}
		if !confirmed[k] {
			results[k] = r
		}
		order = append(order, k)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range order {
		r := results[k]
		for _, i := range byMember[r.memberID] {
			m := &out[i]
			if r.at.Before(m.StartedAt) || m.EndedAt != nil && r.at.After(*m.EndedAt) {
				continue
			}
			m.Tests = append(m.Tests, report.TestResult{Substance: k.substance, At: r.at, Negative: r.negative})
		}
	}
	return nil
}

// reportScores are the measures a report compares of one stored result:
// the total of a PHQ-9 or GAD-7, the three subscales of a BAM.
func reportScores(inst string, total int, subscales string, taken time.Time, baseline bool) ([]report.Score, error) {
	if inst != instrument.BAM {
		return []report.Score{{Measure: inst, TakenAt: taken, Value: float64(total), Baseline: baseline}}, nil
	}
	var sub map[string]int
	if err := json.Unmarshal([]byte(subscales), &sub); err != nil {
		return nil, fmt.Errorf("read BAM subscales: %w", err)
	}
	var out []report.Score
	for _, id := range []string{instrument.BAMUse, instrument.BAMRisk, instrument.BAMProtective} {
		if v, ok := sub[id]; ok {
			out = append(out, report.Score{Measure: "bam_" + id, TakenAt: taken, Value: float64(v), Baseline: baseline})
		}
	}
	return out, nil
}
