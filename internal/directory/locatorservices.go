package directory

import (
	"slices"
	"strings"
)

// The treatment locator's services are read by their text values (f3), within their
// category (f2). The tables list each value as normalizeServiceValue leaves it;
// docs/import-formats.md shows them with the locator's own wording and where each was
// verified. A value not listed here is not an error: it simply says nothing about
// levels, medications, payments or languages.

// locatorLevels maps a category's values to a level of care.
var locatorLevels = map[string]map[string]Level{
	"TC": { // Type of Care
		"detoxification": LevelWithdrawalManagement,
	},
	"SET": { // Service Settings
		"hospital inpatient":                                  LevelHospitalInpatient,
		"hospital inpatient/24-hour hospital inpatient":       LevelHospitalInpatient,
		"hospital inpatient treatment":                        LevelHospitalInpatient,
		"hospital inpatient detoxification":                   LevelWithdrawalManagement,
		"residential detoxification":                          LevelWithdrawalManagement,
		"outpatient detoxification":                           LevelWithdrawalManagement,
		"residential":                                         LevelResidential,
		"residential/24-hour residential":                     LevelResidential,
		"short-term residential":                              LevelResidential,
		"long-term residential":                               LevelResidential,
		"outpatient day treatment or partial hospitalization": LevelPartialHospitalization,
		"partial hospitalization/day treatment":               LevelPartialHospitalization,
		"intensive outpatient treatment":                      LevelIntensiveOutpatient,
		"outpatient":                                          LevelOutpatient,
		"regular outpatient treatment":                        LevelOutpatient,
	},
	"OT": { // Type of Opioid Treatment
		"federally-certified opioid treatment program": LevelOTP,
		"methadone detoxification":                     LevelWithdrawalManagement,
		"buprenorphine detoxification":                 LevelWithdrawalManagement,
		"lofexidine/clonidine detoxification":          LevelWithdrawalManagement,
		"lofexidine or clonidine detoxification":       LevelWithdrawalManagement,
	},
	"EXCL": { // Exclusive Services
		"all clients in opioid treatment program": LevelOTP,
	},
	"LCA": { // License/Certification/Accreditation
		"samhsa certification for opioid treatment program": LevelOTP,
	},
}

// locatorMedicationSetting is the Service Settings value for outpatient medication
// ("OMB"). It says medication is given but not which; with buprenorphine or naltrexone
// outside an OTP it makes the program office-based.
var locatorMedicationSetting = []string{
	"outpatient methadone/buprenorphine or naltrexone treatment",
	"outpatient methadone/buprenorphine or vivitrol",
}

// locatorMedicationCategories are where the locator names medications: Type of Opioid
// Treatment, Opioid Medications used in Treatment, and Pharmacotherapies. Their
// wording varies ("Buprenorphine maintenance", "Buprenorphine with naloxone
// (Suboxone®)", "Extended-release, injectable Naltrexone (Vivitrol®)"), so a value
// names a medication when it contains the medication's name.
var locatorMedicationCategories = []string{"OT", "OM", "PHR"}

var locatorMedicationWords = []struct {
	word       string
	medication Medication
}{
	{"methadone", MedicationMethadone},
	{"buprenorphine", MedicationBuprenorphine},
	{"naltrexone", MedicationNaltrexone},
	{"vivitrol", MedicationNaltrexone},
}

// locatorPainDosing names two medications without offering either as treatment for
// opioid use disorder.
const locatorPainDosing = "use methadone/buprenorphine for pain management or emergency dosing"

// locatorPayments maps Payment/Insurance/Funding Accepted (PAY) and Payment Assistance
// Available (PYAS) values.
var locatorPayments = map[string]map[string]Payment{
	"PAY": {
		"medicaid":                   PaymentMedicaid,
		"medicare":                   PaymentMedicare,
		"private health insurance":   PaymentPrivate,
		"no payment accepted":        PaymentFree,
		"cash or self-payment":       PaymentCash,
		"military insurance":         PaymentMilitary,
		"federal military insurance": PaymentMilitary,
	},
	"PYAS": {
		"sliding fee scale": PaymentSlidingFee,
	},
}

// locatorLanguageCategories are Other Languages (OL) and Language Services (SL).
var locatorLanguageCategories = []string{"OL", "SL"}

// locatorLanguages maps the locator's language names to BCP 47 tags. "Creole" is left
// out: the locator does not say which creole.
var locatorLanguages = map[string]string{
	"spanish":                "es",
	"arabic":                 "ar",
	"any chinese language":   "zh",
	"chinese":                "zh",
	"farsi":                  "fa",
	"french":                 "fr",
	"german":                 "de",
	"greek":                  "el",
	"hebrew":                 "he",
	"hindi":                  "hi",
	"hmong":                  "hmn",
	"hopi":                   "hop",
	"italian":                "it",
	"japanese":               "ja",
	"korean":                 "ko",
	"lakota":                 "lkt",
	"navajo":                 "nv",
	"ojibwa":                 "oj",
	"polish":                 "pl",
	"portuguese":             "pt",
	"russian":                "ru",
	"tagalog":                "tl",
	"vietnamese":             "vi",
	"yupik":                  "ypk",
	"american sign language": "ase",
	"sign language services for the deaf and hard of hearing": "ase",
}

// locatorOffer is what a row's services say the program offers.
type locatorOffer struct {
	levels      map[Level]bool
	medications map[Medication]bool
	payments    map[Payment]bool
	languages   []string
}

func mapLocatorServices(entries []locatorEntry) locatorOffer {
	o := locatorOffer{
		levels:      map[Level]bool{},
		medications: map[Medication]bool{},
		payments:    map[Payment]bool{},
		// The locator lists languages "other" than English; every facility serves English.
		languages: []string{"en"},
	}
	outpatientMedication := false
	for _, e := range entries {
		for _, v := range e.values {
			if level, ok := locatorLevels[e.category][v]; ok {
				o.levels[level] = true
			}
			if e.category == "SET" && slices.Contains(locatorMedicationSetting, v) {
				outpatientMedication = true
			}
			if slices.Contains(locatorMedicationCategories, e.category) && v != locatorPainDosing {
				for _, w := range locatorMedicationWords {
					if strings.Contains(v, w.word) {
						o.medications[w.medication] = true
					}
				}
			}
			if payment, ok := locatorPayments[e.category][v]; ok {
				o.payments[payment] = true
			}
			if tag, ok := locatorLanguages[v]; ok && slices.Contains(locatorLanguageCategories, e.category) &&
				!slices.Contains(o.languages, tag) {
				o.languages = append(o.languages, tag)
			}
		}
	}
	// Office-based care is inferred, the locator has no such value: medication other
	// than methadone, given in an outpatient setting, by a program that is not an OTP.
	outpatient := outpatientMedication || o.levels[LevelOutpatient] ||
		o.levels[LevelIntensiveOutpatient] || o.levels[LevelPartialHospitalization]
	if outpatient && !o.levels[LevelOTP] &&
		(o.medications[MedicationBuprenorphine] || o.medications[MedicationNaltrexone]) {
		o.levels[LevelOfficeBased] = true
	}
	return o
}
