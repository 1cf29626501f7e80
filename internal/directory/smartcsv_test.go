package directory

import (
	"strings"
	"testing"
	"time"
)

func TestSMARTMeetings(t *testing.T) {
	res := mustParseMeetings(t, testdata(t, "smart.csv"))
	if res.Format != FormatSMARTCSV || len(res.Rejected) != 0 || len(res.Rows) != 3 {
		t.Fatalf("format %q, %d rows, rejected %v; want smart-csv, 3 rows, none rejected", res.Format, len(res.Rows), res.Rejected)
	}
	wantEqual(t, "in-person meeting", res.Rows[0], Meeting{
		Source: FormatSMARTCSV, SourceID: "smart-1",
		Name: "Example SMART Recovery Meeting", Day: time.Monday, Start: "18:00", Duration: 90 * time.Minute,
		TimeZone: "America/Chicago", Mode: ModeInPerson,
		Street: "230 Example Street", City: "Springfield", State: "IL", Zip: "62701", Country: "US",
		Lat: 39.8015, Lng: -89.6305, Located: LocatedExact,
		Notes: "Room 2.\nRing the bell.",
	})
	online := res.Rows[1]
	wantEqual(t, "abbreviated day, default duration, link", []any{online.Day, online.Duration, online.Mode, online.URL},
		[]any{time.Thursday, time.Hour, ModeOnline, "https://example.org/smart-online"})
	hybrid := res.Rows[2]
	wantEqual(t, "hybrid without coordinates, H:MM start", []any{hybrid.Mode, hybrid.Start, hybrid.Lat},
		[]any{ModeHybrid, "09:00", 0.0})
}

func TestSMARTBadRowsAreRejectedWithTheirLines(t *testing.T) {
	input := "id,name,day,start,duration_minutes,timezone,mode,address,lat,lng,url\n" +
		"a,Good,Monday,18:00,,America/Chicago,in_person,1 Main St,,,\n" +
		",No id,Monday,18:00,,America/Chicago,in_person,1 Main St,,,\n" +
		"c,Bad day,Funday,18:00,,America/Chicago,in_person,1 Main St,,,\n" +
		"d,Bad start,Monday,six,,America/Chicago,in_person,1 Main St,,,\n" +
		"e,Zero minutes,Monday,18:00,0,America/Chicago,in_person,1 Main St,,,\n" +
		"f,No zone,Monday,18:00,,,in_person,1 Main St,,,\n" +
		"g,Mars,Monday,18:00,,Mars/Olympus,in_person,1 Main St,,,\n" +
		"h,Bad mode,Monday,18:00,,America/Chicago,sometimes,1 Main St,,,\n" +
		"i,Online without link,Monday,18:00,,America/Chicago,online,,,,\n" +
		"j,Nowhere,Monday,18:00,,America/Chicago,in_person,,,,\n" +
		"k,Half position,Monday,18:00,,America/Chicago,in_person,,39.1,,\n" +
		"l,Online with a position,Monday,18:00,,America/Chicago,online,,39.1,-89.1,https://example.org/x\n" +
		"a,Same id,Tuesday,18:00,,America/Chicago,in_person,1 Main St,,,\n"
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 1 {
		t.Fatalf("kept %d rows, want 1: %+v", len(res.Rows), res.Rows)
	}
	wantRejected(t, res.Rejected, []RowError{
		{Line: 3, Item: 0, Message: "missing id"},
		{Line: 4, Item: 0, Message: `day "Funday"`},
		{Line: 5, Item: 0, Message: "start:"},
		{Line: 6, Item: 0, Message: `duration_minutes "0"`},
		{Line: 7, Item: 0, Message: "missing timezone"},
		{Line: 8, Item: 0, Message: `unknown time zone "Mars/Olympus"`},
		{Line: 9, Item: 0, Message: `mode "sometimes"`},
		{Line: 10, Item: 0, Message: "needs a link or a phone number"},
		{Line: 11, Item: 0, Message: "needs a street address or coordinates"},
		{Line: 12, Item: 0, Message: "lat and lng should be given together"},
		{Line: 13, Item: 0, Message: "an online meeting has no coordinates"},
		{Line: 14, Item: 0, Message: "already used by the row on line 2"},
	})
}

func TestSMARTHeaderProblemsImportNothing(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		message     string
	}{
		{"missing mode", "id,name,day,start,timezone\n", 1, "the header lacks mode"},
		{"unknown column", "id,name,day,start,timezone,mode,phone\n", 1, `no column "phone"`},
		{"programs file", "id,name,lat,lng,levels\n", 0, "import it as programs"},
		{"not a table", "just some words\n", 1, "the header lacks id, name, day, start, timezone, mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseMeetings(strings.NewReader(tt.input))
			wantFileError(t, err, tt.line, tt.message)
			if len(res.Rows) != 0 {
				t.Errorf("returned %d rows with the error", len(res.Rows))
			}
		})
	}
}

func TestMeetingCSVForAnyFellowship(t *testing.T) {
	input := "id,name,day,start,timezone,mode,address,zip,lat,lng,fellowship,group,region,website,location_notes,formats,languages\n" +
		"n1,Family Hope,Tue,7:00 PM,America/Chicago,in_person,1 Main St,62701,0,0,nar-anon,Hope Group,Downtown,www.example.org/hope,Side door,C;ST,en;ES\n" +
		"n2,Knitting,Tue,19:00,America/Chicago,in_person,1 Main St,,,,Knitters Anonymous,,,,,,\n"
	res := mustParseMeetings(t, input)
	if len(res.Rows) != 1 {
		t.Fatalf("rows %+v, rejected %v", res.Rows, res.Rejected)
	}
	m := res.Rows[0]
	wantEqual(t, "the columns", []any{m.Fellowship, m.Start, m.Group, m.Region, m.WebPage, m.LocationNotes, Codes(m.Formats), m.Languages, m.Located},
		[]any{FellowshipNarAnon, "19:00", "Hope Group", "Downtown", "https://www.example.org/hope", "Side door", []string{"C", "ST"}, []string{"en", "es"}, Location("")})
	wantRejected(t, res.Warnings, []RowError{{Line: 2, Message: `start "7:00 PM" is a 12-hour time; read as 19:00`}})
	wantRejected(t, res.Rejected, []RowError{{Line: 3, Message: `unknown fellowship "Knitters Anonymous"`}})
	AssignFeed(res.Rows, "family-groups", FellowshipSMART)
	wantEqual(t, "the row's fellowship wins; closed explained for a family group", []any{res.Rows[0].Fellowship, res.Rows[0].Formats[0].Description},
		[]any{FellowshipNarAnon, ClosedFamilyMeaning})
}
