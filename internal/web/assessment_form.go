package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/instrument"
)

// The questionnaire form of a stored assessment, shared by a member's own
// record and a care team's: the instrument's questions (as the self-checks
// show them), when it was taken, and a client id so a double submit
// records once. Also the parsing of the same input from the API.

// questionnaireView fills the form.
type questionnaireView struct {
	selfCheckView
	Action   string // where the form posts
	ClientID string
	// TakenAt is the datetime-local value: now in the person's time zone,
	// or what they typed; Latest is the latest they may choose.
	TakenAt, Latest string
	// Care is set when a care team records: the form then asks for the
	// level of care and, for a COWS, whether it starts a new series.
	Care       bool
	MemberName string
	Levels     []string
	Threshold  int // a COWS's buprenorphine-start threshold
	// FieldErrors are the problems outside the questions, for the summary.
	FieldErrors []fieldError
}

// fieldError is a form error outside the questions, for the summary.
type fieldError struct{ Field, Message string }

// localTimeLayout is the value of an <input type="datetime-local">.
const localTimeLayout = "2006-01-02T15:04"

// parseLocalTime reads a datetime-local value in loc; seconds are allowed,
// since a browser may send them.
func parseLocalTime(v string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{localTimeLayout, localTimeLayout + ":05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// newClientID names one opening of a form: a submission sent twice
// carries the same id and is recorded once.
func newClientID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) newQuestionnaireView(r *http.Request, def *instrument.Definition, action string) questionnaireView {
	u, locale := state(r).user, state(r).locale
	now := s.app.ClockOf(u.TimeZone).Now
	v := questionnaireView{selfCheckView: newSelfCheckView(def, locale), Action: action, ClientID: newClientID(),
		TakenAt: now.Format(localTimeLayout), Latest: now.Format(localTimeLayout)}
	for i, it := range def.Items {
		if it.Optional {
			v.Items[i].Optional, v.Items[i].Hint = true, translate(locale, "assessment.optional_drug_class")
		}
	}
	if r.Method == http.MethodPost {
		if id := r.PostForm.Get("client_id"); id != "" {
			v.ClientID = id
		}
		v.TakenAt = r.PostForm.Get("taken_at")
	}
	return v
}

// readQuestionnaire reads the form into an input for app.RecordAssessment.
// Unreadable values are field errors here; the use case checks the rest.
func readQuestionnaire(r *http.Request, def *instrument.Definition, loc *time.Location) (app.AssessmentInput, onward.FieldErrors) {
	answers, _, errs := readSelfCheck(def, r)
	in := app.AssessmentInput{Instrument: def.ID, Answers: answers, ClientID: r.PostForm.Get("client_id"),
		LevelOfCare: r.PostForm.Get("level_of_care"), Baseline: r.PostForm.Get("baseline") == "yes"}
	if v := strings.TrimSpace(r.PostForm.Get("taken_at")); v != "" {
		t, ok := parseLocalTime(v, loc)
		if !ok {
			errs.Add("taken_at", "assessment.enter_the_date_and_time_it_was_taken")
		}
		in.TakenAt = t
	}
	return in, errs
}

// mark puts the answers sent and every problem on the form:
// an answer's on its question, the others in the summary and by their
// field.
func (v *questionnaireView) mark(r *http.Request, err error) {
	var e *onward.Error
	fields := onward.FieldErrors{}
	if errors.As(err, &e) {
		for field, msg := range e.Fields {
			if id, ok := strings.CutPrefix(field, "answers."); ok {
				fields["item-"+id] = i18n.M(answerMessage(msg))
				continue
			}
			fields[field] = msg
		}
	}
	for i := range v.Items {
		v.Items[i].markAnswer(r, fields)
	}
	for _, field := range []string{"taken_at", "level_of_care", "client_id", "instrument"} {
		if msg, ok := fields[field]; ok {
			v.FieldErrors = append(v.FieldErrors, fieldError{Field: field, Message: translateMsg(state(r).locale, msg)})
		}
	}
}

// assessmentInputJSON is a completed instrument sent to the API.
type assessmentInputJSON struct {
	Instrument string `json:"instrument"`
	// Answers are raw so each one that is not a whole number is named.
	Answers     map[string]json.RawMessage `json:"answers"`
	TakenAt     string                     `json:"taken_at"`
	Baseline    bool                       `json:"baseline"`
	LevelOfCare string                     `json:"level_of_care"`
	ClientID    string                     `json:"client_id"`
}

// input converts the body, with a field error for each answer that is not
// a whole number and for a time that is not RFC 3339.
func (in assessmentInputJSON) input() (app.AssessmentInput, onward.FieldErrors) {
	answers, errs := decodeAnswers(in.Answers)
	out := app.AssessmentInput{Instrument: in.Instrument, Answers: answers, Baseline: in.Baseline, LevelOfCare: in.LevelOfCare, ClientID: in.ClientID}
	if in.TakenAt != "" {
		t, err := time.Parse(time.RFC3339, in.TakenAt)
		if err != nil {
			errs.Add("taken_at", "assessment.give_the_time_like")
		}
		out.TakenAt = t
	}
	return out, errs
}

// decodeAnswers reads {item id: value} where each value must be a whole
// number; problems are keyed "answers.<item id>".
func decodeAnswers(raw map[string]json.RawMessage) (map[string]int, onward.FieldErrors) {
	errs := onward.FieldErrors{}
	answers := make(map[string]int, len(raw))
	for id, v := range raw {
		n, err := strconv.Atoi(strings.TrimSpace(string(v)))
		if err != nil {
			errs.Add("answers."+id, "api.answer_whole_number")
			continue
		}
		answers[id] = n
	}
	return answers, errs
}

// recordFromAPI decodes the body and records it for memberID, answering
// 201 with the record, or 200 with the first record for a replay.
func (s *Server) recordFromAPI(w http.ResponseWriter, r *http.Request, memberID string) error {
	u := state(r).user
	var body assessmentInputJSON
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	in, errs := body.input()
	if err := errs.Err(); err != nil {
		return err
	}
	rec, created, err := s.app.RecordAssessment(r.Context(), u, memberID, in)
	if err != nil {
		return err
	}
	res, err := s.app.Assessment(r.Context(), principal(r), memberID, rec.ID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, s.newAssessmentJSON(u.Locale, *res))
	return nil
}
