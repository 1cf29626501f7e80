package caseload

import (
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

func TestFlags(t *testing.T) {
	loc := time.UTC
	today := recovery.Date{Year: 2026, Month: time.December, Day: 3}
	at := func(day int, hour int) time.Time { return time.Date(2026, time.December, day, hour, 0, 0, 0, loc) }
	d := func(day int) *recovery.Date {
		x := recovery.Date{Year: 2026, Month: time.December, Day: day}
		return &x
	}
	enrolled := time.Date(2026, time.November, 1, 9, 0, 0, 0, loc)
	codes := func(fs []Flag) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Code)
		}
		return out
	}
	tests := []struct {
		name  string
		facts Facts
		want  []string
		days  int // of no_checkin, when present
	}{
		{"NothingToSee", Facts{EnrolledAt: enrolled, LastCheckIn: d(3)}, nil, 0},
		{"TwoDaysWithoutIsFine", Facts{EnrolledAt: enrolled, LastCheckIn: d(1)}, nil, 0},
		{"ThreeDaysWithoutFlags", Facts{EnrolledAt: enrolled, LastCheckIn: &recovery.Date{Year: 2026, Month: time.November, Day: 30}},
			[]string{FlagNoCheckIn}, 3},
		{"NeverCheckedInCountsFromEnrolment", Facts{EnrolledAt: at(1, 9)}, nil, 0},
		{"NeverCheckedInLongAgo", Facts{EnrolledAt: enrolled}, []string{FlagNoCheckIn}, 32},
		{"LastCheckInBeforeEnrolmentStillCounts", Facts{EnrolledAt: at(3, 8), LastCheckIn: &recovery.Date{Year: 2026, Month: time.November, Day: 27}},
			[]string{FlagNoCheckIn}, 6},
		{"SafetyFirst", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{
			{FlagLapse, at(2, 8)}, {FlagSuicideItem, at(3, 7)}, {FlagHighRisk, at(1, 20)}, {FlagSupportNow, at(2, 22)}}},
			[]string{FlagSuicideItem, FlagSupportNow, FlagHighRisk, FlagLapse}, 0},
		{"AcknowledgedHides", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{{FlagLapse, at(2, 8)}},
			Acknowledged: map[string]time.Time{FlagLapse: at(2, 9)}}, nil, 0},
		{"NewDataBringsItBack", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{{FlagLapse, at(3, 8)}},
			Acknowledged: map[string]time.Time{FlagLapse: at(2, 9)}}, []string{FlagLapse}, 0},
		{"AcknowledgingAtTheSameMomentHides", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{{FlagLapse, at(2, 8)}},
			Acknowledged: map[string]time.Time{FlagLapse: at(2, 8)}}, nil, 0},
		{"UnknownEventIgnored", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{{"sunshine", at(2, 8)}}}, nil, 0},
		{"AttendanceBelow", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Attendance: &continuum.Week{Start: recovery.Date{Year: 2026, Month: time.November, Day: 23},
			Expected: 9, Attended: 6}}, []string{FlagAttendanceBelow}, 0},
		{"AttendanceMet", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Attendance: &continuum.Week{Expected: 9, Attended: 9}}, nil, 0},
		{"ExcusedIsNotBelow", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Attendance: &continuum.Week{Expected: 9, Attended: 6,
			Excused: 3}}, nil, 0},
		{"AttendanceAcknowledgedThisWeek", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Attendance: &continuum.Week{
			Start: recovery.Date{Year: 2026, Month: time.November, Day: 23}, Expected: 9, Attended: 2},
			Acknowledged: map[string]time.Time{FlagAttendanceBelow: at(1, 10)}}, nil, 0},
		{"AttendanceEventIgnored", Facts{EnrolledAt: enrolled, LastCheckIn: d(3), Events: []Event{{FlagAttendanceBelow, at(2, 8)}}}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Flags(tt.facts, DefaultSettings, today, loc)
			if !slices.Equal(codes(got), tt.want) {
				t.Fatalf("flags %v, want %v", codes(got), tt.want)
			}
			for _, f := range got {
				if f.Code == FlagNoCheckIn && f.Days != tt.days {
					t.Fatalf("no check-in for %d days, want %d", f.Days, tt.days)
				}
			}
		})
	}
	t.Run("NoCheckInAcknowledgedUntilTheNextDayPasses", func(t *testing.T) {
		f := Facts{EnrolledAt: enrolled, LastCheckIn: &recovery.Date{Year: 2026, Month: time.November, Day: 30},
			Acknowledged: map[string]time.Time{FlagNoCheckIn: at(3, 10)}}
		if got := Flags(f, DefaultSettings, today, loc); len(got) != 0 {
			t.Fatalf("an acknowledged missing check-in still flags: %v", got)
		}
	})
	t.Run("SettingOff", func(t *testing.T) {
		if got := Flags(Facts{EnrolledAt: enrolled}, Settings{}, today, loc); len(got) != 0 {
			t.Fatalf("flags %v with the setting off", got)
		}
	})
}

func TestSort(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	rows := []Row{
		{MemberID: "a", Name: "Ana"},
		{MemberID: "b", Name: "Ben", Flags: []Flag{{Code: FlagNoCheckIn, Since: t0}}},
		{MemberID: "c", Name: "Cy", Flags: []Flag{{Code: FlagLapse, Since: t0.Add(time.Hour)}}},
		{MemberID: "d", Name: "Di", Flags: []Flag{{Code: FlagLapse, Since: t0}, {Code: FlagNoCheckIn, Since: t0}}},
		{MemberID: "e", Name: "Ed", Flags: []Flag{{Code: FlagSuicideItem, Since: t0.Add(48 * time.Hour)}}},
		{MemberID: "f", Name: "Flo", Flags: []Flag{{Code: FlagLapse, Since: t0}}},
	}
	Sort(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.MemberID)
	}
	if want := []string{"e", "d", "f", "c", "b", "a"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestCodesAreOrderedAndUrgentOnesAreSafety(t *testing.T) {
	codes := Codes()
	if codes[0] != FlagSuicideItem || len(codes) != len(priority) {
		t.Fatalf("codes %v", codes)
	}
	for _, c := range []string{FlagSuicideItem, FlagSupportNow, FlagHighRisk} {
		if !Urgent(c) {
			t.Errorf("%s is not urgent", c)
		}
	}
	if Urgent(FlagNoCheckIn) || Urgent(FlagLapse) {
		t.Error("routine flags are pushed as urgent")
	}
}

func TestEveryFlagHasACategory(t *testing.T) {
	for _, code := range Codes() {
		if CategoryOf(code) == "" {
			t.Errorf("flag %s draws on no category", code)
		}
	}
}
