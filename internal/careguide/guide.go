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
	// Suggestions are the care options that fit, in CareOptions order; never
	// empty for a complete set of answers.
	Suggestions []Suggestion
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
	for _, care := range CareOptions() {
		if bases, ok := because[care.ID]; ok {
			result.Suggestions = append(result.Suggestions, Suggestion{Care: care, Because: bases})
		} else {
			result.Others = append(result.Others, care)
		}
	}
	for _, a := range advice() {
		answers, ok := raised[a.ID]
		if !ok {
			continue
		}
		alert := Alert{Advice: a, Answers: answers}
		if a.Urgent {
			result.Urgent = append(result.Urgent, alert)
		} else {
			result.Notes = append(result.Notes, alert)
		}
	}
	return result, nil
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
