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
		Source: FormatBMLTJSON, SourceID: "1201", Fellowship: FellowshipNA,
		Name: "Example Hope Group", Day: time.Monday, Start: "19:30", Duration: 90 * time.Minute,
		TimeZone: "America/Chicago", Mode: ModeInPerson, Venue: "Example Community Hall",
		Street: "100 Example Street", City: "Springfield", State: "IL", Zip: "62701", Country: "US",
		Lat: 39.7995, Lng: -89.6445,
		Formats: []string{"O", "BT", "WCHR"},
		Notes:   "Side door, downstairs",
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
		{3, 2, "missing id_bigint"},
		{4, 3, "missing meeting_name"},
		{5, 4, `weekday_tinyint "0"`},
		{6, 5, `weekday_tinyint "8"`},
		{7, 6, "start_time"},
		{8, 7, `duration_time "1 hour"`},
		{9, 8, `venue_type "5"`},
		{10, 9, "not published"},
		{11, 10, "needs a street address or coordinates"},
		{12, 11, "needs a link or a phone number"},
		{13, 12, `"latitude" should be a number`},
		{14, 13, `unknown time zone "Mars/Olympus"`},
		{16, 15, "already used by the row on line 2"},
	})
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
