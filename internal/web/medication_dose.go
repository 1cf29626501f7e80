package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's dose log: noting a dose taken, late or missed
// (POST /medication/doses and POST /api/v1/medication/doses), the log
// (GET /api/v1/medication/doses), and whether a missed dose is told to the
// people who see the member's medication (POST /medication/settings,
// PUT /api/v1/medication/settings).

// readDoseForm reads a dose from a form.
func readDoseForm(f *formReader, today recovery.Date) app.DoseInput {
	in := app.DoseInput{ScheduleID: f.str("schedule"), Day: today, Slot: f.str("slot"), Status: medication.Status(f.str("status")),
		Setting: medication.Setting(f.str("setting")), DoseMg: f.float("dose_mg"), ClientID: f.str("client_id")}
	if d := f.day("day"); d != nil {
		in.Day = *d
	}
	if in.Setting == "" {
		in.Setting = medication.Home
	}
	return in
}

func (s *Server) logDoseSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := newFormReader(r.PostForm)
	in := readDoseForm(f, s.app.ClockOf(u.TimeZone).Today)
	if err := f.errs.Err(); err != nil {
		return s.medicationForm(w, r, err)
	}
	res, err := s.app.LogDose(r.Context(), u, in)
	if err != nil {
		return s.medicationForm(w, r, err)
	}
	flash := "meds.dose_noted"
	if !res.Dose.Status.Took() {
		flash = "meds.missed_dose_noted"
	}
	return s.redirect(w, r, "/medication", flash)
}

// medicationForm re-renders the medication page with a form's errors; an
// error that is not the person's input goes to the error page.
func (s *Server) medicationForm(w http.ResponseWriter, r *http.Request, err error) error {
	if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
		return err
	}
	m, merr := s.app.Medication(r.Context(), state(r).user, recovery.Date{})
	if merr != nil {
		return merr
	}
	return s.renderForm(w, r, "medication", pageData{Title: "meds.medication", Data: medicationViewOf(m)}, err)
}

func (s *Server) medicationSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.SaveMedicationPrefs(r.Context(), state(r).user, newFormReader(r.PostForm).checked("alert_missed")); err != nil {
		return err
	}
	return s.redirect(w, r, "/medication#settings", "meds.settings_saved")
}

// doseInJSON is a dose as the API takes it.
type doseInJSON struct {
	ScheduleID string     `json:"schedule_id"`
	Day        string     `json:"day,omitempty"`
	Slot       string     `json:"slot"`
	Status     string     `json:"status"`
	Setting    string     `json:"setting,omitempty"`
	DoseMg     *float64   `json:"dose_mg,omitempty"`
	TakenAt    *time.Time `json:"taken_at,omitempty"`
	ClientID   string     `json:"client_id,omitempty"`
}

// readDoseJSON reads a dose from the API, on the member's today when no
// day is given.
func readDoseJSON(r *http.Request, today recovery.Date, setting medication.Setting) (app.DoseInput, error) {
	var in doseInJSON
	if err := decodeJSON(r, &in); err != nil {
		return app.DoseInput{}, err
	}
	day, err := optionalDay("day", in.Day, today)
	if err != nil {
		return app.DoseInput{}, err
	}
	if in.Setting != "" {
		setting = medication.Setting(in.Setting)
	}
	return app.DoseInput{ScheduleID: in.ScheduleID, Day: day, Slot: in.Slot, Status: medication.Status(in.Status), Setting: setting,
		DoseMg: in.DoseMg, TakenAt: in.TakenAt, ClientID: in.ClientID}, nil
}

// writeDose answers a recorded dose: 201 when new, 200 for a replay or a
// correction.
func writeDose(w http.ResponseWriter, res app.DoseResult) {
	status := http.StatusOK
	if res.Created() {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"dose": toDoseJSON(res.Dose), "people_told": res.Told})
}

func (s *Server) apiLogDose(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	in, err := readDoseJSON(r, s.app.ClockOf(u.TimeZone).Today, medication.Home)
	if err != nil {
		return err
	}
	res, err := s.app.LogDose(r.Context(), u, in)
	if err != nil {
		return err
	}
	writeDose(w, res)
	return nil
}

func (s *Server) apiDoses(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	errs := onward.FieldErrors{}
	from, to := today.AddDays(-29), today
	for field, target := range map[string]*recovery.Date{"from": &from, "to": &to} {
		if v := r.URL.Query().Get(field); v != "" {
			d, err := recovery.ParseDate(v)
			if err != nil {
				errs.Add(field, "api.date_format")
			}
			*target = d
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	list, err := s.app.Doses(r.Context(), u, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from.String(), "to": to.String(), "doses": dosesJSON(list)})
	return nil
}

func (s *Server) apiMedicationSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		AlertMissed *bool `json:"alert_missed"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.AlertMissed == nil {
		return onward.Invalid("alert_missed", "meds.say_yes_or_no")
	}
	if err := s.app.SaveMedicationPrefs(r.Context(), state(r).user, *in.AlertMissed); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"alert_missed": *in.AlertMissed})
	return nil
}
