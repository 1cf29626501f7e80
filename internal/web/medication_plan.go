package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's medication plans: the form to add or change one
// (GET /medication/plans/new?kind=, GET /medication/plans/{id}/edit,
// POST /medication/plans, POST /medication/plans/{id}), stopping one
// (POST /medication/plans/{id}/stop), and their JSON twins.

type medPlanFormView struct {
	Kind      medication.Kind
	Forms     []medication.Form
	Plan      *medication.Plan // the plan being changed; nil for a new one
	ClientID  string
	Daily     bool // some form of the medicine is taken at daily times
	Injection bool // some form is an injection every few weeks
	Kit       bool // a kit with an expiry date
	Today     recovery.Date
}

func (s *Server) medPlanFormView(kind medication.Kind, plan *medication.Plan, today recovery.Date) (medPlanFormView, error) {
	if !medication.ValidKind(kind) {
		return medPlanFormView{}, onward.NewError(onward.ENOTFOUND, "meds.choose_the_medicine")
	}
	v := medPlanFormView{Kind: kind, Forms: medication.FormsOf(kind), Plan: plan, ClientID: newClientID(), Today: today}
	for _, f := range v.Forms {
		spec, _ := medication.SpecOf(kind, f)
		v.Daily = v.Daily || (!spec.Kit && spec.IntervalDays == 0)
		v.Injection = v.Injection || spec.IntervalDays > 0
		v.Kit = v.Kit || spec.Kit
	}
	return v, nil
}

// medPlanFormValues fills the form from a saved plan.
func medPlanFormValues(p *medication.Plan) url.Values {
	f := url.Values{"form": {string(p.Form)}, "dose_mg": {inputNumber(p.DoseMg)}, "prescriber": {p.Prescriber},
		"start_on": {p.StartOn.String()}, "times": p.Times, "version": {strconv.Itoa(p.Version)}}
	if p.NextDue != nil {
		f.Set("next_due", p.NextDue.String())
	}
	if p.KitExpires != nil {
		f.Set("kit_expires", p.KitExpires.String())
	}
	if p.Remind {
		f.Set("remind", "yes")
	}
	return f
}

func (s *Server) newPlanForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	v, err := s.medPlanFormView(medication.Kind(r.FormValue("kind")), nil, today)
	if err != nil {
		return err
	}
	form := url.Values{"start_on": {today.String()}, "remind": {"yes"}}
	if len(v.Forms) == 1 {
		form.Set("form", string(v.Forms[0]))
	}
	return s.render(w, r, "medication_plan", pageData{Title: "meds.add_medication", Data: v, Form: form})
}

func (s *Server) editPlanForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	p, err := s.app.MedicationPlan(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.medPlanFormView(p.Kind, p, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	return s.render(w, r, "medication_plan", pageData{Title: "meds.change_medication", Data: v, Form: medPlanFormValues(p)})
}

// day reads an optional date field ("2006-01-02"); empty is nil.
func (f *formReader) day(field string) *recovery.Date {
	v := f.str(field)
	if v == "" {
		return nil
	}
	d, err := recovery.ParseDate(v)
	if err != nil {
		f.errs.Add(field, "meds.date_like")
		return nil
	}
	return &d
}

// readPlan builds a plan from the form.
func readPlan(f *formReader, kind medication.Kind) *medication.Plan {
	p := &medication.Plan{Kind: kind, Form: medication.Form(f.str("form")), Times: f.form["times"], NextDue: f.day("next_due"),
		KitExpires: f.day("kit_expires"), Prescriber: f.str("prescriber"), Remind: f.checked("remind")}
	if mg := f.float("dose_mg"); mg != nil {
		p.DoseMg = *mg
	}
	if start := f.day("start_on"); start != nil {
		p.StartOn = *start
	}
	return p
}

func (s *Server) medPlanSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	f := newFormReader(r.PostForm)
	id := r.PathValue("id")
	kind := medication.Kind(f.str("kind"))
	var existing *medication.Plan
	if id != "" {
		var err error
		if existing, err = s.app.MedicationPlan(r.Context(), u, id); err != nil {
			return err
		}
		kind = existing.Kind
	}
	v, err := s.medPlanFormView(kind, existing, today)
	if err != nil {
		return err
	}
	title := "meds.add_medication"
	if existing != nil {
		title = "meds.change_medication"
	}
	data := pageData{Title: title, Data: v}
	p := readPlan(f, kind)
	p.ID = id
	if err := f.errs.Err(); err != nil {
		return s.renderForm(w, r, "medication_plan", data, f.merge(p.Validate(today)))
	}
	if _, err := s.app.SaveMedicationPlan(r.Context(), u, p, f.str("client_id"), f.int("version", 0)); err != nil {
		return s.renderForm(w, r, "medication_plan", data, err)
	}
	return s.redirect(w, r, "/medication", "meds.plan_saved")
}

func (s *Server) stopPlanSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := newFormReader(r.PostForm)
	day := s.app.ClockOf(u.TimeZone).Today
	if d := f.day("stopped_on"); d != nil {
		day = *d
	}
	if err := f.errs.Err(); err != nil {
		return err
	}
	p, err := s.app.StopMedicationPlan(r.Context(), u, r.PathValue("id"), day)
	if err != nil {
		return err
	}
	if p.Stopping() {
		return s.redirect(w, r, "/medication#safety", "meds.plan_stopped_tolerance")
	}
	return s.redirect(w, r, "/medication", "meds.plan_stopped")
}

// The JSON twins.

func readPlanJSON(in medPlanJSON) (*medication.Plan, error) {
	p := &medication.Plan{Kind: medication.Kind(in.Kind), Form: medication.Form(in.Form), DoseMg: in.DoseMg, Times: in.Times,
		Prescriber: in.Prescriber, Remind: in.Remind}
	errs := onward.FieldErrors{}
	for field, pair := range map[string]struct {
		in  string
		out **recovery.Date
	}{"next_due": {in.NextDue, &p.NextDue}, "kit_expires": {in.KitExpires, &p.KitExpires}} {
		if pair.in == "" {
			continue
		}
		d, err := recovery.ParseDate(pair.in)
		if err != nil {
			errs.Add(field, "api.date_format")
			continue
		}
		*pair.out = &d
	}
	if in.StartOn != "" {
		d, err := recovery.ParseDate(in.StartOn)
		if err != nil {
			errs.Add("start_on", "api.date_format")
		}
		p.StartOn = d
	}
	return p, errs.Err()
}

// readPlanBody reads a plan from an API request's body.
func readPlanBody(r *http.Request) (medPlanJSON, *medication.Plan, error) {
	var in medPlanJSON
	if err := decodeJSON(r, &in); err != nil {
		return in, nil, err
	}
	p, err := readPlanJSON(in)
	return in, p, err
}

func (s *Server) apiCreatePlan(w http.ResponseWriter, r *http.Request) error {
	in, p, err := readPlanBody(r)
	if err != nil {
		return err
	}
	created, err := s.app.SaveMedicationPlan(r.Context(), state(r).user, p, in.ClientID, 0)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, toMedPlanJSON(p))
	return nil
}

func (s *Server) apiChangePlan(w http.ResponseWriter, r *http.Request) error {
	in, p, err := readPlanBody(r)
	if err != nil {
		return err
	}
	if in.Version < 1 {
		return onward.Invalid("version", "meds.version_needed")
	}
	p.ID = r.PathValue("id")
	if _, err := s.app.SaveMedicationPlan(r.Context(), state(r).user, p, "", in.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toMedPlanJSON(p))
	return nil
}

func (s *Server) apiStopPlan(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		StoppedOn string `json:"stopped_on"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u := state(r).user
	day, err := optionalDay("stopped_on", in.StoppedOn, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	p, err := s.app.StopMedicationPlan(r.Context(), u, r.PathValue("id"), day)
	if err != nil {
		return err
	}
	body := map[string]any{"plan": toMedPlanJSON(p)}
	if p.Stopping() {
		body["safety"] = translate(state(r).locale, noticeText[medication.NoticeLostTolerance])
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// TimeInputs are the values of the form's dose time fields, in order.
func (medPlanFormView) TimeInputs(f url.Values) []string {
	out := make([]string, medication.MaxTimes)
	copy(out, f["times"])
	return out
}
