package web

import (
	"errors"
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/careguide"
)

// The level-of-care guide at /guide: the questions of internal/careguide as
// one form, and the care options that fit the answers, each with the
// answers that led to it. Like the self-checks it stores nothing and shows
// the result in the response to the POST.

// guideView is the guide page: the result (after a complete POST) above the
// form.
type guideView struct {
	Questions []helpChoiceGroup
	Result    *guideResult
}

// Invalid returns the questions with an error, in order.
func (v guideView) Invalid() []helpChoiceGroup { return invalidGroups(v.Questions) }

type guideResult struct {
	Urgent, Notes  []guideAlert
	AssessInPerson bool
	Best, Also     []guideSuggestion
	Others         []guideCare
}

type guideAlert struct {
	ID, Title, Text string
	CrisisLines     bool
	Because         []string // "Topic: answer"
}

type guideCare struct {
	ID, Name, What string
}

type guideSuggestion struct {
	guideCare
	Because []guideReason
}

type guideReason struct {
	Answers []string // "Topic: answer"
	Why     string
}

func newGuideView(locale string) guideView {
	var v guideView
	for _, q := range careguide.Questions() {
		g := helpChoiceGroup{Name: q.ID, Legend: translateMsg(locale, q.Text), Short: translateMsg(locale, q.Topic)}
		if q.Hint.ID != "" {
			g.Hint = translateMsg(locale, q.Hint)
		}
		for _, c := range q.Choices {
			g.Choices = append(g.Choices, helpChoice{Value: c.ID, Label: translateMsg(locale, c.Label)})
		}
		v.Questions = append(v.Questions, g)
	}
	return v
}

func (s *Server) guideForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "guide", pageData{Title: "help.which_kind_of_care_might_fit", Data: newGuideView(state(r).locale)})
}

// guideSubmit applies the guide to the answers and shows the result above
// the form, which keeps the answers so they can be changed.
func (s *Server) guideSubmit(w http.ResponseWriter, r *http.Request) error {
	locale := state(r).locale
	view := newGuideView(locale)
	data := pageData{Title: "help.which_kind_of_care_might_fit", Data: &view}

	answers := map[string]string{}
	for _, q := range view.Questions {
		answers[q.Name] = r.PostForm.Get(q.Name)
	}
	result, err := careguide.Evaluate(answers)
	fieldErrors := onward.FieldErrors{}
	var answerErr *careguide.AnswerError
	switch {
	case errors.As(err, &answerErr):
		for id, msg := range answerErr.Fields {
			if msg.ID == careguide.MsgMissingAnswer {
				fieldErrors.Add(id, msgChooseAnswer)
			} else {
				fieldErrors.Add(id, msgChooseAnOption)
			}
		}
	case err != nil:
		return err
	}
	for i := range view.Questions {
		view.Questions[i].markAnswer(r, fieldErrors)
	}
	if err := fieldErrors.Err(); err != nil {
		return s.renderForm(w, r, "guide", data, err)
	}
	view.Result = newGuideResult(result, locale)
	return s.render(w, r, "guide", pageData{Title: "help.what_may_fit_your_answers", Data: &view})
}

func newGuideResult(result careguide.Result, locale string) *guideResult {
	answers := func(list []careguide.Answer) []string {
		out := make([]string, 0, len(list))
		for _, a := range list {
			out = append(out, translateMsg(locale, a.Topic)+": "+translateMsg(locale, a.Label))
		}
		return out
	}
	alerts := func(list []careguide.Alert) []guideAlert {
		out := make([]guideAlert, 0, len(list))
		for _, a := range list {
			out = append(out, guideAlert{ID: a.Advice.ID, Title: translateMsg(locale, a.Advice.Title), Text: translateMsg(locale, a.Advice.Text),
				CrisisLines: a.Advice.CrisisLines, Because: answers(a.Answers)})
		}
		return out
	}
	care := func(c careguide.CareOption) guideCare {
		return guideCare{ID: c.ID, Name: translateMsg(locale, c.Name), What: translateMsg(locale, c.What)}
	}
	suggestions := func(list []careguide.Suggestion) []guideSuggestion {
		out := make([]guideSuggestion, 0, len(list))
		for _, sg := range list {
			suggestion := guideSuggestion{guideCare: care(sg.Care)}
			for _, b := range sg.Because {
				suggestion.Because = append(suggestion.Because, guideReason{Answers: answers(b.Answers), Why: translateMsg(locale, b.Why)})
			}
			out = append(out, suggestion)
		}
		return out
	}
	out := &guideResult{Urgent: alerts(result.Urgent), Notes: alerts(result.Notes), AssessInPerson: result.AssessInPerson,
		Best: suggestions(result.Best), Also: suggestions(result.Also)}
	for _, c := range result.Others {
		out.Others = append(out.Others, care(c))
	}
	return out
}
