package export

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/recovery"
)

func date(s string) recovery.Date {
	d, err := recovery.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var today = date("2026-11-21")

// sample is a small but complete export, as Onward writes one.
func sample() *Document {
	at := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	sleep, took := 6.5, true
	revoked := at.Add(time.Hour)
	return &Document{Format: Format, Version: Version, ExportedAt: at,
		Account:         Account{ID: "0193a0a0-0000-7000-8000-000000000001", Email: "ana@example.com", DisplayName: "Ana", Locale: "es", TimeZone: "America/Chicago", CreatedAt: at},
		RecoveryProfile: &Profile{LastUseDay: date("2026-10-01"), Convention: "day_after", Substances: []string{"heroin"}, Medication: "methadone", TreatmentLevel: "otp", UpdatedAt: at},
		CheckIns: []CheckIn{
			{ID: "0193a0a0-0000-7000-8000-000000000002", Day: date("2026-11-19"), Mood: 2, Craving: 7, SleepHours: &sleep, SleepQuality: 3, MedicationTaken: &took, Note: "hard day", Version: 1, CreatedAt: at, UpdatedAt: at},
			{ID: "0193a0a0-0000-7000-8000-000000000003", Day: date("2026-11-20"), Mood: 4, Craving: 1, Meeting: true, Version: 2, CreatedAt: at, UpdatedAt: at},
		},
		Lapses:            []Lapse{{ID: "0193a0a0-0000-7000-8000-000000000004", Day: date("2026-10-15"), What: "heroin", CreatedAt: at}},
		Plan:              &Plan{Triggers: []string{"payday"}, HALT: []string{"tired"}, WarningSigns: []string{}, Coping: []string{}, People: []Contact{{Name: "Sam", Phone: "555 0100"}}, Reasons: []string{}, SafePlaces: []string{}, UpdatedAt: at},
		Urges:             []Urge{{ID: "0193a0a0-0000-7000-8000-000000000005", StartedAt: at, EndedAt: at.Add(10 * time.Minute), Passed: true, Helped: []string{"walked"}}},
		Milestones:        []Milestone{{MilestoneID: "days-30", ReachedOn: date("2026-10-31"), CelebratedAt: at}},
		MeetingAttendance: []Attendance{{Day: date("2026-11-18"), MeetingSource: "demo", MeetingSourceID: "m1", MeetingName: "Tuesday Hope", CreatedAt: at}},
		ConsentsGiven: []Consent{
			{ID: "0193a0a0-0000-7000-8000-000000000006", Person: Person{ID: "0193a0a0-0000-7000-8000-000000000007", DisplayName: "Sam", Role: "supporter"}, Categories: []string{"checkins", "milestones"}, StartsAt: at, CreatedAt: at, Active: true,
				Relationship: "friend", CheckinsDetail: true, Purpose: "support in recovery, at the member's request"},
			{ID: "0193a0a0-0000-7000-8000-000000000008", Person: Person{ID: "0193a0a0-0000-7000-8000-000000000007", DisplayName: "Sam", Role: "supporter"}, Categories: []string{"alerts"}, StartsAt: at, RevokedAt: &revoked, CreatedAt: at},
			{ID: "0193a0a0-0000-7000-8000-000000000009", Person: Person{ID: "0193a0a0-0000-7000-8000-00000000000a", DisplayName: "Lee", Role: "supporter"}, Categories: []string{"milestones"}, StartsAt: at, CreatedAt: at, Active: true,
				Relationship: "sponsor", Purpose: "support in recovery, at the member's request"},
		},
		ConsentsReceived: []Consent{}, AccessLog: []AccessRecord{},
		PendingInvitations: []Invitation{{Relationship: "family", Categories: []string{"milestones"}, Email: "mom@example.com", CreatedAt: at, ExpiresAt: at.Add(7 * 24 * time.Hour)}},
		NotifyPrefs:        &NotifyPrefs{Email: true, Discreet: true, QuietStart: "22:00", QuietEnd: "07:00"},
		SupportRequests: []SupportRequest{{ID: "0193a0a0-0000-7000-8000-00000000000b", CreatedAt: at, Answers: []SupportAnswer{
			{Person: Person{ID: "0193a0a0-0000-7000-8000-000000000007", DisplayName: "Sam", Role: "supporter"}, Answer: "calling", AnsweredAt: at.Add(2 * time.Minute)}}}},
		Assessments: []Assessment{
			{ID: "0193a0a0-0000-7000-8000-00000000000c", Instrument: "phq9", Answers: map[string]int{"1": 2, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1},
				Total: 4, Band: "minimal", Flags: []string{"suicide_risk"}, TakenAt: at, Baseline: true, CreatedAt: at,
				RecordedBy: Person{ID: "0193a0a0-0000-7000-8000-000000000001", DisplayName: "Ana", Role: "member"}},
			{ID: "0193a0a0-0000-7000-8000-00000000000d", Instrument: "cows", Answers: map[string]int{"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 0, "9": 0, "10": 0, "11": 0},
				Total: 9, Band: "mild", Flags: []string{"buprenorphine_start_threshold_met"}, BuprenorphineThreshold: 8, TakenAt: at, Baseline: true, CreatedAt: at,
				RecordedBy: Person{ID: "0193a0a0-0000-7000-8000-00000000000e", DisplayName: "Dr Lee", Role: "clinician"}, Program: "Clinic", LevelOfCare: "withdrawal_management"},
			{ID: "0193a0a0-0000-7000-8000-00000000000f", Instrument: "bam", Answers: bamAnswers(), Subscales: map[string]int{"use": 0, "risk": 6, "protective": 9},
				Flags: []string{}, TakenAt: at, Baseline: true, CreatedAt: at, RecordedBy: Person{ID: "0193a0a0-0000-7000-8000-000000000001", DisplayName: "Ana", Role: "member"}},
		},
		WithdrawalTracker: &WithdrawalTracker{Substance: "heroin", LastUseAt: at.Add(-30 * time.Hour), UpdatedAt: at}}
}

// bamAnswers answer every BAM item 1, except no use (items 4–6: 0), an
// adequate income (item 14: yes, 4) and the optional drug classes (7A–G):
// risk 6, protective 9.
func bamAnswers() map[string]int {
	a := map[string]int{}
	for i := 1; i <= 17; i++ {
		if i != 7 {
			a[fmt.Sprint(i)] = 1
		}
	}
	a["4"], a["5"], a["6"], a["14"] = 0, 0, 0, 4
	return a
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseAcceptsOwnExport(t *testing.T) {
	d, err := Parse(marshal(t, sample()), today)
	if err != nil {
		t.Fatalf("parse a valid export: %v", err)
	}
	if len(d.CheckIns) != 2 || d.CheckIns[0].Mood != 2 || d.Plan.People[0].Name != "Sam" {
		t.Fatalf("parsed %+v", d)
	}
	if d.NotifyPrefs == nil || d.NotifyPrefs.QuietStart != "22:00" || len(d.SupportRequests[0].Answers) != 1 || d.ConsentsGiven[0].Relationship != "friend" {
		t.Fatalf("parsed support network and preferences: %+v %+v %+v", d.NotifyPrefs, d.SupportRequests, d.ConsentsGiven)
	}
}

func TestParseRefusesBadFiles(t *testing.T) {
	edit := func(change func(d map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(marshal(t, sample()), &m); err != nil {
			t.Fatal(err)
		}
		change(m)
		return marshal(t, m)
	}
	checkIn := func(m map[string]any, i int) map[string]any { return m["checkins"].([]any)[i].(map[string]any) }
	assessment := func(m map[string]any, i int) map[string]any { return m["assessments"].([]any)[i].(map[string]any) }
	cases := []struct {
		name, wantField, wantMessage string
		file                         []byte
	}{
		{"ErrNotJSON", "", "not valid JSON", []byte("{format: 1}")},
		{"ErrEmpty", "", "empty or cut short", []byte("")},
		{"ErrTrailingData", "", "one JSON document", append(marshal(t, sample()), []byte(" {}")...)},
		{"ErrNotAnExport", "", "not an Onward export", edit(func(m map[string]any) { m["format"] = "something-else" })},
		{"ErrWrongVersion", "", "version 2", edit(func(m map[string]any) { m["version"] = 2 })},
		{"ErrUnknownField", "", "unknown field", edit(func(m map[string]any) { m["medications"] = []any{} })},
		{"ErrWrongType", "", "wrong type", edit(func(m map[string]any) { checkIn(m, 0)["mood"] = "good" })},
		{"ErrBadDate", "", "could not be read", edit(func(m map[string]any) { checkIn(m, 0)["day"] = "19/11/2026" })},
		{"ErrMoodOutOfRange", "checkins[0].mood", "", edit(func(m map[string]any) { checkIn(m, 0)["mood"] = 9 })},
		{"ErrFutureCheckIn", "checkins[1].day", "", edit(func(m map[string]any) { checkIn(m, 1)["day"] = "2026-12-01" })},
		{"ErrSameDayTwice", "checkins[1].day", "", edit(func(m map[string]any) { checkIn(m, 1)["day"] = "2026-11-19" })},
		{"ErrZeroVersion", "checkins[0].version", "", edit(func(m map[string]any) { checkIn(m, 0)["version"] = 0 })},
		{"ErrUnknownMedication", "recovery_profile.medication", "", edit(func(m map[string]any) {
			m["recovery_profile"].(map[string]any)["medication"] = "morphine"
		})},
		{"ErrBadConvention", "recovery_profile.convention", "", edit(func(m map[string]any) {
			m["recovery_profile"].(map[string]any)["convention"] = "sometimes"
		})},
		{"ErrBadTimeZone", "account.time_zone", "", edit(func(m map[string]any) { m["account"].(map[string]any)["time_zone"] = "Mars/Base" })},
		{"ErrBadLocale", "account.locale", "", edit(func(m map[string]any) { m["account"].(map[string]any)["locale"] = "fr" })},
		{"ErrBadHALT", "plan.halt", "", edit(func(m map[string]any) { m["plan"].(map[string]any)["halt"] = []any{"bored"} })},
		{"ErrUrgeEndsBeforeStart", "urges[0].ended_at", "", edit(func(m map[string]any) {
			m["urges"].([]any)[0].(map[string]any)["ended_at"] = "2026-11-20T20:00:00Z"
		})},
		{"ErrBadQuietHours", "notification_preferences.quiet_start", "", edit(func(m map[string]any) {
			m["notification_preferences"].(map[string]any)["quiet_start"] = "10pm"
		})},
		{"ErrQuietHoursWithoutEnd", "notification_preferences.quiet_end", "", edit(func(m map[string]any) {
			m["notification_preferences"].(map[string]any)["quiet_end"] = ""
		})},
		{"ErrAttendanceWithoutMeeting", "meeting_attendance[0].meeting_source", "", edit(func(m map[string]any) {
			m["meeting_attendance"].([]any)[0].(map[string]any)["meeting_source_id"] = ""
		})},
		{"ErrScoreDiffersFromTheAnswers", "assessments[0].total", "", edit(func(m map[string]any) { assessment(m, 0)["total"] = 27 })},
		{"ErrSafetyFlagDropped", "assessments[0].total", "", edit(func(m map[string]any) { assessment(m, 0)["flags"] = []any{} })},
		{"ErrBandDiffers", "assessments[1].total", "", edit(func(m map[string]any) { assessment(m, 1)["band"] = "severe" })},
		{"ErrSubscalesDiffer", "assessments[2].total", "", edit(func(m map[string]any) { assessment(m, 2)["subscales"].(map[string]any)["risk"] = 1 })},
		{"ErrAnswerOutOfRange", "assessments[0].answers", "", edit(func(m map[string]any) { assessment(m, 0)["answers"].(map[string]any)["1"] = 4 })},
		{"ErrUnknownInstrument", "assessments[0].instrument", "", edit(func(m map[string]any) { assessment(m, 0)["instrument"] = "phq10" })},
		{"ErrFutureAssessment", "assessments[0].taken_at", "", edit(func(m map[string]any) { assessment(m, 0)["taken_at"] = "2026-11-23T00:00:00Z" })},
		{"ErrRecorderRole", "assessments[0].recorded_by.role", "", edit(func(m map[string]any) {
			assessment(m, 0)["recorded_by"].(map[string]any)["role"] = "supporter"
		})},
		{"ErrThresholdOnPHQ9", "assessments[0].buprenorphine_start_threshold", "", edit(func(m map[string]any) { assessment(m, 0)["buprenorphine_start_threshold"] = 8 })},
		{"ErrCOWSWithoutThreshold", "assessments[1].buprenorphine_start_threshold", "", edit(func(m map[string]any) { assessment(m, 1)["buprenorphine_start_threshold"] = 0 })},
		{"ErrLevelOfCare", "assessments[1].level_of_care", "", edit(func(m map[string]any) { assessment(m, 1)["level_of_care"] = "spa" })},
		{"ErrTrackerSubstance", "withdrawal_tracker.substance", "", edit(func(m map[string]any) {
			m["withdrawal_tracker"].(map[string]any)["substance"] = "alcohol"
		})},
		{"ErrTrackerInFuture", "withdrawal_tracker.last_use_at", "", edit(func(m map[string]any) {
			m["withdrawal_tracker"].(map[string]any)["last_use_at"] = "2027-01-01T00:00:00Z"
		})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, today)
			if onward.ErrorCode(err) != onward.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			e := err.(*onward.Error)
			if _, ok := e.Fields[tc.wantField]; tc.wantField != "" && !ok {
				t.Fatalf("no message for %s; fields: %v", tc.wantField, e.Fields)
			}
			if msg := locale.Default().For("en").Msg(onward.ErrorMessage(err)); !strings.Contains(msg, tc.wantMessage) {
				t.Fatalf("message %q does not say %q", msg, tc.wantMessage)
			}
		})
	}
}

// FuzzParse feeds the parser arbitrary bytes, starting from a valid export:
// it must never panic, and whatever it accepts must pass its checks again
// after a write and a read (no value slips through that a second import
// would refuse).
func FuzzParse(f *testing.F) {
	f.Add(marshal(f, sample()))
	f.Add([]byte(`{"format":"onward-export","version":1}`))
	f.Add([]byte(`{"format":"onward-export","version":1,"checkins":[{"day":"2026-11-21","mood":0}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, today)
		if err != nil {
			if onward.ErrorCode(err) != onward.EINVALID {
				t.Fatalf("error %v has code %q, want EINVALID", err, onward.ErrorCode(err))
			}
			return
		}
		if _, err := Parse(marshal(t, d), today); err != nil {
			t.Fatalf("an accepted file is refused after a write and a read: %v", err)
		}
	})
}

var (
	fhirID       = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	fhirDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	fhirInstant  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
	fhirDateTime = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$`)
)

// TestFHIRBundleStructure checks the Bundle as JSON, the way a FHIR
// client reads it: every resource has a resourceType and a valid id, each
// reference names an entry of the Bundle, dates are FHIR dates, and the
// elements R4 requires are there.
func TestFHIRBundleStructure(t *testing.T) {
	var bundle map[string]any
	if err := json.Unmarshal(marshal(t, sample().FHIR("https://onward.example.org/")), &bundle); err != nil {
		t.Fatal(err)
	}
	if bundle["resourceType"] != "Bundle" || bundle["type"] != "collection" || !fhirID.MatchString(bundle["id"].(string)) ||
		!fhirInstant.MatchString(bundle["timestamp"].(string)) {
		t.Fatalf("bundle header: %v %v %v %v", bundle["resourceType"], bundle["type"], bundle["id"], bundle["timestamp"])
	}
	entries := bundle["entry"].([]any)
	fullURLs := map[string]bool{}
	kinds := map[string]int{}
	for _, e := range entries {
		entry := e.(map[string]any)
		url := entry["fullUrl"].(string)
		res := entry["resource"].(map[string]any)
		kind, _ := res["resourceType"].(string)
		id, _ := res["id"].(string)
		if kind == "" || !fhirID.MatchString(id) || url != "urn:uuid:"+id || fullURLs[url] {
			t.Fatalf("entry %s: resourceType %q, id %q: want both, a valid id, and a unique urn:uuid: fullUrl of it", url, kind, id)
		}
		fullURLs[url] = true
		kinds[kind]++
	}
	if want := map[string]int{"Patient": 1, "Observation": 5, "QuestionnaireResponse": 3, "RelatedPerson": 2, "Consent": 3}; !equalCounts(kinds, want) {
		t.Fatalf("resources %v, want %v", kinds, want)
	}
	for _, e := range entries {
		res := e.(map[string]any)["resource"].(map[string]any)
		walk(res, "", func(path string, key string, v any) {
			switch key {
			case "reference":
				if !fullURLs[v.(string)] {
					t.Errorf("%s: reference %v resolves to no entry in the Bundle", path, v)
				}
			case "effectiveDateTime":
				if !fhirDate.MatchString(v.(string)) && !fhirInstant.MatchString(v.(string)) {
					t.Errorf("%s: %v is not a FHIR date or instant", path, v)
				}
			case "authored":
				if !fhirInstant.MatchString(v.(string)) {
					t.Errorf("%s: %v is not a FHIR instant", path, v)
				}
			case "dateTime", "start", "end":
				if !fhirDateTime.MatchString(v.(string)) {
					t.Errorf("%s: %v is not a FHIR dateTime", path, v)
				}
			}
		})
		required := map[string][]string{"Observation": {"status", "code", "subject", "category"}, "QuestionnaireResponse": {"status", "subject", "item"},
			"Consent": {"status", "scope", "category", "patient", "policyRule", "provision"}, "RelatedPerson": {"patient"}, "Patient": {"name"}}
		for _, field := range required[res["resourceType"].(string)] {
			if res[field] == nil {
				t.Errorf("%s %s lacks %s", res["resourceType"], res["id"], field)
			}
		}
		switch res["resourceType"] {
		case "Observation":
			for _, c := range res["component"].([]any) {
				values := 0
				for k := range c.(map[string]any) {
					if strings.HasPrefix(k, "value") {
						values++
					}
				}
				if values != 1 {
					t.Errorf("observation %s: a component has %d values, want exactly 1", res["id"], values)
				}
			}
		case "Consent":
			want := map[string]string{"0193a0a0-0000-7000-8000-000000000006": "active", "0193a0a0-0000-7000-8000-000000000008": "inactive",
				"0193a0a0-0000-7000-8000-000000000009": "active"}
			if res["status"] != want[res["id"].(string)] {
				t.Errorf("consent %s status %v, want %s", res["id"], res["status"], want[res["id"].(string)])
			}
			provision := res["provision"].(map[string]any)
			if provision["type"] != "permit" || provision["period"] == nil || provision["actor"] == nil {
				t.Errorf("consent %s provision %v lost its rule", res["id"], provision)
			}
			purpose, _ := provision["purpose"].([]any)
			wantPurposes := map[string]int{"0193a0a0-0000-7000-8000-000000000006": 1, "0193a0a0-0000-7000-8000-000000000009": 1}
			if len(purpose) != wantPurposes[res["id"].(string)] {
				t.Errorf("consent %s purpose %v, want %d (a purpose only where one was given)", res["id"], purpose, wantPurposes[res["id"].(string)])
			}
		case "RelatedPerson":
			want := map[string]string{
				"0193a0a0-0000-7000-8000-000000000007": `[{"coding":[{"code":"FRND","display":"unrelated friend","system":"http://terminology.hl7.org/CodeSystem/v3-RoleCode"}],"text":"friend"}]`,
				"0193a0a0-0000-7000-8000-00000000000a": `[{"text":"sponsor"}]`, // v3-RoleCode has no sponsor
			}
			if got := string(marshal(t, res["relationship"])); got != want[res["id"].(string)] {
				t.Errorf("related person %s relationship %s, want %s", res["id"], got, want[res["id"].(string)])
			}
		}
	}
}

func TestFHIRCodes(t *testing.T) {
	b := marshal(t, sample().FHIR("https://onward.example.org"))
	for _, want := range []string{
		`"system":"http://loinc.org","code":"93832-4"`,                                // sleep duration
		`"system":"https://onward.example.org/fhir/CodeSystem/checkin","code":"mood"`, // Onward's own
		`"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"`,
		`"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"`,
		`"system":"https://onward.example.org/fhir/CodeSystem/share-category","code":"checkins"`,
		`"effectiveDateTime":"2026-11-19"`,
		`"end":"2026-11-20T22:00:00Z"`, // the revoked consent ends when revoked
		`"purpose":[{"display":"support in recovery, at the member's request"}]`,
		// Assessments: LOINC's PHQ-9 panel and total score, Onward's own codes where LOINC has none.
		`"code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]}`,
		`{"code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueInteger":4}`,
		`"code":{"coding":[{"system":"https://onward.example.org/fhir/CodeSystem/assessment","code":"cows","display":"COWS"}]}`,
		`{"code":{"coding":[{"system":"https://onward.example.org/fhir/CodeSystem/assessment","code":"cows-total","display":"COWS total score"}]},"valueInteger":9}`,
		`"code":"bam-protective","display":"BAM protective"}]},"valueInteger":9}`,
		`{"system":"https://onward.example.org/fhir/CodeSystem/assessment-flag","code":"suicide_risk"}`,
		`{"system":"https://onward.example.org/fhir/CodeSystem/assessment-band","code":"cows.mild"}`,
		`"questionnaire":"https://onward.example.org/fhir/Questionnaire/phq9"`,
		`{"linkId":"9","answer":[{"valueInteger":1}]}`,
		`"derivedFrom":[{"reference":"urn:uuid:0193a0a0-0000-7000-8000-00000000000c"}]`,
		`"author":{"display":"Dr Lee"}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// walk calls fn for every string value in v, with its path and key.
func walk(v any, path string, fn func(path, key string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if s, ok := child.(string); ok {
				fn(path+"."+k, k, s)
			}
			walk(child, path+"."+k, fn)
		}
	case []any:
		for _, child := range v {
			walk(child, path+"[]", fn)
		}
	}
}
