package sqlstore

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/recovery"
)

// seedMember gives a member one of every kind of record, a meeting
// attended, a supporter (a friend, through an invitation) who has read the
// member's check-ins and answered a request for support, another
// invitation still pending, and notification preferences of their own.
func seedMember(t *testing.T, s *Store, clk *clock) (member, supporter *onward.User) {
	t.Helper()
	ctx := context.Background()
	importDemoMeetings(t, s)
	member = createUser(t, s, "ana@example.com", onward.RoleMember)
	supporter = createUser(t, s, "sam@example.com", onward.RoleSupporter)
	sleep, took := 7.5, true
	err := ownAccess(t, s, member, func(tx *Tx, d Disclosure) error {
		if err := tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: member.ID, LastUse: day("2026-10-01"), Convention: recovery.CountDayAfter,
			Substances: []string{"heroin"}, Medication: "buprenorphine", TreatmentLevel: "outpatient", Reasons: "my kids",
			DailySpend: 40, DailyHours: 3, CheckinTime: "20:00"}); err != nil {
			return err
		}
		for i, on := range []string{"2026-11-19", "2026-11-20"} {
			c := &onward.CheckIn{UserID: member.ID, Day: day(on), Mood: 3 + i, Craving: 4 - i, SleepHours: &sleep, SleepQuality: 4,
				Stress: 2, Lonely: 1, Irritable: 2, MedicationTaken: &took, Meeting: i == 1, Note: "note " + on}
			if _, err := tx.SaveCheckIn(ctx, d, c, nil); err != nil {
				return err
			}
		}
		if err := tx.AddLapse(ctx, d, &onward.Lapse{UserID: member.ID, Day: day("2026-10-15"), What: "heroin", LedTo: "a bad night"}); err != nil {
			return err
		}
		if err := tx.SavePlan(ctx, d, &onward.Plan{UserID: member.ID, Triggers: []string{"payday"}, HALT: []string{"tired"},
			People: []onward.Contact{{Name: "Sam", Phone: "555 0100"}}}); err != nil {
			return err
		}
		start := clk.now().Add(-time.Hour)
		if err := tx.AddUrge(ctx, d, &onward.Urge{UserID: member.ID, StartedAt: start, EndedAt: start.Add(15 * time.Minute), Passed: true,
			Helped: []string{"walked"}, Note: "it passed"}); err != nil {
			return err
		}
		if err := tx.SaveAlertPhone(ctx, d, member.ID, "+1 217 555 0199"); err != nil {
			return err
		}
		return tx.MarkCelebrated(ctx, d, member.ID, "days-30", day("2026-10-31"))
	})
	if err != nil {
		t.Fatalf("seed member: %v", err)
	}
	seedAssessments(t, s, clk, member)
	res, err := s.SearchMeetings(ctx, MeetingSearch{Day: DayAny, Now: clk.now()})
	if err != nil || len(res.Meetings) == 0 {
		t.Fatalf("find a demo meeting: %v", err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		zone, _ := time.LoadLocation(res.Meetings[0].TimeZone)
		if _, err := tx.RecordAttendance(ctx, member.ID, res.Meetings[0].ID, heldDayOf(res.Meetings[0].MeetingListing), zone); err != nil {
			return err
		}
		accepted := &onward.Invitation{MemberID: member.ID, Relationship: "friend", CheckinsDetail: true,
			Categories: []onward.Category{onward.CategoryCheckins, onward.CategoryMilestones, onward.CategoryAlerts}}
		if err := tx.CreateInvitation(ctx, accepted, "hash-accepted"); err != nil {
			return err
		}
		if err := tx.UseInvitation(ctx, accepted.ID, supporter.ID); err != nil {
			return err
		}
		if err := tx.GrantSupport(ctx, member.ID, supporter.ID, accepted.Relationship,
			onward.Sharing{Categories: accepted.Categories, CheckinsDetail: accepted.CheckinsDetail}); err != nil {
			return err
		}
		pending := &onward.Invitation{MemberID: member.ID, Relationship: "sponsor", Email: "lee@example.com",
			Categories: []onward.Category{onward.CategoryMilestones}}
		if err := tx.CreateInvitation(ctx, pending, "hash-pending"); err != nil {
			return err
		}
		return tx.SaveNotifyPrefs(ctx, member.ID, NotifyPrefs{Email: false, Push: true, Discreet: true, Reminders: false,
			AutoAlert: true, QuietStart: "22:00", QuietEnd: "07:00"})
	})
	if err != nil {
		t.Fatalf("seed attendance, support network and notification preferences: %v", err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		req, err := tx.CreateSupportRequest(ctx, member.ID)
		if err != nil {
			return err
		}
		return tx.AnswerSupportRequest(ctx, req.ID, supporter.ID, AnswerOnMyWay)
	})
	if err != nil {
		t.Fatalf("seed a support request and its answer: %v", err)
	}
	err = s.ReadAccess(ctx, onward.Principal{UserID: supporter.ID, Role: supporter.Role}, member.ID,
		[]onward.Category{onward.CategoryCheckins}, func(*Reader) error { return nil })
	if err != nil {
		t.Fatalf("supporter reads check-ins: %v", err)
	}
	return member, supporter
}

// seedAssessments gives the member a PHQ-9 of their own with item 9 above
// 0, a COWS a clinician recorded, and a withdrawal tracker; the scores are
// the engine's, as export.Parse checks.
func seedAssessments(t *testing.T, s *Store, clk *clock, member *onward.User) {
	t.Helper()
	ctx := context.Background()
	clinician := createUser(t, s, "cara@example.com", onward.RoleClinician)
	phq := &onward.Assessment{UserID: member.ID, Instrument: "phq9", Answers: map[string]int{"1": 2, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1},
		Total: 3, Band: "minimal", Flags: []string{"suicide_risk"}, TakenAt: clk.now().Add(-48 * time.Hour), Baseline: true,
		RecordedBy: member.ID, RecordedByRole: onward.RoleMember, LevelOfCare: "outpatient", ClientID: "phone-1"}
	cows := &onward.Assessment{UserID: member.ID, Instrument: "cows",
		Answers: map[string]int{"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 0, "9": 0, "10": 0, "11": 0},
		Total:   9, Band: "mild", Flags: []string{"buprenorphine_start_threshold_met"}, BuprenorphineThreshold: 8,
		TakenAt: clk.now().Add(-time.Hour), Baseline: true, RecordedBy: clinician.ID, RecordedByRole: onward.RoleClinician}
	err := assessmentAccess(t, s, member, member.ID, func(tx *Tx, d Disclosure) error {
		for _, a := range []*onward.Assessment{phq, cows} {
			if _, err := tx.AddAssessment(ctx, d, a); err != nil {
				return err
			}
		}
		return tx.SaveWithdrawalTracker(ctx, d, &onward.WithdrawalTracker{UserID: member.ID, Substance: "heroin", LastUseAt: clk.now().Add(-30 * time.Hour)})
	})
	if err != nil {
		t.Fatalf("seed assessments: %v", err)
	}
}

func exportOf(t *testing.T, s *Store, u *onward.User) *export.Document {
	t.Helper()
	var d *export.Document
	err := s.ReadAccess(context.Background(), onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, ExportCategories,
		func(r *Reader) (err error) { d, err = r.Export(context.Background()); return err })
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return d
}

func TestExportHasEverything(t *testing.T) {
	s, clk := openTestStore(t)
	member, supporter := seedMember(t, s, clk)
	d := exportOf(t, s, member)
	if d.Format != export.Format || d.Version != export.Version || d.Account.Email != "ana@example.com" {
		t.Fatalf("header or account wrong: %q %d %+v", d.Format, d.Version, d.Account)
	}
	if d.RecoveryProfile == nil || d.RecoveryProfile.Medication != "buprenorphine" || d.Plan == nil || d.Plan.Triggers[0] != "payday" {
		t.Fatalf("profile %+v, plan %+v", d.RecoveryProfile, d.Plan)
	}
	if d.AlertPhone != "+1 217 555 0199" {
		t.Fatalf("alert phone %q, want the one the member gave", d.AlertPhone)
	}
	counts := map[string]int{"checkins": len(d.CheckIns), "lapses": len(d.Lapses), "urges": len(d.Urges),
		"milestones": len(d.Milestones), "attendance": len(d.MeetingAttendance), "consents given": len(d.ConsentsGiven), "assessments": len(d.Assessments)}
	want := map[string]int{"checkins": 2, "lapses": 1, "urges": 1, "milestones": 1, "attendance": 1, "consents given": 1, "assessments": 2}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("record counts %v, want %v", counts, want)
	}
	if g := d.ConsentsGiven[0]; g.Person.ID != supporter.ID || !g.Active || len(g.Categories) != 3 ||
		g.Relationship != "friend" || !g.CheckinsDetail || g.Purpose != onward.SupportPurpose {
		t.Fatalf("consent %+v, want the friend's active consent with its relationship, detail and purpose", g)
	}
	if a := d.Assessments[0]; a.Instrument != "phq9" || a.Total != 3 || a.Band != "minimal" || !reflect.DeepEqual(a.Flags, []string{"suicide_risk"}) ||
		a.RecordedBy.ID != member.ID || a.RecordedBy.Role != "member" || !a.Baseline || a.LevelOfCare != "outpatient" {
		t.Fatalf("PHQ-9 in the export %+v", a)
	}
	if a := d.Assessments[1]; a.Instrument != "cows" || a.BuprenorphineThreshold != 8 || a.RecordedBy.Role != "clinician" || a.RecordedBy.DisplayName == "" {
		t.Fatalf("COWS in the export %+v", a)
	}
	if w := d.WithdrawalTracker; w == nil || w.Substance != "heroin" || !w.LastUseAt.Equal(clk.now().Add(-30*time.Hour)) {
		t.Fatalf("withdrawal tracker in the export %+v", w)
	}
	if len(d.PendingInvitations) != 1 {
		t.Fatalf("pending invitations %+v, want the sponsor's only (the accepted one is a consent now)", d.PendingInvitations)
	}
	if inv := d.PendingInvitations[0]; inv.Relationship != "sponsor" || inv.Email != "lee@example.com" ||
		!reflect.DeepEqual(inv.Categories, []string{"milestones"}) || !inv.ExpiresAt.Equal(inv.CreatedAt.Add(onward.InvitationLifetime)) {
		t.Fatalf("pending invitation %+v", inv)
	}
	wantPrefs := export.NotifyPrefs{Push: true, Discreet: true, AutoAlert: true, QuietStart: "22:00", QuietEnd: "07:00"}
	if d.NotifyPrefs == nil || *d.NotifyPrefs != wantPrefs {
		t.Fatalf("notification preferences %+v, want %+v", d.NotifyPrefs, wantPrefs)
	}
	if len(d.SupportRequests) != 1 || len(d.SupportRequests[0].Answers) != 1 {
		t.Fatalf("support requests %+v, want one with one answer", d.SupportRequests)
	}
	if a := d.SupportRequests[0].Answers[0]; a.Person.ID != supporter.ID || a.Person.DisplayName == "" || a.Answer != AnswerOnMyWay || a.AnsweredAt.IsZero() {
		t.Fatalf("answer %+v, want the supporter's on my way, with its time", a)
	}
	file := string(marshalJSON(t, d))
	for _, secret := range []string{"hash-accepted", "hash-pending", "code_hash", "p256dh", "endpoint"} {
		if strings.Contains(file, secret) {
			t.Errorf("the export holds %q, a secret or a device's push subscription", secret)
		}
	}
	t.Run("DefaultNotifyPrefsWhenNoneChosen", func(t *testing.T) {
		newcomer := createUser(t, s, "new@example.com", onward.RoleMember)
		p := exportOf(t, s, newcomer).NotifyPrefs
		if p == nil || *p != (export.NotifyPrefs{Email: true, Push: true, Discreet: true, Reminders: true}) {
			t.Fatalf("notification preferences %+v, want the defaults", p)
		}
	})
	if len(d.AccessLog) != 1 || d.AccessLog[0].ActorID != supporter.ID || d.AccessLog[0].Category != "checkins" {
		t.Fatalf("access log %+v, want the supporter's one read of check-ins", d.AccessLog)
	}
	if d.CheckIns[0].Day.String() != "2026-11-19" || d.CheckIns[0].SleepHours == nil || *d.CheckIns[0].SleepHours != 7.5 {
		t.Fatalf("first check-in %+v", d.CheckIns[0])
	}
	t.Run("SupporterGetsNoExport", func(t *testing.T) {
		err := s.ReadAccess(context.Background(), onward.Principal{UserID: supporter.ID, Role: supporter.Role}, member.ID,
			ExportCategories, func(*Reader) error { t.Fatal("the export ran for the supporter"); return nil })
		wantCode(t, err, onward.EFORBIDDEN)
	})
}

// comparable blanks what an import cannot or must not carry over: ids,
// the export time, the account's email, id and creation (the importing
// account keeps its own), the profile's, plan's and withdrawal tracker's
// save times (the import saves them anew), consents, pending invitations,
// support requests and the access log, and who (other than the member)
// recorded an assessment, and for which program (they name people and
// programs of the other instance).
func comparable(t *testing.T, d *export.Document) string {
	t.Helper()
	c := *d
	c.ExportedAt, c.Account.ID, c.Account.Email, c.Account.CreatedAt = time.Time{}, "", "", time.Time{}
	c.ConsentsGiven, c.ConsentsReceived, c.AccessLog, c.PendingInvitations, c.SupportRequests = nil, nil, nil, nil, nil
	if c.RecoveryProfile != nil {
		p := *c.RecoveryProfile
		p.UpdatedAt, c.RecoveryProfile = time.Time{}, &p
	}
	if c.Plan != nil {
		p := *c.Plan
		p.UpdatedAt, c.Plan = time.Time{}, &p
	}
	c.CheckIns = append([]export.CheckIn(nil), c.CheckIns...)
	for i := range c.CheckIns {
		c.CheckIns[i].ID = ""
	}
	c.Lapses = append([]export.Lapse(nil), c.Lapses...)
	for i := range c.Lapses {
		c.Lapses[i].ID = ""
	}
	c.Urges = append([]export.Urge(nil), c.Urges...)
	for i := range c.Urges {
		c.Urges[i].ID = ""
	}
	c.Assessments = append([]export.Assessment(nil), c.Assessments...)
	for i, a := range c.Assessments {
		c.Assessments[i].ID, c.Assessments[i].RecordedBy.ID = "", ""
		if a.RecordedBy.Role != "member" {
			c.Assessments[i].RecordedBy.DisplayName, c.Assessments[i].Program = "", ""
		}
	}
	if c.WithdrawalTracker != nil {
		w := *c.WithdrawalTracker
		w.UpdatedAt, c.WithdrawalTracker = time.Time{}, &w
	}
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportImportRoundTrip(t *testing.T) {
	from, clk := openTestStore(t)
	member, _ := seedMember(t, from, clk)
	original := exportOf(t, from, member)
	file, err := json.Marshal(original)
	if err != nil {
		t.Fatal(err)
	}

	to, _ := openTestStore(t)
	importDemoMeetings(t, to)
	fresh := createUser(t, to, "ana.new@example.com", onward.RoleMember)
	parsed, err := export.Parse(file, day("2026-11-21"))
	if err != nil {
		t.Fatalf("parse own export: %v", err)
	}
	report, err := to.Restore(context.Background(), onward.Principal{UserID: fresh.ID, Role: fresh.Role}, fresh.ID, parsed)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	want := RestoreReport{Profile: true, CheckIns: 2, Lapses: 1, Plan: true, Urges: 1, Milestones: 1, Attendance: 1, NotifyPrefs: true,
		Assessments: 2, WithdrawalTracker: true}
	if report != want {
		t.Fatalf("report %+v, want %+v", report, want)
	}
	again := exportOf(t, to, fresh)
	if a, b := comparable(t, original), comparable(t, again); a != b {
		t.Fatalf("the data changed on the round trip.\nexported:\n%s\nafter import:\n%s", a, b)
	}

	if d := again; len(d.ConsentsGiven) != 0 || len(d.PendingInvitations) != 0 || len(d.SupportRequests) != 0 {
		t.Fatalf("the import restored the support network: %+v %+v %+v", d.ConsentsGiven, d.PendingInvitations, d.SupportRequests)
	}
	if a := again.Assessments; a[0].RecordedBy.ID != fresh.ID || a[1].RecordedBy.ID != "" || a[1].RecordedBy.Role != "clinician" {
		t.Fatalf("recorders after the import: %+v, %+v; want the member's own as the new account's, the clinician's as a clinician's", a[0].RecordedBy, a[1].RecordedBy)
	}
	t.Run("Version1FileWithoutNotifyPrefs", func(t *testing.T) {
		var older map[string]any
		if err := json.Unmarshal(file, &older); err != nil {
			t.Fatal(err)
		}
		delete(older, "notification_preferences")
		delete(older, "pending_invitations")
		delete(older, "support_requests")
		parsedOlder, err := export.Parse(marshalJSON(t, older), day("2026-11-21"))
		if err != nil {
			t.Fatalf("parse a version 1 file from before the support network: %v", err)
		}
		u := createUser(t, to, "ana.older@example.com", onward.RoleMember)
		report, err := to.Restore(context.Background(), onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, parsedOlder)
		if err != nil || report.NotifyPrefs || report.CheckIns != 2 {
			t.Fatalf("report %+v, %v; want the records loaded and the preferences left alone", report, err)
		}
		if p := exportOf(t, to, u).NotifyPrefs; *p != (export.NotifyPrefs{Email: true, Push: true, Discreet: true, Reminders: true}) {
			t.Fatalf("notification preferences %+v, want the defaults", p)
		}
	})
	t.Run("ErrAccountHasData", func(t *testing.T) {
		_, err := to.Restore(context.Background(), onward.Principal{UserID: fresh.ID, Role: fresh.Role}, fresh.ID, parsed)
		wantCode(t, err, onward.ECONFLICT)
		if n := len(exportOf(t, to, fresh).CheckIns); n != 2 {
			t.Fatalf("%d check-ins after a refused import, want the 2 from before", n)
		}
	})
	t.Run("ErrSomeoneElsesAccount", func(t *testing.T) {
		other := createUser(t, to, "other@example.com", onward.RoleMember)
		empty := createUser(t, to, "empty@example.com", onward.RoleMember)
		_, err := to.Restore(context.Background(), onward.Principal{UserID: other.ID, Role: other.Role}, empty.ID, parsed)
		wantCode(t, err, onward.EFORBIDDEN)
		if d := exportOf(t, to, empty); len(d.CheckIns) != 0 || d.RecoveryProfile != nil {
			t.Fatalf("a refused import wrote data: %+v", d)
		}
	})
	t.Run("AttendanceAtUnknownMeetingsIsSkipped", func(t *testing.T) {
		bare, _ := openTestStore(t)
		u := createUser(t, bare, "ana@example.com", onward.RoleMember)
		report, err := bare.Restore(context.Background(), onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, parsed)
		if err != nil || report.Attendance != 0 || report.AttendanceSkipped != 1 || report.CheckIns != 2 {
			t.Fatalf("report %+v, %v; want the meeting skipped and the rest loaded", report, err)
		}
	})
}

// TestDeleteLeavesNoTrace checks every text column of every table, those
// added later by other areas included, for the deleted member's id: only
// the audit log may keep it (ids only, so the chain stays verifiable).
func TestDeleteLeavesNoTrace(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	member, _ := seedMember(t, s, clk)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, member.ID) }); err != nil {
		t.Fatal(err)
	}
	columns := textColumns(t, s)
	if len(columns) < 20 {
		t.Fatalf("found only %d text columns; the schema query is wrong", len(columns))
	}
	kept := 0
	for _, col := range columns {
		var n int
		q := "SELECT COUNT(*) FROM " + col[0] + " WHERE " + col[1] + " = ?"
		if err := s.queryRow(ctx, q, member.ID).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		switch {
		case col[0] == "audit_log":
			kept += n
		case n > 0:
			t.Errorf("%d rows of %s.%s still hold the deleted member's id", n, col[0], col[1])
		}
	}
	if kept == 0 {
		t.Fatal("the audit log holds no entry about the member; the search did not look where it should")
	}
}

func marshalJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// textColumns lists (table, column) for every text column of the schema.
func textColumns(t *testing.T, s *Store) [][2]string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying') ORDER BY table_name, column_name`
	if s.Dialect() == "sqlite" {
		q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND upper(p.type) = 'TEXT' ORDER BY m.name, p.name`
	}
	rows, err := s.query(ctx, q)
	if err != nil {
		t.Fatalf("list columns: %v", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(table, "goose_") {
			out = append(out, [2]string{table, column})
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
