package app

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The early warning of a check-in from the state the last one kept, with
// no database: what it costs the check-in in CPU and allocations.
func BenchmarkEarlyWarningFromKeptState(b *testing.B) {
	today := recovery.Date{Year: 2026, Month: 12, Day: 3}
	window := today.AddDays(1 - riskModel.WindowDays)
	since := today.AddDays(-riskHistoryDays)
	st := warningState{from: window, lapses: []recovery.Date{today.AddDays(-40), today.AddDays(-5)}, earlierLapses: true}
	for i := 20; i >= 0; i-- {
		if i%7 == 3 {
			continue
		}
		taken := true
		st.days = append(st.days, recovery.DayCheckIn{On: today.AddDays(-i), Mood: 3, Craving: i % 11, MedicationTaken: &taken, SleepHours: 7.5})
	}
	st = st.moveTo(window, since)
	kept := st.encode()
	profile := &onward.RecoveryProfile{LastUse: today.AddDays(-200), Medication: "buprenorphine"}
	c := &onward.CheckIn{Day: today, Mood: 2, Craving: 8}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		st, ok := decodeWarningState(kept)
		if !ok || !st.serves(today, window) {
			b.Fatal("no")
		}
		st.put(dayCheckIn(*c))
		days, lapses := st.view(today, window, since)
		stage := recovery.CurrentStage(summaryInputOfDays(profile, lapses, today, now))
		var lastLapse *recovery.Date
		if n := len(lapses); n > 0 {
			lastLapse = &lapses[n-1]
		}
		_ = riskModel.Assess(riskInputOfDays(profile, days, lastLapse, stage, today)).Level == recovery.LevelHigh
		_ = st.moveTo(window, since).encode()
	}
}
