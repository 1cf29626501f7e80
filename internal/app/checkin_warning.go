package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The check-in's early warning decides from the few days of history the
// risk model looks at. Each check-in keeps them, as they stand after it, in
// the profile's row (sqlstore.Tx.ClaimHistory), and the next check-in
// reads them with the profile (sqlstore.Reader.CheckInProfile) instead of
// reading the check-ins and the lapses again. The state holds only while
// no other write moved the history on; otherwise, or when it does not
// reach back far enough, the check-in reads the history as before
// (readWarningState). TestCheckInWarningIsTheHomePagesWarning and
// TestKeptWarningStateIsTheHistorysWarning check that both decide as the
// home page does.

// warningState is what the early warning needs of a member's history.
type warningState struct {
	// from is the first day of the window when the state was kept; days
	// holds every check-in from it on, oldest first, preceded by the latest
	// one before it when that is within riskHistoryDays.
	from recovery.Date
	days []recovery.DayCheckIn
	// lapses are the latest keptLapses distinct lapse days, oldest first;
	// earlierLapses says there were more before them.
	lapses        []recovery.Date
	earlierLapses bool
}

// keptLapses is how many of the latest lapse days the state keeps: the
// model looks at the latest, and the stage at the latest up to today,
// which is the one before when the latest is after today (a member who
// moved west).
const keptLapses = 2

// warningStateVersion starts an encoded state; a state of another version
// is not used, and the check-in reads the history.
const warningStateVersion = "w1"

// earlyWarning assesses the member's early warning as it will be once c is
// saved, and returns the state to keep with the write ("" for none). A
// member without a profile has no early warning; "I used today" records a
// lapse instead, which moves the history on.
func (a *App) earlyWarning(ctx context.Context, rd *sqlstore.Reader, profile *onward.RecoveryProfile, kept string, clock Clock, c *onward.CheckIn) (high bool, next string, err error) {
	if profile == nil || c.Used {
		return false, "", nil
	}
	today := clock.Today
	window := today.AddDays(1 - riskModel.WindowDays)
	since := today.AddDays(-riskHistoryDays)
	st, ok := decodeWarningState(kept)
	if !ok || !st.serves(today, window) {
		if st, err = readWarningState(ctx, rd, since, window); err != nil {
			return false, "", err
		}
	}
	st.put(dayCheckIn(*c))
	days, lapses := st.view(today, window, since)
	stage := recovery.CurrentStage(summaryInputOfDays(profile, lapses, today, clock.Now))
	var lastLapse *recovery.Date
	if n := len(lapses); n > 0 {
		lastLapse = &lapses[n-1]
	}
	high = riskModel.Assess(riskInputOfDays(profile, days, lastLapse, stage, today)).Level == recovery.LevelHigh
	return high, st.moveTo(window, since).encode(), nil
}

// readWarningState reads the history the state holds: the check-ins from
// window on and the latest before it since since, and the lapse days.
func readWarningState(ctx context.Context, rd *sqlstore.Reader, since, window recovery.Date) (warningState, error) {
	history, err := rd.WarningCheckIns(ctx, since, window)
	if err != nil {
		return warningState{}, err
	}
	lapseDays, err := rd.LapseDays(ctx)
	if err != nil {
		return warningState{}, err
	}
	st := warningState{from: window, days: make([]recovery.DayCheckIn, 0, len(history)+1)}
	for _, h := range history {
		st.days = append(st.days, dayCheckIn(h))
	}
	lapseDays = slices.CompactFunc(lapseDays, recovery.Date.Equal)
	if n := len(lapseDays); n > keptLapses {
		lapseDays, st.earlierLapses = lapseDays[n-keptLapses:], true
	}
	st.lapses = lapseDays
	return st, nil
}

// serves reports whether the state decides for today exactly as the
// history would: it reaches back to the window, and the stage's latest
// lapse up to today is among the days it kept.
func (st warningState) serves(today, window recovery.Date) bool {
	if window.Before(st.from) {
		return false
	}
	return !st.earlierLapses || len(st.lapses) == 0 || !st.lapses[0].After(today)
}

// put adds d to the state, in place of a check-in of its day.
func (st *warningState) put(d recovery.DayCheckIn) {
	i, found := slices.BinarySearchFunc(st.days, d.On, func(e recovery.DayCheckIn, on recovery.Date) int { return e.On.Compare(on) })
	if found {
		st.days[i] = d
		return
	}
	st.days = slices.Insert(st.days, i, d)
}

// view is what the early warning looks at today: the window's check-ins up
// to today, preceded by the latest before the window since since, which
// tells the model that the member was checking in before it; and the lapse
// days.
func (st warningState) view(today, window, since recovery.Date) ([]recovery.DayCheckIn, []recovery.Date) {
	days := make([]recovery.DayCheckIn, 0, len(st.days))
	var before *recovery.DayCheckIn
	for i, d := range st.days {
		switch {
		case d.On.Before(window):
			before = &st.days[i]
		case !d.On.After(today):
			days = append(days, d)
		}
	}
	if before != nil && !before.On.Before(since) {
		days = slices.Insert(days, 0, *before)
	}
	return days, st.lapses
}

// moveTo is the state to keep from window on: the check-ins from it on and
// the latest before it since since.
func (st warningState) moveTo(window, since recovery.Date) warningState {
	next := warningState{from: window, lapses: st.lapses, earlierLapses: st.earlierLapses, days: make([]recovery.DayCheckIn, 0, len(st.days))}
	for i, d := range st.days {
		if d.On.Before(window) {
			if i+1 < len(st.days) && st.days[i+1].On.Before(window) || d.On.Before(since) {
				continue
			}
		}
		next.days = append(next.days, d)
	}
	return next
}

// encode writes the state as text: the version, the first day, whether
// earlier lapses exist, the lapse days, then one field per check-in.
func (st warningState) encode() string {
	b := make([]byte, 0, 32+len(st.days)*32)
	b = append(b, warningStateVersion+";"...)
	b = append(b, st.from.String()...)
	if st.earlierLapses {
		b = append(b, ";1;"...)
	} else {
		b = append(b, ";0;"...)
	}
	for i, l := range st.lapses {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, l.String()...)
	}
	b = append(b, ';')
	for i, d := range st.days {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendDay(b, d)
	}
	return string(b)
}

// Flags of a check-in's yes/no answers in its encoding.
const (
	flagRomanticising = 1 << iota
	flagUsed
	flagMedicationAnswered
	flagMedicationTaken
	flagSupportContact
	flagSelfCare
)

// appendDay writes what the model looks at of one check-in: its day, then
// mood, craving, sleep hours, sleep quality, stress, loneliness,
// irritability and the flags, separated by colons.
func appendDay(b []byte, d recovery.DayCheckIn) []byte {
	flags := 0
	for _, f := range []struct {
		set  bool
		flag int
	}{{d.Romanticising, flagRomanticising}, {d.Used, flagUsed}, {d.MedicationTaken != nil, flagMedicationAnswered},
		{d.MedicationTaken != nil && *d.MedicationTaken, flagMedicationTaken}, {d.SupportContact, flagSupportContact}, {d.SelfCare, flagSelfCare}} {
		if f.set {
			flags |= f.flag
		}
	}
	b = append(b, d.On.String()...)
	for i, n := range []int{d.Mood, d.Craving, -1, d.SleepQuality, d.Stress, d.Lonely, d.Irritable, flags} {
		b = append(b, ':')
		if i == 2 {
			b = strconv.AppendFloat(b, d.SleepHours, 'g', -1, 64)
			continue
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return b
}

// encodeDay is appendDay's text alone.
func encodeDay(d recovery.DayCheckIn) string { return string(appendDay(nil, d)) }

// decodeWarningState reads an encoded state; ok is false for "" and for
// anything it cannot read, and the check-in then reads the history.
func decodeWarningState(s string) (st warningState, ok bool) {
	version, s, _ := strings.Cut(s, ";")
	from, s, _ := strings.Cut(s, ";")
	earlier, s, _ := strings.Cut(s, ";")
	lapses, days, found := strings.Cut(s, ";")
	if !found || version != warningStateVersion || (earlier != "0" && earlier != "1") {
		return warningState{}, false
	}
	var err error
	if st.from, err = recovery.ParseDate(from); err != nil {
		return warningState{}, false
	}
	st.earlierLapses = earlier == "1"
	for lapses != "" {
		var l string
		l, lapses, _ = strings.Cut(lapses, ",")
		day, err := recovery.ParseDate(l)
		if err != nil {
			return warningState{}, false
		}
		st.lapses = append(st.lapses, day)
	}
	st.days = make([]recovery.DayCheckIn, 0, strings.Count(days, " ")+2)
	for days != "" {
		var f string
		f, days, _ = strings.Cut(days, " ")
		d, ok := decodeDay(f)
		if !ok {
			return warningState{}, false
		}
		st.days = append(st.days, d)
	}
	return st, true
}

func decodeDay(s string) (recovery.DayCheckIn, bool) {
	var d recovery.DayCheckIn
	on, s, _ := strings.Cut(s, ":")
	var err error
	if d.On, err = recovery.ParseDate(on); err != nil {
		return d, false
	}
	flags := 0
	for i, p := range []*int{&d.Mood, &d.Craving, nil, &d.SleepQuality, &d.Stress, &d.Lonely, &d.Irritable, &flags} {
		var f string
		var found bool
		if f, s, found = strings.Cut(s, ":"); found == (i == 7) {
			return d, false // too few fields, or too many
		}
		if p == nil {
			d.SleepHours, err = strconv.ParseFloat(f, 64)
		} else {
			*p, err = strconv.Atoi(f)
		}
		if err != nil {
			return d, false
		}
	}
	d.Romanticising, d.Used = flags&flagRomanticising != 0, flags&flagUsed != 0
	d.SupportContact, d.SelfCare = flags&flagSupportContact != 0, flags&flagSelfCare != 0
	if flags&flagMedicationAnswered != 0 {
		taken := flags&flagMedicationTaken != 0
		d.MedicationTaken = &taken
	}
	return d, true
}
