package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// The craving flow (GET and POST /urge): a timer to ride it out, the
// member's own coping steps and reasons, and what helped before.

type urgeView struct {
	Rec       *app.Recovery
	StartedAt string // RFC 3339, echoed back by the outcome form
	EndsAt    string // local clock time the timer ends, for those without JavaScript
	Minutes   int
}

func (s *Server) urgeData(r *http.Request) (pageData, error) {
	rec, err := s.app.Recovery(r.Context(), state(r).user)
	if err != nil {
		return pageData{}, err
	}
	now := rec.Clock.Now
	view := urgeView{Rec: rec, StartedAt: now.UTC().Format(time.RFC3339), EndsAt: now.Add(app.UrgeMinutes * time.Minute).Format("15:04"),
		Minutes: app.UrgeMinutes}
	return pageData{Title: "recovery.riding_out_a_craving", Data: view}, nil
}

func (s *Server) urgePage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.urgeData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "urge", data)
}

// urgeOutcome records how the urge went and what helped, so the member
// learns which of their strategies work.
func (s *Server) urgeOutcome(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	outcome := f.str("outcome")
	switch outcome {
	case "used":
		return s.redirect(w, r, "/lapse", "")
	case "passed", "not_yet":
	default:
		data, err := s.urgeData(r)
		if err != nil {
			return err
		}
		return s.renderForm(w, r, "urge", data, onward.Invalid("outcome", "recovery.tell_us_whether_the_craving_passed"))
	}
	started, _ := time.Parse(time.RFC3339, f.str("started_at"))
	urge := &onward.Urge{StartedAt: started, Passed: outcome == "passed", Note: f.str("note"),
		Helped: append(f.form["helped"], f.str("helped_other"))}
	if err := s.app.RecordUrge(r.Context(), state(r).user, urge); err != nil {
		return err
	}
	if urge.Passed {
		return s.redirect(w, r, "/", "recovery.well_done_you_rode_it_out_and")
	}
	return s.redirect(w, r, "/urge", "recovery.it_is_still_there_and_that_is")
}

// apiRecordCraving records how a craving went and what helped, as the
// craving page does. A craving that ended in use is a lapse: POST
// /api/v1/lapses.
func (s *Server) apiRecordCraving(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		StartedAt *time.Time `json:"started_at"`
		Passed    *bool      `json:"passed"`
		Helped    []string   `json:"helped"`
		Note      string     `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Passed == nil {
		return onward.Invalid("passed", "recovery.tell_us_whether_the_craving_passed")
	}
	urge := &onward.Urge{Passed: *in.Passed, Helped: in.Helped, Note: in.Note}
	if in.StartedAt != nil {
		urge.StartedAt = *in.StartedAt
	}
	if err := s.app.RecordUrge(r.Context(), state(r).user, urge); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": urge.ID, "started_at": urge.StartedAt.UTC(), "ended_at": urge.EndedAt.UTC(),
		"passed": urge.Passed, "helped": orEmpty(urge.Helped), "note": urge.Note})
	return nil
}
