package web

import (
	"net/http"
)

// Deleting the account, in two steps without JavaScript: the password on
// the first page, then a page of its own that asks once more; only its
// button deletes.

func (s *Server) deleteAccountForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "account_delete", pageData{Title: "common.delete_your_account"})
}

// deleteAccountCheck is the first step: the password, answered by the
// confirmation page.
func (s *Server) deleteAccountCheck(w http.ResponseWriter, r *http.Request) error {
	confirmation, err := s.app.ConfirmDeletion(r.Context(), state(r).user, r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		return s.renderForm(w, r, "account_delete", pageData{Title: "common.delete_your_account"}, err)
	}
	return s.render(w, r, "account_delete_confirm", pageData{Title: "accounts.delete_your_account_for_good", Data: confirmation})
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteAccount(r.Context(), state(r).user, r.PostForm.Get("confirmation")); err != nil {
		return s.renderForm(w, r, "account_delete", pageData{Title: "common.delete_your_account"}, err)
	}
	s.endSession(w, r)
	return s.redirect(w, r, "/", "common.your_account_and_your_data_are_deleted")
}
