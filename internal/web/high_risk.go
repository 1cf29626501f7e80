package web

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// highRiskOutcome is what follows a check-in whose warning signs are high.
type highRiskOutcome struct {
	High    bool
	AlertID string // set when the member's people were alerted by itself
}

// checkRiskAfterCheckIn runs inside the check-in's own transaction, right
// after it is saved: it assesses the member's warning signs with the new
// check-in and, when they are high and the member chose beforehand to
// alert their people automatically, sends the alert (at most once a local
// day). Otherwise the caller asks the member whether to. Doing it in the
// same transaction keeps a check-in one durable commit.
func (s *Server) checkRiskAfterCheckIn(ctx context.Context, tx *sqlstore.Tx, rd *sqlstore.Reader, profile *onward.RecoveryProfile,
	u *onward.User, prefs sqlstore.NotifyPrefs) (highRiskOutcome, error) {
	loc, today, now := s.memberClock(u)
	var err error
	v := &recoveryView{Today: today, Profile: profile}
	if v.CheckIns, err = rd.CheckIns(ctx, today.AddDays(-riskHistoryDays), today); err != nil {
		return highRiskOutcome{}, err
	}
	if v.Lapses, err = rd.Lapses(ctx); err != nil {
		return highRiskOutcome{}, err
	}
	v.Summary = recovery.Summarize(summaryInput(profile, v.Lapses, today, now))
	if recovery.AssessRisk(riskInput(v, today)).Level != recovery.LevelHigh {
		return highRiskOutcome{}, nil
	}
	out := highRiskOutcome{High: true}
	if !prefs.AutoAlert {
		return out, nil
	}
	midnight := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, loc)
	sent, err := tx.SupportRequestsSince(ctx, u.ID, midnight)
	if err != nil || sent > 0 {
		return out, err
	}
	req, err := tx.CreateSupportRequest(ctx, u.ID)
	if err != nil {
		return out, err
	}
	out.AlertID = req.ID
	return out, nil
}
