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
		Source: FormatMeetingGuideJSON, SourceID: "sample-sunrise-group",
		Name: "Sample Sunrise Group", Day: time.Tuesday, Start: "07:00", Duration: time.Hour,
		TimeZone: "America/Chicago", Mode: ModeInPerson, Venue: "Placeholder Church",
		Street: "7 Invented Road", City: "Springfield", State: "IL", Zip: "62703", Country: "US",
		Lat: 39.7565, Lng: -89.6185, Located: LocatedExact,
		Formats: []Format{{Code: "O", Name: "Open"}, {Code: "D", Name: "Discussion"}, {Code: "X", Name: "Wheelchair Access"}},
		Notes:   "Basement entrance.",
	})
	for i, day := range []time.Weekday{time.Monday, time.Thursday} {
		m := res.Rows[1+i]
		wantEqual(t, "one meeting per listed day", []any{m.SourceID, m.Day, m.Mode, m.Duration},
			[]any{"example-big-book-study/" + string(rune('0'+day)), day, ModeHybrid, 90 * time.Minute})
		wantEqual(t, "formatted_address parted", []string{m.Street, m.City, m.State, m.Zip, m.Country},
			[]string{"100 Example Street", "Springfield", "IL", "62701", "US"})
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
{"slug": "evening", "name": "N", "day": 1, "time": "evening", "address": "1 Main St"},
{"slug": "end", "name": "N", "day": 1, "time": "19:00", "end_time": "25:00", "address": "1 Main St"},
{"slug": "sometimes", "name": "N", "day": 1, "time": "19:00", "attendance_option": "sometimes", "address": "1 Main St"},
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
	wantEqual(t, "day as text, past midnight, types as text", []any{last.Day, last.Duration, Codes(last.Formats)},
		[]any{time.Wednesday, 6 * time.Hour, []string{"O", "D"}})
	wantRejected(t, res.Rejected, []RowError{
		{Line: 3, Item: 2, Message: "missing slug"},
		{Line: 4, Item: 3, Message: "missing name"},
		{Line: 5, Item: 4, Message: "missing day"},
		{Line: 6, Item: 5, Message: "day 7 should be 0 (Sunday) to 6"},
		{Line: 7, Item: 6, Message: `day "Monday"`},
		{Line: 8, Item: 7, Message: `day "x"`},
		{Line: 9, Item: 8, Message: "time:"},
		{Line: 10, Item: 9, Message: "end_time"},
		{Line: 11, Item: 10, Message: `attendance_option "sometimes"`},
		{Line: 12, Item: 11, Message: `"approximate" should be "yes" or "no"`},
		{Line: 13, Item: 12, Message: "types item 1"},
		{Line: 14, Item: 13, Message: "conference_url"},
		{Line: 15, Item: 14, Message: "already used by the row on line 2"},
	})
}

// TestMeetingGuideFeedAsPublished reads a feed shaped like those the 12 Step Meeting
// List plugin publishes: numbers as text, nulls, (0, 0), 12-hour times, a list of
// days, regions, the meeting's own page, an inactive meeting and a duplicate slug.
func TestMeetingGuideFeedAsPublished(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "meeting-guide-tsml.json"))
	wantEqual(t, "rows read, meetings kept", []int{res.RowsRead, len(res.Rows)}, []int{8, 6})
	wantRejected(t, res.Rejected, []RowError{
		{Line: 101, Item: 6, Message: `time: "evening"`},
		{Line: 110, Item: 7, Message: "already used by the row on line 2"},
		{Line: 117, Item: 8, Message: "missing day"},
	})
	wantRejected(t, res.Inactive, []RowError{{Line: 75, Item: 4, Message: "attendance_option is inactive"}})
	wantRejected(t, res.Warnings, []RowError{
		{Line: 38, Item: 2, Message: `time "12:00 PM" is a 12-hour time; read as 12:00`},
		{Line: 38, Item: 2, Message: `end_time "1:00 PM" is a 12-hour time; read as 13:00`},
		{Line: 87, Item: 5, Message: `time "7:30 pm" is a 12-hour time; read as 19:30`},
	})
	first := res.Rows[0]
	wantEqual(t, "what people look for", []any{first.Group, first.WebPage, first.Region, first.LocationNotes, first.Notes, first.Languages},
		[]any{"The Example Serenity Group", "https://district-example.org/meetings/example-serenity-group/", "Springfield > Downtown",
			"Ring the buzzer; second floor.", "Newcomers welcome.\nBusiness meeting on the first Sunday.", []string{"en"}})
	wantEqual(t, "coordinates as text", []any{first.Lat, first.Lng, first.Located}, []any{39.80172, -89.64371, LocatedExact})
	noon := res.Rows[1:4]
	for i, day := range []time.Weekday{time.Monday, time.Wednesday, time.Friday} {
		m := noon[i]
		wantEqual(t, "a list of days, 12-hour times, (0, 0) unknown", []any{m.Day, m.Start, m.Duration, m.Lat, m.Located, m.Mode},
			[]any{day, "12:00", time.Hour, 0.0, Location(""), ModeHybrid})
	}
	wantEqual(t, "regions, Spanish", []any{noon[0].Region, noon[0].Languages}, []any{"Sangamon County > Springfield > West Side", []string{"es"}})
	owls := res.Rows[4]
	wantEqual(t, "numeric slug, text day, approximate address: online", []any{owls.SourceID, owls.Day, owls.Mode, owls.URL},
		[]any{"77", time.Saturday, ModeOnline, "https://zoom.example.com/j/5550002222"})
	unmapped := res.Rows[5]
	wantEqual(t, "empty coordinates: kept with its address", []any{unmapped.Street, unmapped.Zip, unmapped.Lat, unmapped.Mode},
		[]any{"300 Invented Road", "62629", 0.0, ModeInPerson})
}

func TestMeetingGuideFellowshipFromTypes(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "meeting-guide-alanon.json"))
	if len(res.Rows) != 2 {
		t.Fatalf("rows %+v, rejected %v", res.Rows, res.Rejected)
	}
	wantEqual(t, "fellowships the types name", []Fellowship{res.Rows[0].Fellowship, res.Rows[1].Fellowship},
		[]Fellowship{FellowshipAlAnon, FellowshipAlateen})
	AssignFeed(res.Rows, "alanon-district-4", FellowshipAA)
	wantEqual(t, "a family group's closed meeting", res.Rows[0].Formats[0].Description, ClosedFamilyMeaning)
	wantEqual(t, "the feed's source", res.Rows[1].Source, "alanon-district-4")
	plain := mustParseMeetings(t, `[{"slug": "s", "name": "N", "day": 1, "time": "19:00", "address": "1 Main St", "types": ["C", "AL-AN"]}]`)
	AssignFeed(plain.Rows, "aa", FellowshipAA)
	wantEqual(t, "concurrent with Al-Anon is still AA; closed explained", []any{plain.Rows[0].Fellowship, plain.Rows[0].Formats[0].Description},
		[]any{FellowshipAA, ClosedMeaning})
}

func TestMeetingGuideInactiveMeetingsAreNotErrors(t *testing.T) {
	input := `[
{"slug": "inactive", "name": "N", "day": 1, "time": "19:00", "attendance_option": "inactive", "address": "1 Main St"},
{"slug": "nowhere", "name": "N", "day": 1, "time": "19:00", "city": "Springfield"},
{"slug": "closed", "name": "N", "day": 1, "time": "19:00", "address": "1 Main St", "types": ["TC"]}
]`
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 0 || len(res.Rejected) != 0 {
		t.Fatalf("rows %+v, rejected %v; want none", res.Rows, res.Rejected)
	}
	wantRejected(t, res.Inactive, []RowError{
		{Line: 2, Item: 1, Message: "inactive"},
		{Line: 3, Item: 2, Message: "no street address"},
		{Line: 4, Item: 3, Message: "temporarily closed"},
	})
	for i, id := range []string{"inactive", "nowhere", "closed"} {
		if res.Inactive[i].ID != id {
			t.Errorf("inactive row %d has id %q, want %q", i+1, res.Inactive[i].ID, id)
		}
	}
}

func TestMeetingsWithoutAPositionArePlacedByTheGazetteer(t *testing.T) {
	meetings := []Meeting{
		{Mode: ModeInPerson, Street: "1 Main St", Zip: "62702", City: "Springfield", State: "IL"},
		{Mode: ModeHybrid, Street: "1 Main St", City: "Chatham", State: "IL"},
		{Mode: ModeInPerson, Street: "1 Main St", City: "Nowhere At All", State: "IL"},
		{Mode: ModeInPerson, Street: "1 Rue Principale", Zip: "62702", Country: "FR"},
		{Mode: ModeOnline, URL: "https://example.org/j"},
		{Mode: ModeInPerson, Street: "1 Main St", Zip: "62702", Lat: 1, Lng: 2, Located: LocatedExact},
	}
	got := PlaceWithoutPosition(meetings)
	wantEqual(t, "counts", got, Placing{ByZip: 1, ByTown: 1, Unplaced: 2})
	wantEqual(t, "how each was placed", []Location{meetings[0].Located, meetings[1].Located, meetings[2].Located,
		meetings[3].Located, meetings[4].Located, meetings[5].Located},
		[]Location{LocatedZip, LocatedCity, "", "", "", LocatedExact})
	if meetings[0].Lat == 0 || meetings[5].Lat != 1 {
		t.Errorf("positions: %+v", meetings)
	}
}

func TestMeetingsArePlacedByTheZipCodeInTheirFormattedAddress(t *testing.T) {
	meetings := []Meeting{
		{Mode: ModeHybrid, Street: "100 Example Street, Springfield, IL 62701, USA", URL: "https://example.org/j"},
		{Mode: ModeInPerson, Street: "100 Example Street, Springfield, IL 62701, USA", State: "MO"},
	}
	got := PlaceWithoutPosition(meetings)
	wantEqual(t, "placed by the ZIP code in the address; not when the state disagrees", got, Placing{ByZip: 1, Unplaced: 1})
}

// Three rows of a real feed published by the 12 Step Meeting List plugin
// (testdata/meeting-guide-sussexaa.json: import-formats.md §3.2 says where it comes
// from). It gives the address on one line only: it is parted into street, city,
// state and ZIP code instead of all standing as the street; the online meeting's
// county-wide address is no place to go.
func TestMeetingGuideRealFeed(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "meeting-guide-sussexaa.json"))
	if res.RowsRead != 3 || len(res.Rows) != 3 || len(res.Rejected) != 0 {
		t.Fatalf("read %d, kept %d, rejected %v", res.RowsRead, len(res.Rows), res.Rejected)
	}
	speaker, online, hybrid := res.Rows[0], res.Rows[1], res.Rows[2]
	wantEqual(t, "an in-person meeting's address, parted", []any{speaker.Mode, speaker.Venue, speaker.Street, speaker.City, speaker.State,
		speaker.Zip, speaker.Country, speaker.Region, speaker.Group, speaker.Day, speaker.Start},
		[]any{ModeInPerson, "All Saints' Episcopal Church", "18 Olive Ave", "Rehoboth Beach", "DE", "19971", "US", "Rehoboth",
			"Rehoboth Beach Sunday Group", time.Sunday, "19:00"})
	wantEqual(t, "an online meeting", []any{online.Mode, online.Located, online.City}, []any{ModeOnline, Location(""), ""})
	wantEqual(t, "a hybrid meeting", []any{hybrid.Mode, hybrid.Street, hybrid.City, hybrid.Located, hybrid.WebPage},
		[]any{ModeHybrid, "20276 Bay Vista Rd", "Rehoboth Beach", LocatedExact, "https://sussexaa.org/meetings/love-service/"})
}

func TestOneLineUSAddressesArePartedAsFeedsWriteThem(t *testing.T) {
	tests := []struct{ in, street, city, state, zip string }{
		{"18 Olive Ave, Rehoboth Beach, DE 19971, USA", "18 Olive Ave", "Rehoboth Beach", "DE", "19971"},
		{"979 West County Line Road, Hatboro, PA, 19040, USA", "979 West County Line Road", "Hatboro", "PA", "19040"},
		{"315 North Street, Doylestown, PA, USA", "315 North Street", "Doylestown", "PA", ""},
		{"Suite 2, 100 Main St, Springfield, IL 62701-1234, US", "Suite 2, 100 Main St", "Springfield", "IL", "62701-1234"},
		{"125 Charing Cross Rd, London WC2H 0EW, UK", "125 Charing Cross Rd, London WC2H 0EW, UK", "", "", ""},
		{"1200 Kootenay St N, Cranbrook, BC V1C 5X1, Canada", "1200 Kootenay St N, Cranbrook, BC V1C 5X1, Canada", "", "", ""},
	}
	for _, tt := range tests {
		m := Meeting{Street: tt.in}
		splitUSAddress(&m)
		wantEqual(t, tt.in, []string{m.Street, m.City, m.State, m.Zip}, []string{tt.street, tt.city, tt.state, tt.zip})
	}
}
