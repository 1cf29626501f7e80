package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
)

// openTwinStores opens two stores on one fresh database, as two Onward
// instances sharing it would.
func openTwinStores(t *testing.T) (*Store, *Store, *clock) {
	t.Helper()
	ctx := context.Background()
	c := newClock()
	dsn := filepath.Join(t.TempDir(), "twin.db")
	if pg := os.Getenv("ONWARD_TEST_POSTGRES"); pg != "" {
		schema := fmt.Sprintf("test_%d_%d", os.Getpid(), schemaSeq.Add(1))
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(pg, "?") {
			sep = "&"
		}
		dsn = pg + sep + "search_path=" + schema
	}
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dsn, c.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenAuditLog(ctx, keys); err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	return stores[0], stores[1], c
}

func TestJobsTwoInstancesClaimEachJobOnce(t *testing.T) {
	a, b, clk := openTwinStores(t)
	ctx := context.Background()
	member := createUser(t, a, "maria@example.com", onward.RoleMember)
	const supporters, requests = 5, 8
	for i := range supporters {
		grant(t, a, member, createUser(t, a, fmt.Sprintf("s%d@example.com", i), onward.RoleSupporter), onward.CategoryAlerts)
	}
	for range requests {
		sendSupportRequest(t, a, member)
	}
	const want = supporters * requests * 2 // an email and a push job each

	var mu sync.Mutex
	claims := map[string]int{}
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			worker := fmt.Sprintf("worker-%d", i)
			for {
				jobs, err := s.ClaimJobs(ctx, worker, clk.now(), time.Minute, 3, PriorityRoutine)
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				var done []JobResult
				for _, j := range jobs {
					mu.Lock()
					claims[j.ID]++
					mu.Unlock()
					done = append(done, JobResult{Job: j})
				}
				if err := s.FinishJobs(ctx, worker, clk.now(), done); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if len(claims) != want {
		t.Fatalf("%d jobs claimed, want %d", len(claims), want)
	}
	for id, n := range claims {
		if n != 1 {
			t.Fatalf("job %s claimed %d times", id, n)
		}
	}
	if due, err := a.HasDueJobs(ctx, clk.now().Add(time.Hour), PriorityRoutine); err != nil || due {
		t.Fatalf("jobs still due after all finished: %v, %v", due, err)
	}
}

func TestJobsExpiredLeaseIsTakenOverAndRetriesBackOff(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "maria@example.com", onward.RoleMember)
	grant(t, s, member, createUser(t, s, "sam@example.com", onward.RoleSupporter), onward.CategoryAlerts)
	sendSupportRequest(t, s, member)

	first, err := s.ClaimJobs(ctx, "crashed", clk.now(), time.Minute, 10, PriorityRoutine)
	if err != nil || len(first) != 2 {
		t.Fatalf("claimed %d, %v; want 2", len(first), err)
	}
	if again, err := s.ClaimJobs(ctx, "other", clk.now().Add(59*time.Second), time.Minute, 10, PriorityRoutine); err != nil || len(again) != 0 {
		t.Fatalf("claimed %d leased jobs, %v", len(again), err)
	}
	clk.advance(time.Minute)
	taken, err := s.ClaimJobs(ctx, "other", clk.now(), time.Minute, 10, PriorityRoutine)
	if err != nil || len(taken) != 2 || taken[0].Attempts != 2 {
		t.Fatalf("takeover claimed %+v, %v", taken, err)
	}
	// The crashed worker coming back cannot finish what it lost.
	if err := s.FinishJobs(ctx, "crashed", clk.now(), []JobResult{{Job: first[0]}}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJobs(ctx, "other", clk.now(), []JobResult{{Job: taken[0]}}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJobs(ctx, "other", clk.now(), []JobResult{{Job: taken[1], Err: errors.New("smtp down")}}); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.HasDueJobs(ctx, clk.now(), PriorityRoutine); due {
		t.Fatal("failed job due again at once; want a delay")
	}
	clk.advance(2 * time.Minute) // attempt 2 waits 2²×30s
	retry, err := s.ClaimJobs(ctx, "other", clk.now(), time.Minute, 10, PriorityRoutine)
	if err != nil || len(retry) != 1 || retry[0].ID != taken[1].ID {
		t.Fatalf("retry claimed %+v, %v; want the failed job", retry, err)
	}
	if err := s.FinishJobs(ctx, "other", clk.now(), []JobResult{{Job: retry[0]}}); err != nil {
		t.Fatal(err)
	}
	// first[0] was finished once, by its new owner: nothing is left.
	if due, _ := s.HasDueJobs(ctx, clk.now().Add(time.Hour), PriorityRoutine); due {
		t.Fatal("jobs left after all were finished")
	}
}

func TestJobsPlanCheckinRemindersOncePerDay(t *testing.T) {
	a, b, clk := openTwinStores(t)
	ctx := context.Background()
	// 9:00 UTC is 04:00 in New York.
	clk.set(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	newMember := func(email, checkinTime string) *onward.User {
		u := &onward.User{Email: email, DisplayName: "M", Role: onward.RoleMember, Locale: "en", TimeZone: "America/New_York"}
		if err := a.Write(ctx, func(tx *Tx) error { return tx.CreateUser(ctx, u, "hash") }); err != nil {
			t.Fatal(err)
		}
		p := &onward.RecoveryProfile{UserID: u.ID, LastUse: day("2026-11-01"), Convention: recovery.CountDayOfLastUse, Substances: []string{"heroin"},
			Medication: "none", TreatmentLevel: "none", CheckinTime: checkinTime}
		if err := ownAccess(t, a, u, func(tx *Tx, d Disclosure) error { return tx.SaveProfile(ctx, d, p) }); err != nil {
			t.Fatal(err)
		}
		return u
	}
	due := newMember("due@example.com", "03:30")
	later := newMember("later@example.com", "20:30")
	checkedIn := newMember("checked@example.com", "03:00")
	quiet := newMember("quiet@example.com", "03:00")
	off := newMember("off@example.com", "03:00")
	if err := ownAccess(t, a, checkedIn, func(tx *Tx, d Disclosure) error {
		_, err := tx.SaveCheckIn(ctx, d, &onward.CheckIn{UserID: checkedIn.ID, Day: day("2026-11-21"), Mood: 3, SleepQuality: 3, Stress: 1, Lonely: 1, Irritable: 1}, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	prefs := DefaultNotifyPrefs
	prefs.QuietStart, prefs.QuietEnd = "22:00", "07:00"
	noReminders := DefaultNotifyPrefs
	noReminders.Reminders = false
	if err := a.Write(ctx, func(tx *Tx) error {
		return errors.Join(tx.SaveNotifyPrefs(ctx, quiet.ID, prefs), tx.SaveNotifyPrefs(ctx, off.ID, noReminders))
	}); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	created := make([]int, 4)
	for i, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			n, err := s.PlanCheckinReminders(ctx, clk.now())
			if err != nil {
				t.Error(err)
			}
			created[i] = n
		})
	}
	wg.Wait()
	if total := created[0] + created[1] + created[2] + created[3]; total != 1 {
		t.Fatalf("planners created %v reminders, want 1 in all", created)
	}
	for _, u := range []*onward.User{due, later, checkedIn, quiet, off} {
		got, err := a.Notifications(ctx, u.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if u == due {
			want = 1
		}
		if len(got) != want {
			t.Fatalf("%s has %d reminders, want %d", u.Email, len(got), want)
		}
		if want == 1 && (got[0].Kind != KindCheckinReminder || got[0].RefID != "2026-11-21") {
			t.Fatalf("reminder = %+v", got[0])
		}
	}
	// The next local day brings the next reminder.
	clk.advance(24 * time.Hour)
	if n, err := a.PlanCheckinReminders(ctx, clk.now()); err != nil || n != 2 { // due and, no longer checked in, checkedIn
		t.Fatalf("next day created %d, %v; want 2", n, err)
	}
}

// addReminderMembers creates n members who chose checkinTime (UTC) for
// their daily check-in, in one transaction.
func addReminderMembers(t *testing.T, s *Store, n int, checkinTime string) {
	t.Helper()
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		for i := range n {
			u := &onward.User{Email: fmt.Sprintf("m%d@example.com", i), DisplayName: "M", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := tx.CreateUser(ctx, u, "hash"); err != nil {
				return err
			}
			// The member's own profile, under the recorded decision that they may write it.
			d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: u.ID,
				Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
			if err != nil {
				return err
			}
			if err := tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: u.ID, LastUse: day("2026-11-01"), Convention: recovery.CountDayOfLastUse,
				Substances: []string{"heroin"}, Medication: "none", TreatmentLevel: "none", CheckinTime: checkinTime}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestJobsUrgentIsClaimedBeforeOlderRoutineWork(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	const members = 300
	addReminderMembers(t, s, members, "08:00")
	if n, err := s.PlanCheckinReminders(ctx, clk.now()); err != nil || n != members {
		t.Fatalf("planned %d, %v; want %d", n, err, members)
	}
	clk.advance(ReminderSpread) // every reminder is due, and older than the alert below
	if due, err := s.HasDueJobs(ctx, clk.now(), PriorityUrgent); err != nil || due {
		t.Fatalf("urgent work due before any was queued: %v, %v", due, err)
	}
	if got, err := s.ClaimJobs(ctx, "urgent-lane", clk.now(), time.Minute, 10, PriorityUrgent); err != nil || len(got) != 0 {
		t.Fatalf("urgent claim took %d routine jobs, %v", len(got), err)
	}

	member := createUser(t, s, "maria@example.com", onward.RoleMember)
	grant(t, s, member, createUser(t, s, "sam@example.com", onward.RoleSupporter), onward.CategoryAlerts)
	clk.advance(time.Second)
	req := sendSupportRequest(t, s, member)
	if due, err := s.HasDueJobs(ctx, clk.now(), PriorityUrgent); err != nil || !due {
		t.Fatalf("the alert is not due as urgent work: %v, %v", due, err)
	}
	first, err := s.ClaimJobs(ctx, "any-lane", clk.now(), time.Minute, 2, PriorityRoutine)
	if err != nil || len(first) != 2 {
		t.Fatalf("claimed %+v, %v", first, err)
	}
	for _, j := range first {
		n, err := s.Notification(ctx, j.RefID)
		if err != nil {
			t.Fatal(err)
		}
		if j.Priority != PriorityUrgent || n.Kind != KindSupportRequest || n.RefID != req.ID {
			t.Fatalf("first claim took %+v (%s), want the support request's deliveries", j, n.Kind)
		}
	}
	rest, err := s.ClaimJobs(ctx, "any-lane", clk.now(), time.Minute, 3*members, PriorityRoutine)
	if err != nil || len(rest) != 2*members {
		t.Fatalf("claimed %d routine jobs, %v; want %d", len(rest), err, 2*members)
	}
	for i, j := range rest {
		if j.Priority != PriorityRoutine {
			t.Fatalf("routine claim returned %+v", j)
		}
		if i > 0 && j.runAt.Before(rest[i-1].runAt) {
			t.Fatalf("claim %d is due at %v, before the one returned ahead of it (%v)", i, j.runAt, rest[i-1].runAt)
		}
	}
}

func TestJobsRemindersAreSpreadOverTheWindow(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	const members = 300
	addReminderMembers(t, s, members, "08:00")
	planned := clk.now()
	if n, err := s.PlanCheckinReminders(ctx, planned); err != nil || n != members {
		t.Fatalf("planned %d, %v; want %d", n, err, members)
	}
	claimed := func(at time.Time) int {
		jobs, err := s.ClaimJobs(ctx, "w", at, time.Hour, 3*members, PriorityRoutine)
		if err != nil {
			t.Fatal(err)
		}
		return len(jobs)
	}
	// Each member's email and push are due together at the member's own
	// offset: a few at once, about half by the middle, all by the end.
	atOnce := claimed(planned)
	byMiddle := atOnce + claimed(planned.Add(ReminderSpread/2))
	byEnd := byMiddle + claimed(planned.Add(ReminderSpread))
	if atOnce > 2*members/20 || byMiddle < 2*members*3/10 || byMiddle > 2*members*7/10 || byEnd != 2*members {
		t.Fatalf("due at once %d, by the middle %d, by the end %d of %d", atOnce, byMiddle, byEnd, 2*members)
	}
}

func TestJobsMigrationKeepsQueuedAlertsUrgent(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	p, err := s.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	// Jobs queued before priorities existed: an alert's and a reminder's.
	now := s.dialect.timeValue(time.Now())
	for _, q := range []string{
		`INSERT INTO users (id, email, display_name, role, locale, time_zone, password_hash, created_at, updated_at) VALUES ('u', 'u@example.com', 'U', 'member', 'en', 'UTC', 'x', ?, ?)`,
		`INSERT INTO notifications (id, user_id, kind, about_id, ref_id, created_at, read_at) VALUES ('alert', 'u', 'support_request', 'u', 'r', ?, ?)`,
		`INSERT INTO notifications (id, user_id, kind, about_id, ref_id, created_at, read_at) VALUES ('reminder', 'u', 'checkin_reminder', 'u', '2026-11-21', ?, ?)`,
		`INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, run_at, created_at) VALUES ('ja', 'email', 'u', 'alert', 'ja', ?, ?)`,
		`INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, run_at, created_at) VALUES ('jr', 'push', 'u', 'reminder', 'jr', ?, ?)`,
	} {
		if _, err := s.db.ExecContext(ctx, s.dialect.rebind(q), now, now); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Priority{"ja": PriorityUrgent, "jr": PriorityRoutine} {
		var got Priority
		if err := s.db.QueryRowContext(ctx, s.dialect.rebind("SELECT priority FROM jobs WHERE id = ?"), id).Scan(&got); err != nil || got != want {
			t.Fatalf("job %s has priority %d, %v; want %d", id, got, err, want)
		}
	}
}
