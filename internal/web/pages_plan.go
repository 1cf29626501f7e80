package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// planPeopleRows is how many name/phone rows the plan form offers.
const planPeopleRows = 5

func (s *Server) readPlan(r *http.Request) (*onward.Plan, error) {
	u := state(r).user
	var plan *onward.Plan
	err := s.store.ReadAccess(r.Context(), principal(r), u.ID, []onward.Category{onward.CategoryJournal}, func(rd *sqlstore.Reader) (err error) {
		plan, err = rd.Plan(r.Context())
		return err
	})
	return plan, err
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.readPlan(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "plan", pageData{Title: "recovery.my_relapse_prevention_plan", Data: plan})
}

func (s *Server) planForm(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.readPlan(r)
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
func readPlanForm(f *formReader, userID string) *onward.Plan {
	p := &onward.Plan{UserID: userID, Triggers: f.lines("triggers"), HALT: f.form["halt"], WarningSigns: f.lines("warning_signs"),
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
	u := state(r).user
	f := newFormReader(r.PostForm)
	p := readPlanForm(f, u.ID)
	if err := f.merge(p.Validate()); err != nil {
		return s.renderForm(w, r, "plan_edit", pageData{Title: "recovery.edit_my_plan", Data: planRows(p)}, err)
	}
	if err := s.savePlan(r, p); err != nil {
		return err
	}
	return s.redirect(w, r, "/plan", "recovery.your_plan_is_saved")
}

func (s *Server) savePlan(r *http.Request, p *onward.Plan) error {
	return s.store.Access(r.Context(), onward.AccessRequest{Viewer: principal(r), SubjectID: p.UserID, Category: onward.CategoryJournal, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) error { return tx.SavePlan(r.Context(), p) })
}
