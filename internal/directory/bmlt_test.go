package directory

import (
	"testing"
	"time"
)

func TestBMLTMeetings(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "bmlt.json"))
	if res.Format != FormatBMLTJSON || len(res.Rejected) != 0 || len(res.Rows) != 3 {
		t.Fatalf("format %q, %d rows, rejected %v; want bmlt-json, 3 rows, none rejected", res.Format, len(res.Rows), res.Rejected)
	}
	wantEqual(t, "in-person meeting", res.Rows[0], Meeting{
		Source: FormatBMLTJSON, SourceID: "1201",
		Name: "Example Hope Group", Day: time.Monday, Start: "19:30", Duration: 90 * time.Minute,
		TimeZone: "America/Chicago", Mode: ModeInPerson, Venue: "Example Community Hall",
		Street: "100 Example Street", City: "Springfield", State: "IL", Zip: "62701", Country: "US",
		Lat: 39.7995, Lng: -89.6445, Located: LocatedExact,
		Formats:       []Format{{Code: "O"}, {Code: "BT"}, {Code: "WCHR"}},
		Languages:     []string{"en"},
		LocationNotes: "Side door, downstairs",
	})
	online := res.Rows[1]
	wantEqual(t, "virtual meeting: day, mode, link, number", []any{online.Day, online.Mode, online.URL, online.Phone},
		[]any{time.Wednesday, ModeOnline, "https://zoom.example.com/j/123456789", "+1-555-0100,,123456789#"})
	wantEqual(t, "a virtual meeting's service-area coordinates are dropped", [2]float64{online.Lat, online.Lng}, [2]float64{})
	wantEqual(t, "virtual meeting notes", online.Notes, "Meeting ID 123 456 789")
	hybrid := res.Rows[2]
	wantEqual(t, "hybrid meeting: day, mode, duration, zone", []any{hybrid.Day, hybrid.Mode, hybrid.Duration, hybrid.TimeZone},
		[]any{time.Saturday, ModeHybrid, time.Hour, ""})
	wantEqual(t, "link without a scheme", hybrid.URL, "https://zoom.example.com/j/987654321")
	wantEqual(t, "comments keep their lines", hybrid.Notes, "Bring a friend.\nCoffee at 10.")
}

func TestBMLTBadRowsAreRejectedWithTheirLines(t *testing.T) {
	input := `[
{"id_bigint": "1", "meeting_name": "Good", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"},
{"meeting_name": "No id", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"},
{"id_bigint": "3", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"},
{"id_bigint": "4", "meeting_name": "Day 0", "weekday_tinyint": "0", "start_time": "19:00:00", "location_street": "1 Main St"},
{"id_bigint": "5", "meeting_name": "Day 8", "weekday_tinyint": 8, "start_time": "19:00:00", "location_street": "1 Main St"},
{"id_bigint": "6", "meeting_name": "Late", "weekday_tinyint": "1", "start_time": "25:00:00", "location_street": "1 Main St"},
{"id_bigint": "7", "meeting_name": "Long", "weekday_tinyint": "1", "start_time": "19:00:00", "duration_time": "1 hour", "location_street": "1 Main St"},
{"id_bigint": "8", "meeting_name": "Venue", "weekday_tinyint": "1", "start_time": "19:00:00", "venue_type": "5", "location_street": "1 Main St"},
{"id_bigint": "9", "meeting_name": "Hidden", "weekday_tinyint": "1", "start_time": "19:00:00", "published": "0", "location_street": "1 Main St"},
{"id_bigint": "10", "meeting_name": "Nowhere", "weekday_tinyint": "1", "start_time": "19:00:00", "venue_type": "1"},
{"id_bigint": "11", "meeting_name": "No link", "weekday_tinyint": "1", "start_time": "19:00:00", "venue_type": "2"},
{"id_bigint": "12", "meeting_name": "Odd latitude", "weekday_tinyint": "1", "start_time": "19:00:00", "latitude": "abc", "longitude": "1"},
{"id_bigint": "13", "meeting_name": "Bad zone", "weekday_tinyint": "1", "start_time": "19:00:00", "time_zone": "Mars/Olympus", "location_street": "1 Main St"},
{"id_bigint": 14, "meeting_name": "Numbers are fine", "weekday_tinyint": 3, "start_time": "7:05", "latitude": 39.1, "longitude": -89.1},
{"id_bigint": "1", "meeting_name": "Same id", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"}
]`
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 2 {
		t.Fatalf("kept %d rows, want 2: %+v", len(res.Rows), res.Rows)
	}
	wantEqual(t, "numbers for text, and H:MM", []any{res.Rows[1].SourceID, res.Rows[1].Day, res.Rows[1].Start},
		[]any{"14", time.Tuesday, "07:05"})
	wantRejected(t, res.Rejected, []RowError{
		{Line: 3, Item: 2, Message: "missing id_bigint"},
		{Line: 4, Item: 3, Message: "missing meeting_name"},
		{Line: 5, Item: 4, Message: `weekday_tinyint "0"`},
		{Line: 6, Item: 5, Message: `weekday_tinyint "8"`},
		{Line: 7, Item: 6, Message: "start_time"},
		{Line: 8, Item: 7, Message: `duration_time "1 hour"`},
		{Line: 9, Item: 8, Message: `venue_type "5"`},
		{Line: 11, Item: 10, Message: "needs a street address or coordinates"},
		{Line: 12, Item: 11, Message: "needs a link or a phone number"},
		{Line: 13, Item: 12, Message: "needs a street address or coordinates"},
		{Line: 14, Item: 13, Message: `unknown time zone "Mars/Olympus"`},
		{Line: 16, Item: 15, Message: "already used by the row on line 2"},
	})
	wantRejected(t, res.Inactive, []RowError{{Line: 10, Item: 9, Message: "not published"}})
	wantRejected(t, res.Warnings, []RowError{{Line: 13, Item: 12, Message: `"latitude" should be a number`}})
	if res.RowsRead != 15 {
		t.Errorf("read %d rows, want 15", res.RowsRead)
	}
}

func TestBMLTWithoutVenueTypeReadsTheFormats(t *testing.T) {
	tests := []struct {
		formats string
		want    Mode
	}{
		{"O,BT", ModeInPerson},
		{"O,VM", ModeOnline},
		{"VM,HY", ModeHybrid},
	}
	for _, tt := range tests {
		input := `[{"id_bigint": "1", "meeting_name": "M", "weekday_tinyint": "1", "start_time": "19:00:00",
			"formats": "` + tt.formats + `", "location_street": "1 Main St", "virtual_meeting_link": "https://example.org/j"}]`
		res := mustParseMeetings(t, input)
		if len(res.Rows) != 1 || res.Rows[0].Mode != tt.want {
			t.Errorf("formats %s: rows %+v, rejected %v; want mode %s", tt.formats, res.Rows, res.Rejected, tt.want)
		}
	}
}

func TestBMLTAggregatorRowsAreKeyedByRootServer(t *testing.T) {
	input := `{"meetings": [
{"root_server_id": "3", "id_bigint": "1", "meeting_name": "A", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"},
{"root_server_id": "4", "id_bigint": "1", "meeting_name": "B", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St"}
], "formats": [{"key_string": "O"}]}`
	res := mustParseMeetings(t, input)
	var ids []string
	for _, m := range res.Rows {
		ids = append(ids, m.SourceID)
	}
	wantEqual(t, "ids", ids, []string{"3:1", "4:1"})
}

func TestBMLTFormatDefinitionsComeFromTheAnswer(t *testing.T) {
	input := `{"meetings": [
{"id_bigint": "1", "meeting_name": "A", "weekday_tinyint": "1", "start_time": "19:00:00", "location_street": "1 Main St",
 "formats": "C,JFT,XX", "latitude": "0", "longitude": "0", "lang_enum": "es"}
], "formats": [
 {"key_string": "C", "name_string": "Closed", "description_string": "This meeting is closed to non-addicts."},
 {"key_string": "JFT", "name_string": "Just For Today", "description_string": "Reads from the daily meditation book."}
]}`
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 1 {
		t.Fatalf("rows %+v, rejected %v", res.Rows, res.Rejected)
	}
	m := res.Rows[0]
	wantEqual(t, "definitions from the server, codes without one kept", m.Formats, []Format{
		{Code: "C", Name: "Closed", Description: "This meeting is closed to non-addicts."},
		{Code: "JFT", Name: "Just For Today", Description: "Reads from the daily meditation book."},
		{Code: "XX"},
	})
	wantEqual(t, "0,0 is an unknown position, not a rejection", []any{m.Lat, m.Lng, m.Located}, []any{0.0, 0.0, Location("")})
	wantEqual(t, "language", m.Languages, []string{"es"})
	AssignFeed(res.Rows, "na-region-7", FellowshipNA)
	wantEqual(t, "the server's description is kept", res.Rows[0].Formats[0].Description, "This meeting is closed to non-addicts.")
}

func TestBMLTTwelveHourStartIsReadWithAWarning(t *testing.T) {
	res := mustParseMeetings(t, `[{"id_bigint": "1", "meeting_name": "A", "weekday_tinyint": "1", "start_time": "7:30 PM",
		"location_street": "1 Main St"}]`)
	if len(res.Rows) != 1 || res.Rows[0].Start != "19:30" {
		t.Fatalf("rows %+v, rejected %v; want one meeting at 19:30", res.Rows, res.Rejected)
	}
	wantRejected(t, res.Warnings, []RowError{{Line: 1, Item: 1, Message: "12-hour time"}})
}

// A real root server's answer, trimmed to six meetings (testdata/bmlt-root-server.json:
// import-formats.md §3.1 says where it comes from). Every meeting is kept, with the
// county as its region, the server's own format definitions and its notes.
func TestBMLTRealRootServerAnswer(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "bmlt-root-server.json"))
	if res.Format != FormatBMLTJSON || res.RowsRead != 6 || len(res.Rows) != 6 || len(res.Rejected) != 0 || len(res.Inactive) != 0 {
		t.Fatalf("format %q, read %d, kept %d, rejected %v, inactive %v; want all 6", res.Format, res.RowsRead, len(res.Rows),
			res.Rejected, res.Inactive)
	}
	byID := map[string]Meeting{}
	for _, m := range res.Rows {
		byID[m.SourceID] = m
	}
	lifeline := byID["1567"]
	wantEqual(t, "Lifeline Group", []any{lifeline.Name, lifeline.Day, lifeline.Start, lifeline.Duration, lifeline.Mode, lifeline.Venue,
		lifeline.Street, lifeline.City, lifeline.State, lifeline.Region, lifeline.LocationNotes, lifeline.Languages, lifeline.Located},
		[]any{"Lifeline Group", time.Wednesday, "19:00", 90 * time.Minute, ModeInPerson, "St. James Methodist Church",
			"35 Pearl Street", "Kingston", "NY", "Ulster", "Entrance at Fair Street", []string{"en"}, LocatedExact})
	wantEqual(t, "the server's definitions", lifeline.Formats[1], Format{Code: "JT", Name: "Just for Today",
		Description: "This meeting is focused on discussion of the Just For Today text."})
	armidale := byID["3687"]
	wantEqual(t, "a meeting without a language or a state", []any{armidale.Day, armidale.Start, armidale.Duration, armidale.Zip,
		armidale.LocationNotes, len(armidale.Languages), armidale.Region}, []any{time.Sunday, "14:00", time.Hour, "2350", "Garden Room", 0, ""})
	for _, m := range res.Rows {
		if m.TimeZone != "" || len(m.Formats) == 0 || m.Formats[0].Name == "" {
			t.Errorf("%s: zone %q, formats %+v", m.SourceID, m.TimeZone, m.Formats)
		}
	}
}

// A root server may write a field's prompt before its value ("Bus Lines#@-@#On CAT bus
// line", as BMLT's own clients crouton and bread expect): the prompt is a label, never
// part of a name or a note; the transit lines say which they are.
func TestBMLTPromptsAreNotPartOfTheValue(t *testing.T) {
	res := mustParseMeetings(t, `[{"id_bigint": "6102", "meeting_name": "Pioneers of Change (POC)", "weekday_tinyint": "1",
		"start_time": "16:00:00", "venue_type": "", "location_street": "111 Sloan St.", "location_sub_province": "Pickens",
		"location_info": "Entrance/parking on Clemson Ave. at rear of church", "bus_lines": "Bus Lines#@-@#On CAT bus line",
		"train_lines": "", "comments": "Comments#@-@#Bring a friend", "location_text": "Location#@-@#University Lutheran Church"}]`)
	if len(res.Rows) != 1 {
		t.Fatalf("rows %+v, rejected %v", res.Rows, res.Rejected)
	}
	m := res.Rows[0]
	wantEqual(t, "values without their prompts", []any{m.Venue, m.Notes, m.LocationNotes, m.Region, m.Mode},
		[]any{"University Lutheran Church", "Bring a friend",
			"Entrance/parking on Clemson Ave. at rear of church\nBus Lines: On CAT bus line", "Pickens", ModeInPerson})
}
