package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// today is a member's home: clean time, stage, milestones, today's
// check-in, and the early warning with the steps from their own plan.
func (s *Server) today(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := state(r).user
	v, err := s.loadRecovery(ctx, u)
	if err != nil {
		return err
	}
	if len(v.Celebrate) > 0 {
		// Celebrated once: shown now, remembered as seen. When several are
		// new at once (a member who joins after years), the newest is the
		// one worth a banner; the rest are simply in the list below.
		err := s.store.Access(ctx, onward.AccessRequest{Viewer: principal(r), SubjectID: u.ID, Category: onward.CategoryMilestones, Action: onward.ActionWrite},
			func(tx *sqlstore.Tx) error {
				for _, m := range v.Celebrate {
					if err := tx.MarkCelebrated(ctx, u.ID, m.ID, m.On); err != nil {
						return err
					}
				}
				return nil
			})
		if err != nil {
			return err
		}
		v.Celebrate = v.Celebrate[len(v.Celebrate)-1:]
	}
	return s.render(w, r, "today", pageData{Title: "common.today", Data: v})
}
