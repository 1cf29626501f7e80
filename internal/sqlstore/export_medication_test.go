package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/medication"
)

// A member's medication leaves in the export (JSON and FHIR) and comes
// back in an import: their own plans and the doses they noted; what the
// program recorded stays with the program.
func TestMedicationExportFHIRAndImport(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	plan := &medication.Plan{MemberID: m.ID, Kind: medication.Naloxone, Form: medication.NasalSpray, DoseMg: 4, KitExpires: ptrDate(day("2027-06-01")),
		StartOn: day("2026-11-01"), Remind: true}
	bup := &medication.Plan{MemberID: m.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 8, Times: []string{"09:00"},
		StartOn: day("2026-10-01"), StoppedOn: ptrDate(day("2026-11-10"))}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error {
		for _, p := range []*medication.Plan{plan, bup} {
			if _, err := tx.SaveMedicationPlan(ctx, d, p, "", 0); err != nil {
				return err
			}
		}
		for i, status := range []medication.Status{medication.Taken, medication.Missed} {
			dose := &medication.Dose{MemberID: m.ID, ScheduleID: bup.ID, Kind: medication.Buprenorphine, Day: day("2026-11-0" + string(rune('5'+i))),
				Slot: "09:00", Status: status, Setting: medication.Home, RecordedBy: m.ID}
			if status.Took() {
				dose.DoseMg = 8
			}
			if _, err := tx.RecordDose(ctx, d, dose); err != nil {
				return err
			}
		}
		return tx.SaveMedicationPrefs(ctx, d, true)
	}); err != nil {
		t.Fatal(err)
	}
	v1 := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
		DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-15"), OrderedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error {
		if err := tx.AddDoseOrder(ctx, d, v1); err != nil {
			return err
		}
		v2 := *v1
		v2.Version, v2.DoseMg, v2.StartOn = 2, 70, day("2026-11-20")
		if err := tx.AddDoseOrder(ctx, d, &v2); err != nil {
			return err
		}
		if _, err := tx.RecordDose(ctx, d, &medication.Dose{MemberID: m.ID, ScheduleID: v1.SeriesID, OrderID: v2.ID, ProgramID: programA,
			Kind: medication.Methadone, Day: day("2026-11-21"), Slot: "08:00", Status: medication.Refused, Setting: medication.Observed,
			RecordedBy: nurse.ID, ByStaff: true}); err != nil {
			return err
		}
		if err := tx.AddTakeHomeDecision(ctx, d, &medication.Decision{ProgramID: programA, MemberID: m.ID, SeriesID: v1.SeriesID, Days: 2,
			Change: medication.Increase, Reason: "travel", ReviewOn: day("2026-12-01"), DecidedBy: nurse.ID}); err != nil {
			return err
		}
		_, err := tx.AddDispense(ctx, d, &medication.Dispense{ProgramID: programA, MemberID: m.ID, SeriesID: v1.SeriesID, OrderID: v2.ID,
			Kind: medication.Methadone, Day: day("2026-11-21"), Days: 2, Bottles: 2, DoseMg: 70, DispensedBy: nurse.ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}

	doc := exportOf(t, s, m)
	med := doc.Medication
	if med == nil || !med.AlertMissed || len(med.Plans) != 2 || len(med.Doses) != 3 || len(med.Orders) != 2 || len(med.TakeHomeDecisions) != 1 ||
		len(med.TakeHomeSupplies) != 1 || med.Orders[1].Program.Name == "" || med.Orders[1].OrderedBy == "" {
		t.Fatalf("exported medication %+v", med)
	}

	bundle, err := json.Marshal(doc.FHIR("https://onward.example"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Entry []struct {
			FullURL  string         `json:"fullUrl"`
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	json.Unmarshal(bundle, &b)
	counts := map[string]int{}
	urls := map[string]bool{}
	for _, e := range b.Entry {
		urls[e.FullURL] = true
	}
	for _, e := range b.Entry {
		kind := e.Resource["resourceType"].(string)
		counts[kind]++
		part2 := strings.Contains(marshalString(t, e.Resource["meta"]), "42CFRPart2")
		switch kind {
		case "MedicationRequest", "MedicationAdministration", "MedicationDispense":
			if !part2 {
				t.Errorf("%s %v carries no 42 CFR Part 2 label", kind, e.Resource["id"])
			}
		case "MedicationStatement":
			if part2 {
				t.Errorf("the member's own statement %v is labelled as a program's record", e.Resource["id"])
			}
		}
		for _, key := range []string{"priorPrescription", "request"} {
			if ref, ok := e.Resource[key].(map[string]any); ok && !urls[ref["reference"].(string)] {
				t.Errorf("%s %v points at %v, which is not in the Bundle", kind, key, ref)
			}
		}
		if kind == "MedicationRequest" && e.Resource["status"] == "stopped" && e.Resource["priorPrescription"] != nil {
			t.Errorf("the first version points at a prior one: %v", e.Resource)
		}
	}
	want := map[string]int{"MedicationRequest": 2, "MedicationAdministration": 1, "MedicationDispense": 1, "MedicationStatement": 4}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d %s in the Bundle, want %d (%v)", counts[k], k, n, counts)
		}
	}
	if !strings.Contains(string(bundle), `"code":"6813"`) || !strings.Contains(string(bundle), `"status":"not-done"`) {
		t.Errorf("the Bundle lacks methadone's RxNorm code or the refused dose:\n%s", bundle)
	}

	file, _ := json.Marshal(doc)
	parsed, err := export.Parse(file, day("2026-11-21"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	to, _ := openTestStore(t)
	fresh := createUser(t, to, "chris.new@example.com", onward.RoleMember)
	report, err := to.Restore(ctx, onward.Principal{UserID: fresh.ID, Role: fresh.Role}, fresh.ID, parsed)
	if err != nil {
		t.Fatal(err)
	}
	if report.MedicationPlans != 2 || report.MedicationDoses != 2 || report.MedicationSkipped != 5 {
		t.Fatalf("report %+v: want 2 plans and 2 doses loaded, the program's 5 records left", report)
	}
	again := exportOf(t, to, fresh).Medication
	if len(again.Plans) != 2 || len(again.Doses) != 2 || len(again.Orders) != 0 || !again.AlertMissed || again.Doses[0].ScheduleID != again.Plans[1].ID {
		t.Fatalf("after the import: %+v", again)
	}
	_, err = to.Restore(ctx, onward.Principal{UserID: fresh.ID, Role: fresh.Role}, fresh.ID, parsed)
	wantCode(t, err, onward.ECONFLICT)

	// A file whose doses are refused loads nothing.
	var raw map[string]any
	json.Unmarshal(file, &raw)
	raw["medication"].(map[string]any)["doses"].([]any)[0].(map[string]any)["dose_mg"] = -3
	if _, err := export.Parse(marshalJSON(t, raw), day("2026-11-21")); err == nil || !strings.Contains(marshalString(t, err), "medication.doses[0].dose_mg") {
		t.Fatalf("a negative dose in the file: %v", err)
	}
}

func marshalString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Deleting a member's account leaves nothing of their medication: no
// plan, dose, order, decision or supply, and no one's inbox entry about a
// missed dose.
func TestDeleteLeavesNoMedication(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m := createUser(t, s, "chris@example.com", onward.RoleMember)
	sam := createUser(t, s, "sam@example.com", onward.RoleSupporter)
	nurse := createUser(t, s, "nurse@example.com", onward.RoleClinician)
	programA, _ := twoPrograms(t, s)
	enrolment := enrolMember(t, s, m, programA, []onward.Category{onward.CategoryMedication}, nurse)
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: m.ID, GranteeID: sam.ID, Categories: []onward.Category{onward.CategoryMedication}})
	}); err != nil {
		t.Fatal(err)
	}
	o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
		DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-15"), OrderedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error {
		if err := tx.AddDoseOrder(ctx, d, o); err != nil {
			return err
		}
		dose := &medication.Dose{MemberID: m.ID, ScheduleID: o.SeriesID, OrderID: o.ID, ProgramID: programA, Kind: medication.Methadone,
			Day: day("2026-11-21"), Slot: "08:00", Status: medication.Missed, Setting: medication.Observed, RecordedBy: nurse.ID, ByStaff: true}
		if _, err := tx.RecordDose(ctx, d, dose); err != nil {
			return err
		}
		if err := tx.SaveMedicationPrefs(ctx, d, true); err != nil {
			return err
		}
		if _, err := tx.AlertMissedDose(ctx, d, dose.ID); err != nil {
			return err
		}
		if err := tx.AddTakeHomeDecision(ctx, d, &medication.Decision{ProgramID: programA, MemberID: m.ID, SeriesID: o.SeriesID, Days: 0,
			Change: medication.Keep, Reason: "review_no_change", ReviewOn: day("2026-12-01"), DecidedBy: nurse.ID}); err != nil {
			return err
		}
		if _, err := tx.AddDispense(ctx, d, &medication.Dispense{ProgramID: programA, MemberID: m.ID, SeriesID: o.SeriesID, OrderID: o.ID,
			Kind: medication.Methadone, Day: day("2026-11-21"), Days: 2, Bottles: 2, DoseMg: 60, DispensedBy: nurse.ID}); err != nil {
			return err
		}
		return tx.SyncMedicationFlags(ctx, d)
	}); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Notifications(ctx, sam.ID, 10); len(list) != 1 {
		t.Fatalf("Sam's inbox before the deletion: %+v", list)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, m.ID) }); err != nil {
		t.Fatal(err)
	}
	for _, col := range textColumns(t, s) {
		if col[0] == "audit_log" {
			continue
		}
		var n int
		if err := s.queryRow(ctx, "SELECT COUNT(*) FROM "+col[0]+" WHERE "+col[1]+" = ?", m.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("%d rows of %s.%s still hold the deleted member's id", n, col[0], col[1])
		}
	}
}
