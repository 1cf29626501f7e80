package careguide

import "github.com/onward-recovery/onward/internal/i18n"

// Question ids, stable across the web form, the rules and the tests.
const (
	QUseFrequency  = "use_frequency"
	QCutDown       = "cut_down"
	QWithdrawal    = "withdrawal"
	QSedatives     = "sedatives"
	QSeizures      = "seizures"
	QPhysical      = "physical"
	QMental        = "mental"
	QSelfHarm      = "self_harm"
	QPregnancy     = "pregnancy"
	QHome          = "home"
	QSupport       = "support"
	QDuties        = "duties"
	QPastTreatment = "past_treatment"
	QMedication    = "medication"
)

// Choice is one answer to a question.
type Choice struct {
	ID    string
	Label i18n.Msg
}

// Question is one thing the guide asks. Every question needs an answer; each
// offers a choice for "no" or "does not apply".
type Question struct {
	ID string
	// Topic names the question in a short phrase, for the list of answers
	// that led to a suggestion ("Past withdrawal: Very hard ...").
	Topic i18n.Msg
	// Text is the question as asked.
	Text i18n.Msg
	// Hint says why the question is asked, or how to answer it; its ID is
	// "" when there is none.
	Hint    i18n.Msg
	Choices []Choice
}

// Choice returns the choice with id, and false when the question has none.
func (q Question) Choice(id string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.ID == id {
			return c, true
		}
	}
	return Choice{}, false
}

// question builds a question with its choices. Its wording is in the
// catalogs under "careguide.question.ID.": topic, text, hint and
// choice_CHOICE.
func question(id string, choices ...string) Question {
	prefix := "careguide.question." + id + "."
	q := Question{ID: id, Topic: i18n.M(prefix + "topic"), Text: i18n.M(prefix + "text")}
	for _, c := range choices {
		q.Choices = append(q.Choices, Choice{ID: c, Label: i18n.M(prefix + "choice_" + c)})
	}
	return q
}

// withHint gives q its hint.
func (q Question) withHint() Question {
	q.Hint = i18n.M("careguide.question." + q.ID + ".hint")
	return q
}

// Questions returns the guide's questions in the order they are asked. Each
// call builds them afresh, so a caller that changes one changes nothing else.
func Questions() []Question {
	return []Question{
		question(QUseFrequency, "daily", "weekly", "less", "stopped").withHint(),
		question(QCutDown, "could_not", "for_a_while", "not_tried"),
		question(QWithdrawal, "severe", "manageable", "none"),
		question(QSedatives, "daily", "sometimes", "no").withHint(),
		question(QSeizures, "yes", "no"),
		question(QPhysical, "serious", "cared_for", "fine"),
		question(QMental, "very_hard", "struggling", "ok"),
		question(QSelfHarm, "yes", "no"),
		question(QPregnancy, "yes", "maybe", "no"),
		question(QHome, "supportive", "use_around", "unsafe"),
		question(QSupport, "yes", "no"),
		question(QDuties, "cannot_leave", "could_arrange", "none"),
		question(QPastTreatment, "none", "outpatient", "intensive"),
		question(QMedication, "want", "unsure", "rather_not", "taking"),
	}
}
