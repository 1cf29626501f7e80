package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

func day(s string) recovery.Date {
	d, err := recovery.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ownAccess writes as the member themself, through the policy.
// ownAccess runs fn in a write transaction with the recorded decision
// that u may change their own recovery data.
func ownAccess(t *testing.T, s *Store, u *onward.User, fn func(*Tx, Disclosure) error) error {
	t.Helper()
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		_, d, err := tx.decide(ctx, onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, onward.ActionWrite,
			[]onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryJournal, onward.CategoryAlerts})
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
}

func readOwn(t *testing.T, s *Store, u *onward.User, fn func(*Reader) error) {
	t.Helper()
	err := s.ReadAccess(context.Background(), onward.Principal{UserID: u.ID, Role: u.Role}, u.ID,
		[]onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryJournal, onward.CategoryAlerts}, fn)
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecoveryProfileRoundTrip(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	readOwn(t, s, u, func(r *Reader) error {
		if p, err := r.Profile(ctx); p != nil || err != nil {
			t.Fatalf("profile before onboarding = %+v, %v; want none", p, err)
		}
		return nil
	})
	at := time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC)
	p := &onward.RecoveryProfile{UserID: u.ID, LastUse: day("2026-11-01"), LastUseAt: &at, Convention: recovery.CountDayOfLastUse,
		Substances: []string{"heroin", "fentanyl"}, Medication: "buprenorphine", TreatmentLevel: "intensive_outpatient",
		Reasons: "my daughter", DailySpend: 60, DailyHours: 5.5, CheckinTime: "20:30"}
	for i := 0; i < 2; i++ { // the second save replaces the first
		if err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error { return tx.SaveProfile(ctx, d, p) }); err != nil {
			t.Fatal(err)
		}
	}
	readOwn(t, s, u, func(r *Reader) error {
		got, err := r.Profile(ctx)
		if err != nil || got == nil || got.LastUse != p.LastUse || !got.LastUseAt.Equal(at) || got.Convention != recovery.CountDayOfLastUse ||
			len(got.Substances) != 2 || got.Medication != "buprenorphine" || got.DailyHours != 5.5 || got.CheckinTime != "20:30" {
			t.Fatalf("profile = %+v, %v", got, err)
		}
		return nil
	})
}

func TestCheckInSaveReplaceConflictReplay(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	save := func(ci *onward.CheckIn, base *int) (bool, error) {
		var created bool
		err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) (err error) { created, err = tx.SaveCheckIn(ctx, d, ci, base); return })
		return created, err
	}
	sleep, taken := 7.5, true
	first := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-21"), Mood: 3, Craving: 4, SleepHours: &sleep, MedicationTaken: &taken, Note: "ok", ClientID: "tab-a"}
	if created, err := save(first, nil); err != nil || !created || first.Version != 1 {
		t.Fatalf("first save: created %v, version %d, %v", created, first.Version, err)
	}
	t.Run("ReplayOfTheSameSubmissionChangesNothing", func(t *testing.T) {
		replay := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-21"), Mood: 1, Craving: 9, ClientID: "tab-a"}
		if created, err := save(replay, nil); err != nil || created || replay.Version != 1 || replay.Mood != 3 {
			t.Fatalf("replay: created %v, %+v, %v", created, replay, err)
		}
	})
	t.Run("ErrStaleFormConflicts", func(t *testing.T) {
		stale := 0
		second := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-21"), Mood: 2, Craving: 6}
		if _, err := save(second, &stale); onward.ErrorCode(err) != onward.ECONFLICT {
			t.Fatalf("a form opened before the first save got %v, want a conflict", err)
		}
	})
	t.Run("AFormOfACheckInThatIsGoneConflicts", func(t *testing.T) {
		two := 2
		gone := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-19"), Mood: 2, Craving: 6}
		if _, err := save(gone, &two); onward.ErrorCode(err) != onward.ECONFLICT {
			t.Fatalf("a form opened on version 2 of a day with no check-in got %v, want a conflict", err)
		}
	})
	c.advance(time.Minute)
	edit := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-21"), Mood: 4, Craving: 2}
	one := 1
	if created, err := save(edit, &one); err != nil || created || edit.Version != 2 || edit.ID != first.ID {
		t.Fatalf("edit: created %v, %+v, %v", created, edit, err)
	}
	yesterday := &onward.CheckIn{UserID: u.ID, Day: day("2026-11-20"), Mood: 2, Craving: 7}
	if _, err := save(yesterday, nil); err != nil {
		t.Fatal(err)
	}
	readOwn(t, s, u, func(r *Reader) error {
		list, err := r.CheckIns(ctx, day("2026-11-01"), day("2026-11-30"))
		if err != nil || len(list) != 2 || list[0].Day != day("2026-11-20") || list[1].Mood != 4 || list[1].SleepHours != nil || list[1].Version != 2 {
			t.Fatalf("check-ins = %+v, %v", list, err)
		}
		one, err := r.CheckIn(ctx, day("2026-11-19"))
		if one != nil || err != nil {
			t.Fatalf("a day without a check-in returned %+v, %v", one, err)
		}
		return nil
	})
}

func TestLapsesPlanUrgesCelebrations(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error {
		return tx.AddLapse(ctx, d, &onward.Lapse{UserID: u.ID, Day: day("2026-11-10"), What: "heroin", LedTo: "a bad night"})
	})
	if err != nil {
		t.Fatal(err)
	}
	plan := &onward.Plan{UserID: u.ID, Triggers: []string{"payday"}, HALT: []string{"lonely"}, Coping: []string{"walk", "call Sam"},
		People: []onward.Contact{{Name: "Sam", Phone: "555 0100"}}, Reasons: []string{"my daughter"}}
	if err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error { return tx.SavePlan(ctx, d, plan) }); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 20, 22, 0, 0, 0, time.UTC)
	urge := &onward.Urge{UserID: u.ID, StartedAt: start, EndedAt: start.Add(15 * time.Minute), Passed: true, Helped: []string{"walk"}}
	if err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error { return tx.AddUrge(ctx, d, urge) }); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error {
			return tx.MarkCelebrated(ctx, d, u.ID, "30d", day("2026-11-30"))
		}); err != nil {
			t.Fatal(err)
		}
	}
	readOwn(t, s, u, func(r *Reader) error {
		lapses, _ := r.Lapses(ctx)
		if len(lapses) != 1 || lapses[0].LedTo != "a bad night" {
			t.Fatalf("lapses = %+v", lapses)
		}
		got, _ := r.Plan(ctx)
		if len(got.Coping) != 2 || got.People[0].Phone != "555 0100" || got.HALT[0] != "lonely" {
			t.Fatalf("plan = %+v", got)
		}
		urges, _ := r.Urges(ctx, 10)
		if len(urges) != 1 || !urges[0].Passed || urges[0].Helped[0] != "walk" || !urges[0].StartedAt.Equal(start) {
			t.Fatalf("urges = %+v", urges)
		}
		seen, _ := r.Celebrated(ctx)
		if !seen["30d/2026-11-30"] || len(seen) != 1 {
			t.Fatalf("celebrated = %v", seen)
		}
		return nil
	})
}

func TestOthersCannotReadRecoveryData(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	other := createUser(t, s, "ben@example.com", onward.RoleSupporter)
	ran := false
	err := s.ReadAccess(ctx, onward.Principal{UserID: other.ID, Role: other.Role}, u.ID, []onward.Category{onward.CategoryCheckins},
		func(*Reader) error { ran = true; return nil })
	if onward.ErrorCode(err) != onward.EFORBIDDEN || ran {
		t.Fatalf("another person's read: %v (ran %v)", err, ran)
	}
	// With a grant for check-ins only, a read that also asks for the journal is refused whole.
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: u.ID, GranteeID: other.ID, Categories: []onward.Category{onward.CategoryCheckins}})
	}); err != nil {
		t.Fatal(err)
	}
	viewer := onward.Principal{UserID: other.ID, Role: other.Role}
	if err := s.ReadAccess(ctx, viewer, u.ID, []onward.Category{onward.CategoryCheckins}, func(*Reader) error { return nil }); err != nil {
		t.Fatalf("granted read: %v", err)
	}
	err = s.ReadAccess(ctx, viewer, u.ID, []onward.Category{onward.CategoryCheckins, onward.CategoryJournal}, func(*Reader) error { ran = true; return nil })
	if onward.ErrorCode(err) != onward.EFORBIDDEN || ran {
		t.Fatalf("read including the journal: %v (ran %v)", err, ran)
	}
	log, _ := s.AccessByOthers(ctx, u.ID, 10)
	if len(log) != 4 {
		t.Fatalf("access log has %d entries by others, want 4 (one per category asked)", len(log))
	}
}

// A check-in dated after today (its member moved west since) is read too:
// the early warning's state keeps it for the days to come.
func TestWarningCheckInsReadsTheWindowAndTheLatestBefore(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	today := day("2026-11-21")
	sleep, notTaken := 5.5, false
	for _, ago := range []int{70, 30, 20, 13, 2, 0, -1} {
		c := &onward.CheckIn{UserID: u.ID, Day: today.AddDays(-ago), Mood: 2, Craving: ago % 10, Lonely: 4, Note: "not read"}
		if ago == 2 {
			c.SleepHours, c.MedicationTaken, c.Romanticising, c.Therapy = &sleep, &notTaken, true, true
		}
		if err := ownAccess(t, s, u, func(tx *Tx, d Disclosure) error { _, err := tx.SaveCheckIn(ctx, d, c, nil); return err }); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		since recovery.Date
		want  []int // days ago, oldest first
	}{
		{"TheLatestBeforeTheWindow", today.AddDays(-60), []int{20, 13, 2, 0, -1}},
		{"NothingBeforeSince", today.AddDays(-15), []int{13, 2, 0, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readOwn(t, s, u, func(r *Reader) error {
				got, err := r.WarningCheckIns(ctx, tt.since, today.AddDays(-13))
				if err != nil || len(got) != len(tt.want) {
					t.Fatalf("check-ins = %+v, %v; want days %v ago", got, err, tt.want)
				}
				for i, ago := range tt.want {
					if got[i].Day != today.AddDays(-ago) || got[i].Craving != ago%10 || got[i].Mood != 2 || got[i].Lonely != 4 || got[i].Note != "" {
						t.Errorf("check-in %d = %+v, want the one of %d days ago without its note", i, got[i], ago)
					}
				}
				two := got[len(got)-3]
				if two.SleepHours == nil || *two.SleepHours != 5.5 || two.MedicationTaken == nil || *two.MedicationTaken || !two.Romanticising || !two.Therapy {
					t.Errorf("check-in of two days ago = %+v, want its sleep, medication and answers", two)
				}
				if last := got[len(got)-2]; last.SleepHours != nil || last.MedicationTaken != nil || last.Romanticising {
					t.Errorf("today's check-in = %+v, want no sleep or medication answer", last)
				}
				return nil
			})
		})
	}
}
