package directory

import (
	"slices"
	"strings"
	"testing"
)

func TestLocatorRowsMapToPrograms(t *testing.T) {
	res := mustParsePrograms(t, testdata(t, "locator.json"))
	if res.Format != FormatLocatorJSON || len(res.Rejected) != 0 {
		t.Fatalf("format %q, rejected %v; want locator-json and none", res.Format, res.Rejected)
	}
	if len(res.Rows) != 3 {
		t.Fatalf("got %d rows, want 3", len(res.Rows))
	}
	wantEqual(t, "row with an OTP", res.Rows[0], Program{
		Source:   FormatLocatorJSON,
		SourceID: "0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e1f0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e1f",
		Name:     "Example Behavioral Health: Opioid Treatment Program",
		Street:   "100 Example Street, Suite 2", City: "Springfield", State: "IL", Zip: "62701", Country: "US",
		Phone: "217-555-0100", Website: "http://www.example.org",
		Lat: 39.799, Lng: -89.644,
		// Detoxification and outpatient detoxification → withdrawal management; the
		// OTP is never also office-based.
		Levels: []Level{LevelWithdrawalManagement, LevelOutpatient, LevelOTP},
		// "for pain management or emergency dosing" does not count as offering them.
		Medications: []Medication{MedicationMethadone, MedicationBuprenorphine},
		Payments:    []Payment{PaymentMedicaid, PaymentMedicare, PaymentSlidingFee, PaymentCash, PaymentMilitary},
		Languages:   []string{"en", "es", "vi"}, // "Creole" is not mapped
	})
	second := res.Rows[1]
	wantEqual(t, "outpatient levels, with office-based care inferred", second.Levels,
		[]Level{LevelPartialHospitalization, LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased})
	wantEqual(t, "medications from Pharmacotherapies", second.Medications,
		[]Medication{MedicationBuprenorphine, MedicationNaltrexone})
	wantEqual(t, "payments", second.Payments, []Payment{PaymentPrivate, PaymentFree})
	wantEqual(t, "coordinates written as numbers", [2]float64{second.Lat, second.Lng}, [2]float64{39.77, -89.67})
	wantEqual(t, "website without a scheme", second.Website, "https://www.example.com/recovery")
	if !strings.HasPrefix(second.SourceID, "key-") {
		t.Errorf("a row with an empty frid gets a derived id; got %q", second.SourceID)
	}
	third := res.Rows[2]
	wantEqual(t, "residential and hospital levels", third.Levels, []Level{LevelHospitalInpatient, LevelResidential})
	wantEqual(t, "null name2 and street2", [2]string{third.Name, third.Street}, [2]string{"Demo Residential Center", "45 Fictional Lane"})
	wantEqual(t, "naltrexone from Opioid Medications", third.Medications, []Medication{MedicationNaltrexone})
	wantEqual(t, "sign language", third.Languages, []string{"en", "ase"})
}

func TestLocatorServiceWordingVariants(t *testing.T) {
	tests := []struct {
		category, value string
		level           Level
		payment         Payment
	}{
		{"SET", "Short-term residential (30 days or less)", LevelResidential, ""},
		{"SET", "HOSPITAL INPATIENT/24-hour hospital inpatient", LevelHospitalInpatient, ""},
		{"LCA", "SAMHSA certification for opioid treatment program (OTP)", LevelOTP, ""},
		{"EXCL", "All Clients in Opioid Treatment Program", "", ""}, // whom it serves, not a certification
		{"OT", "Lofexidine/clonidine detoxification", LevelWithdrawalManagement, ""},
		{"PAY", "Military insurance (e.g., TRICARE)", "", PaymentMilitary},
		{"PYAS", "Sliding  fee scale", "", PaymentSlidingFee},
		{"PAY", "Sliding fee scale", "", ""}, // only under Payment Assistance
	}
	for _, tt := range tests {
		offer := mapLocatorServices([]locatorEntry{{tt.category, []string{normalizeServiceValue(tt.value)}}}, nil)
		if (tt.level != "") != offer.levels[tt.level] || len(offer.levels) > 1 {
			t.Errorf("%s %q gives levels %v, want %q", tt.category, tt.value, offer.levels, tt.level)
		}
		if (tt.payment != "") != offer.payments[tt.payment] || len(offer.payments) > 1 {
			t.Errorf("%s %q gives payments %v, want %q", tt.category, tt.value, offer.payments, tt.payment)
		}
	}
}

func TestLocatorOfficeBasedNeedsOutpatientMedicationOutsideAnOTP(t *testing.T) {
	entries := func(settings, meds string) []locatorEntry {
		var e []locatorEntry
		for cat, values := range map[string]string{"SET": settings, "PHR": meds} {
			var vs []string
			for _, v := range splitList(values, ";") {
				vs = append(vs, normalizeServiceValue(v))
			}
			e = append(e, locatorEntry{cat, vs})
		}
		return e
	}
	tests := []struct {
		settings, meds string
		want           bool
	}{
		{"Outpatient", "Buprenorphine with naloxone", true},
		{"Outpatient methadone/buprenorphine or naltrexone treatment", "Naltrexone (oral)", true},
		{"Outpatient", "Methadone", false},      // methadone for OUD is OTP-only
		{"Residential", "Buprenorphine", false}, // not outpatient
		{"Outpatient", "Acamprosate (Campral®)", false},
	}
	for _, tt := range tests {
		got := mapLocatorServices(entries(tt.settings, tt.meds), nil).levels[LevelOfficeBased]
		if got != tt.want {
			t.Errorf("settings %q, medications %q: office-based = %v, want %v", tt.settings, tt.meds, got, tt.want)
		}
	}
}

// TestLocatorRecognisesCertifiedOTPs: a program is an opioid treatment program only
// when the locator says it is certified as one, in its wording or by its own service
// codes; wording about its clients is no certification, and an office-based
// buprenorphine practice stays office-based.
func TestLocatorRecognisesCertifiedOTPs(t *testing.T) {
	tests := []struct {
		name, services, codes string
		otp, officeBased      bool
	}{
		{"federal certification in Type of Opioid Treatment",
			`{"f2": "OT", "f3": "Federally-certified Opioid Treatment Program; Methadone maintenance"}, {"f2": "SET", "f3": "Outpatient"}`, "", true, false},
		{"SAMHSA certification in License/Certification",
			`{"f2": "LCA", "f3": "SAMHSA certification for opioid treatment program (OTP); State Substance use treatment agency"}`, "", true, false},
		{"clients in an OTP: counselling beside a clinic",
			`{"f2": "EXCL", "f3": "All Clients in Opioid Treatment Program"}, {"f2": "SET", "f3": "Outpatient"}`, "", false, false},
		{"clients in an OTP, with buprenorphine: office-based",
			`{"f2": "EXCL", "f3": "All clients are in an opioid treatment program"}, {"f2": "SET", "f3": "Outpatient"}, {"f2": "OM", "f3": "Buprenorphine used in Treatment"}`, "", false, true},
		{"office-based buprenorphine practice",
			`{"f2": "SET", "f3": "Outpatient methadone/buprenorphine or naltrexone treatment"}, {"f2": "OT", "f3": "Prescribes buprenorphine; Buprenorphine maintenance"}`, "", false, true},
		{"methadone without certification is not an OTP",
			`{"f2": "OM", "f3": "Methadone used in Treatment"}, {"f2": "SET", "f3": "Hospital inpatient"}`, "", false, false},
		{"pain or emergency dosing names no treatment",
			`{"f2": "OT", "f3": "Use methadone/buprenorphine for pain management or emergency dosing"}, {"f2": "SET", "f3": "Outpatient"}`, "", false, false},
		{"service code OTP", "", `"OTP": 1, "MM": "1", "OP": 1`, true, false},
		{"service code SOTP", "", `"sotp": true`, true, false},
		{"service code set to 0", "", `"OTP": 0, "SOTP": "0", "BU": 1, "OP": 1`, false, true},
		{"service codes of an office practice", "", `"UB": 1, "ORT": "Y"`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := `{"name1": "P", "latitude": "39.1", "longitude": "-89.1", "services": [` + tt.services + `]`
			if tt.codes != "" {
				row += ", " + tt.codes
			}
			res := mustParsePrograms(t, "["+row+"}]")
			if len(res.Rows) != 1 {
				t.Fatalf("rejected: %v", res.Rejected)
			}
			levels := res.Rows[0].Levels
			if got := slices.Contains(levels, LevelOTP); got != tt.otp {
				t.Errorf("levels %v: OTP = %v, want %v", levels, got, tt.otp)
			}
			if got := slices.Contains(levels, LevelOfficeBased); got != tt.officeBased {
				t.Errorf("levels %v: office-based = %v, want %v", levels, got, tt.officeBased)
			}
		})
	}
}

func TestLocatorBadRowsAreRejectedWithTheirLines(t *testing.T) {
	input := `[
{"name1": "Good", "latitude": "39.1", "longitude": "-89.1"},
{"name2": "no name1", "latitude": "39.1", "longitude": "-89.1"},
{"name1": "No coordinates"},
{"name1": "Bad latitude", "latitude": "north", "longitude": "-89"},
{"name1": "Impossible", "latitude": "91", "longitude": "-89"},
{"name1": "Null Island", "latitude": 0, "longitude": 0},
{"name1": true, "latitude": "39.1", "longitude": "-89.1"},
{"name1": "Mental health", "typeFacility": "MH", "latitude": "39.1", "longitude": "-89.1"},
{"name1": "Services object", "latitude": "39.1", "longitude": "-89.1", "services": {"f2": "SET"}},
{"name1": "Bad service", "latitude": "39.1", "longitude": "-89.1", "services": [{"f2": "SET", "f3": ["Outpatient"]}]},
"just text",
{"name1": "Good", "latitude": 39.1, "longitude": -89.1},
{"name1": "Script link", "latitude": "39.1", "longitude": "-89.1", "website": "javascript:alert(1)"},
{
  "name1": "Spread over lines",
  "latitude": "39.2",
  "longitude": "-89.2"
}, {"name1": "Only latitude", "latitude": "39.2"}
]`
	res := mustParsePrograms(t, input)
	if len(res.Rows) != 2 {
		t.Errorf("kept %d rows, want 2 (lines 2 and 15)", len(res.Rows))
	}
	wantRejected(t, res.Rejected, []RowError{
		{Line: 3, Item: 2, Message: "missing name1"},
		{Line: 4, Item: 3, Message: "missing coordinates"},
		{Line: 5, Item: 4, Message: `"latitude" should be a number`},
		{Line: 6, Item: 5, Message: "latitude 91 is outside"},
		{Line: 7, Item: 6, Message: "missing coordinates"},
		{Line: 8, Item: 7, Message: `"name1" should be text`},
		{Line: 9, Item: 8, Message: "mental health facility"},
		{Line: 10, Item: 9, Message: `"services" should be a list`},
		{Line: 11, Item: 10, Message: `services item 1: "f3" should be text`},
		{Line: 12, Item: 11, Message: "expected a JSON object"},
		{Line: 13, Item: 12, Message: "already used by the row on line 2"},
		{Line: 14, Item: 13, Message: "website"},
		{Line: 19, Item: 15, Message: `"latitude" and "longitude" should be given together`},
	})
}

func TestLocatorRowIDs(t *testing.T) {
	row := func(name, street2, zip string) string {
		return `{"name1": "` + name + `", "street1": "1 Main St.", "street2": "` + street2 +
			`", "zip": "` + zip + `", "latitude": "39", "longitude": "-89"}`
	}
	id := func(r string) string {
		res := mustParsePrograms(t, "["+r+"]")
		if len(res.Rows) != 1 {
			t.Fatalf("row %s rejected: %v", r, res.Rejected)
		}
		return res.Rows[0].SourceID
	}
	base := id(row("Example Center", "", "62701"))
	if got := id(row("  EXAMPLE   center ", "", "62701")); got != base {
		t.Errorf("case and spacing changed the derived id: %s vs %s", got, base)
	}
	if got := id(row("Example Center", "Suite 2", "62701")); got == base {
		t.Error("a second program in another suite got the same id")
	}
	if got := id(row("Example Center", "", "62702")); got == base {
		t.Error("another zip code got the same id")
	}
	withFrid := `[{"frid": "abc123", "name1": "Example Center", "latitude": "39", "longitude": "-89"}]`
	if got := mustParsePrograms(t, withFrid).Rows[0].SourceID; got != "abc123" {
		t.Errorf("a row with a frid is keyed by it; got %q", got)
	}
}

func TestBrokenLocatorJSONImportsNothing(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		message     string
	}{
		{"cut off", "[\n{\"name1\": \"A\", \"latitude\": \"39\", \"longitude\": \"-89\"},\n{\"name1\": \"B\",\n", 4, "breaks off"},
		{"missing colon", "[\n{\"name1\": \"A\", \"latitude\": \"39\", \"longitude\": \"-89\"},\n{\"name1\" \"B\"}\n]", 3, "malformed"},
		{"trailing data", "[{\"name1\": \"A\", \"latitude\": \"39\", \"longitude\": \"-89\"}]\n\n[]", 3, "more after the end"},
		{"rows not a list", "{\"page\": 1,\n \"rows\": {}}", 2, `"rows" should be a list`},
		{"no list", "{\"page\": 1}", 0, `no "rows" or "meetings" list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParsePrograms(strings.NewReader(tt.input))
			wantFileError(t, err, tt.line, tt.message)
			if len(res.Rows) != 0 {
				t.Errorf("returned %d rows with the error", len(res.Rows))
			}
		})
	}
}

// Six rows of a real locator answer (testdata/locator-findtreatment.json: the sample
// in SAMHSA's own locator front end, public domain; import-formats.md §2.2). Its
// certified OTPs say "SAMHSA-certified Opioid Treatment Program" and were listed as
// office-based; an outpatient program prescribing buprenorphine stays office-based.
func TestLocatorRealAnswer(t *testing.T) {
	res := mustParsePrograms(t, testdata(t, "locator-findtreatment.json"))
	if res.Format != FormatLocatorJSON || res.RowsRead != 6 || len(res.Rows) != 5 || len(res.Rejected) != 1 ||
		!strings.Contains(res.Rejected[0].Message, "typeFacility MH") {
		t.Fatalf("format %q, read %d, kept %d, rejected %v", res.Format, res.RowsRead, len(res.Rows), res.Rejected)
	}
	levels := map[string][]Level{}
	medications := map[string][]Medication{}
	for _, p := range res.Rows {
		levels[p.Name], medications[p.Name] = p.Levels, p.Medications
	}
	wantEqual(t, "levels", levels, map[string][]Level{
		"Region Ten Community Services Board": {LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased},
		"Addiction Recovery Systems LLC":      {LevelOutpatient, LevelOTP},
		"Addiction Allies LLC":                {LevelPartialHospitalization, LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased},
		"Orchard Mountain Recovery":           {LevelIntensiveOutpatient, LevelOutpatient},
		"Staunton Treatment Center":           {LevelOutpatient, LevelOTP},
	})
	wantEqual(t, "medications of the OTPs and of the program that uses none", []any{medications["Staunton Treatment Center"],
		medications["Addiction Recovery Systems LLC"], len(medications["Orchard Mountain Recovery"])},
		[]any{[]Medication{MedicationMethadone, MedicationBuprenorphine}, []Medication{MedicationMethadone, MedicationBuprenorphine}, 0})
}
