package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// urgeMinutes is the length of the urge-surfing timer: a stretch short
// enough to face, long enough for a craving to rise and begin to ease.
const urgeMinutes = 15

type urgeView struct {
	Rec       *recoveryView
	StartedAt string // RFC 3339, echoed back by the outcome form
	EndsAt    string // local clock time the timer ends, for those without JavaScript
	Minutes   int
}

func (s *Server) urgeData(r *http.Request) (pageData, error) {
	u := state(r).user
	rec, err := s.loadRecovery(r.Context(), u)
	if err != nil {
		return pageData{}, err
	}
	loc, _, now := s.memberClock(u)
	view := urgeView{Rec: rec, StartedAt: now.UTC().Format(time.RFC3339), EndsAt: now.Add(urgeMinutes * time.Minute).In(loc).Format("15:04"), Minutes: urgeMinutes}
	return pageData{Title: "recovery.riding_out_a_craving", Data: view}, nil
}

func (s *Server) urgePage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.urgeData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "urge", data)
}

// urgeOutcome records how the urge went and what helped, so the member
// learns which of their strategies work.
func (s *Server) urgeOutcome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := state(r).user
	f := newFormReader(r.PostForm)
	outcome := f.str("outcome")
	if outcome == "used" {
		return s.redirect(w, r, "/lapse", "")
	}
	started, err := time.Parse(time.RFC3339, f.str("started_at"))
	now := s.now()
	if err != nil || started.After(now) || now.Sub(started) > 24*time.Hour {
		started = now
	}
	urge := &onward.Urge{UserID: u.ID, StartedAt: started, EndedAt: now, Passed: outcome == "passed", Note: f.str("note")}
	for _, h := range append(f.form["helped"], f.str("helped_other")) {
		if h != "" && len(urge.Helped) < 20 && len([]rune(h)) <= 200 {
			urge.Helped = append(urge.Helped, h)
		}
	}
	if outcome != "passed" && outcome != "not_yet" {
		data, err := s.urgeData(r)
		if err != nil {
			return err
		}
		return s.renderForm(w, r, "urge", data, onward.Invalid("outcome", "recovery.tell_us_whether_the_craving_passed"))
	}
	err = s.store.Access(ctx, onward.AccessRequest{Viewer: principal(r), SubjectID: u.ID, Category: onward.CategoryJournal, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) error { return tx.AddUrge(ctx, urge) })
	if err != nil {
		return err
	}
	if urge.Passed {
		return s.redirect(w, r, "/", "recovery.well_done_you_rode_it_out_and")
	}
	return s.redirect(w, r, "/urge", "recovery.it_is_still_there_and_that_is")
}
