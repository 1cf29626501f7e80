package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

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
	Categories  []onward.Category
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
func (c ProgramConsent) Grant(viewerID string) onward.Grant {
	return onward.Grant{ID: c.ID, SubjectID: c.MemberID, GranteeID: viewerID, Categories: c.Categories,
		StartsAt: c.SignedAt, ExpiresAt: c.ExpiresAt, RevokedAt: c.RevokedAt, ProgramID: c.ProgramID}
}

// ActiveAt reports whether the consent is in force at t.
func (c ProgramConsent) ActiveAt(t time.Time) bool { return c.Grant("").ActiveAt(t) }

// sameName compares two typed names, ignoring case and extra spaces.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// ValidateProgramConsent checks every element of the consent; revocationUnderstood
// is the member's acknowledgement of the right to revoke.
func ValidateProgramConsent(c *ProgramConsent, revocationUnderstood bool, now time.Time) error {
	errs := onward.FieldErrors{}
	if !isStoredID(c.ProgramID) {
		errs.Add("program", "consent.choose_the_program_to_share_with")
	}
	if len(c.Categories) == 0 {
		errs.Add("share", "consent.choose_at_least_one_kind_of_information")
	}
	if err := ValidateSharing(c.Categories, false); err != nil {
		for k, v := range err.(*onward.Error).Fields {
			errs.Add(k, v.ID, v.Args...)
		}
	}
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

// CreateProgramConsent validates and records c, signed now.
func (tx *Tx) CreateProgramConsent(ctx context.Context, c *ProgramConsent, revocationUnderstood bool) error {
	if err := ValidateProgramConsent(c, revocationUnderstood, tx.Now); err != nil {
		return err
	}
	var name string
	err := tx.queryRow(ctx, "SELECT name FROM programs WHERE id = ?", c.ProgramID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return onward.Invalid("program", "consent.we_could_not_find_that_program_choose")
	}
	if err != nil {
		return fmt.Errorf("load program: %w", err)
	}
	c.ID, c.ProgramName, c.SignedAt, c.RevokedAt = newID(), name, tx.Now, nil
	_, err = tx.exec(ctx, `INSERT INTO program_consents (id, subject_id, program_id, categories, purpose, patient_name, signature,
		until_end_of_treatment, expires_at, signed_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
		c.ID, c.MemberID, c.ProgramID, joinCategories(c.Categories), c.Purpose, c.PatientName, c.Signature,
		boolInt(c.UntilEndOfTreatment), tx.dialect.nullTimeValue(c.ExpiresAt), tx.t(c.SignedAt))
	if err != nil {
		return fmt.Errorf("create program consent: %w", err)
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: c.MemberID, SubjectID: c.MemberID, Category: onward.CategoryAccount,
		Action: "grant", Allowed: true, Reason: "program consent " + c.ID + " given to program " + c.ProgramID})
}

// RevokeProgramConsent ends one of the member's program consents at once.
func (tx *Tx) RevokeProgramConsent(ctx context.Context, memberID, id string) error {
	res, err := tx.exec(ctx, `UPDATE program_consents SET revoked_at = ? WHERE id = ? AND subject_id = ? AND revoked_at IS NULL`,
		tx.t(tx.Now), id, memberID)
	if err != nil {
		return fmt.Errorf("revoke program consent: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "common.that_consent_was_not_found_or_has")
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: memberID, SubjectID: memberID, Category: onward.CategoryAccount,
		Action: "revoke", Allowed: true, Reason: "program consent revoked " + id})
}

const programConsentColumns = `c.id, c.subject_id, c.program_id, p.name, c.categories, c.purpose, c.patient_name, c.signature,
	c.until_end_of_treatment, c.expires_at, c.signed_at, c.revoked_at`

func (s *Store) programConsents(ctx context.Context, query queryFunc, where string, args ...any) ([]ProgramConsent, error) {
	rows, err := query(ctx, "SELECT "+programConsentColumns+` FROM program_consents c JOIN programs p ON p.id = c.program_id
		WHERE `+where+` ORDER BY c.signed_at DESC, c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load program consents: %w", err)
	}
	defer rows.Close()
	var out []ProgramConsent
	for rows.Next() {
		var c ProgramConsent
		var cats string
		var untilEnd int
		var expires, signed, revoked dbTime
		if err := rows.Scan(&c.ID, &c.MemberID, &c.ProgramID, &c.ProgramName, &cats, &c.Purpose, &c.PatientName, &c.Signature,
			&untilEnd, &expires, &signed, &revoked); err != nil {
			return nil, fmt.Errorf("scan program consent: %w", err)
		}
		c.Categories, c.UntilEndOfTreatment = splitCategories(cats), untilEnd == 1
		c.ExpiresAt, c.SignedAt, c.RevokedAt = expires.Ptr(), signed.Time, revoked.Ptr()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProgramConsents returns every program consent the member has given,
// newest first.
func (s *Store) ProgramConsents(ctx context.Context, memberID string) ([]ProgramConsent, error) {
	return s.programConsents(ctx, s.query, "c.subject_id = ?", memberID)
}

// staffOf limits program consents to the programs staffID is on the staff
// of while holding a staff role: someone whose role changed, or who was
// taken off the staff, is no longer a recipient.
const staffOf = `c.program_id IN (SELECT s.program_id FROM program_staff s JOIN users u ON u.id = s.user_id
	WHERE s.user_id = ? AND u.role IN ('clinician', 'program_admin'))`

// ProgramConsentsToStaff returns the consents given to any program staffID
// works for, newest first. Listing them reads no health data.
func (s *Store) ProgramConsentsToStaff(ctx context.Context, staffID string) ([]ProgramConsent, error) {
	return s.programConsents(ctx, s.query, staffOf, staffID)
}

// ProgramConsentToStaff returns one consent given to a program staffID
// works for, or ENOTFOUND.
func (s *Store) ProgramConsentToStaff(ctx context.Context, staffID, consentID string) (*ProgramConsent, error) {
	list, err := s.programConsents(ctx, s.query, "c.id = ? AND "+staffOf, consentID, staffID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, onward.NewError(onward.ENOTFOUND, "consent.this_consent_was_not_found_or_it")
	}
	return &list[0], nil
}

// programConsentGrants returns subject's program consents, in force or
// not, to every program viewer is on the staff of, each as a grant to
// viewer; the policy decides which are in force.
func (tx *Tx) programConsentGrants(ctx context.Context, subjectID, viewerID string) ([]onward.Grant, error) {
	consents, err := tx.store.programConsents(ctx, tx.query, "c.subject_id = ? AND "+staffOf, subjectID, viewerID)
	if err != nil {
		return nil, err
	}
	grants := make([]onward.Grant, len(consents))
	for i, c := range consents {
		grants[i] = c.Grant(viewerID)
	}
	return grants, nil
}

// ProgramsWithStaff lists, by name, the programs that have someone on
// their staff: only those can receive anything a member shares.
func (s *Store) ProgramsWithStaff(ctx context.Context) ([]*Program, error) {
	return s.queryPrograms(ctx, "SELECT "+programColumns+` FROM programs WHERE id IN (SELECT s.program_id FROM program_staff s
		JOIN users u ON u.id = s.user_id WHERE u.role IN ('clinician', 'program_admin')) ORDER BY name, id`)
}
