package app

import (
	"context"
	"regexp"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// NotifySettings are how a person is told: channels, discreet mode, the
// daily reminder, alerts on high warning signs and quiet hours.
type NotifySettings = sqlstore.NotifyPrefs

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// NotifySettingsOf reads u's settings (the defaults until u chooses).
func (a *App) NotifySettingsOf(ctx context.Context, u *onward.User) (NotifySettings, error) {
	return a.store.NotifyPrefs(ctx, u.ID)
}

// SaveNotifySettings checks and stores u's settings: quiet hours are both
// given as HH:MM, or neither.
func (a *App) SaveNotifySettings(ctx context.Context, u *onward.User, p NotifySettings) error {
	errs := onward.FieldErrors{}
	for field, v := range map[string]string{"quiet_start": p.QuietStart, "quiet_end": p.QuietEnd} {
		if v != "" && !clockTime.MatchString(v) {
			errs.Add(field, "notify.give_a_time_such_as_22_00")
		}
	}
	if len(errs) == 0 && (p.QuietStart == "") != (p.QuietEnd == "") {
		errs.Add("quiet_end", "notify.give_both_a_start_and_an_end")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SaveNotifyPrefs(ctx, u.ID, p) })
}
