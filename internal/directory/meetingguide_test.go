package directory

import (
	"testing"
	"time"
)

func TestMeetingGuideMeetings(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "meeting-guide.json"))
	if res.Format != FormatMeetingGuideJSON || len(res.Rejected) != 0 || len(res.Rows) != 4 {
		t.Fatalf("format %q, %d rows, rejected %v; want meeting-guide-json, 4 rows, none rejected", res.Format, len(res.Rows), res.Rejected)
	}
	wantEqual(t, "in-person meeting", res.Rows[0], Meeting{
		Source: FormatMeetingGuideJSON, SourceID: "sample-sunrise-group", Fellowship: FellowshipAA,
		Name: "Sample Sunrise Group", Day: time.Tuesday, Start: "07:00", Duration: time.Hour,
		TimeZone: "America/Chicago", Mode: ModeInPerson, Venue: "Placeholder Church",
		Street: "7 Invented Road", City: "Springfield", State: "IL", Zip: "62703", Country: "US",
		Lat: 39.7565, Lng: -89.6185,
		Formats: []string{"O", "D", "X"},
		Notes:   "Basement entrance.",
	})
	for i, day := range []time.Weekday{time.Monday, time.Thursday} {
		m := res.Rows[1+i]
		wantEqual(t, "one meeting per listed day", []any{m.SourceID, m.Day, m.Mode, m.Duration},
			[]any{"example-big-book-study/" + string(rune('0'+day)), day, ModeHybrid, 90 * time.Minute})
		wantEqual(t, "formatted_address as the street", m.Street, "100 Example Street, Springfield, IL 62701, USA")
		wantEqual(t, "conference notes", m.Notes, "Password: demo")
	}
	lunch := res.Rows[3]
	wantEqual(t, "online by attendance_option, by phone, no zone", []any{lunch.Mode, lunch.Phone, lunch.TimeZone},
		[]any{ModeOnline, "+15550100", ""})
}

func TestMeetingGuideModeIsInferredWithoutAttendanceOption(t *testing.T) {
	const base = `"slug": "s", "name": "N", "day": 1, "time": "19:00", `
	tests := []struct {
		name, members string
		want          Mode
	}{
		{"street address", `"address": "1 Main St", "city": "Springfield"`, ModeInPerson},
		{"full formatted address", `"formatted_address": "1 Main St, Springfield, IL 62701, USA"`, ModeInPerson},
		{"street and link", `"address": "1 Main St", "conference_url": "https://example.org/j"`, ModeHybrid},
		{"city only and link", `"formatted_address": "Springfield, IL, USA", "conference_url": "https://example.org/j"`, ModeOnline},
		{"approximate and phone", `"address": "1 Main St", "approximate": "yes", "conference_phone": "5550100"`, ModeOnline},
		{"closed room and link", `"address": "1 Main St", "types": ["TC"], "conference_url": "https://example.org/j"`, ModeOnline},
		{"old ONL type", `"address": "1 Main St", "types": ["ONL"], "conference_phone": "5550100"`, ModeHybrid},
	}
	for _, tt := range tests {
		res := mustParseMeetings(t, "[{"+base+tt.members+"}]")
		if len(res.Rows) != 1 || res.Rows[0].Mode != tt.want {
			t.Errorf("%s: rows %+v, rejected %v; want mode %s", tt.name, res.Rows, res.Rejected, tt.want)
		}
	}
}

func TestMeetingGuideBadRowsAreRejectedWithTheirLines(t *testing.T) {
	input := `[
{"slug": "good", "name": "Good", "day": 0, "time": "19:00", "address": "1 Main St"},
{"name": "No slug", "day": 0, "time": "19:00", "address": "1 Main St"},
{"slug": "no-name", "day": 0, "time": "19:00", "address": "1 Main St"},
{"slug": "by-appointment", "name": "N", "time": "19:00", "address": "1 Main St"},
{"slug": "day-7", "name": "N", "day": 7, "time": "19:00", "address": "1 Main St"},
{"slug": "day-name", "name": "N", "day": "Monday", "time": "19:00", "address": "1 Main St"},
{"slug": "day-list", "name": "N", "day": [1, "x"], "time": "19:00", "address": "1 Main St"},
{"slug": "evening", "name": "N", "day": 1, "time": "7pm", "address": "1 Main St"},
{"slug": "end", "name": "N", "day": 1, "time": "19:00", "end_time": "25:00", "address": "1 Main St"},
{"slug": "inactive", "name": "N", "day": 1, "time": "19:00", "attendance_option": "inactive", "address": "1 Main St"},
{"slug": "sometimes", "name": "N", "day": 1, "time": "19:00", "attendance_option": "sometimes", "address": "1 Main St"},
{"slug": "nowhere", "name": "N", "day": 1, "time": "19:00", "city": "Springfield"},
{"slug": "closed", "name": "N", "day": 1, "time": "19:00", "address": "1 Main St", "types": ["TC"]},
{"slug": "maybe", "name": "N", "day": 1, "time": "19:00", "address": "1 Main St", "approximate": "maybe"},
{"slug": "types", "name": "N", "day": 1, "time": "19:00", "address": "1 Main St", "types": [{"code": "O"}]},
{"slug": "ftp", "name": "N", "day": 1, "time": "19:00", "conference_url": "ftp://example.org/x"},
{"slug": "good", "name": "Same slug", "day": 2, "time": "19:00", "address": "1 Main St"},
{"slug": "string-day", "name": "Text day", "day": "3", "time": "19:00", "end_time": "01:00", "address": "1 Main St", "types": "O, D"}
]`
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 2 {
		t.Fatalf("kept %d rows, want 2: %+v", len(res.Rows), res.Rows)
	}
	last := res.Rows[1]
	wantEqual(t, "day as text, past midnight, types as text", []any{last.Day, last.Duration, last.Formats},
		[]any{time.Wednesday, 6 * time.Hour, []string{"O", "D"}})
	wantRejected(t, res.Rejected, []RowError{
		{3, 2, "missing slug"},
		{4, 3, "missing name"},
		{5, 4, "missing day"},
		{6, 5, "day 7 should be 0 (Sunday) to 6"},
		{7, 6, `day "Monday"`},
		{8, 7, `day "x"`},
		{9, 8, "time:"},
		{10, 9, "end_time"},
		{11, 10, "inactive"},
		{12, 11, `attendance_option "sometimes"`},
		{13, 12, "the meeting is inactive"},
		{14, 13, "the meeting is inactive"},
		{15, 14, `"approximate" should be "yes" or "no"`},
		{16, 15, "types item 1"},
		{17, 16, "conference_url"},
		{18, 17, "already used by the row on line 2"},
	})
}
