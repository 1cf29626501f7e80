package medication

import (
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The naltrexone start rule (label; clinical-facts §8): the first dose
// needs 7 to 10 opioid-free days, and after methadone or buprenorphine
// withdrawal can be precipitated for up to about two weeks.
const (
	NaltrexoneOpioidFreeDays = 7
	NaltrexoneAfterAgonist   = 14
	MinOverrideLength        = 10 // a documented override is a sentence, not a tick
)

// AgonistUse is the last day a person took methadone or buprenorphine.
type AgonistUse struct {
	Kind Kind
	Last recovery.Date
}

// NaltrexoneStartWarnings says why a first naltrexone dose on start may
// precipitate withdrawal: none when the rule is met. lastOpioidUse is the
// last use of any opioid as the person reported it (nil when unknown);
// lastAgonist the last methadone or buprenorphine Onward knows of.
func NaltrexoneStartWarnings(start recovery.Date, lastOpioidUse *recovery.Date, lastAgonist *AgonistUse) []i18n.Msg {
	var out []i18n.Msg
	switch {
	case lastOpioidUse == nil:
		out = append(out, i18n.M("meds.naltrexone_opioid_free_unknown", "Count", NaltrexoneOpioidFreeDays))
	case lastOpioidUse.DaysUntil(start) < NaltrexoneOpioidFreeDays:
		out = append(out, i18n.M("meds.naltrexone_too_soon_after_opioids", "Count", max(0, lastOpioidUse.DaysUntil(start)),
			"Needed", NaltrexoneOpioidFreeDays))
	}
	if lastAgonist != nil && lastAgonist.Last.DaysUntil(start) < NaltrexoneAfterAgonist {
		out = append(out, i18n.M("meds.naltrexone_too_soon_after_agonist", "Count", max(0, lastAgonist.Last.DaysUntil(start)),
			"Medicine", i18n.M("medkind."+string(lastAgonist.Kind)), "Needed", NaltrexoneAfterAgonist))
	}
	return out
}

// RequireOverride refuses a start that warnings speak against unless the
// clinician documented why it goes ahead.
func RequireOverride(warnings []i18n.Msg, override string) error {
	if len(warnings) == 0 || utf8.RuneCountInString(override) >= MinOverrideLength {
		return nil
	}
	return onward.Invalid("override", "meds.override_needed")
}
