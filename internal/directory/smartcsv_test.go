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
		Source: FormatSMARTCSV, SourceID: "smart-1", Fellowship: FellowshipSMART,
		Name: "Example SMART Recovery Meeting", Day: time.Monday, Start: "18:00", Duration: 90 * time.Minute,
		TimeZone: "America/Chicago", Mode: ModeInPerson,
		Street: "230 Example Street", City: "Springfield", State: "IL", Zip: "62701", Country: "US",
		Lat: 39.8015, Lng: -89.6305,
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
		"d,Bad start,Monday,6pm,,America/Chicago,in_person,1 Main St,,,\n" +
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
		{3, 0, "missing id"},
		{4, 0, `day "Funday"`},
		{5, 0, "start:"},
		{6, 0, `duration_minutes "0"`},
		{7, 0, "missing timezone"},
		{8, 0, `unknown time zone "Mars/Olympus"`},
		{9, 0, `mode "sometimes"`},
		{10, 0, "needs a link or a phone number"},
		{11, 0, "needs a street address or coordinates"},
		{12, 0, "lat and lng should be given together"},
		{13, 0, "an online meeting has no coordinates"},
		{14, 0, "already used by the row on line 2"},
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
