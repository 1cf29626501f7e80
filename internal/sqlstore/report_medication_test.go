package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/onward-recovery/onward/internal/medication"
)

// A report reads the medicines the program ordered for the enrolment, the
// doses it recorded as given (an injection covering its interval) and its
// take-home supplies; a missed dose and another program's are not in it.
func TestReportFactsMedication(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	_, programB := twoPrograms(t, s)
	write := func(fn func(tx *Tx, d Disclosure) error) {
		t.Helper()
		if err := medWrite(t, s, nurse, m, fn); err != nil {
			t.Fatal(err)
		}
	}
	order := func(kind medication.Kind, form medication.Form, mg float64) *medication.Order {
		o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: kind, Form: form, DoseMg: mg,
			StartOn: day("2026-11-21"), OrderedBy: nurse.ID}
		if form != medication.XRInjection {
			o.Times = []string{"08:00"}
		}
		write(func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, o) })
		return o
	}
	methadone := order(medication.Methadone, medication.OralLiquid, 60)
	naltrexone := order(medication.Naltrexone, medication.XRInjection, 380)
	dose := func(o *medication.Order, programID, on string, status medication.Status) {
		d := &medication.Dose{MemberID: m.ID, ScheduleID: o.SeriesID, OrderID: o.ID, Kind: o.Kind, Day: day(on), Slot: "08:00", Status: status,
			Setting: medication.Observed, ByStaff: true, ProgramID: programID, RecordedBy: nurse.ID}
		if status.Took() {
			d.DoseMg = o.DoseMg
		}
		write(func(tx *Tx, d2 Disclosure) error { _, err := tx.RecordDose(ctx, d2, d); return err })
	}
	dose(methadone, programA, "2026-11-21", medication.Taken)
	dose(methadone, programA, "2026-11-22", medication.Late)
	dose(methadone, programA, "2026-11-23", medication.Missed)
	dose(methadone, programB, "2026-11-24", medication.Taken)
	dose(naltrexone, programA, "2026-11-25", medication.Taken)
	dose(methadone, programA, "2025-12-31", medication.Taken) // before the period
	write(func(tx *Tx, d Disclosure) error {
		_, err := tx.AddDispense(ctx, d, &medication.Dispense{ProgramID: programA, MemberID: m.ID, SeriesID: methadone.SeriesID,
			Kind: medication.Methadone, Day: day("2026-11-22"), Days: 6, Bottles: 6, DoseMg: 60, DispensedBy: nurse.ID, ClientID: "supply-1"})
		return err
	})
	now := clk.now()
	facts, err := s.ReportFacts(ctx, programA, ReportWindow{From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 1, 0), Until: now.AddDate(0, 1, 0),
		FromDay: "2026-01-01", ToDay: "2026-12-31"})
	if err != nil || len(facts) != 1 {
		t.Fatalf("facts %+v, %v", facts, err)
	}
	f := facts[0]
	var doses, supplies []string
	for _, d := range f.Doses {
		doses = append(doses, fmt.Sprintf("%s %s %d", d.Day, d.Kind, d.Days))
	}
	for _, sp := range f.Supplies {
		supplies = append(supplies, fmt.Sprintf("%s %s %d", sp.Day, sp.Kind, sp.Days))
	}
	slices.Sort(f.Ordered)
	if want := []string{"methadone", "naltrexone"}; !slices.Equal(f.Ordered, want) {
		t.Errorf("ordered %q, want %q", f.Ordered, want)
	}
	if want := []string{"2026-11-21 methadone 1", "2026-11-22 methadone 1", "2026-11-25 naltrexone 28"}; !slices.Equal(doses, want) {
		t.Errorf("doses %q, want %q", doses, want)
	}
	if want := []string{"2026-11-22 methadone 6"}; !slices.Equal(supplies, want) {
		t.Errorf("supplies %q, want %q", supplies, want)
	}
}
