package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/sqlstore"
)

func TestNotifySettingsValidation(t *testing.T) {
	tests := []struct {
		name    string
		form    url.Values
		status  int
		invalid string // the field marked invalid
		want    sqlstore.NotifyPrefs
	}{
		{"not a time", url.Values{"quiet_start": {"25:00"}, "quiet_end": {"07:00"}}, http.StatusBadRequest, "quiet_start", sqlstore.DefaultNotifyPrefs},
		{"words", url.Values{"quiet_start": {"22:00"}, "quiet_end": {"morning"}}, http.StatusBadRequest, "quiet_end", sqlstore.DefaultNotifyPrefs},
		{"start without end", url.Values{"quiet_start": {"22:00"}}, http.StatusBadRequest, "quiet_end", sqlstore.DefaultNotifyPrefs},
		{"everything off", url.Values{}, http.StatusSeeOther, "", sqlstore.NotifyPrefs{}},
		{"quiet overnight, email only", url.Values{"email": {"on"}, "discreet": {"on"}, "reminders": {"on"}, "quiet_start": {"22:00"}, "quiet_end": {"07:00"}},
			http.StatusSeeOther, "", sqlstore.NotifyPrefs{Email: true, Discreet: true, Reminders: true, QuietStart: "22:00", QuietEnd: "07:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			u, c := newMember(t, e)
			form := c.get("/notifications/settings")
			wantStatus(t, form, http.StatusOK)
			wantBody(t, form, `id="discreet" name="discreet" value="on" aria-describedby="discreet-hint" checked`)
			res := c.post("/notifications/settings", tt.form)
			wantStatus(t, res, tt.status)
			if tt.invalid != "" {
				wantBody(t, res, `id="`+tt.invalid+`"`, `aria-invalid="true"`, tt.invalid+`-error`)
			}
			got, err := e.store.NotifyPrefs(context.Background(), u.ID)
			if err != nil || got != tt.want {
				t.Fatalf("saved %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestNotifyCheckinReminderOncePerDayAndSkippedAfterCheckIn(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	// 15:00 UTC is 09:00 in Chicago, after the chosen 08:30.
	onboard(t, c, "2026-11-01", url.Values{"checkin_time": {"08:30"}})
	deliver(t, e)
	e.clock.set(e.clock.now().Add(sqlstore.ReminderSpread)) // the reminder goes at the member's offset in the spread
	deliver(t, e)
	deliver(t, e)
	got := e.mail.to(u.Email)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Onward: time for your check-in\n") || !strings.Contains(got[0], "http://onward.test/checkin") {
		t.Fatalf("reminders = %q; want exactly one", got)
	}
	wantBody(t, c.get("/notifications"), "Time for your daily check-in.")

	// The next day the member checks in before the scheduler runs: no reminder.
	e.clock.set(e.clock.now().Add(24 * time.Hour))
	res := c.post("/checkin", checkInForm("2026-11-22", "4", "1"))
	wantStatus(t, res, http.StatusSeeOther)
	deliver(t, e)
	if got := e.mail.to(u.Email); len(got) != 1 {
		t.Fatalf("reminded after checking in: %q", got)
	}
}
