package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Expiry choices on the program consent form.
const (
	expiryDate           = "date"
	expiryEndOfTreatment = "end_of_treatment"
)

// programConsentForm is the member's form to share with a treatment
// program under 42 CFR Part 2.
type programConsentForm struct {
	programConsentText
	Programs   []*sqlstore.Program
	Categories []onward.Category
	Purposes   []string
}

// programCategoryDescriptions say in words what each category holds: the
// rule asks for a specific, meaningful description of what is disclosed.
var programCategoryDescriptions = map[onward.Category]string{
	onward.CategoryMilestones:  "consent.clean_time_and_milestones_your_recovery",
	onward.CategoryCheckins:    "consent.daily_checkins_your_answers_for_the_last",
	onward.CategoryAlerts:      "consent.alerts_when_you_ask_for_support",
	onward.CategoryMedication:  "consent.medication_what_you_take_for_opioid_use",
	onward.CategoryAssessments: "support.questionnaire_results",
	onward.CategoryTests:       "support.test_results",
	onward.CategoryTreatment:   "support.treatment_and_appointments",
}

// purposeLabels word the purposes from the member's side.
var purposeLabels = map[string]string{
	sqlstore.PurposeTreatment: "consent.my_treatment",
	sqlstore.PurposeTPO:       "consent.my_treatment_payment_for_it_and_the",
	sqlstore.PurposeRequest:   "consent.at_my_request",
}

// programConsentText names consent values for templates.
type programConsentText struct{}

func (programConsentText) Describe(c onward.Category) string { return programCategoryDescriptions[c] }
func (programConsentText) PurposeLabel(p string) string      { return purposeLabels[p] }

func (s *Server) loadProgramConsentForm(ctx context.Context) (*programConsentForm, error) {
	programs, err := s.store.ProgramsWithStaff(ctx)
	if err != nil {
		return nil, err
	}
	return &programConsentForm{Programs: programs, Categories: onward.ShareCategories, Purposes: sqlstore.ProgramConsentPurposes}, nil
}

func (s *Server) programConsentPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadProgramConsentForm(r.Context())
	if err != nil {
		return err
	}
	// A link may name the program; the form starts with it chosen.
	form := r.URL.Query()
	return s.render(w, r, "program_consent", pageData{Title: "consent.share_with_a_treatment_program", Data: v, Form: form})
}

func (s *Server) programConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := r.PostForm
	consent, understood, errs := s.parseProgramConsent(u, f)
	// Every element's problem is shown at once, those of reading the form
	// and those of the consent itself.
	if err, ok := sqlstore.ValidateProgramConsent(consent, understood, s.now()).(*onward.Error); ok {
		for k, v := range err.Fields {
			errs.Add(k, v.ID, v.Args...)
		}
	}
	err := errs.Err()
	if err == nil {
		err = s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.CreateProgramConsent(r.Context(), consent, understood) })
	}
	if err != nil {
		v, loadErr := s.loadProgramConsentForm(r.Context())
		if loadErr != nil {
			return loadErr
		}
		return s.renderForm(w, r, "program_consent", pageData{Title: "consent.share_with_a_treatment_program", Data: v, Form: f}, err)
	}
	return s.redirect(w, r, "/support", "consent.your_consent_is_signed_the_programs")
}

// parseProgramConsent reads the form, returning what it could not read as
// field errors; the store checks every element of what it could.
func (s *Server) parseProgramConsent(u *onward.User, f url.Values) (*sqlstore.ProgramConsent, bool, onward.FieldErrors) {
	errs := onward.FieldErrors{}
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	c := &sqlstore.ProgramConsent{MemberID: u.ID, ProgramID: get("program"), Purpose: get("purpose"),
		PatientName: get("patient_name"), Signature: get("signature")}
	if len(f["share"]) > maxShareItems {
		errs.Add("share", "support.choose_only_from_the_listed_categories")
	} else {
		for _, name := range f["share"] {
			if cat := onward.Category(strings.TrimSpace(name)); !slices.Contains(c.Categories, cat) {
				c.Categories = append(c.Categories, cat)
			}
		}
	}
	switch get("expiry") {
	case expiryEndOfTreatment:
		c.UntilEndOfTreatment = true
	case expiryDate:
		loc, _, _ := s.memberClock(u)
		day, err := time.ParseInLocation("2006-01-02", get("expires_on"), loc)
		if err != nil {
			errs.Add("expiry", "consent.enter_the_end_date_as_a_date")
			break
		}
		// The consent holds through the whole of the chosen day.
		end := day.AddDate(0, 0, 1)
		c.ExpiresAt = &end
	}
	return c, get("revocation") == "yes", errs
}

func (s *Server) revokeProgramConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error {
		return tx.RevokeProgramConsent(r.Context(), u.ID, r.PathValue("id"))
	})
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "consent.consent_revoked_the_programs_staff_can")
}

// consentCopy is one program consent as a record of every element of it,
// shown to the member and, as the copy the rule asks to go with each
// disclosure, to the program's staff.
type consentCopy struct {
	programConsentText
	C        sqlstore.ProgramConsent
	Active   bool
	TimeZone *time.Location
}

// programConsentList is the member's program consents, past and present,
// as shown among their consents.
type programConsentList struct {
	All []sqlstore.ProgramConsent
	at  time.Time
	loc *time.Location
}

// Active reports whether c is in force, for templates.
func (l programConsentList) Active(c sqlstore.ProgramConsent) bool { return c.ActiveAt(l.at) }

// Record returns c as a record, for templates.
func (l programConsentList) Record(c sqlstore.ProgramConsent) consentCopy {
	return consentCopy{C: c, Active: l.Active(c), TimeZone: l.loc}
}

func (s *Server) loadProgramConsentList(ctx context.Context, memberID string) (programConsentList, error) {
	member, err := s.store.UserByID(ctx, memberID)
	if err != nil {
		return programConsentList{}, err
	}
	all, err := s.store.ProgramConsents(ctx, memberID)
	return programConsentList{All: all, at: s.now(), loc: location(member.TimeZone)}, err
}
