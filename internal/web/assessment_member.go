package web

import (
	"net/http"
	"slices"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
)

// A member's own questionnaires: the list with trends (GET /assessments),
// completing one for their record (GET and POST
// /assessments/new/{instrument}), one result (GET /assessments/{id}), and
// the same in the API (/api/v1/assessments).

// assessmentsView is the member's list.
type assessmentsView struct {
	Trends []trendView
	// Take links the questionnaires the member can complete.
	Take []selfCheckLink
}

func (s *Server) assessmentsPage(w http.ResponseWriter, r *http.Request) error {
	u, locale := state(r).user, state(r).locale
	trends, err := s.app.Assessments(r.Context(), principal(r), u.ID, "")
	if err != nil {
		return err
	}
	v := assessmentsView{Trends: newTrendViews(locale, location(u.TimeZone), trends, false)}
	for _, id := range app.SelfInstruments {
		def, _ := instrument.Get(id)
		v.Take = append(v.Take, selfCheckLink{Path: "/assessments/new/" + id, Name: def.ShortName, About: translateMsg(locale, def.Description)})
	}
	return s.render(w, r, "assessments", pageData{Title: "assessment.my_questionnaires", Data: v})
}

// ownInstrument returns the instrument named in the path if a member may
// complete it for their own record.
func ownInstrument(r *http.Request) (*instrument.Definition, error) {
	id := r.PathValue("instrument")
	def, ok := instrument.Get(id)
	if !ok || !slices.Contains(app.SelfInstruments, id) {
		return nil, onward.NewError(onward.ENOTFOUND, "assessment.this_questionnaire_cannot_be_recorded_here")
	}
	return def, nil
}

// ownFormAction is where the member's form posts; a SOWS taken from the
// withdrawal tracker goes back there.
func ownFormAction(r *http.Request, id string) string {
	if r.FormValue("from") == "withdrawal" && id == instrument.SOWS {
		return "/assessments/new/" + id + "?from=withdrawal"
	}
	return "/assessments/new/" + id
}

func (s *Server) assessmentForm(w http.ResponseWriter, r *http.Request) error {
	def, err := ownInstrument(r)
	if err != nil {
		return err
	}
	v := s.newQuestionnaireView(r, def, ownFormAction(r, def.ID))
	return s.render(w, r, "assessment_form", pageData{Heading: def.ShortName, Data: v})
}

// assessmentSubmit records the answers and shows the result, crisis help
// first when item 9 of a PHQ-9 is above 0. A form with gaps comes back
// with the answers kept and each gap marked; nothing is recorded.
func (s *Server) assessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	def, err := ownInstrument(r)
	if err != nil {
		return err
	}
	v := s.newQuestionnaireView(r, def, ownFormAction(r, def.ID))
	data := pageData{Heading: def.ShortName, Data: &v}
	in, errs := readQuestionnaire(r, def, location(u.TimeZone))
	if err := errs.Err(); err != nil {
		v.mark(r, err)
		return s.renderForm(w, r, "assessment_form", data, err)
	}
	rec, _, err := s.app.RecordAssessment(r.Context(), u, u.ID, in)
	if err != nil {
		v.mark(r, err)
		return s.renderForm(w, r, "assessment_form", data, err)
	}
	if rec.Instrument == instrument.SOWS && r.FormValue("from") == "withdrawal" {
		return s.redirect(w, r, "/withdrawal", "withdrawal.your_rating_is_saved")
	}
	return s.redirect(w, r, "/assessments/"+rec.ID, "assessment.your_answers_are_saved")
}

// assessmentView is one result page.
type assessmentView struct {
	Result resultView
}

func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request) error {
	u, locale := state(r).user, state(r).locale
	res, err := s.app.Assessment(r.Context(), principal(r), u.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	def, _ := instrument.Get(res.Instrument)
	v := assessmentView{Result: newResultView(locale, location(u.TimeZone), def, *res)}
	return s.render(w, r, "assessment", pageData{Heading: translate(locale, "help.your_result", "ShortName", def.ShortName), Data: v})
}

// trendJSON is one instrument's results in the API, oldest first.
type trendJSON struct {
	Instrument string           `json:"instrument"`
	Results    []assessmentJSON `json:"results"`
}

func (s *Server) trendsJSON(locale string, trends []app.AssessmentTrend) map[string]any {
	return map[string]any{"assessments": s.trendList(locale, trends)}
}

// trendList is each instrument's results, oldest first (AssessmentTrend).
func (s *Server) trendList(locale string, trends []app.AssessmentTrend) []trendJSON {
	out := []trendJSON{}
	for _, t := range trends {
		tj := trendJSON{Instrument: t.Instrument.ID}
		for _, res := range t.Results {
			tj.Results = append(tj.Results, s.newAssessmentJSON(locale, res))
		}
		out = append(out, tj)
	}
	return out
}

// apiInstrumentFilter reads ?instrument=, which must name an instrument.
func apiInstrumentFilter(r *http.Request) (string, error) {
	id := r.URL.Query().Get("instrument")
	if _, ok := instrument.Get(id); id != "" && !ok {
		return "", onward.Invalid("instrument", "api.no_such_instrument")
	}
	return id, nil
}

func (s *Server) apiAssessments(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	id, err := apiInstrumentFilter(r)
	if err != nil {
		return err
	}
	trends, err := s.app.Assessments(r.Context(), principal(r), u.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.trendsJSON(u.Locale, trends))
	return nil
}

func (s *Server) apiAssessment(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	res, err := s.app.Assessment(r.Context(), principal(r), u.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.newAssessmentJSON(u.Locale, *res))
	return nil
}

func (s *Server) apiRecordAssessment(w http.ResponseWriter, r *http.Request) error {
	return s.recordFromAPI(w, r, state(r).user.ID)
}
