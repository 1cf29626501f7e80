package app

import (
	"context"
	"fmt"
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
			c := tt.checkIn
			res, err := a.SaveCheckIn(ctx, member, &c, nil)
			if err != nil {
				t.Fatal(err)
			}
			page, err := a.Recovery(ctx, member)
			if err != nil {
				t.Fatal(err)
			}
			pageHigh := page.Risk.Level == recovery.LevelHigh
			if res.WarningSignsHigh != pageHigh || pageHigh != tt.wantHigh {
				t.Fatalf("check-in's warning high = %v, home page's = %v (%+v), want both %v", res.WarningSignsHigh, pageHigh, page.Risk.Signals, tt.wantHigh)
			}
		})
	}
}
