package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// API tokens on the account page and in the API: made with a name and a
// lifetime, listed with their last use and end, revoked.

// tokenJSON is a token as the API shows it (never its secret, but once).
type tokenJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// EndsAt is when it stops working: its expiry, or for staff 30 minutes
	// after its last use, whichever is first.
	EndsAt time.Time `json:"ends_at"`
}

func toTokenJSON(u *onward.User, t onward.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, EndsAt: t.EndsAt(u.Role)}
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var days *int
	if v := strings.TrimSpace(r.PostForm.Get("days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // refused, with the range to choose from
		}
		days = &n
	}
	t, err := s.app.CreateToken(r.Context(), u, app.TokenRequest{Name: r.PostForm.Get("name"), Days: days})
	if err != nil {
		return s.accountFormError(w, r, err)
	}
	// Shown on this response only (not after a redirect): it is never stored.
	data, err := s.accountData(r, t.Secret)
	if err != nil {
		return err
	}
	data.Flash = translate(state(r).locale, "common.your_new_token_is_below_copy_it")
	return s.render(w, r, "account", data)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RevokeToken(r.Context(), state(r).user, r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.the_token_is_revoked")
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	tokens, err := s.app.Tokens(r.Context(), u)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(tokens))
	for _, t := range tokens {
		out = append(out, toTokenJSON(u, t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
	return nil
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RevokeToken(r.Context(), state(r).user, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
