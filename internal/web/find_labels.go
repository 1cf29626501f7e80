package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/directory"
)

// The words the directory pages show for its coded values, in English;
// templates translate them with {{t}}. Levels of care are plain labels:
// the ASAM Criteria's own wording stays out (clinical-facts §11).
var (
	careLevelLabels = map[directory.Level]string{
		directory.LevelWithdrawalManagement:   "directory.withdrawal_management_detox",
		directory.LevelHospitalInpatient:      "directory.hospital_inpatient",
		directory.LevelResidential:            "directory.residential_live_in",
		directory.LevelPartialHospitalization: "directory.partial_hospitalization_day_treatment",
		directory.LevelIntensiveOutpatient:    "directory.intensive_outpatient_iop",
		directory.LevelOutpatient:             "directory.outpatient",
		directory.LevelOTP:                    "directory.opioid_treatment_program_methadone",
		directory.LevelOfficeBased:            "directory.office_based_medication_treatment",
	}
	programMedicationLabels = map[directory.Medication]string{
		directory.MedicationMethadone:     "directory.methadone",
		directory.MedicationBuprenorphine: "directory.buprenorphine",
		directory.MedicationNaltrexone:    "directory.naltrexone",
	}
	programPaymentLabels = map[directory.Payment]string{
		directory.PaymentMedicaid:   "directory.medicaid",
		directory.PaymentMedicare:   "directory.medicare",
		directory.PaymentPrivate:    "directory.private_health_insurance",
		directory.PaymentSlidingFee: "directory.sliding_fee_based_on_income",
		directory.PaymentFree:       "directory.free_no_payment_needed",
		directory.PaymentCash:       "directory.cash_or_self_payment",
		directory.PaymentMilitary:   "directory.military_insurance_tricare",
	}
	meetingModeLabels = map[directory.Mode]string{
		directory.ModeInPerson: "directory.in_person",
		directory.ModeOnline:   "directory.online",
		directory.ModeHybrid:   "directory.hybrid_in_person_and_online",
	}
	// admissionBestTimeLabels name app.AdmissionBestTimes, the answers to
	// "when is it best to call you?".
	admissionBestTimeLabels = map[string]string{
		"":          "directory.any_time",
		"morning":   "directory.morning",
		"afternoon": "directory.afternoon",
		"evening":   "directory.evening",
	}
	admissionStatusLabels = map[string]string{
		directory.AdmissionNew:       "directory.new",
		directory.AdmissionContacted: "directory.contacted",
		directory.AdmissionClosed:    "directory.closed",
	}
	meetingDayLabels = [7]string{"date.weekday_0", "date.weekday_1", "date.weekday_2", "date.weekday_3", "date.weekday_4", "date.weekday_5", "date.weekday_6"}
	// programLanguageNames covers the languages the importers map
	// (docs/import-formats.md), for programs and meetings; another tag is
	// shown as it is.
	programLanguageNames = map[string]string{
		"en": "directory.english", "es": "directory.spanish", "ar": "directory.arabic", "zh": "directory.chinese", "fa": "directory.farsi", "fr": "directory.french",
		"de": "directory.german", "el": "directory.greek", "he": "directory.hebrew", "hi": "directory.hindi", "hmn": "directory.hmong", "hop": "directory.hopi",
		"it": "directory.italian", "ja": "directory.japanese", "ko": "directory.korean", "lkt": "directory.lakota", "nv": "directory.navajo", "oj": "directory.ojibwa",
		"pl": "directory.polish", "pt": "directory.portuguese", "ru": "directory.russian", "tl": "directory.tagalog", "vi": "directory.vietnamese",
		"ypk": "directory.yupik", "ase": "directory.american_sign_language",
		// and the languages of the Meeting Guide types (directory's guideLanguages)
		"af": "directory.afrikaans", "am": "directory.amharic", "bg": "directory.bulgarian", "da": "directory.danish",
		"fi": "directory.finnish", "hr": "directory.croatian", "hu": "directory.hungarian", "is": "directory.icelandic",
		"ka": "directory.georgian", "lt": "directory.lithuanian", "ml": "directory.malayalam", "mt": "directory.maltese",
		"ne": "directory.nepali", "nl": "directory.dutch", "no": "directory.norwegian", "pa": "directory.punjabi",
		"sk": "directory.slovak", "sl": "directory.slovenian", "sv": "directory.swedish", "th": "directory.thai",
		"tr": "directory.turkish", "uk": "directory.ukrainian",
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
