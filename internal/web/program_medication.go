package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// An enrolled member's medication as their program sees it
// (GET /program/enrolments/{id}/medication): dose orders in versions and
// a new order or version, the dosing of today, buprenorphine start
// support and low-dose schedules, the naltrexone start rule, take-home
// decisions within the ceiling, supplies and returned bottles; the JSON
// twins under /api/v1/programs/{program}/enrolments/{id}/.

type programMedicationView struct {
	*app.ProgramMedication
	ClientID      string
	Warnings      []i18n.Msg // the naltrexone start rule's, after a refused order
	Kinds         []medication.Kind
	Specs         []medication.FormSpec
	Criteria      []medication.Criterion
	Reasons       []string
	BerneseSteps  string
	LowDoseMin    int
	LowDoseMax    int
	FederalPolicy medication.Policy
}

// TakeHomeSeries are the series take-home decisions are made on: methadone.
func (v programMedicationView) TakeHomeSeries() []app.SeriesView {
	var out []app.SeriesView
	for _, sv := range v.Series {
		if sv.Ceiling.Applies && sv.Current != nil {
			out = append(out, sv)
		}
	}
	return out
}

// DailySeries are the series in force taken daily: supplies are of them.
func (v programMedicationView) DailySeries() []app.SeriesView {
	var out []app.SeriesView
	for _, sv := range v.Series {
		if sv.Current != nil && len(sv.Current.Times) > 0 {
			out = append(out, sv)
		}
	}
	return out
}

// memberMedicationURL is an enrolled member's medication page.
func memberMedicationURL(programID, enrolmentID string) string {
	return "/program/enrolments/" + url.PathEscape(enrolmentID) + "/medication?program=" + url.QueryEscape(programID)
}

func (s *Server) memberMedicationData(r *http.Request) (pageData, error) {
	programID := r.URL.Query().Get("program")
	if programID == "" {
		programID = r.PostForm.Get("program")
	}
	m, err := s.app.MemberMedication(r.Context(), state(r).user, programID, r.PathValue("id"))
	if err != nil {
		return pageData{}, err
	}
	steps := make([]string, len(medication.BerneseExample))
	for i, mg := range medication.BerneseExample {
		steps[i] = inputNumber(mg)
	}
	v := programMedicationView{ProgramMedication: m, ClientID: newClientID(), Kinds: medication.Kinds[:3], Specs: medication.Specs,
		Criteria: medication.Criteria, Reasons: medication.AllReasons(), BerneseSteps: strings.Join(steps, "\n"),
		LowDoseMin: medication.MinLowDoseDays, LowDoseMax: medication.MaxLowDoseDays, FederalPolicy: medication.Federal}
	name := m.Enrolment.MemberName
	return pageData{Heading: translate(state(r).locale, "meds.medication_of", "Name", name), Data: v}, nil
}

func (s *Server) memberMedicationPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.memberMedicationData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_medication", data)
}

// memberMedicationForm re-renders the page with a form's errors (and the
// start rule's warnings); other errors go to the error page.
func (s *Server) memberMedicationForm(w http.ResponseWriter, r *http.Request, err error, warnings []i18n.Msg) error {
	if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
		return err
	}
	data, derr := s.memberMedicationData(r)
	if derr != nil {
		return derr
	}
	v := data.Data.(programMedicationView)
	v.Warnings = warnings
	data.Data = v
	return s.renderForm(w, r, "program_medication", data, err)
}

// lowDoseSteps reads a low-dose schedule, one day's total dose per line.
func (f *formReader) lowDoseSteps(field string) []float64 {
	var out []float64
	for _, line := range f.lines(field) {
		mg, err := strconv.ParseFloat(strings.ReplaceAll(line, ",", "."), 64)
		if err != nil {
			f.errs.Add(field, "meds.one_dose_per_line")
			return nil
		}
		out = append(out, mg)
	}
	return out
}

func readOrderForm(f *formReader) *medication.Order {
	o := &medication.Order{Kind: medication.Kind(f.str("kind")), Form: medication.Form(f.str("form")), Times: f.form["times"],
		EndOn: f.day("end_on"), Start: medication.Start(f.str("start")), LowDose: f.lowDoseSteps("low_dose"),
		LastOpioidUse: f.day("last_opioid_use"), Override: f.form.Get("override"), Note: f.form.Get("note")}
	if mg := f.float("dose_mg"); mg != nil {
		o.DoseMg = *mg
	}
	if d := f.day("start_on"); d != nil {
		o.StartOn = *d
	}
	return o
}

func (s *Server) orderSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := newFormReader(r.PostForm)
	o := readOrderForm(f)
	if err := f.errs.Err(); err != nil {
		return s.memberMedicationForm(w, r, err, nil)
	}
	res, err := s.app.AddDoseOrder(r.Context(), state(r).user, programID, id, f.str("series"), o)
	if err != nil {
		return s.memberMedicationForm(w, r, err, res.Warnings)
	}
	return s.redirect(w, r, memberMedicationURL(programID, id)+"#orders", "meds.order_saved")
}

func readDecisionForm(f *formReader) *medication.Decision {
	d := &medication.Decision{SeriesID: f.str("series"), Days: f.int("days", -1), Reason: f.str("reason"), Benefit: f.checked("benefit"),
		Note: f.form.Get("note"), Criteria: map[medication.Criterion]bool{}}
	for _, c := range medication.Criteria {
		switch f.str("criterion_" + string(c)) {
		case "met":
			d.Criteria[c] = true
		case "concern":
			d.Criteria[c] = false
		}
	}
	if day := f.day("review_on"); day != nil {
		d.ReviewOn = *day
	}
	return d
}

func (s *Server) takeHomeDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := newFormReader(r.PostForm)
	d := readDecisionForm(f)
	err := f.errs.Err()
	if err == nil {
		err = s.app.DecideTakeHomes(r.Context(), state(r).user, programID, id, d)
	}
	if err != nil {
		return s.memberMedicationForm(w, r, err, nil)
	}
	return s.redirect(w, r, memberMedicationURL(programID, id)+"#take-homes", "meds.decision_saved")
}

func (s *Server) supplySubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := newFormReader(r.PostForm)
	d := &medication.Dispense{SeriesID: f.str("series"), Days: f.int("supply_days", 0), ClosureDays: f.int("closure_days", 0),
		Bottles: f.int("bottles", 0), ClientID: f.str("client_id")}
	err := f.errs.Err()
	if err == nil {
		_, err = s.app.DispenseTakeHomes(r.Context(), state(r).user, programID, id, d)
	}
	if err != nil {
		// The supply's days are the form's supply_days: the page has a
		// decision's days too.
		if e, ok := err.(*onward.Error); ok {
			if msg, ok := e.Fields["days"]; ok {
				delete(e.Fields, "days")
				e.Fields["supply_days"] = msg
			}
		}
		return s.memberMedicationForm(w, r, err, nil)
	}
	return s.redirect(w, r, memberMedicationURL(programID, id)+"#supplies", "meds.supply_saved")
}

func (s *Server) returnSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := newFormReader(r.PostForm)
	returned := f.int("returned_bottles", -1)
	err := f.errs.Err()
	if err == nil {
		err = s.app.CheckReturnedBottles(r.Context(), state(r).user, programID, id, r.PathValue("supply"), returned, f.form.Get("note"))
	}
	if err != nil {
		return s.memberMedicationForm(w, r, err, nil)
	}
	return s.redirect(w, r, memberMedicationURL(programID, id)+"#supplies", "meds.return_saved")
}

// The JSON twins.

type ceilingJSON struct {
	Applies         bool   `json:"applies"`
	DaysInTreatment int    `json:"days_in_treatment"`
	Federal         int    `json:"federal"`
	State           *int   `json:"state,omitempty"`
	Program         *int   `json:"program,omitempty"`
	Max             int    `json:"max"`
	Binding         string `json:"binding,omitempty"`
}

func toCeilingJSON(c medication.Ceiling) ceilingJSON {
	out := ceilingJSON{Applies: c.Applies, DaysInTreatment: c.DaysInTreatment, Federal: c.Federal, Max: c.Max, Binding: c.Binding}
	if c.State >= 0 {
		out.State = &c.State
	}
	if c.Program >= 0 {
		out.Program = &c.Program
	}
	return out
}

func (s *Server) apiMemberMedicationForProgram(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.MemberMedication(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !m.Shared {
		return onward.NewError(onward.EFORBIDDEN, "meds.not_shared_with_program")
	}
	locale := state(r).locale
	series := make([]map[string]any, 0, len(m.Series))
	for _, sv := range m.Series {
		versions := make([]orderJSON, 0, len(sv.Versions))
		for i := range sv.Versions {
			versions = append(versions, toOrderJSON(&sv.Versions[i], ""))
		}
		decisions := make([]decisionJSON, 0, len(sv.Decisions))
		for i := range sv.Decisions {
			decisions = append(decisions, toDecisionJSON(locale, &sv.Decisions[i], true))
		}
		supplies := make([]supplyJSON, 0, len(sv.Supplies))
		for i := range sv.Supplies {
			supplies = append(supplies, toSupplyJSON(&sv.Supplies[i]))
		}
		today := make([]slotJSON, 0, len(sv.Today))
		for _, sl := range sv.Today {
			today = append(today, toSlotJSON(sl))
		}
		item := map[string]any{"id": sv.ID, "versions": versions, "ceiling": toCeilingJSON(sv.Ceiling), "approved_take_home_days": sv.Approved,
			"decisions": decisions, "supplies": supplies, "doses_today": today}
		if sv.Current != nil {
			item["in_force"] = sv.Current.ID
		}
		series = append(series, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"enrolment_id": m.Enrolment.ID, "member_id": m.Enrolment.MemberID,
		"days_in_treatment": m.DaysInTreatment, "series": series, "doses": dosesJSON(m.Doses), "adherence_30_days": toAdherenceJSON(m.Month)})
	return nil
}

// orderInJSON is an order as the API takes it: a new version when
// series_id is given.
type orderInJSON struct {
	SeriesID string `json:"series_id,omitempty"`
	orderFieldsJSON
}

// parseDays reads the date fields of a body, each by its name.
func parseDays(fields map[string]string) (map[string]*recovery.Date, error) {
	errs := onward.FieldErrors{}
	out := map[string]*recovery.Date{}
	for name, v := range fields {
		if v == "" {
			continue
		}
		d, err := recovery.ParseDate(v)
		if err != nil {
			errs.Add(name, "api.date_format")
			continue
		}
		out[name] = &d
	}
	return out, errs.Err()
}

func (s *Server) apiAddDoseOrder(w http.ResponseWriter, r *http.Request) error {
	var in orderInJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	days, err := parseDays(map[string]string{"start_on": in.StartOn, "end_on": in.EndOn, "last_opioid_use": in.LastOpioidUse})
	if err != nil {
		return err
	}
	o := &medication.Order{Kind: medication.Kind(in.Kind), Form: medication.Form(in.Form), DoseMg: in.DoseMg, Times: in.Times,
		EndOn: days["end_on"], Start: medication.Start(in.Start), LowDose: in.LowDose, LastOpioidUse: days["last_opioid_use"],
		Override: in.Override, Note: in.Note}
	if d := days["start_on"]; d != nil {
		o.StartOn = *d
	}
	res, err := s.app.AddDoseOrder(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.SeriesID, o)
	locale := state(r).locale
	warnings := make([]string, 0, len(res.Warnings))
	for _, m := range res.Warnings {
		warnings = append(warnings, translateMsg(locale, m))
	}
	if err != nil {
		if len(warnings) > 0 && onward.ErrorCode(err) == onward.EINVALID {
			// The start rule's reasons go with the refusal, so the override
			// can be written against them.
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": apiError{Code: onward.EINVALID,
				Message: translate(locale, "meds.override_needed"), Fields: map[string]string{"override": translate(locale, "meds.override_needed")}},
				"warnings": warnings})
			return nil
		}
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"order": toOrderJSON(o, ""), "warnings": warnings})
	return nil
}

func (s *Server) apiTakeHomeDecision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		SeriesID string          `json:"series_id"`
		Days     *int            `json:"days"`
		Reason   string          `json:"reason"`
		Criteria map[string]bool `json:"criteria"`
		Benefit  bool            `json:"benefit_outweighs_risk"`
		Note     string          `json:"note"`
		ReviewOn string          `json:"review_on"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Days == nil {
		return onward.Invalid("days", "meds.take_home_days_between", "Max", medication.MaxSupplyDays)
	}
	days, err := parseDays(map[string]string{"review_on": in.ReviewOn})
	if err != nil {
		return err
	}
	d := &medication.Decision{SeriesID: in.SeriesID, Days: *in.Days, Reason: in.Reason, Benefit: in.Benefit, Note: in.Note,
		Criteria: map[medication.Criterion]bool{}}
	for k, v := range in.Criteria {
		d.Criteria[medication.Criterion(k)] = v
	}
	if day := days["review_on"]; day != nil {
		d.ReviewOn = *day
	}
	if err := s.app.DecideTakeHomes(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toDecisionJSON(state(r).locale, d, true))
	return nil
}

func (s *Server) apiTakeHomeSupply(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		SeriesID    string `json:"series_id"`
		Days        int    `json:"days"`
		ClosureDays int    `json:"closure_days"`
		Bottles     int    `json:"bottles"`
		ClientID    string `json:"client_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d := &medication.Dispense{SeriesID: in.SeriesID, Days: in.Days, ClosureDays: in.ClosureDays, Bottles: in.Bottles, ClientID: in.ClientID}
	created, err := s.app.DispenseTakeHomes(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), d)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, toSupplyJSON(d))
	return nil
}

func (s *Server) apiSupplyReturn(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ReturnedBottles *int   `json:"returned_bottles"`
		Note            string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ReturnedBottles == nil {
		return onward.Invalid("returned_bottles", "meds.returned_between", "Max", medication.MaxSupplyWithClosures*medication.MaxTimes)
	}
	if err := s.app.CheckReturnedBottles(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), r.PathValue("supply"),
		*in.ReturnedBottles, in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
