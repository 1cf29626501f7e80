package directory

import (
	"errors"
	"fmt"
	"slices"
)

// Level is a level of care. Only the label is stored: the ASAM Criteria's own wording
// and placement rules are copyrighted and stay out of the code (clinical-facts §11).
type Level string

// The levels of care, from the most to the least intensive setting. Hospital inpatient
// care is kept apart from residential care because it is a different, medically
// managed setting, even though both are "24-hour" care.
const (
	LevelWithdrawalManagement   Level = "withdrawal_management"
	LevelHospitalInpatient      Level = "hospital_inpatient"
	LevelResidential            Level = "residential"
	LevelPartialHospitalization Level = "partial_hospitalization"
	LevelIntensiveOutpatient    Level = "intensive_outpatient"
	LevelOutpatient             Level = "outpatient"
	LevelOTP                    Level = "otp"          // opioid treatment program (methadone clinic)
	LevelOfficeBased            Level = "office_based" // medication for opioid use disorder in office-based care
)

// Medication is a medication for opioid use disorder that a program offers.
type Medication string

// The three medications for opioid use disorder (clinical-facts §8).
const (
	MedicationMethadone     Medication = "methadone"
	MedicationBuprenorphine Medication = "buprenorphine"
	MedicationNaltrexone    Medication = "naltrexone"
)

// Payment is a way of paying that a program accepts.
type Payment string

// The payments a person can filter on. Cash and military insurance are kept because
// the treatment locator reports them and people ask for them.
const (
	PaymentMedicaid   Payment = "medicaid"
	PaymentMedicare   Payment = "medicare"
	PaymentPrivate    Payment = "private"
	PaymentSlidingFee Payment = "sliding_fee"
	PaymentFree       Payment = "free"
	PaymentCash       Payment = "cash"
	PaymentMilitary   Payment = "military"
)

// The orders below are also the order in which a program's values are stored, so two
// imports of the same row compare equal.
var (
	levelOrder = []Level{
		LevelWithdrawalManagement, LevelHospitalInpatient, LevelResidential,
		LevelPartialHospitalization, LevelIntensiveOutpatient, LevelOutpatient,
		LevelOTP, LevelOfficeBased,
	}
	medicationOrder = []Medication{MedicationMethadone, MedicationBuprenorphine, MedicationNaltrexone}
	paymentOrder    = []Payment{
		PaymentMedicaid, PaymentMedicare, PaymentPrivate, PaymentSlidingFee,
		PaymentFree, PaymentCash, PaymentMilitary,
	}
)

// Levels lists every level of care, most intensive first.
func Levels() []Level { return slices.Clone(levelOrder) }

// Medications lists every medication.
func Medications() []Medication { return slices.Clone(medicationOrder) }

// Payments lists every payment option.
func Payments() []Payment { return slices.Clone(paymentOrder) }

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool { return slices.Contains(levelOrder, l) }

// Valid reports whether m is one of Medications.
func (m Medication) Valid() bool { return slices.Contains(medicationOrder, m) }

// Valid reports whether p is one of Payments.
func (p Payment) Valid() bool { return slices.Contains(paymentOrder, p) }

// Program is a treatment program in the directory.
type Program struct {
	// Source and SourceID identify the row where it came from; together they are the
	// key a re-import uses to update a program instead of adding it twice.
	Source, SourceID string

	Name, Street, City, State, Zip, Country, Phone, Website string

	Lat, Lng float64

	Levels      []Level
	Medications []Medication
	Payments    []Payment
	Languages   []string // BCP 47 language tags, such as "en" and "es"

	Admissions24h bool   // admits people at any hour, every day
	Hours         string // opening hours as the program writes them
}

// Validate reports the first thing that makes p unfit for the directory. Every
// importer runs it on every row, so an imported program always passes.
func (p *Program) Validate() error {
	switch {
	case p.Source == "" || p.SourceID == "":
		return errors.New("missing source id")
	case p.Name == "":
		return errors.New("missing name")
	}
	if err := checkCoordinates(p.Lat, p.Lng); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{
		{"source", p.Source}, {"id", p.SourceID}, {"name", p.Name}, {"street", p.Street},
		{"city", p.City}, {"state", p.State}, {"zip", p.Zip}, {"country", p.Country},
		{"phone", p.Phone}, {"hours", p.Hours},
	} {
		if !isCleanLine(f.value) {
			return fmt.Errorf("%s contains control characters or invalid UTF-8", f.name)
		}
	}
	if err := checkWebAddress(p.Website); err != nil {
		return fmt.Errorf("website: %w", err)
	}
	if err := checkSorted(p.Levels, levelOrder, "level"); err != nil {
		return err
	}
	if err := checkSorted(p.Medications, medicationOrder, "medication"); err != nil {
		return err
	}
	if err := checkSorted(p.Payments, paymentOrder, "payment"); err != nil {
		return err
	}
	for _, tag := range p.Languages {
		if !isLanguageTag(tag) {
			return fmt.Errorf("language %q is not a language tag such as en or es", tag)
		}
	}
	return nil
}

// checkSorted requires values to be known, distinct and in their canonical order, which
// is how inOrder leaves them.
func checkSorted[T comparable](values, order []T, what string) error {
	last := -1
	for _, v := range values {
		i := slices.Index(order, v)
		switch {
		case i < 0:
			return fmt.Errorf("unknown %s %v", what, v)
		case i <= last:
			return fmt.Errorf("%s %v is repeated or out of order", what, v)
		}
		last = i
	}
	return nil
}

// inOrder returns the distinct members of set in their canonical order; nil if none.
func inOrder[T comparable](set map[T]bool, order []T) []T {
	var out []T
	for _, v := range order {
		if set[v] {
			out = append(out, v)
		}
	}
	return out
}
