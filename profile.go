package onward

import (
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// RecoveryProfile is what a member tells Onward at onboarding: when this
// recovery began and what helps put their days in context.
type RecoveryProfile struct {
	UserID         string
	LastUse        recovery.Date       // the day of last use, in the member's time zone
	LastUseAt      *time.Time          // the exact time, when given (for the 24-hour milestone)
	Convention     recovery.Convention // whether the day of last use counts
	Substances     []string
	Medication     string // one of Medications
	TreatmentLevel string // one of TreatmentLevels
	Reasons        string
	DailySpend     float64 // money once spent on using per day
	DailyHours     float64 // hours once spent using or getting opioids per day
	CheckinTime    string  // "HH:MM" local, "" for no reminder
	UpdatedAt      time.Time
	// HistoryVersion changes with every check-in, lapse and change of the
	// profile, so a decision made from a read of the history can confirm
	// in its write that the history is still the one it read.
	HistoryVersion int64
}

// Choices offered at onboarding. Stored values are these ids; pages show
// translated labels.
var (
	Substances      = []string{"heroin", "fentanyl", "prescription_opioids", "methadone", "buprenorphine", "other"}
	Medications     = []string{"none", "methadone", "buprenorphine", "naltrexone"}
	TreatmentLevels = []string{"none", "withdrawal_management", "residential", "partial_hospitalization",
		"intensive_outpatient", "outpatient", "otp", "office_based", "aftercare"}
)

// Limits on free text a member writes.
const (
	MaxNoteLength    = 2000
	MaxReasonsLength = 2000
	MaxDailySpend    = 100000
)

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// Validate checks a profile against the member's local today.
func (p *RecoveryProfile) Validate(today recovery.Date) error {
	errs := FieldErrors{}
	switch {
	case p.LastUse == (recovery.Date{}):
		errs.Add("last_use", "recovery.enter_the_date_you_last_used_or")
	case p.LastUse.After(today):
		errs.Add("last_use", "recovery.the_date_of_last_use_cannot_be")
	case p.LastUse.Before(recovery.Date{Year: 1950, Month: time.January, Day: 1}):
		errs.Add("last_use", "recovery.enter_a_date_after_1950")
	}
	for _, s := range p.Substances {
		if !oneOf(s, Substances) {
			errs.Add("substances", "recovery.choose_from_the_list")
		}
	}
	if !oneOf(p.Medication, Medications) {
		errs.Add("medication", "recovery.choose_from_the_list")
	}
	if !oneOf(p.TreatmentLevel, TreatmentLevels) {
		errs.Add("treatment_level", "recovery.choose_from_the_list")
	}
	if len([]rune(p.Reasons)) > MaxReasonsLength {
		errs.Add("reasons", "recovery.use_at_most_2_000_characters")
	}
	// Written as negations so NaN, which fails every comparison, is refused.
	if !(p.DailySpend >= 0 && p.DailySpend <= MaxDailySpend) {
		errs.Add("daily_spend", "recovery.enter_an_amount_between_0_and_100")
	}
	if !(p.DailyHours >= 0 && p.DailyHours <= 24) {
		errs.Add("daily_hours", "recovery.enter_a_number_of_hours_between_0")
	}
	if p.CheckinTime != "" {
		if _, err := time.Parse("15:04", p.CheckinTime); err != nil {
			errs.Add("checkin_time", "recovery.enter_a_time_like_20_30")
		}
	}
	p.Reasons = strings.TrimSpace(p.Reasons)
	return errs.Err()
}
