package careguide

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onward-recovery/onward/internal/i18n"
)

// Message ids in AnswerError.Fields.
const (
	MsgMissingAnswer   = "careguide.missing_answer"
	MsgUnknownQuestion = "careguide.unknown_question"
	MsgUnknownChoice   = "careguide.unknown_choice"
)

// AnswerError lists every bad answer: question id -> what is wrong with it.
type AnswerError struct {
	Fields map[string]i18n.Msg
}

func (e *AnswerError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for id, msg := range e.Fields {
		parts = append(parts, fmt.Sprintf("%s (%s)", id, msg.ID))
	}
	slices.Sort(parts)
	return "careguide: invalid answers: " + strings.Join(parts, "; ")
}

// Answer is one answer that led to a suggestion or advice, with the words
// to show it.
type Answer struct {
	Question string   // question id
	Choice   string   // choice id
	Topic    i18n.Msg // the question's topic
	Label    i18n.Msg // the chosen answer
}

// Basis is one reason for a suggestion: the answers that led to it and why
// they point to it.
type Basis struct {
	Answers []Answer
	Why     i18n.Msg
}

// Suggestion is a care option that fits the answers, with every reason.
type Suggestion struct {
	Care    CareOption
	Because []Basis
}

// Alert is advice raised by the answers, with the answers that raised it.
type Alert struct {
	Advice  Advice
	Answers []Answer
}

// Result is what the guide makes of a complete set of answers.
type Result struct {
	// Urgent holds the advice that answers a danger; show it first.
	Urgent []Alert
	// Notes holds the other advice.
	Notes []Alert
	// Best are the care options the most answers point to (one or a few);
	// Also are the others some answer points to, most reasons first. Best
	// is never empty for a complete set of answers.
	Best, Also []Suggestion
	// AssessInPerson is set when the answers pull toward settings far
	// apart (a 24-hour setting and care that fits around daily life), or
	// raise a danger only a clinician can weigh: then the answer is an
	// in-person assessment, and the guide says so before any option.
	AssessInPerson bool
	// Others are the remaining care options, in CareOptions order, so that
	// every option is explained.
	Others []CareOption
}

// Evaluate checks answers (question id -> choice id) and applies every rule.
// Every missing, unknown or impossible answer is reported at once in an
// *AnswerError.
func Evaluate(answers map[string]string) (Result, error) {
	questions := Questions()
	if err := check(questions, answers); err != nil {
		return Result{}, err
	}
	byID := make(map[string]Question, len(questions))
	for _, q := range questions {
		byID[q.ID] = q
	}

	because := map[string][]Basis{}
	raised := map[string][]Answer{}
	for _, rule := range rules() {
		if !allHold(rule.When, answers) || anyHolds(rule.Unless, answers) {
			continue
		}
		matched := make([]Answer, 0, len(rule.When))
		for _, c := range rule.When {
			q := byID[c.Question]
			choice, _ := q.Choice(answers[c.Question])
			matched = append(matched, Answer{Question: q.ID, Choice: choice.ID, Topic: q.Topic, Label: choice.Label})
		}
		for _, care := range rule.Suggest {
			because[care] = append(because[care], Basis{Answers: matched, Why: rule.why()})
		}
		for _, id := range rule.Advise {
			raised[id] = appendNew(raised[id], matched)
		}
	}

	var result Result
	var fitting []Suggestion
	for _, care := range CareOptions() {
		if bases, ok := because[care.ID]; ok {
			fitting = append(fitting, Suggestion{Care: care, Because: bases})
		} else {
			result.Others = append(result.Others, care)
		}
	}
	// Most reasons first; among equals, CareOptions order (most intensive
	// first) stays.
	slices.SortStableFunc(fitting, func(a, b Suggestion) int { return len(b.Because) - len(a.Because) })
	for _, s := range fitting {
		if len(s.Because) == len(fitting[0].Because) {
			result.Best = append(result.Best, s)
		} else {
			result.Also = append(result.Also, s)
		}
	}
	result.AssessInPerson = spansSettings(fitting)
	for _, a := range advice() {
		answers, ok := raised[a.ID]
		if !ok {
			continue
		}
		alert := Alert{Advice: a, Answers: answers}
		result.AssessInPerson = result.AssessInPerson || a.Assess
		if a.Urgent {
			result.Urgent = append(result.Urgent, alert)
		} else {
			result.Notes = append(result.Notes, alert)
		}
	}
	return result, nil
}

// dayToDay are the options that fit around daily life; the 24-hour
// settings are withdrawal management and residential care.
var dayToDay = []string{CareIOP, CareOutpatient}

// spansSettings reports whether the fitting options include both a 24-hour
// setting and care that fits around daily life: answers that pull both
// ways are for a professional to weigh, not for a guide.
func spansSettings(fitting []Suggestion) bool {
	around, residential := false, false
	for _, s := range fitting {
		switch {
		case slices.Contains(dayToDay, s.Care.ID):
			around = true
		case s.Care.ID == CareWithdrawal || s.Care.ID == CareResidential:
			residential = true
		}
	}
	return around && residential
}

// check returns an *AnswerError naming every unanswered question, every
// answer that is not one of its question's choices and every answer to a
// question the guide does not ask.
func check(questions []Question, answers map[string]string) error {
	fields := map[string]i18n.Msg{}
	asked := make(map[string]bool, len(questions))
	for _, q := range questions {
		asked[q.ID] = true
		answer, ok := answers[q.ID]
		switch {
		case !ok || answer == "":
			fields[q.ID] = i18n.M(MsgMissingAnswer)
		default:
			if _, known := q.Choice(answer); !known {
				fields[q.ID] = i18n.M(MsgUnknownChoice)
			}
		}
	}
	for id := range answers {
		if !asked[id] {
			fields[id] = i18n.M(MsgUnknownQuestion)
		}
	}
	if len(fields) > 0 {
		return &AnswerError{Fields: fields}
	}
	return nil
}

func allHold(conditions []Condition, answers map[string]string) bool {
	for _, c := range conditions {
		if !slices.Contains(c.AnyOf, answers[c.Question]) {
			return false
		}
	}
	return true
}

func anyHolds(conditions []Condition, answers map[string]string) bool {
	for _, c := range conditions {
		if slices.Contains(c.AnyOf, answers[c.Question]) {
			return true
		}
	}
	return false
}

// appendNew adds the answers not yet in list, keeping their order.
func appendNew(list, answers []Answer) []Answer {
	for _, a := range answers {
		if !slices.ContainsFunc(list, func(b Answer) bool { return b.Question == a.Question }) {
			list = append(list, a)
		}
	}
	return list
}

// Suggestions are every fitting option: Best, then Also.
func (r Result) Suggestions() []Suggestion { return append(slices.Clone(r.Best), r.Also...) }
