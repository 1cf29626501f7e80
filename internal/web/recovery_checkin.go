package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The daily check-in: the form (GET and POST /checkin) and the API
// (POST and GET /api/v1/checkins), both through app.SaveCheckIn.

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

func (s *Server) checkInForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	day, err := s.app.CheckInDay(u, r.FormValue("day"))
	if err != nil {
		return err
	}
	form, err := s.app.CheckInFormFor(r.Context(), u, day)
	if err != nil {
		return err
	}
	view := checkInView{Day: day, Today: form.Clock.Today, IsToday: day == form.Clock.Today, Existing: form.Existing, OnMedication: form.OnMedication}
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
func readCheckIn(f *formReader, day recovery.Date) *onward.CheckIn {
	return &onward.CheckIn{Day: day,
		Mood: f.int("mood", 0), Craving: f.int("craving", -1), SleepHours: f.float("sleep_hours"),
		SleepQuality: f.int("sleep_quality", 0), Stress: f.int("stress", 0), Lonely: f.int("lonely", 0), Irritable: f.int("irritable", 0),
		Romanticising: f.checked("romanticising"), Used: f.checked("used"), MedicationTaken: f.yesNo("medication_taken"),
		Meeting: f.checked("meeting"), Therapy: f.checked("therapy"), SupportContact: f.checked("support_contact"),
		Exercise: f.checked("exercise"), Food: f.checked("food"), Mindfulness: f.checked("mindfulness"), Note: f.form.Get("note")}
}

func (s *Server) checkInSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	f := newFormReader(r.PostForm)
	day, err := recovery.ParseDate(f.str("day"))
	if err != nil {
		day = today
	}
	c := readCheckIn(f, day)
	base := f.int("version", 0)
	view := checkInView{Day: day, Today: today, IsToday: day == today, OnMedication: c.MedicationTaken != nil || f.str("on_medication") == "yes", Version: base}
	data := pageData{Title: "recovery.daily_checkin", Data: view}
	if err := f.errs.Err(); err != nil {
		// A value of the wrong kind: show it with every other problem.
		return s.renderForm(w, r, "checkin", data, f.merge(c.Validate(today, nil)))
	}
	res, err := s.app.SaveCheckIn(r.Context(), u, c, &base)
	if err != nil {
		if onward.ErrorCode(err) == onward.ECONFLICT {
			// Show what is saved now, and keep what was typed, so nothing is lost.
			return s.checkInConflict(w, r, data, err)
		}
		return s.renderForm(w, r, "checkin", data, err)
	}
	switch {
	case c.Used:
		// The lapse is recorded with the check-in: overdose safety comes next.
		return s.redirect(w, r, "/lapse/safety?day="+day.String(), "recovery.your_checkin_is_saved")
	case res.AlertID != "":
		return s.redirect(w, r, "/support-now/"+res.AlertID, "recovery.your_warning_signs_are_high_today_so")
	case res.WarningSignsHigh:
		return s.redirect(w, r, "/support-now?high=1", "recovery.your_checkin_is_saved")
	}
	return s.redirect(w, r, "/", "recovery.your_checkin_is_saved")
}

// checkInConflict re-renders the form with the typed answers, the newer
// saved version's number (so saving again replaces it), and a message.
func (s *Server) checkInConflict(w http.ResponseWriter, r *http.Request, data pageData, conflict error) error {
	view := data.Data.(checkInView)
	form, err := s.app.CheckInFormFor(r.Context(), state(r).user, view.Day)
	if err != nil {
		return err
	}
	if view.Existing = form.Existing; view.Existing != nil {
		view.Version = view.Existing.Version
		view.Conflict = true
	}
	data.Data = view
	return s.renderForm(w, r, "checkin", data, conflict)
}

// checkInJSON is a check-in on the wire. Pointers tell "not sent" from
// zero; required fields are checked by validation.
type checkInJSON struct {
	Day             string   `json:"day,omitempty"`
	Mood            *int     `json:"mood"`
	Craving         *int     `json:"craving"`
	SleepHours      *float64 `json:"sleep_hours,omitempty"`
	SleepQuality    int      `json:"sleep_quality,omitempty"`
	Stress          int      `json:"stress,omitempty"`
	Lonely          int      `json:"lonely,omitempty"`
	Irritable       int      `json:"irritable,omitempty"`
	Romanticising   bool     `json:"romanticising"`
	Used            bool     `json:"used"`
	MedicationTaken *bool    `json:"medication_taken,omitempty"`
	Meeting         bool     `json:"meeting"`
	Therapy         bool     `json:"therapy"`
	SupportContact  bool     `json:"support_contact"`
	Exercise        bool     `json:"exercise"`
	Food            bool     `json:"food"`
	Mindfulness     bool     `json:"mindfulness"`
	Note            string   `json:"note,omitempty"`
	ClientID        string   `json:"client_id,omitempty"`
	Version         *int     `json:"version,omitempty"`
	ID              string   `json:"id,omitempty"`
	UpdatedAt       string   `json:"updated_at,omitempty"`
}

func toCheckInJSON(c *onward.CheckIn) checkInJSON {
	mood, craving, version := c.Mood, c.Craving, c.Version
	return checkInJSON{ID: c.ID, Day: c.Day.String(), Mood: &mood, Craving: &craving, SleepHours: c.SleepHours, SleepQuality: c.SleepQuality,
		Stress: c.Stress, Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising, Used: c.Used,
		MedicationTaken: c.MedicationTaken, Meeting: c.Meeting, Therapy: c.Therapy, SupportContact: c.SupportContact,
		Exercise: c.Exercise, Food: c.Food, Mindfulness: c.Mindfulness, Note: c.Note, ClientID: c.ClientID, Version: &version,
		UpdatedAt: c.UpdatedAt.Format(time.RFC3339)}
}

// optionalDay reads an optional day, in the member's today when empty.
func optionalDay(field, v string, today recovery.Date) (recovery.Date, error) {
	if v == "" {
		return today, nil
	}
	d, err := recovery.ParseDate(v)
	if err != nil {
		return today, onward.Invalid(field, "api.date_format")
	}
	return d, nil
}

func (s *Server) apiSaveCheckIn(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var in checkInJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	day, err := optionalDay("day", in.Day, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	c := &onward.CheckIn{Day: day, Mood: -1, Craving: -1, SleepHours: in.SleepHours, SleepQuality: in.SleepQuality,
		Stress: in.Stress, Lonely: in.Lonely, Irritable: in.Irritable, Romanticising: in.Romanticising, Used: in.Used,
		MedicationTaken: in.MedicationTaken, Meeting: in.Meeting, Therapy: in.Therapy, SupportContact: in.SupportContact,
		Exercise: in.Exercise, Food: in.Food, Mindfulness: in.Mindfulness, Note: in.Note, ClientID: in.ClientID}
	if in.Mood != nil {
		c.Mood = *in.Mood
	}
	if in.Craving != nil {
		c.Craving = *in.Craving
	}
	res, err := s.app.SaveCheckIn(r.Context(), u, c, in.Version)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	body := map[string]any{"checkin": toCheckInJSON(c)}
	if c.Used {
		body["safety"] = s.lapseSafetyJSON(u.Locale)
	} else {
		body["warning_signs_high"] = res.WarningSignsHigh
		if res.AlertID != "" {
			body["support_request_id"] = res.AlertID
		}
	}
	writeJSON(w, status, body)
	return nil
}

func (s *Server) apiCheckIns(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	errs := onward.FieldErrors{}
	from, to := today.AddDays(-29), today
	if v := r.URL.Query().Get("from"); v != "" {
		d, err := recovery.ParseDate(v)
		if err != nil {
			errs.Add("from", "api.date_format")
		}
		from = d
	}
	if v := r.URL.Query().Get("to"); v != "" {
		d, err := recovery.ParseDate(v)
		if err != nil {
			errs.Add("to", "api.date_format")
		}
		to = d
	}
	if err := errs.Err(); err != nil {
		return err
	}
	list, err := s.app.CheckIns(r.Context(), u, from, to)
	if err != nil {
		return err
	}
	out := make([]checkInJSON, 0, len(list))
	for i := range list {
		out = append(out, toCheckInJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from.String(), "to": to.String(), "checkins": out})
	return nil
}
