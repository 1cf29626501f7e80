package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/medication"
)

// A dose the program recorded in error, corrected
// (GET /program/enrolments/{id}/doses/{dose},
// POST /program/enrolments/{id}/doses/{dose}/corrections and their JSON
// twins): the record with its history of corrections, and a form that
// says what really happened and why. Nothing is erased.

type doseRecordView struct {
	*app.DoseRecord
	Statuses []medication.Status
}

// TakenClock is the recorded time taken as the form shows it.
func (v doseRecordView) TakenClock() string {
	if v.Dose.TakenAt == nil {
		return ""
	}
	return v.Dose.TakenAt.In(v.Clock.Location).Format("15:04")
}

// DoseMgInput is the recorded amount as the form shows it.
func (v doseRecordView) DoseMgInput() string {
	if v.Dose.DoseMg == 0 {
		return ""
	}
	return inputNumber(v.Dose.DoseMg)
}

// doseRecordURL is the page of one dose the program recorded.
func doseRecordURL(programID, enrolmentID, doseID string) string {
	return "/program/enrolments/" + url.PathEscape(enrolmentID) + "/doses/" + url.PathEscape(doseID) + "?program=" + url.QueryEscape(programID)
}

func (s *Server) doseRecordData(r *http.Request, programID string) (pageData, error) {
	rec, err := s.app.DoseRecordOf(r.Context(), state(r).user, programID, r.PathValue("id"), r.PathValue("dose"))
	if err != nil {
		return pageData{}, err
	}
	return pageData{Title: "meds.dose_record", Data: doseRecordView{DoseRecord: rec, Statuses: medication.Statuses}}, nil
}

func (s *Server) doseRecordPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.doseRecordData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_dose", data)
}

func (s *Server) correctDoseSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	f := newFormReader(r.PostForm)
	in := medication.CorrectionInput{Version: f.int("version", 0), Status: medication.Status(f.str("status")),
		TakenClock: f.str("taken_at"), Reason: f.form.Get("reason")}
	if mg := f.float("dose_mg"); mg != nil {
		in.DoseMg = *mg
	}
	err := f.errs.Err()
	if err == nil {
		_, err = s.app.CorrectWindowDose(r.Context(), state(r).user, programID, r.PathValue("id"), r.PathValue("dose"), in)
	}
	if err != nil {
		if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
			return err
		}
		data, derr := s.doseRecordData(r, programID)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_dose", data, err)
	}
	return s.redirect(w, r, memberMedicationURL(programID, r.PathValue("id"))+"#doses-h", "meds.dose_corrected")
}

type doseCorrectionJSON struct {
	Version     int        `json:"version"`
	Status      string     `json:"status"`
	DoseMg      float64    `json:"dose_mg"`
	TakenAt     *time.Time `json:"taken_at,omitempty"`
	Reason      string     `json:"reason"`
	CorrectedBy string     `json:"corrected_by"`
	CorrectedAt time.Time  `json:"corrected_at"`
}

func (s *Server) apiDoseRecord(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.app.DoseRecordOf(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), r.PathValue("dose"))
	if err != nil {
		return err
	}
	corrections := make([]doseCorrectionJSON, 0, len(rec.Corrections))
	for _, c := range rec.Corrections {
		out := doseCorrectionJSON{Version: c.Version, Status: string(c.Status), DoseMg: c.DoseMg, Reason: c.Reason,
			CorrectedBy: c.CorrectedByName, CorrectedAt: c.CorrectedAt.UTC()}
		if c.TakenAt != nil {
			t := c.TakenAt.UTC()
			out.TakenAt = &t
		}
		corrections = append(corrections, out)
	}
	writeJSON(w, http.StatusOK, map[string]any{"dose": toDoseJSON(rec.Dose), "corrections": corrections, "correctable": rec.Correctable})
	return nil
}

type doseCorrectionInJSON struct {
	Version int        `json:"version"`
	Status  string     `json:"status"`
	DoseMg  float64    `json:"dose_mg"`
	TakenAt *time.Time `json:"taken_at"`
	Reason  string     `json:"reason"`
}

func (s *Server) apiCorrectDose(w http.ResponseWriter, r *http.Request) error {
	var in doseCorrectionInJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	dose, err := s.app.CorrectWindowDose(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), r.PathValue("dose"),
		medication.CorrectionInput{Version: in.Version, Status: medication.Status(in.Status), DoseMg: in.DoseMg, TakenAt: in.TakenAt, Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"dose": toDoseJSON(dose)})
	return nil
}
