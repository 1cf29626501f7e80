package drugtest

import "slices"

// Expected reports whether a result is what the member's prescriptions
// lead one to expect: a prescribed substance should be found (a negative
// buprenorphine result for a member on buprenorphine may mean the
// medication is not being taken, or is given away), anything else should
// not, and an invalid specimen is never expected. prescribed lists panel
// substances (Prescribed turns the recovery profile's medication into
// that list; the full medication plans give theirs).
func Expected(substance, value string, prescribed []string) bool {
	switch value {
	case Positive:
		return slices.Contains(prescribed, substance)
	case Negative:
		return !slices.Contains(prescribed, substance)
	}
	return false
}

// Prescribed returns the panel substances a medication for opioid use
// disorder shows as: methadone and buprenorphine have their own screens;
// naltrexone is on no panel (and, like methadone and buprenorphine, does
// not show on the opiate screen).
func Prescribed(medication string) []string {
	switch medication {
	case Methadone:
		return []string{Methadone}
	case Buprenorphine:
		return []string{Buprenorphine}
	}
	return []string{}
}

// Judge fills in each result's Expected from prescribed; a nil prescribed
// (not known) leaves them unknown.
func (t *Test) Judge(prescribed []string) {
	t.Prescribed = prescribed
	for i := range t.Results {
		if prescribed == nil {
			t.Results[i].Expected = nil
			continue
		}
		ok := Expected(t.Results[i].Substance, t.Results[i].Value, prescribed)
		t.Results[i].Expected = &ok
	}
}
