package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The words the directory pages show for its coded values, in English;
// templates translate them with {{t}}. Levels of care are plain labels:
// the ASAM Criteria's own wording stays out (clinical-facts §11).
var (
	careLevelLabels = map[directory.Level]string{
		directory.LevelWithdrawalManagement:   "Withdrawal management (detox)",
		directory.LevelHospitalInpatient:      "Hospital inpatient",
		directory.LevelResidential:            "Residential (live-in)",
		directory.LevelPartialHospitalization: "Partial hospitalization (day treatment)",
		directory.LevelIntensiveOutpatient:    "Intensive outpatient (IOP)",
		directory.LevelOutpatient:             "Outpatient",
		directory.LevelOTP:                    "Opioid treatment program (methadone clinic)",
		directory.LevelOfficeBased:            "Office-based medication treatment",
	}
	programMedicationLabels = map[directory.Medication]string{
		directory.MedicationMethadone:     "Methadone",
		directory.MedicationBuprenorphine: "Buprenorphine",
		directory.MedicationNaltrexone:    "Naltrexone",
	}
	programPaymentLabels = map[directory.Payment]string{
		directory.PaymentMedicaid:   "Medicaid",
		directory.PaymentMedicare:   "Medicare",
		directory.PaymentPrivate:    "Private health insurance",
		directory.PaymentSlidingFee: "Sliding fee based on income",
		directory.PaymentFree:       "Free (no payment needed)",
		directory.PaymentCash:       "Cash or self-payment",
		directory.PaymentMilitary:   "Military insurance (TRICARE)",
	}
	meetingModeLabels = map[directory.Mode]string{
		directory.ModeInPerson: "In person",
		directory.ModeOnline:   "Online",
		directory.ModeHybrid:   "Hybrid (in person and online)",
	}
	meetingFellowshipLabels = map[directory.Fellowship]string{
		directory.FellowshipNA:    "Narcotics Anonymous",
		directory.FellowshipAA:    "Alcoholics Anonymous",
		directory.FellowshipSMART: "SMART Recovery",
	}
	// admissionBestTimeLabels are the answers to "when is it best to call you?".
	admissionBestTimeLabels = map[string]string{
		"":          "Any time",
		"morning":   "Morning",
		"afternoon": "Afternoon",
		"evening":   "Evening",
	}
	admissionBestTimes    = []string{"", "morning", "afternoon", "evening"}
	admissionStatusLabels = map[string]string{
		sqlstore.AdmissionNew:       "New",
		sqlstore.AdmissionContacted: "Contacted",
		sqlstore.AdmissionClosed:    "Closed",
	}
	meetingDayLabels = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	// programLanguageNames covers the languages the importers map
	// (docs/import-formats.md); another tag is shown as it is.
	programLanguageNames = map[string]string{
		"en": "English", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "fa": "Farsi", "fr": "French",
		"de": "German", "el": "Greek", "he": "Hebrew", "hi": "Hindi", "hmn": "Hmong", "hop": "Hopi",
		"it": "Italian", "ja": "Japanese", "ko": "Korean", "lkt": "Lakota", "nv": "Navajo", "oj": "Ojibwa",
		"pl": "Polish", "pt": "Portuguese", "ru": "Russian", "tl": "Tagalog", "vi": "Vietnamese",
		"ypk": "Yupik", "ase": "American Sign Language",
	}
)

// selectOption is one choice of a select or a group of checkboxes.
type selectOption struct {
	Value, Label string
	Chosen       bool
}

func programLevelOptions(chosen ...string) []selectOption {
	var out []selectOption
	for _, l := range directory.Levels() {
		out = append(out, selectOption{string(l), careLevelLabels[l], slices.Contains(chosen, string(l))})
	}
	return out
}

func programMedicationOptions(chosen ...string) []selectOption {
	var out []selectOption
	for _, m := range directory.Medications() {
		out = append(out, selectOption{string(m), programMedicationLabels[m], slices.Contains(chosen, string(m))})
	}
	return out
}

func programPaymentOptions(chosen ...string) []selectOption {
	var out []selectOption
	for _, p := range directory.Payments() {
		out = append(out, selectOption{string(p), programPaymentLabels[p], slices.Contains(chosen, string(p))})
	}
	return out
}

// directoryLabels maps coded values to their labels, in the stored order.
func directoryLabels[T comparable](values []T, labels map[T]string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, labels[v])
	}
	return out
}

// programLanguageLabel names a language tag in English for {{t}}, or returns the
// tag itself when it is not one of the directory's.
func programLanguageLabel(tag string) string {
	if name, ok := programLanguageNames[tag]; ok {
		return name
	}
	return tag
}

// formatDistanceKm shows kilometres and miles: the API speaks kilometres,
// and most people in the United States think in miles.
func formatDistanceKm(km float64) string {
	return fmt.Sprintf("%.1f km (%.1f mi)", km, km/1.609344)
}

// meetingClock shows a "19:30" time the way each language writes it on
// a 12-hour clock.
func meetingClock(locale, hhmm string) string {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return hhmm
	}
	if locale == "es" {
		return strings.NewReplacer("AM", "a. m.", "PM", "p. m.").Replace(t.Format("3:04 PM"))
	}
	return t.Format("3:04 PM")
}

// phoneTel keeps the digits and a leading plus of a phone number, for a
// tel: link; "" when there are too few digits to dial.
func phoneTel(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	if len(b.String()) < 3 {
		return ""
	}
	return b.String()
}
