// Package withdrawal estimates where someone is in opioid withdrawal from
// what they last used and when: before the usual onset, onset, peak, the
// acute phase easing, or post-acute (protracted) withdrawal. The figures
// are the published ones in clinical-facts.md §7, written up with their
// sources in docs/withdrawal.md; where the sources give no timeline (a
// phase of fentanyl withdrawal, stopping buprenorphine) nothing is
// estimated, because a guess presented as a phase could mislead someone
// deciding when to take a first dose of buprenorphine.
//
// Like the other domain packages it is pure: callers pass the times.
package withdrawal

import (
	"errors"
	"slices"
	"time"
)

// Substance is what was last used, as the member names it.
type Substance string

// The substances a withdrawal tracker follows. The codes are those of
// onward.Substances, so one label serves both.
const (
	Heroin              Substance = "heroin"
	Fentanyl            Substance = "fentanyl"
	Methadone           Substance = "methadone"
	Buprenorphine       Substance = "buprenorphine"
	PrescriptionOpioids Substance = "prescription_opioids"
)

// Substances lists every substance in the order a form offers them.
var Substances = []Substance{Heroin, Fentanyl, PrescriptionOpioids, Methadone, Buprenorphine}

// Valid reports whether s is one of Substances.
func (s Substance) Valid() bool { return slices.Contains(Substances, s) }

// Phase is a stretch of withdrawal.
type Phase string

const (
	// PhaseBeforeOnset is earlier than withdrawal usually starts.
	PhaseBeforeOnset Phase = "before_onset"
	// PhaseOnset is from the usual start of symptoms to the peak.
	PhaseOnset Phase = "onset"
	// PhasePeak is when symptoms are usually at their worst.
	PhasePeak Phase = "peak"
	// PhaseAcute is the rest of the acute phase (for heroin, easing after
	// the peak; for methadone, the whole acute phase, whose worst days
	// the sources do not pin down).
	PhaseAcute Phase = "acute"
	// PhasePostAcute is after the acute phase: lower-grade symptoms for
	// weeks to months, sometimes years (protracted withdrawal).
	PhasePostAcute Phase = "post_acute"
	// PhaseNotEstimated is given when time alone says too little: the
	// sources warn against a fixed timeline for fentanyl and give none
	// for stopping buprenorphine.
	PhaseNotEstimated Phase = "not_estimated"
)

// Timeline is one substance's published course, as offsets from the last
// use. A zero offset means the sources give no such boundary.
type Timeline struct {
	// OnsetFrom and OnsetTo are the usual range for the first symptoms.
	OnsetFrom, OnsetTo time.Duration
	// PeakFrom and PeakTo are when symptoms are usually worst.
	PeakFrom, PeakTo time.Duration
	// AcuteUsuallyEnds is when the acute phase has mostly passed;
	// AcuteEnds is the longest it usually lasts, after which withdrawal
	// is post-acute.
	AcuteUsuallyEnds, AcuteEnds time.Duration
	// ModerateFrom and ModerateTo are when moderate withdrawal (COWS above
	// 12) is usually reached (Emergency Care BC).
	ModerateFrom, ModerateTo time.Duration
}

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// timelines are the published figures (clinical-facts.md §7). Heroin's
// apply to other short-acting opioids, which includes most prescription
// opioids; their extended-release forms reach moderate withdrawal later
// (17–24 h), which the page says beside the estimate.
var timelines = map[Substance]Timeline{
	Heroin: {OnsetFrom: 6 * hour, OnsetTo: 12 * hour, PeakFrom: 24 * hour, PeakTo: 72 * hour,
		AcuteUsuallyEnds: 7 * day, AcuteEnds: 10 * day, ModerateFrom: 12 * hour, ModerateTo: 16 * hour},
	PrescriptionOpioids: {OnsetFrom: 6 * hour, OnsetTo: 12 * hour, PeakFrom: 24 * hour, PeakTo: 72 * hour,
		AcuteUsuallyEnds: 7 * day, AcuteEnds: 10 * day, ModerateFrom: 12 * hour, ModerateTo: 16 * hour},
	// Methadone: onset 24–48 h (idwiki), moderate withdrawal at 30–48 h
	// (Emergency Care BC), lasting about 2–3 weeks. No peak is given.
	Methadone: {OnsetFrom: 24 * hour, OnsetTo: 48 * hour, AcuteUsuallyEnds: 14 * day, AcuteEnds: 21 * day,
		ModerateFrom: 30 * hour, ModerateTo: 48 * hour},
}

// Errors for times that cannot be a last use.
var (
	ErrUnknownSubstance = errors.New("withdrawal: unknown substance")
	ErrInFuture         = errors.New("withdrawal: last use is after now")
)

// Estimate is where someone is now.
type Estimate struct {
	Substance Substance
	// Since is the time from the last use to now.
	Since time.Duration
	Phase Phase
	// Timeline is the published course the phase comes from; the zero
	// Timeline when the phase is not estimated.
	Timeline Timeline
}

// Estimated reports whether the sources allow a phase for the substance.
func (e Estimate) Estimated() bool { return e.Phase != PhaseNotEstimated }

// TimelineOf returns the published course of s, and false when the
// sources give none that time alone can follow.
func TimelineOf(s Substance) (Timeline, bool) {
	t, ok := timelines[s]
	return t, ok
}

// EstimateAt returns the expected phase at now for someone who last used
// s at lastUse. Every boundary belongs to the later phase: at exactly
// 6 hours after heroin, withdrawal is in its onset.
func EstimateAt(s Substance, lastUse, now time.Time) (Estimate, error) {
	if !s.Valid() {
		return Estimate{}, ErrUnknownSubstance
	}
	since := now.Sub(lastUse)
	if since < 0 {
		return Estimate{}, ErrInFuture
	}
	e := Estimate{Substance: s, Since: since, Phase: PhaseNotEstimated}
	t, ok := timelines[s]
	if !ok {
		return e, nil
	}
	e.Timeline = t
	e.Phase = t.phaseAt(since)
	return e, nil
}

func (t Timeline) phaseAt(since time.Duration) Phase {
	switch {
	case since < t.OnsetFrom:
		return PhaseBeforeOnset
	case t.PeakFrom > 0 && since < t.PeakFrom:
		return PhaseOnset
	case t.PeakFrom > 0 && since < t.PeakTo:
		return PhasePeak
	case t.PeakFrom == 0 && since < t.OnsetTo:
		return PhaseOnset
	case since < t.AcuteEnds:
		return PhaseAcute
	}
	return PhasePostAcute
}

// RedFlag is a sign during withdrawal that needs urgent care, not waiting
// it out. docs/withdrawal.md gives the source of each.
type RedFlag string

const (
	// RedFlagOverdose: after using again, or taking something to get
	// through it, someone cannot be woken or breathes slowly (§12).
	RedFlagOverdose RedFlag = "overdose"
	// RedFlagFluids: unable to keep fluids down; vomiting and diarrhoea
	// dehydrate, the main medical complication of opioid withdrawal.
	RedFlagFluids RedFlag = "fluids"
	// RedFlagConfusion: confusion, seeing or hearing things, or a seizure
	// are not signs of opioid withdrawal and may be something else.
	RedFlagConfusion RedFlag = "confusion"
	// RedFlagSedatives: stopping alcohol, benzodiazepines or sleeping
	// pills at the same time; mixing them with opioids slows breathing.
	RedFlagSedatives RedFlag = "sedatives"
	// RedFlagHeart: chest pain or a racing heart, above all with a heart
	// condition, which the stress of withdrawal can strain.
	RedFlagHeart RedFlag = "heart"
	// RedFlagPregnancy: withdrawal in pregnancy can harm the pregnancy.
	RedFlagPregnancy RedFlag = "pregnancy"
	// RedFlagSuicide: thoughts of suicide or self-harm.
	RedFlagSuicide RedFlag = "suicide"
)

// RedFlags lists every red flag, the most immediately dangerous first.
var RedFlags = []RedFlag{RedFlagOverdose, RedFlagSuicide, RedFlagConfusion, RedFlagFluids, RedFlagHeart, RedFlagPregnancy, RedFlagSedatives}
