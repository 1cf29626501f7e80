package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
)

// CreateProgramConsent records c (validated by the caller), signed now.
func (tx *Tx) CreateProgramConsent(ctx context.Context, c *onward.ProgramConsent) error {
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

func (s *Store) programConsents(ctx context.Context, query queryFunc, where string, args ...any) ([]onward.ProgramConsent, error) {
	rows, err := query(ctx, "SELECT "+programConsentColumns+` FROM program_consents c JOIN programs p ON p.id = c.program_id
		WHERE `+where+` ORDER BY c.signed_at DESC, c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load program consents: %w", err)
	}
	defer rows.Close()
	var out []onward.ProgramConsent
	for rows.Next() {
		var c onward.ProgramConsent
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
func (s *Store) ProgramConsents(ctx context.Context, memberID string) ([]onward.ProgramConsent, error) {
	return s.programConsents(ctx, s.query, "c.subject_id = ?", memberID)
}

// staffOf limits program consents to the programs staffID is on the staff
// of while holding a staff role: someone whose role changed, or who was
// taken off the staff, is no longer a recipient.
const staffOf = `c.program_id IN (SELECT s.program_id FROM program_staff s JOIN users u ON u.id = s.user_id
	WHERE s.user_id = ? AND u.role IN ('clinician', 'program_admin'))`

// ProgramConsentsToStaff returns the consents given to any program staffID
// works for, newest first. Listing them reads no health data.
func (s *Store) ProgramConsentsToStaff(ctx context.Context, staffID string) ([]onward.ProgramConsent, error) {
	return s.programConsents(ctx, s.query, staffOf, staffID)
}

var errProgramConsentNotFound = onward.NewError(onward.ENOTFOUND, "consent.this_consent_was_not_found_or_it")

// ProgramConsentToStaff returns one consent given to a program staffID
// works for, or ENOTFOUND.
func (s *Store) ProgramConsentToStaff(ctx context.Context, staffID, consentID string) (*onward.ProgramConsent, error) {
	if !isStoredID(consentID) {
		return nil, errProgramConsentNotFound
	}
	list, err := s.programConsents(ctx, s.query, "c.id = ? AND "+staffOf, consentID, staffID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errProgramConsentNotFound
	}
	return &list[0], nil
}

// ProgramConsentByID returns one consent, to whichever program, or
// ENOTFOUND: whose data someone asks for when they ask for a consent that
// is not to their program.
func (s *Store) ProgramConsentByID(ctx context.Context, consentID string) (*onward.ProgramConsent, error) {
	if !isStoredID(consentID) {
		return nil, errProgramConsentNotFound
	}
	list, err := s.programConsents(ctx, s.query, "c.id = ?", consentID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errProgramConsentNotFound
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
