package careguide

import "github.com/onward-recovery/onward/internal/i18n"

// Care option ids, stable across the web page, the rules and the tests.
const (
	CareWithdrawal  = "withdrawal_management"
	CareResidential = "residential"
	CarePHP         = "php"
	CareIOP         = "iop"
	CareOutpatient  = "outpatient"
	CareOTP         = "otp"
	CareOffice      = "office_medication"
)

// CareOption is one kind of care a person can look for. The descriptions
// keep to clinical-facts.md §8 and §11: level names and hours only, in our
// own words.
type CareOption struct {
	ID   string
	Name i18n.Msg
	// What says what the option is, in a few plain sentences.
	What i18n.Msg
}

// CareOptions returns every care option, from the most to the least
// intensive setting, then the medication options. Suggestions follow this
// order. Their wording is "careguide.care.ID.name" and ".what".
func CareOptions() []CareOption {
	ids := []string{CareWithdrawal, CareResidential, CarePHP, CareIOP, CareOutpatient, CareOTP, CareOffice}
	options := make([]CareOption, len(ids))
	for i, id := range ids {
		prefix := "careguide.care." + id + "."
		options[i] = CareOption{ID: id, Name: i18n.M(prefix + "name"), What: i18n.M(prefix + "what")}
	}
	return options
}
