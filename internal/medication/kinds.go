package medication

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Kind is a medicine. Each has a label ("medkind.<kind>") in the catalogs.
type Kind string

const (
	Methadone     Kind = "methadone"
	Buprenorphine Kind = "buprenorphine"
	Naltrexone    Kind = "naltrexone"
	Naloxone      Kind = "naloxone"
)

// Kinds lists every medicine in the order forms offer them.
var Kinds = []Kind{Buprenorphine, Methadone, Naltrexone, Naloxone}

// Agonist reports whether k is an opioid agonist (full or partial): the
// medicines whose stopping lowers tolerance and which the benzodiazepine
// and alcohol warning is about.
func (k Kind) Agonist() bool { return k == Methadone || k == Buprenorphine }

// Form is how a medicine is taken. Each has a label ("medform.<form>").
type Form string

const (
	OralLiquid        Form = "oral_liquid"        // methadone at an opioid treatment program
	DispersibleTablet Form = "dispersible_tablet" // methadone
	SublingualTablet  Form = "sublingual_tablet"  // buprenorphine
	Film              Form = "film"               // buprenorphine (with or without naloxone)
	XRInjection       Form = "xr_injection"       // extended-release: buprenorphine monthly, naltrexone every 4 weeks
	OralTablet        Form = "oral_tablet"        // naltrexone
	NasalSpray        Form = "nasal_spray"        // naloxone kit
	Injection         Form = "injection"          // naloxone kit (intramuscular)
)

// FormSpec is what Onward accepts for one form of one medicine: the dose
// range a person can sensibly record (outside it is a typo, never a
// dose), and whether it is taken at daily times or given every
// IntervalDays by a clinician. Kits (naloxone) have no schedule.
type FormSpec struct {
	Kind         Kind
	Form         Form
	MinMg, MaxMg float64
	IntervalDays int  // 0: taken at daily times
	Kit          bool // carried, not taken on a schedule: an expiry date instead
}

// Specs are the forms Onward knows (docs/medication.md gives the label
// doses these ranges are drawn from).
var Specs = []FormSpec{
	{Kind: Buprenorphine, Form: SublingualTablet, MinMg: 0.1, MaxMg: 32},
	{Kind: Buprenorphine, Form: Film, MinMg: 0.1, MaxMg: 32},
	{Kind: Buprenorphine, Form: XRInjection, MinMg: 8, MaxMg: 300, IntervalDays: 28},
	{Kind: Methadone, Form: OralLiquid, MinMg: 1, MaxMg: 400},
	{Kind: Methadone, Form: DispersibleTablet, MinMg: 5, MaxMg: 400},
	{Kind: Naltrexone, Form: OralTablet, MinMg: 25, MaxMg: 150},
	{Kind: Naltrexone, Form: XRInjection, MinMg: 380, MaxMg: 380, IntervalDays: 28},
	{Kind: Naloxone, Form: NasalSpray, MinMg: 2, MaxMg: 8, Kit: true},
	{Kind: Naloxone, Form: Injection, MinMg: 0.4, MaxMg: 5, Kit: true},
}

// SpecOf returns the spec of kind and form, false when the pair is unknown.
func SpecOf(k Kind, f Form) (FormSpec, bool) {
	i := slices.IndexFunc(Specs, func(s FormSpec) bool { return s.Kind == k && s.Form == f })
	if i < 0 {
		return FormSpec{}, false
	}
	return Specs[i], true
}

// FormsOf lists the forms of a medicine.
func FormsOf(k Kind) []Form {
	var out []Form
	for _, s := range Specs {
		if s.Kind == k {
			out = append(out, s.Form)
		}
	}
	return out
}

// ValidKind reports whether k is a medicine Onward knows.
func ValidKind(k Kind) bool { return slices.Contains(Kinds, k) }

// Limits on what is written with a plan or an order.
const (
	MaxTimes        = 4   // dose times a day
	MaxNameLength   = 120 // a prescriber's or program's name
	MaxNoteLength   = 1000
	MaxClientID     = 64
	MaxLookbackDays = 7 // how far back a member may log a dose they forgot to log
)

// ValidDose reports whether mg is a dose of the spec's form: written as a
// negation so NaN, which fails every comparison, is refused.
func (s FormSpec) ValidDose(mg float64) bool { return mg >= s.MinMg && mg <= s.MaxMg }

// CleanTimes trims, sorts and de-duplicates dose times ("HH:MM"),
// reporting false when one is not a time of day.
func CleanTimes(times []string) ([]string, bool) {
	var out []string
	for _, t := range times {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		parsed, err := time.Parse("15:04", t)
		if err != nil {
			return nil, false
		}
		out = append(out, parsed.Format("15:04"))
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

// cleanText trims s and reports whether it fits max runes of valid text
// on one line.
func cleanText(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !strings.ContainsAny(s, "\x00")
}

// localTime is the moment of a local day and "HH:MM" clock time in loc.
func localTime(d recovery.Date, hhmm string, loc *time.Location) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, loc)
}
