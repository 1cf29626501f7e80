// Package continuum is the continuum of care a member moves through inside
// one treatment program: the episode (admission to discharge) made of
// level-of-care segments, the sessions the program holds (individual,
// group, family) and the member's attendance, and how attended hours
// compare with what the member's level of care expects each week. It is
// pure: no SQL, no HTTP; docs/continuum.md explains the rules.
package continuum

import "slices"

// Level is a level of care a segment of an episode is at. Onward stores the
// level labels only (the ASAM Criteria are ASAM's, and placement logic
// needs its licence: clinical-facts.md §11).
type Level struct {
	// Code is what Onward stores; its label is "care_level.<code>".
	Code string
	// ASAM is the level's number in the ASAM Criteria (3rd edition, 2013);
	// "" for aftercare, which the criteria do not number.
	ASAM string
	// Service is the broader service type the directory and the caseload
	// use ("level.<code>"): an enrolment's current level of care is shown
	// and filtered by it.
	Service string
	// Hours is the default number of clinical hours a week the level
	// expects, from its published minimum; 0 means none is expected until
	// the program sets one (docs/continuum.md).
	Hours float64
}

// Levels lists every level of care, from least to most intensive, then
// the opioid treatment program and aftercare.
var Levels = []Level{
	{Code: "early_intervention", ASAM: "0.5", Service: "outpatient"},
	{Code: "outpatient", ASAM: "1", Service: "outpatient", Hours: 1},
	{Code: "intensive_outpatient", ASAM: "2.1", Service: "intensive_outpatient", Hours: 9},
	{Code: "partial_hospitalization", ASAM: "2.5", Service: "partial_hospitalization", Hours: 20},
	{Code: "residential_low", ASAM: "3.1", Service: "residential", Hours: 5},
	{Code: "residential_population", ASAM: "3.3", Service: "residential"},
	{Code: "residential_high", ASAM: "3.5", Service: "residential"},
	{Code: "inpatient_monitored", ASAM: "3.7", Service: "residential"},
	{Code: "inpatient_managed", ASAM: "4", Service: "residential"},
	{Code: "otp", ASAM: "1 OTP", Service: "otp", Hours: 1},
	{Code: "aftercare", Service: "aftercare"},
}

// LevelLabel is the message id of a level's name.
func LevelLabel(code string) string { return "care_level." + code }

// LevelCodes lists the codes of Levels in order.
func LevelCodes() []string {
	out := make([]string, len(Levels))
	for i, l := range Levels {
		out[i] = l.Code
	}
	return out
}

// LevelOf returns the level with code, and whether there is one.
func LevelOf(code string) (Level, bool) {
	i := slices.IndexFunc(Levels, func(l Level) bool { return l.Code == code })
	if i < 0 {
		return Level{}, false
	}
	return Levels[i], true
}

// MaxHours bounds the hours a week a program may expect: a week has 168.
const MaxHours = 80

// Hours are a program's expected clinical hours a week by level code;
// levels it has not set keep their default.
type Hours map[string]float64

// Expected is the hours a week the level expects under h.
func (h Hours) Expected(code string) float64 {
	if v, ok := h[code]; ok {
		return v
	}
	l, _ := LevelOf(code)
	return l.Hours
}

// AgeGroups are the age bands a program may record for an episode, wide
// enough that a report's cells stay above the small-cell rule; Onward
// keeps the band, never a date of birth.
var AgeGroups = []string{"under_18", "18_25", "26_34", "35_44", "45_54", "55_64", "65_over"}
