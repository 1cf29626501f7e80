package medication

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

func TestCorrect(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC) // 09:00 in Chicago
	spec, _ := SpecOf(Methadone, OralLiquid)
	taken := time.Date(2026, 11, 21, 8, 5, 0, 0, chicago)
	missed := Dose{ID: "d1", Day: recovery.Date{Year: 2026, Month: 11, Day: 21}, Slot: "08:00", Status: Missed, ByStaff: true, Version: 1}
	observed := missed
	observed.Status, observed.DoseMg, observed.TakenAt = Taken, 60, &taken
	old := missed
	old.Day = recovery.Date{Year: 2026, Month: 10, Day: 21}
	tests := []struct {
		name      string
		dose      Dose
		in        CorrectionInput
		field     string // the field refused, "" when accepted
		wantMg    float64
		wantClock string
	}{
		{"MissedWasObserved", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:10", Reason: "Wrong row"}, "", 60, "08:10"},
		{"ObservedWasMissed", observed, CorrectionInput{Status: Missed, DoseMg: 60, TakenClock: "08:10", Reason: "Wrong row"}, "", 0, ""},
		{"AmountOnly", observed, CorrectionInput{Status: Taken, DoseMg: 55, TakenClock: "08:05", Reason: "Poured 55"}, "", 55, "08:05"},
		{"NoReason", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:10", Reason: " \n "}, "reason", 0, ""},
		{"LongReason", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:10", Reason: string(make([]rune, 501))}, "reason", 0, ""},
		{"UnknownStatus", missed, CorrectionInput{Status: "forgotten", Reason: "x"}, "status", 0, ""},
		{"NaN", missed, CorrectionInput{Status: Taken, DoseMg: math.NaN(), TakenClock: "08:10", Reason: "x"}, "dose_mg", 0, ""},
		{"BeyondTheSpec", missed, CorrectionInput{Status: Late, DoseMg: 401, TakenClock: "08:10", Reason: "x"}, "dose_mg", 0, ""},
		{"NoTime", missed, CorrectionInput{Status: Taken, DoseMg: 60, Reason: "x"}, "taken_at", 0, ""},
		{"BadTime", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "8h10", Reason: "x"}, "taken_at", 0, ""},
		{"FutureTime", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "09:30", Reason: "x"}, "taken_at", 0, ""},
		{"OtherDay", missed, CorrectionInput{Status: Taken, DoseMg: 60, TakenAt: ptr(taken.AddDate(0, 0, -1)), Reason: "x"}, "taken_at", 0, ""},
		{"NothingChanges", observed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:05", Reason: "Checked"}, "status", 0, ""},
		{"TooOld", old, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:05", Reason: "Audit"}, "day", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, c, err := Correct(tt.dose, tt.in, spec, now, chicago)
			if tt.field != "" {
				var e *onward.Error
				if !errors.As(err, &e) || e.Code != onward.EINVALID || e.Fields[tt.field].ID == "" {
					t.Fatalf("error %v, want one on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.in.Status || got.DoseMg != tt.wantMg {
				t.Errorf("corrected to %s %v mg, want %s %v", got.Status, got.DoseMg, tt.in.Status, tt.wantMg)
			}
			clock := ""
			if got.TakenAt != nil {
				clock = got.TakenAt.In(chicago).Format("15:04")
			}
			if clock != tt.wantClock {
				t.Errorf("taken at %q, want %q", clock, tt.wantClock)
			}
			if c.Status != tt.dose.Status || c.DoseMg != tt.dose.DoseMg || c.Version != tt.dose.Version || c.Reason == "" {
				t.Errorf("the correction keeps %+v, want the record's earlier values %+v", c, tt.dose)
			}
		})
	}
	if _, _, err := Correct(observed, CorrectionInput{Status: Taken, DoseMg: 60, TakenClock: "08:05", Reason: "x"}, spec, now, chicago); !errors.Is(err, ErrCorrectionChangesNothing) {
		t.Errorf("a correction that changes nothing: %v", err)
	}
}
