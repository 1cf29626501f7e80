package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
)

// "I need support now", pages and API: one tap tells the member's chosen
// people (those they allowed to see alerts) at once, in the inbox, by
// email and by Web Push; the member sees their answers, and a supporter
// answers from the inbox. Alerts ignore quiet hours: they are urgent
// (docs/notifications.md).

type supportNowView struct {
	Recipients int
	HighRisk   bool // came from a check-in whose warning signs are high
}

func (s *Server) supportNowPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.app.AlertRecipients(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "supportnow", pageData{Title: "notify.i_need_support_now", Data: supportNowView{Recipients: n, HighRisk: r.URL.Query().Get("high") == "1"}})
}

func (s *Server) supportNowSubmit(w http.ResponseWriter, r *http.Request) error {
	req, err := s.app.AskForSupport(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	flash := "notify.we_told_your_people_you_will_see"
	if req.Recipients == 0 {
		flash = "notify.no_one_could_be_told_nobody_has"
	}
	return s.redirect(w, r, "/support-now/"+req.ID, flash)
}

type supportRequestView struct {
	Request *onward.SupportRequest
}

// supportRequestPage shows the member one of their requests and the
// answers so far.
func (s *Server) supportRequestPage(w http.ResponseWriter, r *http.Request) error {
	req, err := s.app.SupportRequest(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	// The page asks for new answers every few seconds (htmx), and has a
	// link that does the same without JavaScript.
	return s.render(w, r, "supportnow_sent", pageData{Title: "notify.your_request_for_support", Data: supportRequestView{Request: req}, HTMX: true})
}

// supportAnswerSubmit records a supporter's answer. Someone who may not
// (or no longer) see the member's alerts is shown their inbox, where the
// alert says so, with the reason the answer was not sent.
func (s *Server) supportAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	err := s.app.AnswerSupportRequest(r.Context(), state(r).user, r.PathValue("id"), newFormReader(r.PostForm).str("answer"))
	switch onward.ErrorCode(err) {
	case "":
		return s.redirect(w, r, "/notifications", "notify.your_answer_was_sent")
	case onward.EINVALID:
		return s.redirect(w, r, "/notifications", "notify.please_choose_an_answer")
	case onward.EFORBIDDEN:
		return s.renderInbox(w, r, http.StatusForbidden, translateMsg(state(r).locale, onward.ErrorMessage(err)))
	}
	return err
}

type supportAnswerJSON struct {
	SupporterID   string    `json:"supporter_id"`
	SupporterName string    `json:"supporter_name"`
	Answer        string    `json:"answer"`
	At            time.Time `json:"at"`
}

type supportRequestJSON struct {
	ID         string              `json:"id"`
	CreatedAt  time.Time           `json:"created_at"`
	Recipients int                 `json:"recipients"`
	Answers    []supportAnswerJSON `json:"answers"`
}

func toSupportRequestJSON(req *onward.SupportRequest) supportRequestJSON {
	out := supportRequestJSON{ID: req.ID, CreatedAt: req.CreatedAt, Recipients: req.Recipients, Answers: []supportAnswerJSON{}}
	for _, a := range req.Answers {
		out.Answers = append(out.Answers, supportAnswerJSON{SupporterID: a.SupporterID, SupporterName: a.SupporterName, Answer: a.Answer, At: a.CreatedAt})
	}
	return out
}

func (s *Server) apiCreateSupportRequest(w http.ResponseWriter, r *http.Request) error {
	req, err := s.app.AskForSupport(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toSupportRequestJSON(req))
	return nil
}

func (s *Server) apiSupportRequest(w http.ResponseWriter, r *http.Request) error {
	req, err := s.app.SupportRequest(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSupportRequestJSON(req))
	return nil
}

func (s *Server) apiAnswerSupportRequest(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Answer string `json:"answer"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.app.AnswerSupportRequest(r.Context(), state(r).user, r.PathValue("id"), body.Answer); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
