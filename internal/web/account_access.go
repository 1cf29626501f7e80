package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/locale"
)

// "Who has seen my data" (page and API), and the operator's check of the
// audit log it is read from.

// accessEntry is one line of "who has seen my data" in the API: Count
// views (or refusals) of one category by one person, from FirstAt to At.
type accessEntry struct {
	At           time.Time `json:"at"`
	FirstAt      time.Time `json:"first_at"`
	Count        int       `json:"count"`
	Who          string    `json:"who"`
	WhoID        string    `json:"who_id"`
	Category     string    `json:"category"`
	CategoryName string    `json:"category_name"`
	Action       string    `json:"action"`
	Allowed      bool      `json:"allowed"`
	Result       string    `json:"result"` // "allowed" or "refused"
	Reason       string    `json:"reason"`
	ReasonName   string    `json:"reason_name"`
}

// whoName names the person of a line in lang.
func whoName(lang string, l app.AccessLine) string {
	switch {
	case l.WhoID == "":
		return translate(lang, "common.someone_not_signed_in")
	case l.Who == "":
		return translate(lang, "common.a_deleted_account")
	}
	return l.Who
}

func (s *Server) accessLogPage(w http.ResponseWriter, r *http.Request) error {
	lines, err := s.app.AccessLog(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	for i := range lines {
		lines[i].Who = whoName(state(r).locale, lines[i])
	}
	return s.render(w, r, "access_log", pageData{Title: "common.who_has_seen_your_data", Data: lines})
}

func (s *Server) apiAccessLog(w http.ResponseWriter, r *http.Request) error {
	lines, err := s.app.AccessLog(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	lang := state(r).locale
	loc := locale.Default().For(lang)
	out := make([]accessEntry, 0, len(lines))
	for _, l := range lines {
		e := accessEntry{At: l.Last, FirstAt: l.First, Count: l.Count, Who: whoName(lang, l), WhoID: l.WhoID,
			Category: string(l.Category), CategoryName: loc.Label("category", string(l.Category)),
			Action: l.Action, Allowed: l.Allowed, Result: "refused", Reason: l.Reason, ReasonName: loc.Label("reason", l.Reason)}
		if l.Allowed {
			e.Result = "allowed"
		}
		out = append(out, e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
	return nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	check, err := s.app.VerifyAudit(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	type result struct {
		Checked int64
		Err     string
	}
	res := result{Checked: check.Checked}
	if check.Problem != nil {
		res.Err = check.Problem.Error()
	}
	return s.render(w, r, "admin_audit", pageData{Title: "common.audit_log", Data: res})
}

// apiAuditCheck is the operator's audit view as JSON: the hash chain of
// every entry checked, and what broke it when it does not hold.
func (s *Server) apiAuditCheck(w http.ResponseWriter, r *http.Request) error {
	check, err := s.app.VerifyAudit(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := map[string]any{"checked": check.Checked, "intact": check.Problem == nil}
	if check.Problem != nil {
		out["problem"] = check.Problem.Error()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
