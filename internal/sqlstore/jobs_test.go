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
				jobs, err := s.ClaimJobs(ctx, worker, clk.now(), time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				for _, j := range jobs {
					mu.Lock()
					claims[j.ID]++
					mu.Unlock()
					if err := s.FinishJob(ctx, j, worker, clk.now(), nil); err != nil {
						t.Error(err)
					}
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
	if due, err := a.HasDueJobs(ctx, clk.now().Add(time.Hour)); err != nil || due {
		t.Fatalf("jobs still due after all finished: %v, %v", due, err)
	}
}

func TestJobsExpiredLeaseIsTakenOverAndRetriesBackOff(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "maria@example.com", onward.RoleMember)
	grant(t, s, member, createUser(t, s, "sam@example.com", onward.RoleSupporter), onward.CategoryAlerts)
	sendSupportRequest(t, s, member)

	first, err := s.ClaimJobs(ctx, "crashed", clk.now(), time.Minute, 10)
	if err != nil || len(first) != 2 {
		t.Fatalf("claimed %d, %v; want 2", len(first), err)
	}
	if again, err := s.ClaimJobs(ctx, "other", clk.now().Add(59*time.Second), time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("claimed %d leased jobs, %v", len(again), err)
	}
	clk.advance(time.Minute)
	taken, err := s.ClaimJobs(ctx, "other", clk.now(), time.Minute, 10)
	if err != nil || len(taken) != 2 || taken[0].Attempts != 2 {
		t.Fatalf("takeover claimed %+v, %v", taken, err)
	}
	// The crashed worker coming back cannot finish what it lost.
	if err := s.FinishJob(ctx, first[0], "crashed", clk.now(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJob(ctx, taken[0], "other", clk.now(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishJob(ctx, taken[1], "other", clk.now(), errors.New("smtp down")); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.HasDueJobs(ctx, clk.now()); due {
		t.Fatal("failed job due again at once; want a delay")
	}
	clk.advance(2 * time.Minute) // attempt 2 waits 2²×30s
	retry, err := s.ClaimJobs(ctx, "other", clk.now(), time.Minute, 10)
	if err != nil || len(retry) != 1 || retry[0].ID != taken[1].ID {
		t.Fatalf("retry claimed %+v, %v; want the failed job", retry, err)
	}
	if err := s.FinishJob(ctx, retry[0], "other", clk.now(), nil); err != nil {
		t.Fatal(err)
	}
	// first[0] was finished once, by its new owner: nothing is left.
	if due, _ := s.HasDueJobs(ctx, clk.now().Add(time.Hour)); due {
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
