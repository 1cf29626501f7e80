package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// The admission request and its states are the directory's.
type AdmissionRequest = directory.AdmissionRequest

const (
	AdmissionNew       = directory.AdmissionNew
	AdmissionContacted = directory.AdmissionContacted
	AdmissionClosed    = directory.AdmissionClosed
)

// CreateAdmissionRequest adds r to its program's queue with a new
// reference, and records it in the audit log. The caller validates the
// person's input; the store refuses what it must never hold.
func (tx *Tx) CreateAdmissionRequest(ctx context.Context, r *AdmissionRequest) error {
	switch {
	case !r.Consent:
		return onward.NewError(onward.EINVALID, "directory.tick_the_box_to_agree_to_be")
	case r.Phone == "" && r.Email == "":
		return onward.NewError(onward.EINVALID, "directory.give_a_phone_number_or_an_email_2")
	}
	var n int
	if isStoredID(r.ProgramID) {
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM programs WHERE id = ? AND withdrawn_at IS NULL", r.ProgramID).Scan(&n); err != nil {
			return fmt.Errorf("find program: %w", err)
		}
	}
	if n == 0 {
		return errNoProgram
	}
	ref, err := tx.newAdmissionReference(ctx)
	if err != nil {
		return err
	}
	r.ID, r.Reference, r.Status, r.CreatedAt, r.UpdatedAt = newID(), ref, AdmissionNew, tx.Now, tx.Now
	_, err = tx.exec(ctx, `INSERT INTO admission_requests (id, program_id, reference, name, phone, email, best_time,
		message, consent, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.ProgramID, r.Reference, r.Name, r.Phone, r.Email, r.BestTime, r.Message, r.Consent, r.Status,
		tx.t(tx.Now), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save admission request: %w", err)
	}
	if err := tx.notifyProgramStaff(ctx, r.ProgramID, KindCallbackRequest, r.ID); err != nil {
		return err
	}
	return tx.Audit(ctx, onward.AuditEntry{SubjectID: r.ProgramID, Category: onward.CategoryTreatment,
		Action: string(onward.ActionWrite), Allowed: true, Reason: "admission request " + r.Reference})
}

// notifyProgramStaff tells everyone on a program's staff, at once: someone
// waiting for a call back should not wait for a person to look at a queue.
func (tx *Tx) notifyProgramStaff(ctx context.Context, programID, kind, refID string) error {
	rows, err := tx.query(ctx, `SELECT s.user_id FROM program_staff s JOIN users u ON u.id = s.user_id
		WHERE s.program_id = ? AND u.role IN ('clinician', 'program_admin') ORDER BY s.user_id`, programID)
	if err != nil {
		return fmt.Errorf("find program staff: %w", err)
	}
	var staff []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("scan program staff: %w", err)
		}
		staff = append(staff, id)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("find program staff: %w", err)
	}
	for _, id := range staff {
		if err := tx.notify(ctx, id, kind, programID, refID, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

var errNoRequest = onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_request")

// referenceShape matches the references newAdmissionReference makes.
var referenceShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

// referenceAlphabet is Crockford's base 32: no I, L, O or U, so a
// reference read out over the phone is not misheard or misread.
const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newAdmissionReference returns an unused reference such as "K7Q3-P9XW":
// 40 random bits, so one cannot be guessed from another.
func (tx *Tx) newAdmissionReference(ctx context.Context) (string, error) {
	for {
		b := make([]byte, 8)
		rand.Read(b)
		ref := make([]byte, 0, 9)
		for i, c := range b {
			if i == 4 {
				ref = append(ref, '-')
			}
			ref = append(ref, referenceAlphabet[c%32])
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM admission_requests WHERE reference = ?", string(ref)).Scan(&n); err != nil {
			return "", fmt.Errorf("check reference: %w", err)
		}
		if n == 0 {
			return string(ref), nil
		}
	}
}

// AdmissionRequestExists reports whether a program has a request with a
// reference, for the page that confirms it without showing what was sent.
func (s *Store) AdmissionRequestExists(ctx context.Context, programID, reference string) (bool, error) {
	if !isStoredID(programID) || !referenceShape.MatchString(reference) {
		return false, nil
	}
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM admission_requests WHERE program_id = ? AND reference = ?", programID, reference).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("find admission request: %w", err)
	}
	return n > 0, nil
}

// RecentAdmissionAttempts counts the requests sent from ip since a time.
// On PostgreSQL, where writes run side by side, it first takes a lock on
// the address for the rest of the transaction, so parallel requests from
// one address count one after another and the limit holds.
func (tx *Tx) RecentAdmissionAttempts(ctx context.Context, ip string, since time.Time) (int, error) {
	if tx.dialect == postgres {
		if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(hashtext(?))", "admission attempts from "+ip); err != nil {
			return 0, fmt.Errorf("lock admission attempts: %w", err)
		}
	}
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM admission_attempts WHERE ip = ? AND at > ?", ip, tx.t(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count admission attempts: %w", err)
	}
	return n, nil
}

// RecordAdmissionAttempt notes a request sent from ip, and forgets those
// older than keep: the addresses are kept only as long as the limit needs.
func (tx *Tx) RecordAdmissionAttempt(ctx context.Context, ip string, keep time.Duration) error {
	if _, err := tx.exec(ctx, "DELETE FROM admission_attempts WHERE at < ?", tx.t(tx.Now.Add(-keep))); err != nil {
		return fmt.Errorf("forget old admission attempts: %w", err)
	}
	if _, err := tx.exec(ctx, "INSERT INTO admission_attempts (id, ip, at) VALUES (?, ?, ?)", newID(), ip, tx.t(tx.Now)); err != nil {
		return fmt.Errorf("record admission attempt: %w", err)
	}
	return nil
}

const admissionColumns = "id, program_id, reference, name, phone, email, best_time, message, consent, status, created_at, updated_at"

func scanAdmission(row rowScanner) (AdmissionRequest, error) {
	var r AdmissionRequest
	var created, updated dbTime
	err := row.Scan(&r.ID, &r.ProgramID, &r.Reference, &r.Name, &r.Phone, &r.Email, &r.BestTime, &r.Message,
		&r.Consent, &r.Status, &created, &updated)
	r.CreatedAt, r.UpdatedAt = created.Time, updated.Time
	return r, err
}

// AdmissionRequests lists a program's queue, newest first, up to limit.
// Call it inside StaffAccess.
func (tx *Tx) AdmissionRequests(ctx context.Context, programID string, limit int) ([]AdmissionRequest, error) {
	rows, err := tx.query(ctx, "SELECT "+admissionColumns+` FROM admission_requests WHERE program_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ?`, programID, limit)
	if err != nil {
		return nil, fmt.Errorf("list admission requests: %w", err)
	}
	defer rows.Close()
	var out []AdmissionRequest
	for rows.Next() {
		r, err := scanAdmission(rows)
		if err != nil {
			return nil, fmt.Errorf("scan admission request: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AdmissionRequestProgram returns the program whose queue holds a request.
func (s *Store) AdmissionRequestProgram(ctx context.Context, requestID string) (string, error) {
	if !isStoredID(requestID) {
		return "", errNoRequest
	}
	var id string
	err := s.queryRow(ctx, "SELECT program_id FROM admission_requests WHERE id = ?", requestID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoRequest
	}
	return id, err
}

// SetAdmissionStatus moves a request of a program's queue to status. Call
// it inside StaffAccess for that program.
func (tx *Tx) SetAdmissionStatus(ctx context.Context, programID, requestID, status string) error {
	switch status {
	case AdmissionNew, AdmissionContacted, AdmissionClosed:
	default:
		return onward.Invalid("status", "directory.choose_new_contacted_or_closed")
	}
	if !isStoredID(requestID) || !isStoredID(programID) {
		return errNoRequest
	}
	res, err := tx.exec(ctx, "UPDATE admission_requests SET status = ?, updated_at = ? WHERE id = ? AND program_id = ?",
		status, tx.t(tx.Now), requestID, programID)
	if err != nil {
		return fmt.Errorf("set admission status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNoRequest
	}
	return nil
}
