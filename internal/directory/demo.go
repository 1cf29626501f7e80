package directory

import (
	"fmt"
	"time"
)

// The demo directory sits around Springfield, Illinois, so the map and the distances
// look real, but every program and meeting in it is invented: names say "(demo)",
// streets are made up, phone numbers are in the 555-0100 to 555-0199 block reserved
// for fiction, and links point at example.org, a domain reserved for examples.
const (
	demoSource   = "demo"
	demoTimeZone = "America/Chicago"
)

// DemoPrograms returns the demo data's treatment programs: a mix of levels of care,
// medications, payments and languages, with at least one of each value.
func DemoPrograms() []Program {
	type demo struct {
		name, street  string
		lat, lng      float64
		levels        []Level
		meds          []Medication
		pays          []Payment
		langs         []string
		admissions24h bool
		hours         string
	}
	demos := []demo{
		{"Example Recovery Center (demo)", "100 Example Street", 39.7990, -89.6440,
			[]Level{LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased},
			[]Medication{MedicationBuprenorphine, MedicationNaltrexone},
			[]Payment{PaymentMedicaid, PaymentPrivate, PaymentSlidingFee}, []string{"en", "es"},
			false, "Mon–Fri 8:00–18:00"},
		{"Sample Opioid Treatment Program (demo)", "12 Sample Avenue", 39.7700, -89.6700,
			[]Level{LevelOTP},
			[]Medication{MedicationMethadone, MedicationBuprenorphine},
			[]Payment{PaymentMedicaid, PaymentMedicare, PaymentCash}, []string{"en"},
			false, "Mon–Sat 5:30–13:00, Sun 7:00–10:00"},
		{"Demo General Hospital Withdrawal Unit (demo)", "800 Placeholder Boulevard", 39.8120, -89.6580,
			[]Level{LevelWithdrawalManagement, LevelHospitalInpatient},
			[]Medication{MedicationBuprenorphine},
			[]Payment{PaymentMedicaid, PaymentMedicare, PaymentPrivate}, []string{"en", "es"},
			true, "Open every day, all day"},
		{"Example Residential Recovery House (demo)", "45 Fictional Lane", 39.7310, -89.7120,
			[]Level{LevelWithdrawalManagement, LevelResidential},
			[]Medication{MedicationBuprenorphine, MedicationNaltrexone},
			[]Payment{PaymentPrivate, PaymentSlidingFee}, []string{"en"},
			true, "Admissions every day, all day"},
		{"Sample Day Treatment Program (demo)", "230 Example Street", 39.8010, -89.6300,
			[]Level{LevelPartialHospitalization, LevelIntensiveOutpatient},
			nil,
			[]Payment{PaymentMedicaid, PaymentPrivate}, []string{"en"},
			false, "Mon–Fri 9:00–15:30"},
		{"Demo Community Health Clinic (demo)", "7 Invented Road", 39.7560, -89.6190,
			[]Level{LevelOutpatient, LevelOfficeBased},
			[]Medication{MedicationBuprenorphine},
			[]Payment{PaymentMedicaid, PaymentMedicare, PaymentSlidingFee, PaymentFree}, []string{"en", "es"},
			false, "Mon–Thu 8:00–20:00, Fri 8:00–17:00"},
		{"Example Family Counseling Service (demo)", "310 Sample Avenue", 39.8330, -89.6010,
			[]Level{LevelOutpatient},
			nil,
			[]Payment{PaymentSlidingFee, PaymentFree}, []string{"en", "es", "ar"},
			false, "Tue–Sat 10:00–19:00"},
		{"Sample Veterans Recovery Program (demo)", "52 Placeholder Boulevard", 39.7050, -89.6450,
			[]Level{LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased},
			[]Medication{MedicationBuprenorphine, MedicationNaltrexone},
			[]Payment{PaymentMedicare, PaymentMilitary}, []string{"en"},
			false, "Mon–Fri 7:30–16:30"},
		{"Demo Women and Children Residential Program (demo)", "18 Fictional Lane", 39.8640, -89.5470,
			[]Level{LevelWithdrawalManagement, LevelResidential},
			[]Medication{MedicationMethadone, MedicationBuprenorphine},
			[]Payment{PaymentMedicaid}, []string{"en", "es"},
			true, "Admissions every day, all day"},
		{"Example Medication Clinic (demo)", "96 Invented Road", 39.6900, -89.7400,
			[]Level{LevelOutpatient, LevelOfficeBased},
			[]Medication{MedicationBuprenorphine, MedicationNaltrexone},
			[]Payment{PaymentPrivate, PaymentCash}, []string{"en", "vi"},
			false, "Mon, Wed, Fri 12:00–20:00"},
	}
	programs := make([]Program, len(demos))
	for i, d := range demos {
		n := i + 1
		programs[i] = Program{
			Source: demoSource, SourceID: fmt.Sprintf("demo-program-%d", n),
			Name: d.name, Street: d.street, City: "Springfield", State: "IL", Zip: "62701", Country: "US",
			Phone:   fmt.Sprintf("217-555-01%02d", n),
			Website: fmt.Sprintf("https://example.org/demo/program-%d", n),
			Lat:     d.lat, Lng: d.lng,
			Levels: d.levels, Medications: d.meds, Payments: d.pays, Languages: d.langs,
			Admissions24h: d.admissions24h, Hours: d.hours,
		}
	}
	return programs
}

// DemoMeetings returns the demo data's meetings: NA, AA and SMART Recovery, on every
// day of the week, in person, online and hybrid.
func DemoMeetings() []Meeting {
	type demo struct {
		fellowship Fellowship
		name       string
		day        time.Weekday
		start      string
		minutes    int
		mode       Mode
		venue      string
		street     string
		lat, lng   float64
		formats    []string
	}
	demos := []demo{
		{FellowshipNA, "Example Hope Group (demo)", time.Monday, "19:00", 60, ModeInPerson,
			"Example Community Hall", "100 Example Street", 39.7995, -89.6445, []string{"O", "D"}},
		{FellowshipNA, "Sample Just for Today (demo)", time.Wednesday, "12:00", 60, ModeOnline,
			"", "", 0, 0, []string{"O", "JFT", "VM"}},
		{FellowshipNA, "Demo New Beginnings (demo)", time.Saturday, "10:30", 90, ModeHybrid,
			"Sample Library meeting room", "12 Sample Avenue", 39.7705, -89.6690, []string{"C", "BT", "HY"}},
		{FellowshipNA, "Example Sunday Serenity (demo)", time.Sunday, "18:00", 60, ModeInPerson,
			"Demo Recovery Clubhouse", "45 Fictional Lane", 39.7320, -89.7110, []string{"O", "SPK"}},
		{FellowshipAA, "Sample Sunrise Group (demo)", time.Tuesday, "07:00", 60, ModeInPerson,
			"Placeholder Church basement", "7 Invented Road", 39.7565, -89.6185, []string{"O", "D"}},
		{FellowshipAA, "Example Big Book Study (demo)", time.Thursday, "20:00", 60, ModeHybrid,
			"Example Community Hall", "100 Example Street", 39.7995, -89.6445, []string{"C", "B"}},
		{FellowshipAA, "Demo Lunch Bunch (demo)", time.Friday, "12:15", 45, ModeOnline,
			"", "", 0, 0, []string{"O"}},
		{FellowshipSMART, "Example SMART Recovery Meeting (demo)", time.Monday, "18:00", 90, ModeInPerson,
			"Sample Day Treatment Program, room 2", "230 Example Street", 39.8015, -89.6305, nil},
		{FellowshipSMART, "Sample SMART Online (demo)", time.Thursday, "19:30", 90, ModeOnline,
			"", "", 0, 0, nil},
		{FellowshipSMART, "Demo SMART Family & Friends (demo)", time.Saturday, "09:00", 60, ModeHybrid,
			"Example Family Counseling Service", "310 Sample Avenue", 39.8335, -89.6015, nil},
	}
	meetings := make([]Meeting, len(demos))
	for i, d := range demos {
		n := i + 1
		m := Meeting{
			Source: demoSource, SourceID: fmt.Sprintf("demo-meeting-%d", n), Fellowship: d.fellowship,
			Name: d.name, Day: d.day, Start: d.start, Duration: time.Duration(d.minutes) * time.Minute,
			TimeZone: demoTimeZone, Mode: d.mode, Venue: d.venue,
			Lat: d.lat, Lng: d.lng, Formats: describeFormats(d.formats, nil, d.fellowship == FellowshipAA),
			Notes: "Demo data: this meeting does not exist.",
		}
		if d.mode != ModeOnline {
			m.Located = LocatedExact
			m.Street, m.City, m.State, m.Zip, m.Country = d.street, "Springfield", "IL", "62701", "US"
		}
		if d.mode != ModeInPerson {
			m.URL = fmt.Sprintf("https://example.org/demo/meeting-%d", n)
		}
		explainOpenClosed(m.Formats, m.Fellowship)
		meetings[i] = m
	}
	return meetings
}
