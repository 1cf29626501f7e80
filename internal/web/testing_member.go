package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// A member's own drug tests (GET /care/tests): their results by program,
// whether they have a test today, and disputing a result.

type myTestsView struct {
	Programs []app.MyTestsOfProgram
	Now      time.Time
}

func (s *Server) myTestsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.MyTests(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "my_tests", pageData{Title: "testing.my_tests", Data: myTestsView{Programs: list, Now: s.now()}})
}

func (s *Server) disputeTestSubmit(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DisputeTest(r.Context(), state(r).user, r.PathValue("id"), r.PostForm.Get("note"))
	if err != nil {
		code := onward.ErrorCode(err)
		if code != onward.EINVALID && code != onward.ECONFLICT {
			return err
		}
		list, lerr := s.app.MyTests(r.Context(), state(r).user)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "my_tests", pageData{Title: "testing.my_tests", Data: myTestsView{Programs: list, Now: s.now()}}, err)
	}
	return s.redirect(w, r, "/care/tests#test-"+r.PathValue("id"), "testing.dispute_recorded")
}

func (s *Server) apiMyTests(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.MyTests(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(list))
	for _, p := range list {
		out = append(out, map[string]any{"program_id": p.ProgramID, "program_name": p.ProgramName, "due_today": p.DueToday,
			"tests": toDrugTestsJSON(p.Tests)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"programs": out})
	return nil
}

func (s *Server) apiDisputeTest(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.DisputeTest(r.Context(), state(r).user, r.PathValue("id"), in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Cards are one program's tests for the page.
func (v myTestsView) Cards(p app.MyTestsOfProgram, tz *time.Location) []testCard {
	return testCards(p.Tests, tz, v.Now)
}
