package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/onward-recovery/onward"
)

// requireSignIn lets only signed-in people through. Someone whose role
// needs two-factor and who has not set it up is sent to set it up first.
func (s *Server) requireSignIn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		if st.user == nil && st.session != nil && st.session.Stage == onward.SessionNeedsEnrol && !strings.HasPrefix(r.URL.Path, "/api/") {
			http.Redirect(w, r, "/account/two-factor", http.StatusSeeOther)
			return nil
		}
		if st.user == nil {
			return onward.NewError(onward.EUNAUTHORIZED, "common.please_sign_in")
		}
		return h(w, r)
	}
}

// requireRole lets only signed-in people with one of roles through.
func (s *Server) requireRole(h handlerFunc, roles ...onward.Role) handlerFunc {
	return s.requireSignIn(func(w http.ResponseWriter, r *http.Request) error {
		if !slices.Contains(roles, state(r).user.Role) {
			return onward.NewError(onward.EFORBIDDEN, "common.this_page_is_not_available_to_your")
		}
		return h(w, r)
	})
}

// requirePendingSignIn lets through only a browser that has passed the
// password step and owes a two-factor code.
func (s *Server) requirePendingSignIn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if sess := state(r).session; sess == nil || sess.Stage != onward.SessionNeedsCode {
			return s.redirect(w, r, "/signin", "common.please_sign_in")
		}
		return h(w, r)
	}
}

// requireEnrolOrSignIn lets through people signed in and people who must
// set up two-factor before they can finish signing in.
func (s *Server) requireEnrolOrSignIn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		if st.user == nil && (st.session == nil || st.session.Stage != onward.SessionNeedsEnrol) {
			return onward.NewError(onward.EUNAUTHORIZED, "common.please_sign_in")
		}
		return h(w, r)
	}
}
