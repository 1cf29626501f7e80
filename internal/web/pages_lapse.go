package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

type lapseView struct {
	Today recovery.Date
	Day   recovery.Date
}

func (s *Server) lapseForm(w http.ResponseWriter, r *http.Request) error {
	_, today, _ := s.memberClock(state(r).user)
	day := today
	if d, err := recovery.ParseDate(r.FormValue("day")); err == nil && !d.After(today) {
		day = d
	}
	return s.render(w, r, "lapse", pageData{Title: "recovery.record_a_lapse", Data: lapseView{Today: today, Day: day}})
}

func (s *Server) lapseSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	_, today, _ := s.memberClock(u)
	f := newFormReader(r.PostForm)
	l := &onward.Lapse{UserID: u.ID, What: f.str("what"), LedTo: f.form.Get("led_to")}
	var err error
	if l.Day, err = recovery.ParseDate(f.str("day")); err != nil {
		f.errs.Add("day", "recovery.enter_a_date_like_2026_03_14")
	}
	data := pageData{Title: "recovery.record_a_lapse", Data: lapseView{Today: today, Day: l.Day}}
	if err := s.recordLapse(r, l, f); err != nil {
		return s.renderForm(w, r, "lapse", data, err)
	}
	return s.redirect(w, r, "/lapse/safety", "")
}

// recordLapse validates and stores a lapse for its owner, once per day,
// in one transaction with the check against the recovery start.
func (s *Server) recordLapse(r *http.Request, l *onward.Lapse, f *formReader) error {
	ctx := r.Context()
	u := state(r).user
	_, today, _ := s.memberClock(u)
	if err := l.Validate(today, nil); err != nil || (f != nil && len(f.errs) > 0) {
		if f != nil {
			return f.merge(err)
		}
		return err
	}
	return s.store.Access(ctx, onward.AccessRequest{Viewer: principal(r), SubjectID: u.ID, Category: onward.CategoryCheckins, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) error {
			start, err := tx.RecoveryStart(ctx, u.ID)
			if err != nil {
				return err
			}
			if start == nil {
				return onward.NewError(onward.EINVALID, "recovery.set_your_recovery_start_date_first_so")
			}
			if err := l.Validate(today, start); err != nil {
				return err
			}
			// A day already recorded counts once; its details are updated.
			return tx.AddLapse(ctx, l)
		})
}

// lapseSafety is shown right after a lapse: overdose safety first, then
// what stays (progress), then the plan.
func (s *Server) lapseSafety(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadRecovery(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	view := lapseSafetyView{Rec: v}
	if d, err := recovery.ParseDate(r.FormValue("day")); err == nil && !d.After(v.Today) {
		view.DetailsDay = d.String()
	}
	return s.render(w, r, "lapse_safety", pageData{Title: "recovery.you_are_still_in_recovery", Data: view})
}

// lapseSafetyView is the safety page; DetailsDay links to the lapse form
// when the lapse came from a check-in and its details are still to tell.
type lapseSafetyView struct {
	Rec        *recoveryView
	DetailsDay string
}
