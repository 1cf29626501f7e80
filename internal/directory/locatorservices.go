package directory

import (
	"encoding/json"
	"fmt"
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
		"samhsa-certified opioid treatment program":    LevelOTP,
		"methadone detoxification":                     LevelWithdrawalManagement,
		"buprenorphine detoxification":                 LevelWithdrawalManagement,
		"lofexidine/clonidine detoxification":          LevelWithdrawalManagement,
		"lofexidine or clonidine detoxification":       LevelWithdrawalManagement,
	},
	// "All clients in opioid treatment program" (EXCL, group-specific services) is
	// left out on purpose: it describes whom a program serves, such as counselling
	// for the patients of a clinic nearby, not a certification to dispense methadone.
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

// locatorCode is what one of the locator's own service codes says. The codes are the
// locator's search filters (sCodes) and the columns of its downloadable facility
// listing; some exports carry them as members of a row, set to 1 (see
// locatorCodeMembers).
type locatorCode struct {
	level      Level
	medication Medication
	payment    Payment
	language   string
	setting    bool // outpatient medication (OMB), as locatorMedicationSetting
}

// locatorCodes maps the service codes that matter here. OTP ("Federally-certified
// Opioid Treatment Program") and SOTP ("SAMHSA certification for opioid treatment
// program") are the certification; PAIN (pain management or emergency dosing) names
// no treatment and is left out, as its wording is.
var locatorCodes = map[string]locatorCode{
	"OTP":  {level: LevelOTP},
	"SOTP": {level: LevelOTP},
	"DT":   {level: LevelWithdrawalManagement},
	"HID":  {level: LevelWithdrawalManagement},
	"RD":   {level: LevelWithdrawalManagement},
	"OD":   {level: LevelWithdrawalManagement},
	"DM":   {level: LevelWithdrawalManagement, medication: MedicationMethadone},
	"DB":   {level: LevelWithdrawalManagement, medication: MedicationBuprenorphine},
	"HI":   {level: LevelHospitalInpatient},
	"HIT":  {level: LevelHospitalInpatient},
	"RES":  {level: LevelResidential},
	"RS":   {level: LevelResidential},
	"RL":   {level: LevelResidential},
	"ODT":  {level: LevelPartialHospitalization},
	"OIT":  {level: LevelIntensiveOutpatient},
	"OP":   {level: LevelOutpatient},
	"ORT":  {level: LevelOutpatient},
	"OMB":  {setting: true},
	"MM":   {medication: MedicationMethadone},
	"MU":   {medication: MedicationMethadone},
	"METH": {medication: MedicationMethadone},
	"BU":   {medication: MedicationBuprenorphine},
	"BUM":  {medication: MedicationBuprenorphine},
	"UB":   {medication: MedicationBuprenorphine},
	"BWN":  {medication: MedicationBuprenorphine},
	"BWON": {medication: MedicationBuprenorphine},
	"BERI": {medication: MedicationBuprenorphine},
	"BSDM": {medication: MedicationBuprenorphine},
	"NU":   {medication: MedicationNaltrexone},
	"UN":   {medication: MedicationNaltrexone},
	"NXN":  {medication: MedicationNaltrexone},
	"VTRL": {medication: MedicationNaltrexone},
	"RPN":  {medication: MedicationNaltrexone},
	"MD":   {payment: PaymentMedicaid},
	"MC":   {payment: PaymentMedicare},
	"PI":   {payment: PaymentPrivate},
	"NP":   {payment: PaymentFree},
	"SF":   {payment: PaymentCash},
	"SS":   {payment: PaymentSlidingFee},
	"MI":   {payment: PaymentMilitary},
	"SP":   {language: "es"},
	"ASL":  {language: "ase"},
	"AH":   {language: "ase"},
}

// locatorCodeMembers returns the service codes a row sets as its own members, such as
// "OTP": 1 or "otp": "1" (a converted facility listing). Only codes locatorCodes
// knows are read; a value other than 1, true, "Y" or "yes" does not set the code.
func locatorCodeMembers(obj jsonObject) []string {
	var codes []string
	for key, v := range obj {
		code := strings.ToUpper(key)
		if _, ok := locatorCodes[code]; !ok {
			continue
		}
		switch v := v.(type) {
		case bool:
			if v {
				codes = append(codes, code)
			}
		case json.Number, string:
			switch strings.ToLower(strings.TrimSpace(fmt.Sprint(v))) {
			case "1", "y", "yes", "true":
				codes = append(codes, code)
			}
		}
	}
	slices.Sort(codes) // the order of the languages added must not depend on the map
	return codes
}

// locatorOffer is what a row's services say the program offers.
type locatorOffer struct {
	levels      map[Level]bool
	medications map[Medication]bool
	payments    map[Payment]bool
	languages   []string
}

func mapLocatorServices(entries []locatorEntry, codes []string) locatorOffer {
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
	for _, code := range codes {
		c := locatorCodes[code]
		if c.level != "" {
			o.levels[c.level] = true
		}
		if c.medication != "" {
			o.medications[c.medication] = true
		}
		if c.payment != "" {
			o.payments[c.payment] = true
		}
		if c.language != "" && !slices.Contains(o.languages, c.language) {
			o.languages = append(o.languages, c.language)
		}
		outpatientMedication = outpatientMedication || c.setting
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
