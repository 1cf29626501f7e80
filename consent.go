package onward

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Program consents (docs/program-consent.md): a member's consent, under 42
// CFR Part 2, for a treatment program's staff to see chosen categories.

// Purposes a member can give for a program consent (42 CFR 2.31(a)(5)).
const (
	PurposeTreatment = "treatment"
	PurposeTPO       = "treatment, payment and health care operations"
	PurposeRequest   = "at my request"
)

// ProgramConsentPurposes lists the purposes in the order the form shows them.
var ProgramConsentPurposes = []string{PurposeTreatment, PurposeTPO, PurposeRequest}

// maxPatientName bounds the typed name and signature.
const maxPatientName = 200

// ProgramConsent is a member's 42 CFR Part 2 consent for one treatment
// program's staff to see chosen categories.
type ProgramConsent struct {
	ID          string
	MemberID    string
	ProgramID   string
	ProgramName string
	Categories  []Category
	Purpose     string
	PatientName string // the member's full name as they typed it
	Signature   string // the name typed again to sign
	// UntilEndOfTreatment is the expiry event; otherwise ExpiresAt is the
	// expiry date.
	UntilEndOfTreatment bool
	ExpiresAt           *time.Time
	SignedAt            time.Time
	RevokedAt           *time.Time
}

// Grant presents the consent as a grant to viewerID, so the policy can
// decide on it exactly as on a member's direct grants.
func (c ProgramConsent) Grant(viewerID string) Grant {
	return Grant{ID: c.ID, SubjectID: c.MemberID, GranteeID: viewerID, Categories: c.Categories,
		StartsAt: c.SignedAt, ExpiresAt: c.ExpiresAt, RevokedAt: c.RevokedAt, ProgramID: c.ProgramID}
}

// ActiveAt reports whether the consent is in force at t.
func (c ProgramConsent) ActiveAt(t time.Time) bool { return c.Grant("").ActiveAt(t) }

// sameName compares two typed names, ignoring case and extra spaces.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// Validate checks every element of the consent; revocationUnderstood is
// the member's acknowledgement of the right to revoke.
func (c *ProgramConsent) Validate(revocationUnderstood bool, now time.Time) error {
	errs := FieldErrors{}
	if _, err := uuid.Parse(c.ProgramID); err != nil || len(c.ProgramID) != 36 {
		errs.Add("program", "consent.choose_the_program_to_share_with")
	}
	if len(c.Categories) == 0 {
		errs.Add("share", "consent.choose_at_least_one_kind_of_information")
	}
	errs.AddFrom(ValidateSharing(c.Categories, false))
	if !slices.Contains(ProgramConsentPurposes, c.Purpose) {
		errs.Add("purpose", "consent.choose_why_you_are_sharing")
	}
	c.PatientName, c.Signature = strings.TrimSpace(c.PatientName), strings.TrimSpace(c.Signature)
	switch {
	case c.PatientName == "":
		errs.Add("patient_name", "consent.type_your_full_name")
	case len(c.PatientName) > maxPatientName:
		errs.Add("patient_name", "consent.that_name_is_too_long")
	}
	switch {
	case c.Signature == "":
		errs.Add("signature", "consent.type_your_full_name_again_to_sign")
	case c.PatientName != "" && !sameName(c.PatientName, c.Signature):
		errs.Add("signature", "consent.your_signature_must_be_the_same_name")
	}
	if !revocationUnderstood {
		errs.Add("revocation", "consent.confirm_that_you_understand_how_to")
	}
	switch {
	case c.UntilEndOfTreatment && c.ExpiresAt != nil:
		errs.Add("expiry", "consent.choose_either_an_end_date_or_the")
	case c.UntilEndOfTreatment && c.Purpose != PurposeTreatment:
		errs.Add("expiry", "consent.end_of_treatment_can_only_be_chosen")
	case !c.UntilEndOfTreatment && c.ExpiresAt == nil:
		errs.Add("expiry", "consent.choose_when_this_consent_ends")
	case c.ExpiresAt != nil && !c.ExpiresAt.After(now):
		errs.Add("expiry", "consent.the_end_date_must_be_in_the")
	}
	return errs.Err()
}
