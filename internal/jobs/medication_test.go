package jobs

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// medicationWrite writes the member's medication as the member themself,
// under the recorded decision.
func medicationWrite(t *testing.T, s *sqlstore.Store, member *onward.User, fn func(*sqlstore.Tx, sqlstore.Disclosure) error) {
	t.Helper()
	ctx := context.Background()
	err := s.Write(ctx, func(tx *sqlstore.Tx) error {
		d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: member.ID, Role: onward.RoleMember},
			SubjectID: member.ID, Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMedication}}, nil, tx.Now))
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A dose reminder goes out once, at the dose time, saying nothing of the
// medicine; a dose noted before its reminder is sent stops it.
func TestDoseRemindersAreSentOnceAndSayNothingOfTheMedicine(t *testing.T) {
	// Noon, so that the dose time ten minutes before is today whenever
	// the test runs.
	now := time.Now().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)
	s := openStoresAt(t, 1, func() time.Time { return now })[0]
	ctx := context.Background()
	mail, mailer := startMail(t)
	maria := addUser(t, s, "maria@example.com", "Maria", onward.RoleMember)
	jo := addUser(t, s, "jo@example.com", "Jo", onward.RoleMember)
	today := recovery.DateOf(now, time.UTC)
	doseTime := now.Add(-10 * time.Minute).Format("15:04")
	plans := map[string]*medication.Plan{}
	for _, u := range []*onward.User{maria, jo} {
		p := &medication.Plan{MemberID: u.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 16, Times: []string{doseTime},
			StartOn: today.AddDays(-10), Remind: true}
		plans[u.ID] = p
		medicationWrite(t, s, u, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			_, err := tx.SaveMedicationPlan(ctx, d, p, "", 0)
			return err
		})
	}
	// Jo notes the dose after the reminder is queued, before it is sent.
	if n, err := s.PlanMedicationReminders(ctx, now); err != nil || n != 2 {
		t.Fatalf("planned %d, %v", n, err)
	}
	medicationWrite(t, s, jo, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		_, err := tx.RecordDose(ctx, d, &medication.Dose{MemberID: jo.ID, ScheduleID: plans[jo.ID].ID, Kind: medication.Buprenorphine, Day: today,
			Slot: doseTime, Status: medication.Taken, Setting: medication.Home, DoseMg: 16})
		return err
	})
	sched := &Scheduler{Store: s, Mailer: mailer, BaseURL: "https://onward.example", Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return now.Add(time.Hour) }}
	for range 2 {
		if _, err := sched.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs := mail.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != maria.Email {
		t.Fatalf("sent %+v, want one reminder to Maria", msgs)
	}
	m := msgs[0]
	for _, word := range append(healthWords, "buprenorphine", "dose", "medication", "medicine") {
		if strings.Contains(strings.ToLower(m.Subject), word) {
			t.Errorf("the subject %q says %q", m.Subject, word)
		}
	}
	if !strings.Contains(m.Body, "https://onward.example/medication") || strings.Contains(strings.ToLower(m.Body), "buprenorphine") {
		t.Errorf("body %q", m.Body)
	}
}
