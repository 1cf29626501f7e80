package web

import (
	"net/http"
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

// afterCheckIn looks at the member's warning signs once a check-in is
// saved. When they are high and the member chose beforehand to alert their
// people automatically, the alert goes out (at most once a local day);
// otherwise the caller asks the member whether to.
func (s *Server) afterCheckIn(r *http.Request) (highRiskOutcome, error) {
	ctx := r.Context()
	u := state(r).user
	v, err := s.loadRecovery(ctx, u)
	if err != nil || v.Profile == nil || v.Risk.Level != recovery.LevelHigh {
		return highRiskOutcome{}, err
	}
	out := highRiskOutcome{High: true}
	prefs, err := s.store.NotifyPrefs(ctx, u.ID)
	if err != nil || !prefs.AutoAlert {
		return out, err
	}
	loc, today, _ := s.memberClock(u)
	midnight := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, loc)
	err = s.store.Access(ctx, onward.AccessRequest{Viewer: principal(r), SubjectID: u.ID, Category: onward.CategoryAlerts, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) error {
			sent, err := tx.SupportRequestsSince(ctx, u.ID, midnight)
			if err != nil || sent > 0 {
				return err
			}
			req, err := tx.CreateSupportRequest(ctx, u.ID)
			if err == nil {
				out.AlertID = req.ID
			}
			return err
		})
	return out, err
}
