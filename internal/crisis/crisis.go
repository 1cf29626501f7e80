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
}

var countries = map[string]Country{
	"US": {
		Code:      "US",
		Emergency: Line{Name: "911", Number: "911", Tel: "911", What: "Emergency services: police, fire, ambulance."},
		Lines: []Line{
			{Name: "988 Suicide & Crisis Lifeline", Number: "988", Tel: "988", Text: "988", What: "Call or text, 24 hours a day, in English and Spanish."},
			{Name: "SAMHSA National Helpline", Number: "1-800-662-4357", Tel: "18006624357", What: "Free, confidential treatment referral and information, 24 hours a day, in English and Spanish."},
		},
	},
	"CA": {
		Code:      "CA",
		Emergency: Line{Name: "911", Number: "911", Tel: "911", What: "Emergency services: police, fire, ambulance."},
		Lines: []Line{
			{Name: "9-8-8 Suicide Crisis Helpline", Number: "9-8-8", Tel: "988", Text: "988", What: "Call or text, 24 hours a day."},
		},
	},
	"GB": {
		Code:      "GB",
		Emergency: Line{Name: "999", Number: "999", Tel: "999", What: "Emergency services: police, fire, ambulance."},
		Lines: []Line{
			{Name: "NHS 111", Number: "111", Tel: "111", What: "Urgent medical help and advice that is not an emergency."},
			{Name: "Samaritans", Number: "116 123", Tel: "116123", What: "Someone to talk to, 24 hours a day."},
			{Name: "FRANK", Number: "0300 123 6600", Tel: "03001236600", What: "Confidential advice about drugs."},
		},
	},
	"AU": {
		Code:      "AU",
		Emergency: Line{Name: "000", Number: "000", Tel: "000", What: "Emergency services: police, fire, ambulance."},
		Lines: []Line{
			{Name: "Lifeline", Number: "13 11 14", Tel: "131114", What: "Crisis support, 24 hours a day."},
			{Name: "National Alcohol and Other Drug Hotline", Number: "1800 250 015", Tel: "1800250015", What: "Free, confidential advice about alcohol and other drugs."},
		},
	},
}

// For returns the numbers for a country code, and false when unknown.
func For(code string) (Country, bool) {
	c, ok := countries[code]
	return c, ok
}
