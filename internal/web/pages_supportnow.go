package web

import (
	"context"
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// "I need support now": one tap tells the member's chosen people (those
// they allowed to see alerts) at once, in the inbox, by email and by Web
// Push. Alerts ignore quiet hours: they are urgent (docs/notifications.md).

type supportNowView struct {
	Recipients int
	HighRisk   bool // came from a check-in whose warning signs are high
}

func (s *Server) supportNowPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.AlertRecipientCount(r.Context(), state(r).user.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, "supportnow", pageData{Title: "notify.i_need_support_now", Data: supportNowView{Recipients: n, HighRisk: r.URL.Query().Get("high") == "1"}})
}

// sendSupportRequest records the request and queues its deliveries in one
// transaction; the scheduler sends them within a fraction of a second.
func (s *Server) sendSupportRequest(ctx context.Context, viewer onward.Principal) (*sqlstore.SupportRequest, error) {
	var req *sqlstore.SupportRequest
	err := s.store.Access(ctx, onward.AccessRequest{Viewer: viewer, SubjectID: viewer.UserID, Category: onward.CategoryAlerts, Action: onward.ActionWrite},
		func(tx *sqlstore.Tx) (err error) {
			req, err = tx.CreateSupportRequest(ctx, viewer.UserID)
			return err
		})
	return req, err
}

func (s *Server) supportNowSubmit(w http.ResponseWriter, r *http.Request) error {
	req, err := s.sendSupportRequest(r.Context(), principal(r))
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
	Request *sqlstore.SupportRequest
}

// supportRequestPage shows the member one of their requests and the
// answers so far.
func (s *Server) supportRequestPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := state(r).user
	var req *sqlstore.SupportRequest
	err := s.store.ReadAccess(ctx, principal(r), u.ID, []onward.Category{onward.CategoryAlerts}, func(rd *sqlstore.Reader) (err error) {
		req, err = rd.SupportRequest(ctx, r.PathValue("id"))
		return err
	})
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
