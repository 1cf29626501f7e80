package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// A program's staff and the members who consented to share with their
// program: the list (which reads no health data, but the fact that someone
// shares with a treatment program is itself protected, so the page
// carries the redisclosure notice too) and one member's shared data with
// the consent it is shared under.

type programMembers struct {
	supportWords
	Consents []onward.ProgramConsent
	at       time.Time
}

// Active reports whether c is in force, for templates.
func (v programMembers) Active(c onward.ProgramConsent) bool { return c.ActiveAt(v.at) }

type programMember struct {
	supportWords
	*app.ProgramMember
	Record consentCopy
}

func (s *Server) programMembersPage(w http.ResponseWriter, r *http.Request) error {
	consents, err := s.app.ConsentsToMyPrograms(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_members", pageData{Title: "consent.members_who_share_with_my_program",
		Data: programMembers{Consents: consents, at: s.now()}})
}

func (s *Server) programMemberPage(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	m, err := s.app.ProgramMember(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := programMember{ProgramMember: m, Record: consentCopy{C: m.Consent, Active: m.Shared.Active, TimeZone: location(u.TimeZone)}}
	return s.render(w, r, "program_member", pageData{Title: "consent.shared_by_consent", Data: v})
}

// JSON twins: GET /api/v1/program-members (the consents to my programs:
// who shares what, no data) and GET /api/v1/program-members/{id} (what one
// member shares under a consent, read and recorded as the page does).

type programMemberJSON struct {
	Consent  programConsentJSON `json:"consent"`
	Active   bool               `json:"active"`
	Recovery map[string]any     `json:"recovery,omitempty"`
	CheckIns map[string]any     `json:"checkins,omitempty"`
}

func (s *Server) apiProgramMembers(w http.ResponseWriter, r *http.Request) error {
	consents, err := s.app.ConsentsToMyPrograms(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	now, out := s.now(), []programConsentJSON{}
	for _, c := range consents {
		out = append(out, toProgramConsentJSON(c, now))
	}
	writeJSON(w, http.StatusOK, map[string]any{"program_consents": out})
	return nil
}

func (s *Server) apiProgramMember(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.ProgramMember(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := programMemberJSON{Consent: toProgramConsentJSON(m.Consent, s.now()), Active: m.Active}
	if m.Active && m.Shared.Recovery != nil {
		out.Recovery = sharedRecoveryJSON(state(r).locale, m.Shared)
	}
	if m.Active && m.Shared.CheckIns != nil {
		out.CheckIns = sharedCheckInsJSON(m.Shared)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
