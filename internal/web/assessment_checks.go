package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
)

// The withdrawal checks: /check/sows, the Subjective Opiate Withdrawal
// Scale, for anyone (scored in the response and stored for nobody; a
// signed-in member may then save it to their record), and /check/cows, the
// clinician-rated scale, as a scoring aid for a program's staff (stored
// only when they record it for a member).

// withdrawalCheckView is the form, or after a complete POST the result.
type withdrawalCheckView struct {
	selfCheckView
	Score *withdrawalCheckScore
	// Members are the care team's members to record a COWS for.
	Members []app.CareMember
	// CanSave offers a signed-in member to keep a SOWS in their record.
	CanSave bool
	// RedFlags are the signs that need urgent care, with a SOWS result.
	RedFlags []string
	// Answers and TakenAt carry the scored answers to the record form.
	Answers  []hiddenAnswer
	TakenAt  string
	ClientID string
}

// withdrawalCheckScore is a scored SOWS or COWS.
type withdrawalCheckScore struct {
	Total, Max   int
	Band         string
	Threshold    int
	ThresholdMet bool
}

type hiddenAnswer struct{ Name, Value string }

func withdrawalCheckDefinition(id string) *instrument.Definition {
	def, _ := instrument.Get(id)
	return def
}

func (s *Server) sowsCheckForm(w http.ResponseWriter, r *http.Request) error {
	return s.withdrawalCheckForm(w, r, instrument.SOWS)
}

func (s *Server) cowsCheckForm(w http.ResponseWriter, r *http.Request) error {
	return s.withdrawalCheckForm(w, r, instrument.COWS)
}

func (s *Server) withdrawalCheckForm(w http.ResponseWriter, r *http.Request, id string) error {
	def := withdrawalCheckDefinition(id)
	v := withdrawalCheckView{selfCheckView: newSelfCheckView(def, state(r).locale)}
	return s.render(w, r, "check_withdrawal", pageData{Heading: def.ShortName, Data: v})
}

func (s *Server) sowsCheckSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.withdrawalCheckSubmit(w, r, instrument.SOWS)
}

func (s *Server) cowsCheckSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.withdrawalCheckSubmit(w, r, instrument.COWS)
}

// withdrawalCheckSubmit scores the answers in this response; nothing is
// stored. Unanswered questions bring the form back with each gap marked.
func (s *Server) withdrawalCheckSubmit(w http.ResponseWriter, r *http.Request, id string) error {
	st := state(r)
	def := withdrawalCheckDefinition(id)
	v := withdrawalCheckView{selfCheckView: newSelfCheckView(def, st.locale)}
	data := pageData{Heading: def.ShortName, Data: &v}
	answers, _, fieldErrors := readSelfCheck(def, r)
	var opts instrument.Options
	if id == instrument.COWS {
		settings, err := s.app.ProgramAssessmentSettings(r.Context(), st.user)
		if err != nil {
			return err
		}
		if len(settings) > 0 {
			opts.BuprenorphineStartThreshold = settings[0].Threshold
		}
	}
	result, err := def.Score(answers, opts)
	var answerErr *instrument.AnswerError
	switch {
	case errors.As(err, &answerErr):
		for item, msg := range answerErr.Fields {
			fieldErrors.Add("item-"+item, answerMessage(msg))
		}
	case err != nil:
		return err
	}
	for i := range v.Items {
		v.Items[i].markAnswer(r, fieldErrors)
	}
	if err := fieldErrors.Err(); err != nil {
		return s.renderForm(w, r, "check_withdrawal", data, err)
	}
	v.Score = &withdrawalCheckScore{Total: result.Total, Max: def.MaxTotal, ThresholdMet: hasFlag(result, instrument.FlagBuprenorphineStartThresholdMet)}
	if result.Band != nil {
		v.Score.Band = translateMsg(st.locale, result.Band.Label)
	}
	if id == instrument.COWS {
		v.Score.Threshold = cmp.Or(opts.BuprenorphineStartThreshold, instrument.DefaultBuprenorphineStartThreshold)
		if v.Members, err = s.app.AssessmentCareMembers(r.Context(), st.user); err != nil {
			return err
		}
	}
	if id == instrument.SOWS {
		v.RedFlags = redFlagWords(st.locale)
		v.CanSave = st.user != nil && st.user.Role == onward.RoleMember
	}
	for _, item := range def.Items {
		if a, ok := answers[item.ID]; ok {
			v.Answers = append(v.Answers, hiddenAnswer{Name: "item-" + item.ID, Value: strconv.Itoa(a)})
		}
	}
	if st.user != nil {
		v.TakenAt, v.ClientID = s.app.ClockOf(st.user.TimeZone).Now.Format(localTimeLayout), newClientID()
	}
	data.Heading = translate(st.locale, "help.your_result", "ShortName", def.ShortName)
	return s.render(w, r, "check_withdrawal", data)
}

func hasFlag(r instrument.Result, code string) bool {
	return slices.ContainsFunc(r.Flags, func(f instrument.Flag) bool { return f.Code == code })
}

// recordCheckedCOWS records a COWS scored at /check/cows for the member
// chosen on the result, through the same use case as the record form.
func (s *Server) recordCheckedCOWS(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	def := withdrawalCheckDefinition(instrument.COWS)
	memberID := r.PostForm.Get("member")
	in, errs := readQuestionnaire(r, def, location(u.TimeZone))
	if err := errs.Err(); err != nil {
		return err
	}
	if _, _, err := s.app.RecordAssessment(r.Context(), u, memberID, in); err != nil {
		return err
	}
	return s.redirect(w, r, "/program/assessments/"+memberID, "assessment.the_result_is_recorded")
}
