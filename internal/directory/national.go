package directory

// NationalHelp is where the finder sends a person when it has nothing near them:
// the national helpline, which refers to treatment anywhere in the United States,
// and the national locator, which lists more programs than any one instance does.
type NationalHelp struct {
	HelplineName  string
	HelplinePhone string // as dialled
	HelplineTel   string // digits, for a tel: link
	HelplineHours string // a message id, as the crisis page's
	LocatorName   string
	LocatorURL    string
}

// National is the help for the United States (clinical-facts §12; the same number
// as the crisis page's, which a test checks).
func National() NationalHelp {
	return NationalHelp{
		HelplineName:  "SAMHSA National Helpline",
		HelplinePhone: "1-800-662-4357",
		HelplineTel:   "18006624357",
		HelplineHours: "common.free_confidential_treatment_referral_and",
		LocatorName:   "FindTreatment.gov",
		LocatorURL:    "https://findtreatment.gov/",
	}
}
