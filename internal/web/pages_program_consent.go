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
	onward.CategoryMilestones:  "Clean time and milestones: your recovery start date, days in recovery, stage and milestones reached",
	onward.CategoryCheckins:    "Daily check-ins: your answers for the last 14 days (mood, craving, use, meetings, therapy, stress, loneliness), without your private notes",
	onward.CategoryAlerts:      "Alerts when you ask for support",
	onward.CategoryMedication:  "Medication: what you take for opioid use disorder",
	onward.CategoryAssessments: "Questionnaire results",
	onward.CategoryTests:       "Test results",
	onward.CategoryTreatment:   "Treatment and appointments",
}

// purposeLabels word the purposes from the member's side.
var purposeLabels = map[string]string{
	sqlstore.PurposeTreatment: "My treatment",
	sqlstore.PurposeTPO:       "My treatment, payment for it, and the program's health care operations",
	sqlstore.PurposeRequest:   "At my request",
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
	return s.render(w, r, "program_consent", pageData{Title: "Share with a treatment program", Data: v, Form: form})
}

func (s *Server) programConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := r.PostForm
	consent, understood, errs := s.parseProgramConsent(u, f)
	// Every element's problem is shown at once, those of reading the form
	// and those of the consent itself.
	if err, ok := sqlstore.ValidateProgramConsent(consent, understood, s.now()).(*onward.Error); ok {
		for k, v := range err.Fields {
			errs.Add(k, v)
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
		return s.renderForm(w, r, "program_consent", pageData{Title: "Share with a treatment program", Data: v, Form: f}, err)
	}
	return s.redirect(w, r, "/support", "Your consent is signed. The program's staff can see what you chose from now on.")
}

// parseProgramConsent reads the form, returning what it could not read as
// field errors; the store checks every element of what it could.
func (s *Server) parseProgramConsent(u *onward.User, f url.Values) (*sqlstore.ProgramConsent, bool, onward.FieldErrors) {
	errs := onward.FieldErrors{}
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	c := &sqlstore.ProgramConsent{MemberID: u.ID, ProgramID: get("program"), Purpose: get("purpose"),
		PatientName: get("patient_name"), Signature: get("signature")}
	if len(f["share"]) > maxShareItems {
		errs.Add("share", "Choose only from the listed categories.")
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
			errs.Add("expiry", "Enter the end date as a date, for example 2027-01-31.")
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
	return s.redirect(w, r, "/support", "Consent revoked. The program's staff can no longer see anything of yours from now on.")
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
