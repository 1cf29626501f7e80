package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
)

// routes is the whole HTTP surface of Onward in one place.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page, api := s.html, s.api
	signedIn := s.requireSignIn
	pending := s.requirePendingSignIn
	operator := func(h handlerFunc) handlerFunc { return s.requireRole(h, onward.RoleOperator) }

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /static/{file}", s.assets.serve)
	mux.HandleFunc("GET /robots.txt", robots)

	// Pages for everyone, signed in or not.
	mux.Handle("GET /{$}", page(s.home))
	mux.Handle("GET /crisis", page(s.crisisPage))
	mux.Handle("POST /language", page(s.switchLanguage))

	// Signing up, in and out.
	mux.Handle("GET /signup", page(s.signupForm))
	mux.Handle("POST /signup", page(s.signup))
	mux.Handle("GET /signin", page(s.signinForm))
	mux.Handle("POST /signin", page(s.signin))
	mux.Handle("GET /signin/code", page(pending(s.totpForm)))
	mux.Handle("POST /signin/code", page(pending(s.totpSubmit)))
	mux.Handle("POST /signout", page(s.signout))
	mux.Handle("GET /password/forgot", page(s.forgotForm))
	mux.Handle("POST /password/forgot", page(s.forgot))
	mux.Handle("GET /password/reset/{token}", page(s.resetForm))
	mux.Handle("POST /password/reset/{token}", page(s.reset))

	// The signed-in person's own account.
	mux.Handle("GET /account", page(signedIn(s.account)))
	mux.Handle("POST /account/password", page(signedIn(s.changePassword)))
	mux.Handle("GET /account/two-factor", page(s.requireEnrolOrSignIn(s.twoFactorForm)))
	mux.Handle("POST /account/two-factor", page(s.requireEnrolOrSignIn(s.enableTwoFactor)))
	mux.Handle("POST /account/two-factor/disable", page(signedIn(s.disableTwoFactor)))
	mux.Handle("POST /account/tokens", page(signedIn(s.createToken)))
	mux.Handle("POST /account/tokens/{id}/revoke", page(signedIn(s.revokeToken)))
	mux.Handle("GET /account/access", page(signedIn(s.accessLogPage)))
	mux.Handle("GET /account/delete", page(signedIn(s.deleteAccountForm)))
	mux.Handle("POST /account/delete", page(signedIn(s.deleteAccount)))

	// Operators.
	mux.Handle("GET /admin/audit", page(operator(s.auditPage)))

	// JSON API (docs: /api/v1/openapi.json).
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	mux.Handle("POST /api/v1/auth/signup", api(s.apiSignup))
	mux.Handle("POST /api/v1/auth/tokens", api(s.apiCreateToken))
	mux.Handle("GET /api/v1/me", api(signedIn(s.apiMe)))
	mux.Handle("GET /api/v1/access-log", api(signedIn(s.apiAccessLog)))
	mux.Handle("/api/", api(apiNotFound))

	mux.Handle("/", page(notFound))

	var h http.Handler = mux
	h = s.checkCSRF(h)
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = compress(h)
	return s.observe(h, mux)
}
