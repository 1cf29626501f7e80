package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
)

// Corrections of dose records made in error: the record takes the new
// values and medication_dose_corrections keeps the ones replaced.

var errDoseChanged = onward.NewError(onward.ECONFLICT, "meds.dose_changed_meanwhile")

// Dose returns the member's dose record id inside a write that may change
// the member's medication; ENOTFOUND when the member has no such dose.
func (tx *Tx) Dose(ctx context.Context, d Disclosure, id string) (*medication.Dose, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return nil, err
	}
	return doseByID(ctx, tx.queryRow, d.subject, id)
}

// CorrectDose writes dose's corrected values over the record at c.Version
// and keeps the values replaced as c, by staff member by. A record changed
// since c.Version is a conflict.
func (tx *Tx) CorrectDose(ctx context.Context, d Disclosure, dose *medication.Dose, c medication.Correction, by string) error {
	if err := d.covers(dose.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE medication_doses SET status = ?, dose_mg = ?, taken_at = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND member_id = ? AND version = ?`, string(dose.Status), dose.DoseMg, tx.dialect.nullTimeValue(dose.TakenAt),
		tx.t(tx.Now), dose.ID, dose.MemberID, c.Version)
	if err != nil {
		return fmt.Errorf("correct dose: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errDoseChanged
	}
	_, err = tx.exec(ctx, `INSERT INTO medication_dose_corrections (dose_id, version, status, dose_mg, taken_at, reason, corrected_by, corrected_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, dose.ID, c.Version, string(c.Status), c.DoseMg, tx.dialect.nullTimeValue(c.TakenAt),
		c.Reason, by, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("keep corrected values: %w", err)
	}
	dose.Version, dose.UpdatedAt = c.Version+1, tx.Now
	return nil
}

// DoseCorrections lists the corrections of the member's dose record id,
// oldest first, with the names of the staff who made them.
func (r *Reader) DoseCorrections(ctx context.Context, id string) ([]medication.Correction, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT c.dose_id, c.version, c.status, c.dose_mg, c.taken_at, c.reason, c.corrected_by,
		COALESCE(u.display_name, ''), c.corrected_at
		FROM medication_dose_corrections c JOIN medication_doses d ON d.id = c.dose_id
		LEFT JOIN users u ON u.id = c.corrected_by
		WHERE c.dose_id = ? AND d.member_id = ? ORDER BY c.version`, id, r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("read dose corrections: %w", err)
	}
	defer rows.Close()
	var out []medication.Correction
	for rows.Next() {
		var c medication.Correction
		var taken, at dbTime
		if err := rows.Scan(&c.DoseID, &c.Version, &c.Status, &c.DoseMg, &taken, &c.Reason, &c.CorrectedBy, &c.CorrectedByName, &at); err != nil {
			return nil, err
		}
		c.TakenAt, c.CorrectedAt = taken.Ptr(), at.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// Dose returns the member's dose record id; ENOTFOUND when there is none.
func (r *Reader) Dose(ctx context.Context, id string) (*medication.Dose, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	return doseByID(ctx, r.s.queryRow, r.d.subject, id)
}

// doseByID reads memberID's dose record id through queryRow (the read
// pool or a write).
func doseByID(ctx context.Context, queryRow func(context.Context, string, ...any) rowScanner, memberID, id string) (*medication.Dose, error) {
	if !IsStoredID(id) {
		return nil, onward.NewError(onward.ENOTFOUND, "meds.no_such_dose")
	}
	dose, err := scanDose(queryRow(ctx, "SELECT "+doseColumns+" FROM medication_doses WHERE id = ? AND member_id = ?", id, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "meds.no_such_dose")
	}
	if err != nil {
		return nil, fmt.Errorf("read dose: %w", err)
	}
	return dose, nil
}
