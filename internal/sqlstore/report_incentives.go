package sqlstore

import (
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/report"
)

// reportIncentives fills in the incentives awarded by the program's arms
// to the members of out (vouchers, bonuses and prizes, not redemptions),
// from the calendar year of the period's start, in one read: the whole
// year counts against a cap.
func (s *Store) reportIncentives(programID string, w ReportWindow, out []ReportMember, byMember map[string][]int,
	each func(what, q string, scan func(rows rowScanner) error, args ...any) error) error {
	return each("incentives", `SELECT l.member_id, l.funder_id, l.at, l.cap_year, l.amount_cents FROM cm_ledger l
		JOIN cm_arms a ON a.id = l.arm_id WHERE a.program_id = ? AND l.kind <> ? AND l.cap_year >= ? ORDER BY l.at`,
		func(rows rowScanner) error {
			var memberID string
			var e report.Earning
			var at dbTime
			if err := rows.Scan(&memberID, &e.Funder, &at, &e.CapYear, &e.Cents); err != nil {
				return err
			}
			e.At = at.Time
			for _, i := range byMember[memberID] {
				out[i].Earnings = append(out[i].Earnings, e)
			}
			return nil
		}, programID, contingency.EntryRedemption, w.From.Year())
}
