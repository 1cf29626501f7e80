package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if u := state(r).user; u != nil {
		if u.Role == onward.RoleMember {
			return s.today(w, r)
		}
		return s.render(w, r, "home_signed_in", pageData{Title: "common.home"})
	}
	return s.render(w, r, "home", pageData{Title: "common.onward_support_for_recovery_from_opioids"})
}

func (s *Server) crisisPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "crisis", pageData{Title: "common.get_help_now"})
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return onward.NewError(onward.ENOTFOUND, "common.we_could_not_find_that_page")
}

func apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return onward.NewError(onward.ENOTFOUND, "common.no_such_api_endpoint_see_api_v1")
}

// robots asks search engines not to index anything: a person's visit to a
// recovery site should not surface in search results about them.
func robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /\n"))
}
