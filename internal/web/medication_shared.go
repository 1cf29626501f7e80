package web

import (
	"net/http"

	"github.com/onward-recovery/onward/internal/app"
)

// A member's medication as someone they share it with sees it
// (GET /supporting/{id}/medication and GET /api/v1/members/{id}/medication):
// only with the member's consent covering medication, the read recorded.

type sharedMedicationView struct {
	*app.SharedMedication
}

func (s *Server) sharedMedicationPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.SharedMedicationOf(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, "medication_shared", pageData{Heading: translate(state(r).locale, "meds.medication_of", "Name", m.Name),
		Data: sharedMedicationView{m}})
}

func (s *Server) apiMemberMedication(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.SharedMedicationOf(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	plans := make([]medPlanJSON, 0, len(m.Plans))
	for i := range m.Plans {
		plans = append(plans, toMedPlanJSON(&m.Plans[i]))
	}
	orders := make([]orderJSON, 0, len(m.Orders))
	for i := range m.Orders {
		o := toOrderJSON(&m.Orders[i].Order, m.Orders[i].ProgramName)
		o.Override, o.Note, o.LastOpioidUse = "", "", "" // the care team's reasoning is not the supporter's to read
		orders = append(orders, o)
	}
	writeJSON(w, http.StatusOK, map[string]any{"member_id": m.MemberID, "name": m.Name, "plans": plans, "orders": orders,
		"adherence_7_days": toAdherenceJSON(m.Week), "adherence_30_days": toAdherenceJSON(m.Month), "missed_recently": dosesJSON(m.Missed)})
	return nil
}
