package web

import (
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/medication"
)

// The dosing window (GET /program/dosing, POST /program/dosing/doses and
// their JSON twins): the nurse looks the member up, sees today's order and
// records the dose observed, late, refused or missed in one press; the
// day's dosing list for the clinic.

type dosingView struct {
	staffProgramsView
	List     *app.DosingList
	ClientID string
	IsAdmin  bool
	Settings medication.Settings
}

func (s *Server) dosingData(r *http.Request, programID, query string) (pageData, error) {
	u := state(r).user
	programs, err := s.chooseStaffProgram(r, programID)
	if err != nil {
		return pageData{}, err
	}
	v := dosingView{staffProgramsView: programs, ClientID: newClientID(), IsAdmin: u.Role == onward.RoleProgramAdmin}
	if !programs.NotStaff {
		if v.List, err = s.app.DosingList(r.Context(), u, programs.ProgramID, query); err != nil {
			return pageData{}, err
		}
		if v.IsAdmin {
			if v.Settings, err = s.app.MedicationSettings(r.Context(), u, programs.ProgramID); err != nil {
				return pageData{}, err
			}
		}
	}
	return pageData{Title: "meds.dosing_window", Data: v}, nil
}

func (s *Server) dosingPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.dosingData(r, r.URL.Query().Get("program"), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_dosing", data)
}

// dosingURL is the dosing window of a program.
func dosingURL(programID string) string {
	return "/program/dosing?program=" + url.QueryEscape(programID)
}

func (s *Server) windowDoseSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	u := state(r).user
	f := newFormReader(r.PostForm)
	in := readDoseForm(f, s.app.ClockOf(u.TimeZone).Today)
	err := f.errs.Err()
	if err == nil {
		_, err = s.app.RecordWindowDose(r.Context(), u, programID, f.str("enrolment"), in)
	}
	if err != nil {
		if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
			return err
		}
		data, derr := s.dosingData(r, programID, f.str("q"))
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_dosing", data, err)
	}
	back := dosingURL(programID)
	if f.str("back") == "member" {
		back = memberMedicationURL(programID, f.str("enrolment"))
	}
	return s.redirect(w, r, back, "meds.dose_recorded")
}

func (s *Server) programMedicationSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	f := newFormReader(r.PostForm)
	missed := f.int("missed_doses", -1)
	err := f.errs.Err()
	if err == nil {
		err = s.app.SaveMedicationSettings(r.Context(), state(r).user, programID, missed, f.str("take_home_policy"))
	}
	if err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		data, derr := s.dosingData(r, programID, "")
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_dosing", data, err)
	}
	return s.redirect(w, r, dosingURL(programID)+"#settings", "meds.settings_saved")
}

type dosingRowJSON struct {
	EnrolmentID string    `json:"enrolment_id"`
	MemberID    string    `json:"member_id"`
	Name        string    `json:"name"`
	Day         string    `json:"day"`
	SeriesID    string    `json:"series_id"`
	Slot        string    `json:"slot"`
	Kind        string    `json:"kind"`
	Form        string    `json:"form"`
	DoseMg      float64   `json:"dose_mg"`
	TakeHome    bool      `json:"take_home"`
	LowDoseDay  int       `json:"low_dose_day,omitempty"`
	Dose        *doseJSON `json:"dose,omitempty"`
}

func (s *Server) apiDosingList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.DosingList(r.Context(), state(r).user, r.PathValue("program"), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	rows := make([]dosingRowJSON, 0, len(list.Rows))
	for _, row := range list.Rows {
		out := dosingRowJSON{EnrolmentID: row.EnrolmentID, MemberID: row.MemberID, Name: row.Name, Day: row.Day.String(), SeriesID: row.ScheduleID,
			Slot: row.Time, Kind: string(row.Kind), Form: string(row.Form), DoseMg: row.DoseMg, TakeHome: row.TakeHome, LowDoseDay: row.LowDose}
		if row.Dose != nil {
			d := toDoseJSON(row.Dose)
			out.Dose = &d
		}
		rows = append(rows, out)
	}
	writeJSON(w, http.StatusOK, map[string]any{"program_id": list.ProgramID, "members": list.Members, "pending": list.Pending,
		"done": list.Done, "doses": rows})
	return nil
}

func (s *Server) apiWindowDose(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	in, err := readDoseJSON(r, s.app.ClockOf(u.TimeZone).Today, medication.Observed)
	if err != nil {
		return err
	}
	res, err := s.app.RecordWindowDose(r.Context(), u, r.PathValue("program"), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	writeDose(w, res)
	return nil
}

func (s *Server) apiProgramMedicationSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		MissedDoses    *int   `json:"missed_doses"`
		TakeHomePolicy string `json:"take_home_policy"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.MissedDoses == nil {
		return onward.Invalid("missed_doses", "meds.missed_doses_setting", "Max", medication.MaxMissedDosesSetting)
	}
	if err := s.app.SaveMedicationSettings(r.Context(), state(r).user, r.PathValue("program"), *in.MissedDoses, in.TakeHomePolicy); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"missed_doses": *in.MissedDoses, "take_home_policy": in.TakeHomePolicy})
	return nil
}
