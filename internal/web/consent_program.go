package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// A member's consent to share with a treatment program (42 CFR Part 2):
// the form with every element of it, and revoking it, which asks first on
// a page of its own.

// programConsentForm is the member's form to share with a treatment
// program.
type programConsentForm struct {
	supportWords
	Programs   []app.ProgramChoice
	Categories []onward.Category
	Purposes   []string
}

func (s *Server) programConsentData(r *http.Request) (pageData, error) {
	programs, err := s.app.ConsentablePrograms(r.Context())
	if err != nil {
		return pageData{}, err
	}
	return pageData{Title: "consent.share_with_a_treatment_program", Data: programConsentForm{Programs: programs,
		Categories: onward.ShareCategories, Purposes: onward.ProgramConsentPurposes}}, nil
}

func (s *Server) programConsentPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.programConsentData(r)
	if err != nil {
		return err
	}
	// A link may name the program; the form starts with it chosen.
	data.Form = r.URL.Query()
	return s.render(w, r, "program_consent", data)
}

func (s *Server) programConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	_, err := s.app.GiveProgramConsent(r.Context(), state(r).user, app.ProgramConsentInput{ProgramID: f.Get("program"),
		Share: f["share"], Purpose: f.Get("purpose"), Expiry: f.Get("expiry"), ExpiresOn: f.Get("expires_on"),
		PatientName: f.Get("patient_name"), Signature: f.Get("signature"), RevocationUnderstood: f.Get("revocation") == "yes"})
	if err != nil {
		data, loadErr := s.programConsentData(r)
		if loadErr != nil {
			return loadErr
		}
		return s.renderForm(w, r, "program_consent", data, err)
	}
	return s.redirect(w, r, "/support", "consent.your_consent_is_signed_the_programs")
}

// revokeProgramConsentForm asks the member to confirm, on a page of its
// own, that a consent should be revoked.
func (s *Server) revokeProgramConsentForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	c, err := s.app.ProgramConsent(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, "consent_revoke", pageData{Title: "consent.revoke_consent",
		Data: consentCopy{C: *c, Active: true, TimeZone: location(u.TimeZone)}})
}

func (s *Server) revokeProgramConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if r.PostForm.Get("confirm") != "yes" {
		return s.redirect(w, r, "/support/programs/"+id+"/revoke", "")
	}
	if err := s.app.RevokeProgramConsent(r.Context(), state(r).user, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "consent.consent_revoked_the_programs_staff_can")
}
