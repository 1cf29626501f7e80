package medication

import (
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Dispense is a take-home supply handed over at the window: Days doses
// for the days after Day, ClosureDays of them for days the program is
// closed, in Bottles. The bottles come back at the next visit and are
// checked.
type Dispense struct {
	ID              string
	ProgramID       string
	MemberID        string
	SeriesID        string
	OrderID         string
	Kind            Kind
	Day             recovery.Date
	Days            int
	ClosureDays     int
	Bottles         int
	DoseMg          float64
	DispensedBy     string
	DispensedByName string
	ClientID        string
	CreatedAt       time.Time
	ReturnedBottles *int
	ReturnCheckedAt *time.Time
	ReturnCheckedBy string
	ReturnNote      string
}

// Covers reports whether day is one of the supply's take-home days.
func (d *Dispense) Covers(day recovery.Date) bool {
	return day.After(d.Day) && !day.After(d.Day.AddDays(d.Days))
}

// ReturnedCount is the bottles brought back, 0 before they are checked.
func (d *Dispense) ReturnedCount() int {
	if d.ReturnedBottles == nil {
		return 0
	}
	return *d.ReturnedBottles
}

// LastDay is the last take-home day of the supply.
func (d *Dispense) LastDay() recovery.Date { return d.Day.AddDays(d.Days) }

// ValidateDispense checks a supply's sizes and its ceiling; approved is
// the take-home days of the decision in force.
func ValidateDispense(d *Dispense, c Ceiling, approved, dosesPerDay int) error {
	if err := c.CheckSupply(d.Days, d.ClosureDays, approved); err != nil {
		return err
	}
	if d.Bottles < 1 || d.Bottles > d.Days*max(dosesPerDay, 1) {
		return onward.Invalid("bottles", "meds.bottles_between", "Max", d.Days*max(dosesPerDay, 1))
	}
	if len(d.ClientID) > MaxClientID {
		return onward.Invalid("client_id", "meds.client_id_too_long")
	}
	return nil
}

// ValidateReturn checks the bottles brought back from a supply.
func ValidateReturn(d *Dispense, returned int, note string) (string, error) {
	errs := onward.FieldErrors{}
	if returned < 0 || returned > d.Bottles {
		errs.Add("returned_bottles", "meds.returned_between", "Max", d.Bottles)
	}
	note, fits := cleanText(note, MaxNoteLength)
	if !fits {
		errs.Add("note", "meds.note_too_long")
	}
	if d.ReturnCheckedAt != nil {
		return note, onward.NewError(onward.ECONFLICT, "meds.return_already_checked")
	}
	return note, errs.Err()
}
