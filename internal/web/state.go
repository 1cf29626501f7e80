package web

import (
	"context"
	"net/http"

	"github.com/onward-recovery/onward"
)

// requestState is what the middleware learns about a request: who sent it
// and in which language to answer. One pointer is put in the context at the
// start and filled in as the request passes through.
type requestState struct {
	id          string
	user        *onward.User    // signed in (session at SessionActive, or API token)
	session     *onward.Session // the browser session, also while signing in
	viaAPIToken bool
	locale      string
	csrf        string // the browser's anti-forgery token
}

type stateKey struct{}

func withState(r *http.Request, st *requestState) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
}

func state(r *http.Request) *requestState {
	if st, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return st
	}
	return &requestState{locale: "en"}
}

func requestID(r *http.Request) string { return state(r).id }

// principal returns who is acting, the zero Principal for a visitor.
func principal(r *http.Request) onward.Principal {
	if u := state(r).user; u != nil {
		return onward.Principal{UserID: u.ID, Role: u.Role}
	}
	return onward.Principal{}
}
