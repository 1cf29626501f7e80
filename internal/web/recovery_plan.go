package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// The relapse-prevention plan: the page, the form, and GET and PUT
// /api/v1/plan.

// planPeopleRows is how many name/phone rows the plan form offers.
const planPeopleRows = 5

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.app.Plan(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "plan", pageData{Title: "recovery.my_relapse_prevention_plan", Data: plan})
}

func (s *Server) planForm(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.app.Plan(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "plan_edit", pageData{Title: "recovery.edit_my_plan", Data: planRows(plan), Form: planFormValues(plan)})
}

// planRows gives the form at least planPeopleRows people rows.
func planRows(p *onward.Plan) []int {
	n := max(len(p.People)+1, planPeopleRows)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

func planFormValues(p *onward.Plan) map[string][]string {
	f := map[string][]string{
		"triggers": {strings.Join(p.Triggers, "\n")}, "warning_signs": {strings.Join(p.WarningSigns, "\n")},
		"coping": {strings.Join(p.Coping, "\n")}, "reasons": {strings.Join(p.Reasons, "\n")},
		"safe_places": {strings.Join(p.SafePlaces, "\n")}, "halt": p.HALT,
	}
	for i, c := range p.People {
		f["person_name_"+strconv.Itoa(i)] = []string{c.Name}
		f["person_phone_"+strconv.Itoa(i)] = []string{c.Phone}
	}
	return f
}

// readPlanForm builds a plan from the form.
func readPlanForm(f *formReader) *onward.Plan {
	p := &onward.Plan{Triggers: f.lines("triggers"), HALT: f.form["halt"], WarningSigns: f.lines("warning_signs"),
		Coping: f.lines("coping"), Reasons: f.lines("reasons"), SafePlaces: f.lines("safe_places")}
	for i := 0; i < 20; i++ {
		name, phone := f.str("person_name_"+strconv.Itoa(i)), f.str("person_phone_"+strconv.Itoa(i))
		if name != "" || phone != "" {
			p.People = append(p.People, onward.Contact{Name: name, Phone: phone})
		}
	}
	return p
}

func (s *Server) planSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	p := readPlanForm(f)
	if err := s.app.SavePlan(r.Context(), state(r).user, p); err != nil {
		return s.renderForm(w, r, "plan_edit", pageData{Title: "recovery.edit_my_plan", Data: planRows(p)}, f.merge(err))
	}
	return s.redirect(w, r, "/plan", "recovery.your_plan_is_saved")
}

type contactJSON struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type planJSON struct {
	Triggers     []string      `json:"triggers"`
	HALT         []string      `json:"halt"`
	WarningSigns []string      `json:"warning_signs"`
	Coping       []string      `json:"coping"`
	People       []contactJSON `json:"people"`
	Reasons      []string      `json:"reasons"`
	SafePlaces   []string      `json:"safe_places"`
	UpdatedAt    string        `json:"updated_at,omitempty"`
}

func toPlanJSON(p *onward.Plan) planJSON {
	out := planJSON{Triggers: orEmpty(p.Triggers), HALT: orEmpty(p.HALT), WarningSigns: orEmpty(p.WarningSigns), Coping: orEmpty(p.Coping),
		Reasons: orEmpty(p.Reasons), SafePlaces: orEmpty(p.SafePlaces), People: []contactJSON{}}
	for _, c := range p.People {
		out.People = append(out.People, contactJSON(c))
	}
	if !p.UpdatedAt.IsZero() {
		out.UpdatedAt = p.UpdatedAt.Format(time.RFC3339)
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.app.Plan(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanJSON(plan))
	return nil
}

func (s *Server) apiSavePlan(w http.ResponseWriter, r *http.Request) error {
	var in planJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.UpdatedAt != "" {
		return onward.Invalid("updated_at", "api.read_only_field")
	}
	p := &onward.Plan{Triggers: in.Triggers, HALT: in.HALT, WarningSigns: in.WarningSigns, Coping: in.Coping,
		Reasons: in.Reasons, SafePlaces: in.SafePlaces}
	for _, c := range in.People {
		p.People = append(p.People, onward.Contact(c))
	}
	if err := s.app.SavePlan(r.Context(), state(r).user, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanJSON(p))
	return nil
}
