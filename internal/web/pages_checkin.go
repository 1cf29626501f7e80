package web

import (
	"net/http"
	"strconv"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// checkInView fills the check-in form.
type checkInView struct {
	Day          recovery.Date
	Today        recovery.Date
	IsToday      bool
	Existing     *onward.CheckIn
	OnMedication bool
	Version      int  // of the check-in the form was opened on; 0 when new
	Conflict     bool // another save came first: show it beside the typed answers
}

// checkInDay reads ?day= (today or yesterday only), defaulting to today.
func checkInDay(r *http.Request, today recovery.Date) (recovery.Date, error) {
	v := r.FormValue("day")
	if v == "" {
		return today, nil
	}
	d, err := recovery.ParseDate(v)
	if err != nil || d.After(today) || d.Before(today.AddDays(-1)) {
		return today, onward.NewError(onward.EINVALID, "recovery.checkins_can_be_made_for_today_or")
	}
	return d, nil
}

func (s *Server) checkInForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	_, today, _ := s.memberClock(u)
	day, err := checkInDay(r, today)
	if err != nil {
		return err
	}
	view := checkInView{Day: day, Today: today, IsToday: day == today}
	err = s.store.ReadAccess(r.Context(), principal(r), u.ID, []onward.Category{onward.CategoryCheckins, onward.CategoryMilestones}, func(rd *sqlstore.Reader) error {
		var err error
		if view.Existing, err = rd.CheckIn(r.Context(), day); err != nil {
			return err
		}
		p, err := rd.Profile(r.Context())
		view.OnMedication = p != nil && p.Medication != "none"
		return err
	})
	if err != nil {
		return err
	}
	data := pageData{Title: "recovery.daily_checkin", Data: view}
	if view.Existing != nil {
		view.Version = view.Existing.Version
		data.Data = view
		data.Form = checkInFormValues(view.Existing)
	}
	return s.render(w, r, "checkin", data)
}

// checkInFormValues fills the form from a saved check-in.
func checkInFormValues(c *onward.CheckIn) map[string][]string {
	f := map[string][]string{
		"mood": {strconv.Itoa(c.Mood)}, "craving": {strconv.Itoa(c.Craving)}, "note": {c.Note},
	}
	for field, v := range map[string]int{"sleep_quality": c.SleepQuality, "stress": c.Stress, "lonely": c.Lonely, "irritable": c.Irritable} {
		if v > 0 {
			f[field] = []string{strconv.Itoa(v)}
		}
	}
	if c.SleepHours != nil {
		f["sleep_hours"] = []string{inputNumber(*c.SleepHours)}
	}
	for field, on := range map[string]bool{"romanticising": c.Romanticising, "used": c.Used, "meeting": c.Meeting, "therapy": c.Therapy,
		"support_contact": c.SupportContact, "exercise": c.Exercise, "food": c.Food, "mindfulness": c.Mindfulness} {
		if on {
			f[field] = []string{"yes"}
		}
	}
	if c.MedicationTaken != nil {
		f["medication_taken"] = []string{map[bool]string{true: "yes", false: "no"}[*c.MedicationTaken]}
	}
	return f
}

// readCheckIn builds a check-in from the form.
func readCheckIn(f *formReader, userID string, day recovery.Date) *onward.CheckIn {
	return &onward.CheckIn{UserID: userID, Day: day,
		Mood: f.int("mood", 0), Craving: f.int("craving", -1), SleepHours: f.float("sleep_hours"),
		SleepQuality: f.int("sleep_quality", 0), Stress: f.int("stress", 0), Lonely: f.int("lonely", 0), Irritable: f.int("irritable", 0),
		Romanticising: f.checked("romanticising"), Used: f.checked("used"), MedicationTaken: f.yesNo("medication_taken"),
		Meeting: f.checked("meeting"), Therapy: f.checked("therapy"), SupportContact: f.checked("support_contact"),
		Exercise: f.checked("exercise"), Food: f.checked("food"), Mindfulness: f.checked("mindfulness"), Note: f.form.Get("note")}
}

func (s *Server) checkInSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	_, today, _ := s.memberClock(u)
	f := newFormReader(r.PostForm)
	day, err := recovery.ParseDate(f.str("day"))
	if err != nil {
		day = today
	}
	c := readCheckIn(f, u.ID, day)
	base := f.int("version", 0)
	view := checkInView{Day: day, Today: today, IsToday: day == today, OnMedication: c.MedicationTaken != nil || f.str("on_medication") == "yes", Version: base}
	data := pageData{Title: "recovery.daily_checkin", Data: view}
	_, risk, err := s.saveCheckIn(r, c, &base, f)
	if err != nil {
		if onward.ErrorCode(err) == onward.ECONFLICT {
			// Show what is saved now, and keep what was typed, so nothing is lost.
			return s.checkInConflict(w, r, data, err)
		}
		return s.renderForm(w, r, "checkin", data, err)
	}
	if c.Used {
		// The lapse is recorded with the check-in: overdose safety comes next.
		return s.redirect(w, r, "/lapse/safety?day="+day.String(), "recovery.your_checkin_is_saved")
	}
	switch {
	case risk.AlertID != "":
		return s.redirect(w, r, "/support-now/"+risk.AlertID, "recovery.your_warning_signs_are_high_today_so")
	case risk.High:
		return s.redirect(w, r, "/support-now?high=1", "recovery.your_checkin_is_saved")
	}
	return s.redirect(w, r, "/", "recovery.your_checkin_is_saved")
}

// saveCheckIn validates and stores a check-in for its owner, reporting
// whether it was new. Checking the recovery start (a check-in cannot be
// older) happens inside the write, so a check-in is one transaction.
func (s *Server) saveCheckIn(r *http.Request, c *onward.CheckIn, base *int, f *formReader) (created bool, risk highRiskOutcome, err error) {
	ctx := r.Context()
	u := state(r).user
	_, today, _ := s.memberClock(u)
	if err := c.Validate(today, nil); err != nil || (f != nil && len(f.errs) > 0) {
		if f != nil {
			return false, risk, f.merge(err)
		}
		return false, risk, err
	}
	prefs, err := s.store.NotifyPrefs(ctx, u.ID)
	if err != nil {
		return false, risk, err
	}
	err = s.store.Access(ctx, onward.AccessRequest{Viewer: principal(r), SubjectID: u.ID, Category: onward.CategoryCheckins, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) error {
			// One audited read of the member's own data serves both the
			// start-date check and the early warning after the save.
			rd, err := tx.ReadAccess(ctx, principal(r), u.ID, []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins})
			if err != nil {
				return err
			}
			profile, err := rd.Profile(ctx)
			if err != nil {
				return err
			}
			var start *recovery.Date
			if profile != nil {
				start = &profile.LastUse
			}
			if err := c.Validate(today, start); err != nil {
				return err
			}
			if created, err = tx.SaveCheckIn(ctx, c, base); err != nil {
				return err
			}
			// "I used today" is a lapse, however it reaches us (the form, the
			// API, a check-in kept offline): record it with the check-in, so
			// the count and the safety warnings follow.
			if c.Used {
				if start != nil && c.Day.After(*start) {
					return tx.AddLapse(ctx, &onward.Lapse{UserID: u.ID, Day: c.Day})
				}
				return nil
			}
			if profile == nil {
				return nil
			}
			risk, err = s.checkRiskAfterCheckIn(ctx, tx, rd, profile, u, prefs)
			return err
		})
	return created, risk, err
}

// checkInConflict re-renders the form with the typed answers, the newer
// saved version's number (so saving again replaces it), and a message.
func (s *Server) checkInConflict(w http.ResponseWriter, r *http.Request, data pageData, conflict error) error {
	u := state(r).user
	view := data.Data.(checkInView)
	err := s.store.ReadAccess(r.Context(), principal(r), u.ID, []onward.Category{onward.CategoryCheckins}, func(rd *sqlstore.Reader) error {
		var err error
		view.Existing, err = rd.CheckIn(r.Context(), view.Day)
		return err
	})
	if err != nil {
		return err
	}
	if view.Existing != nil {
		view.Version = view.Existing.Version
		view.Conflict = true
	}
	data.Data = view
	return s.renderForm(w, r, "checkin", data, conflict)
}
