package main

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// historyDays is how much check-in history a benchmark member has: more
// than the 60 days the early warning reads, as a member of a few months has.
const historyDays = 90

// members are the accounts the scenarios act as, one per client.
type members struct {
	real  []string // onboarded members with history (emails)
	empty []string // accounts that never set up their recovery (emails)
	// What the real members chose, for the report.
	withLapse, withSupporters, autoAlert int
}

// addMembers creates n real members and n empty accounts (plus the
// supporters of the real ones). They share one password hash: hashing
// once per account would only slow the set-up.
//
// A real member is what a check-in meets in production: a recovery
// profile whose start date is ~100–300 days ago, 90 days of check-ins
// with about one day in seven missed, a lapse for one member in four
// recently (5 days ago: the early warning counts it) and for another in
// four long ago, one or two supporters who see alerts for half of them,
// and automatic alerts chosen by a quarter (those with a recent lapse and
// people to alert), so a high-craving check-in sends an alert once a day.
func addMembers(ctx context.Context, store *sqlstore.Store, n int) (*members, error) {
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	m := &members{real: make([]string, n), empty: make([]string, n)}
	for i := 0; i < n; i++ {
		m.real[i] = fmt.Sprintf("member%d@bench.onward", i)
		m.empty[i] = fmt.Sprintf("empty%d@bench.onward", i)
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			if _, err := newUser(ctx, tx, m.empty[i], onward.RoleMember, hash); err != nil {
				return err
			}
			u, err := newUser(ctx, tx, m.real[i], onward.RoleMember, hash)
			if err != nil {
				return err
			}
			return m.giveHistory(ctx, tx, u, i, hash)
		})
		if err != nil {
			return nil, fmt.Errorf("set up member %d: %w", i, err)
		}
	}
	return m, nil
}

func newUser(ctx context.Context, tx *sqlstore.Tx, email string, role onward.Role, hash string) (*onward.User, error) {
	u := &onward.User{Email: email, DisplayName: "Bench " + string(role), Role: role, Locale: "en", TimeZone: "UTC"}
	return u, tx.CreateUser(ctx, u, hash)
}

// giveHistory makes u the i-th real member (see addMembers).
func (m *members) giveHistory(ctx context.Context, tx *sqlstore.Tx, u *onward.User, i int, hash string) error {
	today := recovery.DateOf(tx.Now, time.UTC)
	// The member's own records, written under the recorded decision that
	// they may change their own data, as the app records it.
	d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: u.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins}}, nil, tx.Now))
	if err != nil {
		return err
	}
	medication := []string{"none", "buprenorphine", "methadone"}[i%3]
	p := &onward.RecoveryProfile{UserID: u.ID, LastUse: today.AddDays(-(historyDays + 10 + i*7%200)), Substances: []string{"fentanyl"},
		Medication: medication, TreatmentLevel: "outpatient", DailySpend: 30, DailyHours: 3, CheckinTime: "20:00"}
	if err := tx.SaveProfile(ctx, d, p); err != nil {
		return err
	}
	lapseAgo := 0
	switch i % 4 {
	case 0:
		lapseAgo = 5
	case 1:
		lapseAgo = 45
	}
	for ago := historyDays; ago >= 1; ago-- {
		if (ago+i)%7 == 0 && ago != lapseAgo {
			continue
		}
		sleep := 5.5 + float64((ago+i)%4)
		c := &onward.CheckIn{UserID: u.ID, Day: today.AddDays(-ago), Mood: 2 + (ago+i)%4, Craving: (ago*3 + i) % 8,
			SleepHours: &sleep, SleepQuality: 2 + (ago+i)%3, Stress: 1 + (ago+2*i)%5, Lonely: 1 + (ago+i)%4,
			Irritable: 1 + (ago+i)%3, Romanticising: (ago+i)%9 == 0, Used: ago == lapseAgo,
			Meeting: ago%3 == 0, SupportContact: ago%2 == 0, Exercise: (ago+i)%2 == 0, Food: true, Note: "benchmark history"}
		if medication != "none" {
			taken := (ago+i)%11 != 0
			c.MedicationTaken = &taken
		}
		if _, err := tx.SaveCheckIn(ctx, d, c, nil); err != nil {
			return err
		}
	}
	if lapseAgo > 0 {
		m.withLapse++
		if err := tx.AddLapse(ctx, d, &onward.Lapse{UserID: u.ID, Day: today.AddDays(-lapseAgo), What: "fentanyl", LedTo: "benchmark"}); err != nil {
			return err
		}
	}
	if i%2 == 0 {
		m.withSupporters++
		shares := [][]onward.Category{
			{onward.CategoryAlerts, onward.CategoryCheckins, onward.CategoryMilestones},
			{onward.CategoryAlerts, onward.CategoryMilestones},
		}
		for k, categories := range shares[:1+i%4/2] {
			sup, err := newUser(ctx, tx, fmt.Sprintf("supporter%d-%d@bench.onward", i, k), onward.RoleSupporter, hash)
			if err != nil {
				return err
			}
			if err := tx.GrantSupport(ctx, u.ID, sup.ID, "friend", onward.Sharing{Categories: categories}); err != nil {
				return err
			}
		}
	}
	prefs := sqlstore.DefaultNotifyPrefs
	if i%4 == 0 {
		m.autoAlert++
		prefs.AutoAlert = true
	}
	return tx.SaveNotifyPrefs(ctx, u.ID, prefs)
}
