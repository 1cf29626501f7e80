package directory

import (
	"slices"
	"strings"
)

// Fellowship is the mutual-help fellowship a meeting belongs to, by its usual short
// name ("AA", "Al-Anon").
type Fellowship string

// The fellowships the meeting finder knows. A feed of any other fellowship is
// imported under one of these or not at all: a fellowship people cannot choose in
// the finder would hide its meetings.
const (
	FellowshipAA          Fellowship = "AA"
	FellowshipNA          Fellowship = "NA"
	FellowshipCA          Fellowship = "CA"
	FellowshipCMA         Fellowship = "CMA"
	FellowshipHA          Fellowship = "HA"
	FellowshipMA          Fellowship = "MA"
	FellowshipPA          Fellowship = "PA"
	FellowshipAlAnon      Fellowship = "Al-Anon"
	FellowshipAlateen     Fellowship = "Alateen"
	FellowshipNarAnon     Fellowship = "Nar-Anon"
	FellowshipCoAnon      Fellowship = "Co-Anon"
	FellowshipFA          Fellowship = "FA"
	FellowshipACA         Fellowship = "ACA"
	FellowshipSMART       Fellowship = "SMART"
	FellowshipRD          Fellowship = "Recovery Dharma"
	FellowshipLifeRing    Fellowship = "LifeRing"
	FellowshipCR          Fellowship = "Celebrate Recovery"
	FellowshipEDA         Fellowship = "EDA"
	FellowshipOA          Fellowship = "OA"
	FellowshipGA          Fellowship = "GA"
	FellowshipCoDA        Fellowship = "CoDA"
	FellowshipAllRecovery Fellowship = "All Recovery"
)

// fellowshipInfo is what the directory knows of a fellowship: its name in full and
// whether it is a group for the families and friends of people with the problem,
// whose closed meetings are for those relatives, not for the people who use.
type fellowshipInfo struct {
	code   Fellowship
	name   string
	family bool
}

// fellowships in the order the finder lists them: the fellowships for opioids and
// other drugs first, then families, then the others.
var fellowships = []fellowshipInfo{
	{FellowshipNA, "Narcotics Anonymous", false},
	{FellowshipAA, "Alcoholics Anonymous", false},
	{FellowshipSMART, "SMART Recovery", false},
	{FellowshipCA, "Cocaine Anonymous", false},
	{FellowshipCMA, "Crystal Meth Anonymous", false},
	{FellowshipHA, "Heroin Anonymous", false},
	{FellowshipPA, "Pills Anonymous", false},
	{FellowshipMA, "Marijuana Anonymous", false},
	{FellowshipRD, "Recovery Dharma", false},
	{FellowshipLifeRing, "LifeRing Secular Recovery", false},
	{FellowshipCR, "Celebrate Recovery", false},
	{FellowshipAllRecovery, "All Recovery meeting", false},
	{FellowshipAlAnon, "Al-Anon Family Groups", true},
	{FellowshipAlateen, "Alateen", true},
	{FellowshipNarAnon, "Nar-Anon Family Groups", true},
	{FellowshipCoAnon, "Co-Anon", true},
	{FellowshipFA, "Families Anonymous", true},
	{FellowshipACA, "Adult Children of Alcoholics", true},
	{FellowshipEDA, "Eating Disorders Anonymous", false},
	{FellowshipOA, "Overeaters Anonymous", false},
	{FellowshipGA, "Gamblers Anonymous", false},
	{FellowshipCoDA, "Co-Dependents Anonymous", false},
}

// Fellowships lists every fellowship the finder knows, in the finder's order.
func Fellowships() []Fellowship {
	out := make([]Fellowship, len(fellowships))
	for i, f := range fellowships {
		out[i] = f.code
	}
	return out
}

// Valid reports whether f is one of Fellowships.
func (f Fellowship) Valid() bool {
	return slices.ContainsFunc(fellowships, func(i fellowshipInfo) bool { return i.code == f })
}

// Name is the fellowship's name in full ("Narcotics Anonymous"); "" if unknown.
func (f Fellowship) Name() string {
	for _, i := range fellowships {
		if i.code == f {
			return i.name
		}
	}
	return ""
}

// ForFamilies reports whether the fellowship is for the relatives and friends of
// people with the problem (Al-Anon, Nar-Anon ...).
func (f Fellowship) ForFamilies() bool {
	i := slices.IndexFunc(fellowships, func(i fellowshipInfo) bool { return i.code == f })
	return i >= 0 && fellowships[i].family
}

// ParseFellowship reads a fellowship as an operator or a file writes it: its code
// or its full name, in any case, with or without spaces and hyphens ("al-anon",
// "Alanon", "Narcotics Anonymous").
func ParseFellowship(s string) (Fellowship, bool) {
	key := fellowshipKey(s)
	if key == "" {
		return "", false
	}
	for _, i := range fellowships {
		if key == fellowshipKey(string(i.code)) || key == fellowshipKey(i.name) {
			return i.code, true
		}
	}
	return "", false
}

// ambiguousInNames are fellowship codes that also abbreviate a place in a
// feed's name ("ca-la-county" is California, "pa-district-4" Pennsylvania):
// a name says its fellowship only when it spells it out.
var ambiguousInNames = []string{"ca", "pa", "ma", "ga", "ha", "fa", "oa", "cma"}

// FellowshipInName reads the fellowship a feed's name starts with, so that a
// feed named "al-anon" or "na-region-5" is not taken for the format's usual
// fellowship: the whole name, else its longest leading run of parts (split at
// "-", "_" and "."), that is a fellowship's code or full name.
func FellowshipInName(name string) (Fellowship, bool) {
	parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for n := len(parts); n > 0; n-- {
		lead := strings.Join(parts[:n], "-")
		if slices.Contains(ambiguousInNames, lead) {
			continue
		}
		if f, ok := ParseFellowship(lead); ok {
			return f, true
		}
	}
	return "", false
}

// fellowshipKey folds case, spaces, hyphens and dots away, so "Al-Anon", "ALANON"
// and "al anon" compare equal.
func fellowshipKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '_', '\'':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// notFellowshipCodes are type and format codes that look like a fellowship's name
// but say something else: in the Meeting Guide specification "AL-AN" and "AL" are
// meetings held at the same time as an Al-Anon or Alateen meeting, and "A" is secular;
// among NA's BMLT formats "GA" is not Gamblers Anonymous everywhere. A feed's own
// codes name a fellowship only when they spell it out (see fellowshipFromCodes).
var notFellowshipCodes = []string{"al-an", "al", "a", "ga", "ha", "ma", "pa", "fa", "ca", "oa", "aa", "na"}

// fellowshipFromCodes returns the fellowship that a meeting's type or format codes
// name, when exactly one is named: a code that is a fellowship's full name or one of
// its unambiguous short names ("Al-Anon", "ALATEEN", "CMA", "SMART"). Two-letter
// codes are never read as fellowships, because feeds use them for other things.
func fellowshipFromCodes(codes []string) (Fellowship, bool) {
	var found Fellowship
	for _, c := range codes {
		if slices.Contains(notFellowshipCodes, strings.ToLower(c)) || len(fellowshipKey(c)) < 3 {
			continue
		}
		f, ok := ParseFellowship(c)
		if !ok {
			continue
		}
		if found != "" && found != f {
			return "", false // two fellowships: the feed's own setting decides
		}
		found = f
	}
	return found, found != ""
}
