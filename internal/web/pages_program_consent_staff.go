package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward/internal/sqlstore"
)

// programMembers is the staff's list of the consents given to their
// programs; listing them reads no health data, but the fact that someone
// shares with a treatment program is itself protected, so the page carries
// the redisclosure notice too.
type programMembers struct {
	programConsentText
	Consents []sqlstore.ProgramConsent
	at       time.Time
}

// Active reports whether c is in force, for templates.
func (v programMembers) Active(c sqlstore.ProgramConsent) bool { return c.ActiveAt(v.at) }

// programMember is one member's shared data as a program's staff see it,
// with the consent it is shared under.
type programMember struct {
	programConsentText
	Consent consentCopy
	Active  bool
	Shared  sharedMember
}

func (s *Server) programMembersPage(w http.ResponseWriter, r *http.Request) error {
	consents, err := s.store.ProgramConsentsToStaff(r.Context(), state(r).user.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_members", pageData{Title: "consent.members_who_share_with_my_program",
		Data: programMembers{Consents: consents, at: s.now()}})
}

func (s *Server) programMemberPage(w http.ResponseWriter, r *http.Request) error {
	viewer := principal(r)
	consent, err := s.store.ProgramConsentToStaff(r.Context(), viewer.UserID, r.PathValue("id"))
	if err != nil {
		return err
	}
	active := consent.ActiveAt(s.now())
	v := programMember{Consent: consentCopy{C: *consent, Active: active, TimeZone: location(state(r).user.TimeZone)}, Active: active}
	// Program staff see check-ins in detail: the description the member
	// consented to names the answers.
	v.Shared = sharedMember{MemberID: consent.MemberID, Name: consent.PatientName, Active: v.Active,
		Since: consent.SignedAt, Categories: consent.Categories, CheckinsDetail: true}
	if v.Active {
		if err := s.loadShared(r.Context(), viewer, &v.Shared); err != nil {
			return err
		}
	}
	return s.render(w, r, "program_member", pageData{Title: "consent.shared_by_consent", Data: v})
}
