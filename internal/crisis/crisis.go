// Package crisis holds the emergency and crisis-line numbers shown on every
// instance's crisis page, by country (clinical-facts.md §12). Numbers are
// data an operator can check against docs/crisis-sources.md.
package crisis

// Line is one number to call or text.
type Line struct {
	Name   string // shown as is; names of services are not translated
	Number string // as dialled
	Tel    string // for the tel: link, digits only
	Text   string // SMS number, if the service takes texts
	What   string // English description; translated by the page
}

// Country is what the crisis page shows for one country.
type Country struct {
	Code      string
	Emergency Line
	Lines     []Line
	// NeverUseAlone is a line to call when someone uses alone: the person
	// who answers stays on the phone and sends help if the caller stops
	// answering. Nil where the country has none.
	NeverUseAlone *Line
}

var countries = map[string]Country{
	"US": {
		Code:      "US",
		Emergency: Line{Name: "911", Number: "911", Tel: "911", What: "common.emergency_services_police_fire_ambulance"},
		Lines: []Line{
			{Name: "988 Suicide & Crisis Lifeline", Number: "988", Tel: "988", Text: "988", What: "common.call_or_text_24_hours_a_day"},
			{Name: "SAMHSA National Helpline", Number: "1-800-662-4357", Tel: "18006624357", What: "common.free_confidential_treatment_referral_and"},
		},
		NeverUseAlone: &Line{Name: "Never Use Alone", Number: "1-800-484-3731", Tel: "18004843731"},
	},
	"CA": {
		Code:      "CA",
		Emergency: Line{Name: "911", Number: "911", Tel: "911", What: "common.emergency_services_police_fire_ambulance"},
		Lines: []Line{
			{Name: "9-8-8 Suicide Crisis Helpline", Number: "9-8-8", Tel: "988", Text: "988", What: "common.call_or_text_24_hours_a_day_2"},
		},
		NeverUseAlone: &Line{Name: "National Overdose Response Service", Number: "1-888-688-6677", Tel: "18886886677"},
	},
	"GB": {
		Code:      "GB",
		Emergency: Line{Name: "999", Number: "999", Tel: "999", What: "common.emergency_services_police_fire_ambulance"},
		Lines: []Line{
			{Name: "NHS 111", Number: "111", Tel: "111", What: "common.urgent_medical_help_and_advice_that_is"},
			{Name: "Samaritans", Number: "116 123", Tel: "116123", What: "common.someone_to_talk_to_24_hours_a"},
			{Name: "FRANK", Number: "0300 123 6600", Tel: "03001236600", What: "common.confidential_advice_about_drugs"},
		},
	},
	"AU": {
		Code:      "AU",
		Emergency: Line{Name: "000", Number: "000", Tel: "000", What: "common.emergency_services_police_fire_ambulance"},
		Lines: []Line{
			{Name: "Lifeline", Number: "13 11 14", Tel: "131114", What: "common.crisis_support_24_hours_a_day"},
			{Name: "National Alcohol and Other Drug Hotline", Number: "1800 250 015", Tel: "1800250015", What: "common.free_confidential_advice_about_alcohol"},
		},
	},
}

// For returns the numbers for a country code, and false when unknown.
func For(code string) (Country, bool) {
	c, ok := countries[code]
	return c, ok
}
