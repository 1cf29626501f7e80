package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// medWrite runs fn in a write with the recorded decision that viewer may
// change member's medication.
func medWrite(t *testing.T, s *Store, viewer, member *onward.User, fn func(*Tx, Disclosure) error) error {
	t.Helper()
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		dec, d, err := tx.decide(ctx, onward.Principal{UserID: viewer.ID, Role: viewer.Role}, member.ID, onward.ActionWrite,
			[]onward.Category{onward.CategoryMedication})
		if err != nil {
			return err
		}
		if !dec.All() {
			return errNoAccess
		}
		return fn(tx, d)
	})
}

// enrolMember enrols member at programID under a consent to categories,
// with staff on the program's staff and the care team.
func enrolMember(t *testing.T, s *Store, member *onward.User, programID string, categories []onward.Category, staff ...*onward.User) string {
	t.Helper()
	ctx := context.Background()
	var enrolmentID string
	err := s.Write(ctx, func(tx *Tx) error {
		var ids []string
		for _, u := range staff {
			if err := tx.AddProgramStaff(ctx, programID, u.ID); err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		c := goodProgramConsent(member.ID, programID)
		c.Categories = categories
		if err := tx.CreateProgramConsent(ctx, c); err != nil {
			return err
		}
		var err error
		if enrolmentID, err = tx.RequestEnrolment(ctx, programID, member.ID, c.ID); err != nil {
			return err
		}
		if err := tx.SetEnrolmentStatus(ctx, programID, enrolmentID, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
			return err
		}
		return tx.SetCareTeam(ctx, programID, enrolmentID, ids)
	})
	if err != nil {
		t.Fatal(err)
	}
	return enrolmentID
}

// enrolledForMedication makes a member enrolled at a program under a
// consent covering medication, with a nurse on the care team.
func enrolledForMedication(t *testing.T, s *Store) (member, nurse *onward.User, programID, enrolmentID string) {
	t.Helper()
	member = createUser(t, s, "chris@example.com", onward.RoleMember)
	nurse = createUser(t, s, "nurse@example.com", onward.RoleClinician)
	programID, _ = twoPrograms(t, s)
	return member, nurse, programID, enrolMember(t, s, member, programID, []onward.Category{onward.CategoryMedication}, nurse)
}

func TestMedicationPlanSaveReplayAndConflict(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m := createUser(t, s, "maria@example.com", onward.RoleMember)
	p := &medication.Plan{MemberID: m.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 16, Times: []string{"08:00"},
		StartOn: day("2026-11-01"), Remind: true}
	var created bool
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) (err error) {
		created, err = tx.SaveMedicationPlan(ctx, d, p, "client-1", 0)
		return err
	}); err != nil || !created || p.ID == "" || p.Version != 1 {
		t.Fatalf("create: %v, created %v, %+v", err, created, p)
	}
	again := &medication.Plan{MemberID: m.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 8, Times: []string{"09:00"},
		StartOn: day("2026-11-01")}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) (err error) {
		created, err = tx.SaveMedicationPlan(ctx, d, again, "client-1", 0)
		return err
	}); err != nil || created || again.ID != p.ID || again.DoseMg != 16 {
		t.Fatalf("replay: %v, created %v, %+v; want the first plan back", err, created, again)
	}
	p.DoseMg = 12
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.SaveMedicationPlan(ctx, d, p, "", 1); return err }); err != nil || p.Version != 2 {
		t.Fatalf("change: %v, version %d", err, p.Version)
	}
	stale := *p
	err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.SaveMedicationPlan(ctx, d, &stale, "", 1); return err })
	wantCode(t, err, onward.ECONFLICT)
	other := createUser(t, s, "other@example.com", onward.RoleMember)
	err = medWrite(t, s, other, other, func(tx *Tx, d Disclosure) error {
		theirs := *p
		theirs.MemberID = other.ID
		_, err := tx.SaveMedicationPlan(ctx, d, &theirs, "", 2)
		return err
	})
	wantCode(t, err, onward.ENOTFOUND)
	err = s.ReadAccess(ctx, onward.Principal{UserID: m.ID, Role: m.Role}, m.ID, []onward.Category{onward.CategoryMedication}, func(r *Reader) error {
		plans, err := r.MedicationPlans(ctx)
		if err != nil || len(plans) != 1 || plans[0].DoseMg != 12 || plans[0].Times[0] != "08:00" {
			t.Errorf("plans %+v, %v", plans, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecordDoseOnce(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, _ := enrolledForMedication(t, s)
	dose := func(client string, status medication.Status, byStaff bool) *medication.Dose {
		d := &medication.Dose{MemberID: m.ID, ScheduleID: "0190f5c2-0000-7000-8000-00000000000a", Kind: medication.Methadone,
			Day: day("2026-11-21"), Slot: "08:00", Status: status, Setting: medication.Home, ClientID: client, ByStaff: byStaff}
		if status.Took() {
			d.DoseMg = 80
		}
		if byStaff {
			d.Setting, d.ProgramID, d.RecordedBy = medication.Observed, programA, nurse.ID
		}
		return d
	}
	record := func(by *onward.User, d *medication.Dose) (DoseOutcome, error) {
		var out DoseOutcome
		err := medWrite(t, s, by, m, func(tx *Tx, disc Disclosure) (err error) { out, err = tx.RecordDose(ctx, disc, d); return err })
		return out, err
	}
	first := dose("tap-1", medication.Missed, false)
	if out, err := record(m, first); err != nil || out != DoseCreated {
		t.Fatalf("first: %v %v", out, err)
	}
	replay := dose("tap-1", medication.Missed, false)
	if out, err := record(m, replay); err != nil || out != DoseReplayed || replay.ID != first.ID {
		t.Fatalf("replay: %v %v %+v", out, err, replay)
	}
	fix := dose("tap-2", medication.Late, false)
	if out, err := record(m, fix); err != nil || out != DoseCorrected || fix.ID != first.ID || fix.Version != 2 {
		t.Fatalf("correction: %v %v %+v", out, err, fix)
	}
	_, err := record(nurse, dose("nurse-1", medication.Taken, true))
	wantCode(t, err, onward.ECONFLICT)
	reused := dose("tap-2", medication.Taken, false)
	reused.Slot = "20:00"
	_, err = record(m, reused)
	wantCode(t, err, onward.ECONFLICT)

	observed := dose("nurse-2", medication.Taken, true)
	observed.Day = day("2026-11-20")
	if out, err := record(nurse, observed); err != nil || out != DoseCreated {
		t.Fatalf("observed: %v %v", out, err)
	}
	second := dose("nurse-3", medication.Taken, true)
	second.Day = observed.Day
	_, err = record(nurse, second)
	wantCode(t, err, onward.ECONFLICT)
	overwrite := dose("tap-9", medication.Missed, false)
	overwrite.Day = observed.Day
	_, err = record(m, overwrite)
	wantCode(t, err, onward.ECONFLICT)

	stranger := createUser(t, s, "stranger@example.com", onward.RoleClinician)
	_, err = record(stranger, dose("x", medication.Taken, true))
	wantCode(t, err, onward.EFORBIDDEN)
}

func TestDoseOrderVersions(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
		DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-21"), OrderedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, o) }); err != nil || o.Version != 1 {
		t.Fatalf("first version: %v %+v", err, o)
	}
	v2 := *o
	v2.Version, v2.DoseMg = 2, 70
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, &v2) }); err != nil {
		t.Fatal(err)
	}
	racing := *o
	racing.Version, racing.DoseMg = 2, 90
	wantCode(t, medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, &racing) }), onward.ECONFLICT)
	err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error {
		list, err := tx.OrderSeries(ctx, d, programA, o.SeriesID)
		if err != nil || len(list) != 2 || list[0].DoseMg != 60 || list[1].DoseMg != 70 || list[1].OrderedByName == "" {
			t.Errorf("series %+v, %v", list, err)
		}
		_, err = tx.OrderSeries(ctx, d, "0190f5c2-0000-7000-8000-0000000000ff", o.SeriesID)
		wantCode(t, err, onward.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTakeHomeSuppliesAndDecisions(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, _ := enrolledForMedication(t, s)
	dec := &medication.Decision{ProgramID: programA, MemberID: m.ID, SeriesID: "0190f5c2-0000-7000-8000-00000000000b", Days: 6,
		Change: medication.Increase, Reason: "criteria_met", Criteria: map[medication.Criterion]bool{medication.CriterionStorage: true,
			medication.CriterionAttendance: false}, Benefit: true, ReviewOn: day("2026-12-21"), DecidedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddTakeHomeDecision(ctx, d, dec) }); err != nil {
		t.Fatal(err)
	}
	disp := &medication.Dispense{ProgramID: programA, MemberID: m.ID, SeriesID: dec.SeriesID, Kind: medication.Methadone, Day: day("2026-11-21"),
		Days: 6, Bottles: 6, DoseMg: 80, DispensedBy: nurse.ID, ClientID: "supply-1"}
	var created bool
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) (err error) { created, err = tx.AddDispense(ctx, d, disp); return err }); err != nil || !created {
		t.Fatalf("dispense: %v %v", created, err)
	}
	replay := &medication.Dispense{ProgramID: programA, MemberID: m.ID, SeriesID: dec.SeriesID, Kind: medication.Methadone, Day: day("2026-11-21"),
		Days: 6, Bottles: 6, DoseMg: 80, DispensedBy: nurse.ID, ClientID: "supply-1"}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) (err error) { created, err = tx.AddDispense(ctx, d, replay); return err }); err != nil || created || replay.ID != disp.ID {
		t.Fatalf("replayed dispense: %v %v %+v", created, err, replay)
	}
	check := func() error {
		return medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.CheckReturn(ctx, d, disp.ID, 5, "one lost", nurse.ID) })
	}
	if err := check(); err != nil {
		t.Fatal(err)
	}
	wantCode(t, check(), onward.ECONFLICT)
	err := s.ReadAccess(ctx, onward.Principal{UserID: nurse.ID, Role: nurse.Role}, m.ID, []onward.Category{onward.CategoryMedication}, func(r *Reader) error {
		rec, err := r.MedicationRecord(ctx, programA, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		if len(rec.Decisions) != 1 || !rec.Decisions[0].Criteria[medication.CriterionStorage] || rec.Decisions[0].Criteria[medication.CriterionAttendance] ||
			len(rec.Decisions[0].Criteria) != 2 || rec.Decisions[0].DecidedByName == "" {
			t.Errorf("decisions %+v", rec.Decisions)
		}
		if len(rec.Supplies) != 1 || rec.Supplies[0].ReturnedBottles == nil || *rec.Supplies[0].ReturnedBottles != 5 {
			t.Errorf("supplies %+v", rec.Supplies)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A missed dose reaches only the people the member lets see medication,
// and only when the member asked for it.
func TestMissedDoseAlertRecipients(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m := createUser(t, s, "maria@example.com", onward.RoleMember)
	sam := createUser(t, s, "sam@example.com", onward.RoleSupporter)
	ana := createUser(t, s, "ana@example.com", onward.RoleSupporter)
	nurse := createUser(t, s, "nurse@example.com", onward.RoleClinician)
	other := createUser(t, s, "other@example.com", onward.RoleClinician)
	programA, programB := twoPrograms(t, s)
	enrolMember(t, s, m, programA, []onward.Category{onward.CategoryMedication}, nurse)
	enrolMember(t, s, m, programB, []onward.Category{onward.CategoryMilestones}, other)
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.CreateGrant(ctx, &onward.Grant{SubjectID: m.ID, GranteeID: sam.ID, Categories: []onward.Category{onward.CategoryMedication}}); err != nil {
			return err
		}
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: m.ID, GranteeID: ana.ID, Categories: []onward.Category{onward.CategoryCheckins}})
	}); err != nil {
		t.Fatal(err)
	}
	alert := func() int {
		var n int
		if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) (err error) { n, err = tx.AlertMissedDose(ctx, d, "dose"); return err }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := alert(); n != 0 {
		t.Fatalf("alerted %d people before the member asked for it", n)
	}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { return tx.SaveMedicationPrefs(ctx, d, true) }); err != nil {
		t.Fatal(err)
	}
	if n := alert(); n != 2 {
		t.Fatalf("alerted %d people, want Sam and the nurse", n)
	}
	for _, u := range []*onward.User{sam, nurse} {
		list, _ := s.Notifications(ctx, u.ID, 10)
		if len(list) != 1 || list[0].Kind != KindMissedDose || list[0].AboutID != m.ID {
			t.Errorf("%s's inbox: %+v", u.Email, list)
		}
	}
	for _, u := range []*onward.User{ana, other} {
		if list, _ := s.Notifications(ctx, u.ID, 10); len(list) != 0 {
			t.Errorf("%s, who does not see medication, got %+v", u.Email, list)
		}
	}
}

func TestMedicationRemindersOnce(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	m := createUser(t, s, "maria@example.com", onward.RoleMember) // UTC
	c.set(time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC))
	plans := []*medication.Plan{
		{MemberID: m.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 16, Times: []string{"08:00", "20:00"}, StartOn: day("2026-11-01"), Remind: true},
		{MemberID: m.ID, Kind: medication.Naltrexone, Form: medication.XRInjection, DoseMg: 380, NextDue: ptrDate(day("2026-11-22")), StartOn: day("2026-10-01"), Remind: true},
		{MemberID: m.ID, Kind: medication.Naloxone, Form: medication.NasalSpray, DoseMg: 4, KitExpires: ptrDate(day("2026-12-10")), StartOn: day("2026-01-01"), Remind: true},
		{MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid, DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-01"), Remind: false},
	}
	for _, p := range plans {
		if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.SaveMedicationPlan(ctx, d, p, "", 0); return err }); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PlanMedicationReminders(ctx, c.now())
	if err != nil || n != 3 {
		t.Fatalf("planned %d (%v), want the 08:00 dose, the injection due tomorrow and the kit", n, err)
	}
	if n, _ := s.PlanMedicationReminders(ctx, c.now()); n != 0 {
		t.Fatalf("planned %d more on a second run", n)
	}
	list, _ := s.Notifications(ctx, m.ID, 10)
	kinds := map[string]int{}
	for _, n := range list {
		kinds[n.Kind]++
	}
	if kinds[KindDoseReminder] != 1 || kinds[KindInjectionDue] != 1 || kinds[KindKitExpiry] != 1 {
		t.Fatalf("inbox %v", kinds)
	}
	var doseRef string
	for _, n := range list {
		if n.Kind == KindDoseReminder {
			doseRef = n.RefID
		}
	}
	if settled, _ := s.ReminderSettled(ctx, KindDoseReminder, doseRef); settled {
		t.Fatal("a reminder for a dose not yet recorded is settled")
	}
	dose := &medication.Dose{MemberID: m.ID, ScheduleID: plans[0].ID, Kind: medication.Buprenorphine, Day: day("2026-11-21"), Slot: "08:00",
		Status: medication.Taken, Setting: medication.Home, DoseMg: 16}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.RecordDose(ctx, d, dose); return err }); err != nil {
		t.Fatal(err)
	}
	if settled, _ := s.ReminderSettled(ctx, KindDoseReminder, doseRef); !settled {
		t.Fatal("the dose is recorded and its reminder would still be sent")
	}
	// Past the window: the evening dose is reminded, not the morning one again.
	c.set(time.Date(2026, 11, 21, 20, 1, 0, 0, time.UTC))
	if n, _ := s.PlanMedicationReminders(ctx, c.now()); n != 1 {
		t.Fatalf("at 20:01 planned %d, want the evening dose", n)
	}
	// Quiet hours hold reminders back.
	if err := s.Write(ctx, func(tx *Tx) error {
		p := DefaultNotifyPrefs
		p.QuietStart, p.QuietEnd = "07:00", "09:00"
		return tx.SaveNotifyPrefs(ctx, m.ID, p)
	}); err != nil {
		t.Fatal(err)
	}
	c.set(time.Date(2026, 11, 22, 8, 5, 0, 0, time.UTC))
	if n, _ := s.PlanMedicationReminders(ctx, c.now()); n != 0 {
		t.Fatalf("in quiet hours planned %d", n)
	}
	// Reminders are routine work.
	var urgent int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM jobs WHERE kind IN ('email', 'push') AND priority = ?", int(PriorityUrgent)).Scan(&urgent); err != nil || urgent != 0 {
		t.Fatalf("%d urgent deliveries (%v), want every medication reminder routine", urgent, err)
	}
}

func TestMedicationFlagsFollowTheFacts(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	c.set(time.Date(2026, 10, 19, 12, 0, 0, 0, time.UTC))
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Naltrexone, Form: medication.XRInjection,
		DoseMg: 380, StartOn: day("2026-10-20"), OrderedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, o) }); err != nil {
		t.Fatal(err)
	}
	given := &medication.Dose{MemberID: m.ID, ScheduleID: o.SeriesID, Kind: medication.Naltrexone, Day: day("2026-10-20"), Status: medication.Taken,
		Setting: medication.Observed, DoseMg: 380, ByStaff: true, ProgramID: programA, RecordedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { _, err := tx.RecordDose(ctx, d, given); return err }); err != nil {
		t.Fatal(err)
	}
	events := func() map[string]time.Time {
		out := map[string]time.Time{}
		rows, err := s.query(ctx, "SELECT code, at FROM member_events WHERE member_id = ?", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			var at dbTime
			rows.Scan(&code, &at)
			out[code] = at.Time
		}
		return out
	}
	c.set(time.Date(2026, 11, 17, 12, 0, 0, 0, time.UTC)) // the next injection was due 11-17
	if _, err := s.SyncMedicationFlags(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := events()[caseload.FlagInjectionOverdue]; ok {
		t.Fatal("overdue on its due day")
	}
	c.set(time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC))
	if n, err := s.SyncMedicationFlags(ctx); err != nil || n != 1 {
		t.Fatalf("synced %d (%v), want the overdue injection", n, err)
	}
	if at := events()[caseload.FlagInjectionOverdue]; !at.Equal(time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("overdue since %v", at)
	}
	if n, _ := s.SyncMedicationFlags(ctx); n != 0 {
		t.Fatalf("a second sync changed %d events", n)
	}
	late := &medication.Dose{MemberID: m.ID, ScheduleID: o.SeriesID, Kind: medication.Naltrexone, Day: day("2026-11-17"), Status: medication.Late,
		Setting: medication.Observed, DoseMg: 380, ByStaff: true, ProgramID: programA, RecordedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error {
		if _, err := tx.RecordDose(ctx, d, late); err != nil {
			return err
		}
		return tx.SyncMedicationFlags(ctx, d)
	}); err != nil {
		t.Fatal(err)
	}
	if _, ok := events()[caseload.FlagInjectionOverdue]; ok {
		t.Fatal("the injection was given and is still flagged overdue")
	}
}

func TestDosingCandidatesAndDays(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	nurse := createUser(t, s, "nurse@example.com", onward.RoleClinician)
	programA, _ := twoPrograms(t, s)
	shares := createUser(t, s, "shares@example.com", onward.RoleMember)
	withholds := createUser(t, s, "withholds@example.com", onward.RoleMember)
	enrolMember(t, s, shares, programA, []onward.Category{onward.CategoryMedication}, nurse)
	enrolMember(t, s, withholds, programA, []onward.Category{onward.CategoryMilestones})
	list, err := s.DosingCandidates(ctx, programA, "")
	if err != nil || len(list) != 1 || list[0].MemberID != shares.ID {
		t.Fatalf("candidates %+v, %v; want only the member whose consent covers medication", list, err)
	}
	if list, _ := s.DosingCandidates(ctx, programA, "nobody"); len(list) != 0 {
		t.Fatalf("a name nobody has found %+v", list)
	}
	_, err = s.DosingDays(ctx, programA, day("2026-11-21"), []Disclosure{{subject: shares.ID, action: onward.ActionRead}})
	if err == nil {
		t.Fatal("read medication without a disclosure covering it")
	}
}

func ptrDate(d recovery.Date) *recovery.Date { return &d }

// What a drug test expects comes from the member's medication on the day:
// their plans in use and the orders in force; the recovery profile's
// field only for a member with no plan or order at all.
func TestPrescribedSubstances(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	prescribed := func(on string) []string {
		t.Helper()
		var out []string
		err := s.ReadAccess(ctx, onward.Principal{UserID: nurse.ID, Role: nurse.Role}, m.ID, []onward.Category{onward.CategoryMedication}, func(r *Reader) (err error) {
			out, err = r.PrescribedSubstances(ctx, day(on))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := func(on string, substances ...string) {
		t.Helper()
		if got := prescribed(on); len(got) != len(substances) || len(got) > 0 && strings.Join(got, ",") != strings.Join(substances, ",") {
			t.Errorf("on %s prescribed %q, want %q", on, got, substances)
		}
	}
	if got := prescribed("2026-11-20"); got != nil {
		t.Errorf("without a profile or any medication: %q, want nil (not known)", got)
	}
	if err := ownAccess(t, s, m, func(tx *Tx, d Disclosure) error {
		return tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: m.ID, LastUse: day("2026-10-01"), Medication: "buprenorphine"})
	}); err != nil {
		t.Fatal(err)
	}
	want("2026-11-20", "buprenorphine") // the profile, as nothing else is known

	o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
		DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-21"), OrderedBy: nurse.ID}
	kit := &medication.Plan{MemberID: m.ID, Kind: medication.Naloxone, Form: medication.NasalSpray, DoseMg: 4, KitExpires: ptrDate(day("2027-06-01")),
		StartOn: day("2026-11-01")}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, o) }); err != nil {
		t.Fatal(err)
	}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.SaveMedicationPlan(ctx, d, kit, "", 0); return err }); err != nil {
		t.Fatal(err)
	}
	want("2026-11-20")              // medication is known now: the order has not started, a kit is no finding
	want("2026-11-21", "methadone") // the order, over the profile's stale field

	ended := *o
	ended.Version, ended.StartOn, ended.EndOn = 2, day("2026-11-25"), ptrDate(day("2026-11-28"))
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, &ended) }); err != nil {
		t.Fatal(err)
	}
	bup := &medication.Plan{MemberID: m.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 16, Times: []string{"08:00"},
		StartOn: day("2026-11-27")}
	if err := medWrite(t, s, m, m, func(tx *Tx, d Disclosure) error { _, err := tx.SaveMedicationPlan(ctx, d, bup, "", 0); return err }); err != nil {
		t.Fatal(err)
	}
	want("2026-11-27", "buprenorphine", "methadone")
	want("2026-11-29", "buprenorphine") // the order's newest version ended the day before
}

// A discharge ends the program's orders with it: an order never ended by
// hand is in force up to the day of discharge (in the member's time zone)
// and not after, for every reader (the member's page, drug tests, flags).
func TestDischargeEndsTheOrders(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	m, nurse, programA, enrolment := enrolledForMedication(t, s)
	c.set(time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)) // 24 November in Chicago
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetTimeZone(ctx, m.ID, "America/Chicago") }); err != nil {
		t.Fatal(err)
	}
	o := &medication.Order{ProgramID: programA, EnrolmentID: enrolment, MemberID: m.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
		DoseMg: 60, Times: []string{"08:00"}, StartOn: day("2026-11-01"), OrderedBy: nurse.ID}
	if err := medWrite(t, s, nurse, m, func(tx *Tx, d Disclosure) error { return tx.AddDoseOrder(ctx, d, o) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.SetEnrolmentStatus(ctx, programA, enrolment, onward.EnrolmentActive, onward.EnrolmentDischarged, "completed")
	}); err != nil {
		t.Fatal(err)
	}
	err := s.ReadAccess(ctx, onward.Principal{UserID: m.ID, Role: m.Role}, m.ID, []onward.Category{onward.CategoryMedication}, func(r *Reader) error {
		rec, err := r.MedicationRecord(ctx, "", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		if len(rec.Orders) != 1 || rec.Orders[0].EndOn == nil || *rec.Orders[0].EndOn != day("2026-11-24") || !rec.Orders[0].Discharged {
			t.Errorf("after discharge the order reads %+v, want it ended on the day of discharge, 2026-11-24", rec.Orders)
		}
		for on, want := range map[string]int{"2026-11-24": 1, "2026-11-25": 0} {
			if got, err := r.PrescribedSubstances(ctx, day(on)); err != nil || len(got) != want {
				t.Errorf("on %s prescribed %q (%v), want %d", on, got, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
