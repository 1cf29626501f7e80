package app

import (
	"testing"

	"github.com/onward-recovery/onward/internal/recovery"
)

// The kept state reads back as it was written, and anything else (another
// version, a damaged value) is refused, so the check-in reads the history.
func TestWarningStateReadsBackAsWritten(t *testing.T) {
	today := recovery.Date{Year: 2026, Month: 12, Day: 3}
	taken, notTaken := true, false
	st := warningState{from: today.AddDays(-13), lapses: []recovery.Date{today.AddDays(-40), today.AddDays(-5)}, earlierLapses: true,
		days: []recovery.DayCheckIn{
			{On: today.AddDays(-20), Mood: 1, Craving: 10, SleepHours: 7.25, SleepQuality: 5, Stress: 4, Lonely: 3, Irritable: 2, Romanticising: true, Used: true},
			{On: today.AddDays(-1), Mood: 5, MedicationTaken: &taken, SupportContact: true},
			{On: today, Mood: 3, Craving: 4, MedicationTaken: &notTaken, SelfCare: true},
		}}
	text := st.encode()
	got, ok := decodeWarningState(text)
	if !ok || got.encode() != text {
		t.Fatalf("read back %+v (%v) from %q", got, ok, text)
	}
	if d := got.days[2]; d.MedicationTaken == nil || *d.MedicationTaken || !d.SelfCare || d.SupportContact {
		t.Fatalf("today's check-in read back as %+v", d)
	}
	for _, bad := range []string{"", "w0" + text[2:], text[:len(text)-2], text + ":1", text + " 2026-12-04", "w1;2026-11-20;2;;", "w1;2026-11-20;0;"} {
		if _, ok := decodeWarningState(bad); ok {
			t.Errorf("decoded %q", bad)
		}
	}
	if empty, ok := decodeWarningState(warningState{from: today}.encode()); !ok || len(empty.days) != 0 || len(empty.lapses) != 0 {
		t.Errorf("empty state read back as %+v, %v", empty, ok)
	}
}

// The state serves a day only when it decides as the history would: its
// window must not start before the state's, and when lapses were left out
// the latest up to today must be among those kept.
func TestWarningStateServesOnlyWhatItHolds(t *testing.T) {
	today := recovery.Date{Year: 2026, Month: 12, Day: 3}
	window := today.AddDays(-13)
	tests := []struct {
		name string
		st   warningState
		want bool
	}{
		{"SameWindow", warningState{from: window}, true},
		{"AWindowLater", warningState{from: window.AddDays(-3)}, true},
		{"AWindowEarlier", warningState{from: window.AddDays(1)}, false},
		{"LatestLapseUpToToday", warningState{from: window, lapses: []recovery.Date{today.AddDays(-9), today.AddDays(1)}, earlierLapses: true}, true},
		{"BothKeptLapsesAfterToday", warningState{from: window, lapses: []recovery.Date{today.AddDays(1), today.AddDays(2)}, earlierLapses: true}, false},
		{"BothAfterTodayAndNoneLeftOut", warningState{from: window, lapses: []recovery.Date{today.AddDays(1), today.AddDays(2)}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.st.serves(today, window); got != tt.want {
				t.Errorf("serves = %v, want %v", got, tt.want)
			}
		})
	}
}
