package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward/internal/export"
)

// The medication part of a member's export and import (docs/export.md).

// medicationExport reads all of the member's medication records.
func (r *Reader) medicationExport(ctx context.Context) (*export.Medication, error) {
	rec, err := r.MedicationRecord(ctx, "", time.Time{})
	if err != nil {
		return nil, err
	}
	alert, err := r.MedicationPrefs(ctx)
	if err != nil {
		return nil, err
	}
	m := &export.Medication{AlertMissed: alert, Plans: []export.MedicationPlan{}, Doses: []export.Dose{}, Orders: []export.DoseOrder{},
		TakeHomeDecisions: []export.TakeHomeDecision{}, TakeHomeSupplies: []export.TakeHomeSupply{}}
	names := map[string]string{}
	program := func(id string) (export.Program, error) {
		if name, ok := names[id]; ok {
			return export.Program{ID: id, Name: name}, nil
		}
		var name string
		err := r.s.queryRow(ctx, "SELECT name FROM programs WHERE id = ?", id).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return export.Program{}, fmt.Errorf("export medication: %w", err)
		}
		names[id] = name
		return export.Program{ID: id, Name: name}, nil
	}
	for _, p := range rec.Plans {
		m.Plans = append(m.Plans, export.MedicationPlanOf(p))
	}
	for _, d := range rec.Doses {
		var by *export.Program
		if d.ProgramID != "" {
			p, err := program(d.ProgramID)
			if err != nil {
				return nil, err
			}
			by = &p
		}
		m.Doses = append(m.Doses, export.DoseOf(d, by))
	}
	for _, o := range rec.Orders {
		p, err := program(o.ProgramID)
		if err != nil {
			return nil, err
		}
		m.Orders = append(m.Orders, export.DoseOrderOf(o, p))
	}
	// Decisions and supplies are read newest first; the export lists
	// everything oldest first.
	for i := len(rec.Decisions) - 1; i >= 0; i-- {
		p, err := program(rec.Decisions[i].ProgramID)
		if err != nil {
			return nil, err
		}
		m.TakeHomeDecisions = append(m.TakeHomeDecisions, export.TakeHomeDecisionOf(rec.Decisions[i], p))
	}
	for i := len(rec.Supplies) - 1; i >= 0; i-- {
		p, err := program(rec.Supplies[i].ProgramID)
		if err != nil {
			return nil, err
		}
		m.TakeHomeSupplies = append(m.TakeHomeSupplies, export.TakeHomeSupplyOf(rec.Supplies[i], p))
	}
	return m, nil
}

// restoreMedication loads the member's own medication from a parsed
// export: the choice about missed doses, the plans (with new ids) and the
// doses the member noted of them. What programs recorded is not loaded.
func (tx *Tx) restoreMedication(ctx context.Context, disclosed Disclosure, userID string, m *export.Medication, report *RestoreReport) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM medication_plans WHERE member_id = ?) + (SELECT COUNT(*) FROM medication_doses WHERE member_id = ?)`,
		userID, userID).Scan(&n); err != nil {
		return fmt.Errorf("check medication: %w", err)
	}
	if n > 0 {
		return errAccountHasData
	}
	if err := tx.SaveMedicationPrefs(ctx, disclosed, m.AlertMissed); err != nil {
		return err
	}
	ids := map[string]string{}
	for _, in := range m.Plans {
		p := in.Domain(userID)
		if _, err := tx.SaveMedicationPlan(ctx, disclosed, &p, "", 0); err != nil {
			return err
		}
		ids[in.ID] = p.ID
		report.MedicationPlans++
	}
	for _, in := range m.Doses {
		scheduleID, ok := ids[in.ScheduleID]
		if !ok || in.ByProgram {
			report.MedicationSkipped++
			continue
		}
		d := in.Domain(userID, scheduleID)
		if _, err := tx.RecordDose(ctx, disclosed, &d); err != nil {
			return err
		}
		report.MedicationDoses++
	}
	report.MedicationSkipped += len(m.Orders) + len(m.TakeHomeDecisions) + len(m.TakeHomeSupplies)
	return nil
}
