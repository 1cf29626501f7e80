package web

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
)

// How a request says whose it is: a session cookie (browsers) or an API
// bearer token (apps), and the anti-forgery token of forms. internal/app
// decides whether a session or token still works.

func (s *Server) cookieName(base string) string {
	// The __Host- prefix pins a cookie to this exact origin over HTTPS, so
	// a sibling subdomain cannot plant or overwrite it.
	if s.cfg.CookieSecure {
		return "__Host-" + base
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", HttpOnly: true,
		Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
	} else if maxAge < 0 {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

func (s *Server) cookie(r *http.Request, name string) string {
	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return c.Value
}

// authenticate identifies the sender of a request, by API bearer token or
// by session cookie, and chooses the response language.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && strings.HasPrefix(r.URL.Path, "/api/") {
			u, err := s.app.TokenUser(r.Context(), bearer)
			if err != nil {
				s.api(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(w, r)
				return
			}
			st.user, st.viaAPIToken = u, true
		} else if token := s.cookie(r, "session"); token != "" {
			s.loadSession(w, r, token)
		}
		if !st.viaAPIToken { // a token's request carries no cookies to forge
			st.csrf = s.csrfToken(w, r)
		}
		st.locale = s.chooseLocale(r)
		next.ServeHTTP(w, r)
	})
}

// loadSession fills the request state from a session cookie, forgetting
// the cookie when its session has ended.
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request, token string) {
	sess, u, err := s.app.Session(r.Context(), token)
	if err != nil {
		if onward.ErrorCode(err) == onward.EINTERNAL {
			s.log.ErrorContext(r.Context(), "load session", "error", err)
		}
		s.setCookie(w, "session", "", -1)
		return
	}
	st := state(r)
	st.session = sess
	if sess.Stage == onward.SessionActive {
		st.user = u
	}
}

// startSession signs u in on this browser at stage, replacing any session
// the browser had.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *onward.User, stage onward.SessionStage) error {
	token, err := s.app.StartSession(r.Context(), u, stage, s.cookie(r, "session"))
	if err != nil {
		return err
	}
	s.setCookie(w, "session", token, 0)
	// A fresh anti-forgery token too: one learned before sign-in is useless
	// after. A page rendered in this response carries the new one.
	csrf := auth.NewToken("")
	s.setCookie(w, "csrf", csrf, 0)
	state(r).csrf = csrf
	return nil
}

// endSession signs this browser out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	if err := s.app.EndSession(r.Context(), s.cookie(r, "session")); err != nil {
		s.log.ErrorContext(r.Context(), "end session", "error", err)
	}
	s.setCookie(w, "session", "", -1)
	s.setCookie(w, "csrf", "", -1)
}

// csrfToken returns the browser's anti-forgery token, issuing one if it has
// none. Forms carry it in a hidden field and API calls from the page in an
// X-CSRF-Token header; the server compares it with the cookie (double
// submit). The cookie is HttpOnly and SameSite, and Go's cross-origin
// protection checks Origin and Sec-Fetch-Site as well.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if t := s.cookie(r, "csrf"); len(t) >= 20 {
		return t
	}
	t := auth.NewToken("")
	s.setCookie(w, "csrf", t, 0)
	return t
}

// checkCSRF refuses state-changing requests whose token does not match.
// Requests authenticated by an API token carry no cookie, so they need none.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if st.viaAPIToken {
			next.ServeHTTP(w, r)
			return
		}
		sent := r.Header.Get("X-CSRF-Token")
		isAPI := strings.HasPrefix(r.URL.Path, "/api/")
		if !isAPI {
			if err := r.ParseForm(); err != nil {
				s.html(func(http.ResponseWriter, *http.Request) error { return badForm(err) }).ServeHTTP(w, r)
				return
			}
			if sent == "" {
				sent = r.PostForm.Get("csrf")
			}
		}
		cookie := s.cookie(r, "csrf")
		// API calls without a session cookie (sign-up, token creation)
		// act for nobody, so there is nothing to forge.
		if isAPI && s.cookie(r, "session") == "" {
			next.ServeHTTP(w, r)
			return
		}
		if cookie == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(cookie)) != 1 {
			err := onward.NewError(onward.EFORBIDDEN, "common.this_form_has_expired_or_did_not")
			if isAPI {
				s.api(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(w, r)
			} else {
				s.html(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(w, r)
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}
