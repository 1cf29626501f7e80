package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The check-in decides its early warning from what it reads on its hot
// path (the window, the latest check-in before it, the lapse days); the
// member's home page decides from sixty days of full check-ins and every
// lapse. They must agree, or an automatic alert would follow a warning the
// member never sees, or miss one they do.
func TestCheckInWarningIsTheHomePagesWarning(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 18, 0, 0, 0, time.UTC)
	a, store := testApp(t, nil)
	a.now = func() time.Time { return now }
	today := recovery.DateOf(now, time.UTC)

	plain := func(ago int) onward.CheckIn { return onward.CheckIn{Day: today.AddDays(-ago), Mood: 3, Craving: 2} }
	romanticising := func(ago int) onward.CheckIn { c := plain(ago); c.Romanticising = true; return c }
	tests := []struct {
		name      string
		startAgo  int
		history   []onward.CheckIn
		lapsesAgo []int
		checkIn   onward.CheckIn
		wantHigh  bool // the level both must reach, so that the case means something
	}{
		// Craving 3 + thoughts of using 2 + missed check-ins 1: high only
		// because the check-ins 20 days ago say the member was checking in
		// before the window, so its 12 empty days count as missed.
		{"CheckedInBeforeTheWindow", 400, []onward.CheckIn{plain(21), plain(20), romanticising(1)}, nil, func() onward.CheckIn {
			c := romanticising(0)
			c.Craving = 8
			return c
		}(), true},
		{"NeverCheckedInBeforeTheWindow", 400, []onward.CheckIn{romanticising(1)}, nil, func() onward.CheckIn {
			c := romanticising(0)
			c.Craving = 8
			return c
		}(), false},
		// Sixty days is how far back the pages look: older check-ins do
		// not count.
		{"CheckedInOnlyBeforeSixtyDays", 400, []onward.CheckIn{plain(70), romanticising(1)}, nil, func() onward.CheckIn {
			c := romanticising(0)
			c.Craving = 8
			return c
		}(), false},
		{"ARecentLapseAndHighCraving", 400, []onward.CheckIn{plain(3), plain(2)}, []int{5}, func() onward.CheckIn {
			c := plain(0)
			c.Craving = 9
			return c
		}(), true},
		{"ALapseLongAgo", 400, []onward.CheckIn{plain(3), plain(2)}, []int{40}, func() onward.CheckIn {
			c := plain(0)
			c.Craving = 9
			return c
		}(), false},
		{"ReplacingTodaysCheckIn", 400, []onward.CheckIn{plain(21), romanticising(1), func() onward.CheckIn {
			c := romanticising(0)
			c.Craving = 9
			return c
		}()}, nil, plain(0), false},
		{"YesterdaysCheckInLate", 30, []onward.CheckIn{plain(5), plain(0)}, nil, func() onward.CheckIn {
			c := romanticising(1)
			c.Craving = 8
			return c
		}(), false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			member := &onward.User{Email: fmt.Sprintf("member%d@example.com", i), DisplayName: "Member", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			err := store.Write(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.CreateUser(ctx, member, "hash"); err != nil {
					return err
				}
				d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: principalOf(member), SubjectID: member.ID, Action: onward.ActionWrite,
					Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins}}, nil, tx.Now))
				if err != nil {
					return err
				}
				p := &onward.RecoveryProfile{UserID: member.ID, LastUse: today.AddDays(-tt.startAgo), Medication: "none", TreatmentLevel: "none"}
				if err := tx.SaveProfile(ctx, d, p); err != nil {
					return err
				}
				for _, c := range tt.history {
					c.UserID = member.ID
					if _, err := tx.SaveCheckIn(ctx, d, &c, nil); err != nil {
						return err
					}
				}
				for _, ago := range tt.lapsesAgo {
					if err := tx.AddLapse(ctx, d, &onward.Lapse{UserID: member.ID, Day: today.AddDays(-ago)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			checkInHigh, pageHigh, signals := checkInBesideHomePage(t, a, member, tt.checkIn)
			if checkInHigh != pageHigh || pageHigh != tt.wantHigh {
				t.Fatalf("check-in's warning high = %v, home page's = %v (%+v), want both %v", checkInHigh, pageHigh, signals, tt.wantHigh)
			}
		})
	}
}

// Each check-in keeps the early warning's state for the next one, which
// decides from it instead of reading the history. Members check in day
// after day (missing days, late for yesterday, replaying an offline
// check-in with other answers, recording lapses, moving across the date
// line), and after every check-in its warning must be the home page's,
// which reads the whole history.
func TestKeptWarningStateIsTheHistorysWarning(t *testing.T) {
	ctx := context.Background()
	a, store := testApp(t, nil)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	fromKept, levels := 0, map[bool]int{}
	for m := range 4 {
		now = time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
		member := &onward.User{Email: fmt.Sprintf("walker%d@example.com", m), DisplayName: "Member", Role: onward.RoleMember, Locale: "en",
			TimeZone: "Pacific/Kiritimati"} // UTC+14: today is tomorrow in UTC until the member moves
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			if err := tx.CreateUser(ctx, member, "hash"); err != nil {
				return err
			}
			d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: principalOf(member), SubjectID: member.ID, Action: onward.ActionWrite,
				Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
			if err != nil {
				return err
			}
			start := recovery.DateOf(now, time.UTC).AddDays(-100 - 150*m)
			return tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: member.ID, LastUse: start, Medication: "buprenorphine", TreatmentLevel: "none"})
		})
		if err != nil {
			t.Fatal(err)
		}
		rnd := rand.New(rand.NewPCG(uint64(m), 14))
		for range 70 {
			now = now.Add(24 * time.Hour)
			if m%2 == 1 && now.After(time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)) {
				member.TimeZone = "Pacific/Pago_Pago" // UTC-11: today goes back a day
			}
			rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones)
			if err != nil {
				t.Fatal(err)
			}
			if _, kept, err := rd.CheckInProfile(ctx); err != nil {
				t.Fatal(err)
			} else if kept != "" {
				fromKept++
			}
			today := a.ClockOf(member.TimeZone).Today
			switch r := rnd.IntN(20); {
			case r < 3: // a missed day
				continue
			case r == 3:
				if err := a.RecordLapse(ctx, member, &onward.Lapse{Day: today.AddDays(-rnd.IntN(2))}); err != nil {
					t.Fatal(err)
				}
			}
			day := today
			if rnd.IntN(6) == 0 {
				day = today.AddDays(-1)
			}
			checkIn := func(clientID string) onward.CheckIn {
				taken := rnd.IntN(3) > 0
				sleep := float64(rnd.IntN(19)) / 2
				return onward.CheckIn{Day: day, Mood: 1 + rnd.IntN(5), Craving: rnd.IntN(11), SleepHours: &sleep, SleepQuality: rnd.IntN(6),
					Stress: rnd.IntN(6), Lonely: rnd.IntN(6), Irritable: rnd.IntN(6), Romanticising: rnd.IntN(3) == 0,
					MedicationTaken: &taken, SupportContact: rnd.IntN(2) == 0, Exercise: rnd.IntN(3) == 0, ClientID: clientID}
			}
			sends := []onward.CheckIn{checkIn("")}
			if rnd.IntN(8) == 0 { // kept offline, sent twice, the second time with other answers
				first := checkIn(fmt.Sprint("offline-", now.Unix()))
				again := checkIn(first.ClientID)
				sends = []onward.CheckIn{first, again}
			}
			for i, c := range sends {
				checkInHigh, pageHigh, signals := checkInBesideHomePage(t, a, member, c)
				if checkInHigh != pageHigh {
					t.Fatalf("member %d on %s (send %d of %d): check-in's warning high = %v, home page's = %v (%+v)", m, today, i+1, len(sends), checkInHigh, pageHigh, signals)
				}
				levels[pageHigh]++
			}
		}
	}
	if levels[true] < 10 || levels[false] < 10 || fromKept < 100 {
		t.Fatalf("%d check-ins high, %d not, %d decided from a kept state: the walk does not test both levels from kept states", levels[true], levels[false], fromKept)
	}
}

// checkInBesideHomePage saves c and returns whether the check-in found the
// warning signs high, and whether the home page does right after it.
func checkInBesideHomePage(t *testing.T, a *App, member *onward.User, c onward.CheckIn) (checkInHigh, pageHigh bool, signals []recovery.Signal) {
	t.Helper()
	ctx := context.Background()
	res, err := a.SaveCheckIn(ctx, member, &c, nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := a.Recovery(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	return res.WarningSignsHigh, page.Risk.Level == recovery.LevelHigh, page.Risk.Signals
}
