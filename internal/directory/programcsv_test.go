package directory

import (
	"strings"
	"testing"
)

func TestProgramCSVRows(t *testing.T) {
	res := mustParsePrograms(t, testdata(t, "programs.csv"))
	if res.Format != FormatProgramCSV || len(res.Rejected) != 0 || len(res.Rows) != 3 {
		t.Fatalf("format %q, %d rows, rejected %v; want csv, 3 rows, none rejected", res.Format, len(res.Rows), res.Rejected)
	}
	wantEqual(t, "first row", res.Rows[0], Program{
		Source: FormatProgramCSV, SourceID: "erc-1",
		Name: "Example Recovery Center", Street: "100 Example Street", City: "Springfield", State: "IL",
		Zip: "62701", Country: "US", Phone: "217-555-0101", Website: "https://example.org/erc",
		Lat: 39.799, Lng: -89.644,
		Levels:      []Level{LevelIntensiveOutpatient, LevelOutpatient, LevelOfficeBased},
		Medications: []Medication{MedicationBuprenorphine, MedicationNaltrexone},
		Payments:    []Payment{PaymentMedicaid, PaymentPrivate, PaymentSlidingFee},
		Languages:   []string{"en", "es"},
		Hours:       "Mon–Fri 8:00–18:00",
	})
	second := res.Rows[1]
	wantEqual(t, "empty country", second.Country, "US")
	wantEqual(t, "hours on two lines", second.Hours, "Mon–Sat 5:30–13:00, Sun 7:00–10:00")
	wantEqual(t, "admissions_24h yes", second.Admissions24h, true)
	third := res.Rows[2]
	wantEqual(t, "levels in any case and order", third.Levels, []Level{LevelWithdrawalManagement, LevelResidential})
	wantEqual(t, "language tag case", third.Languages, []string{"en"})
	wantEqual(t, "website without a scheme", third.Website, "https://www.example.org/res")
}

func TestProgramCSVBadRowsAreRejectedWithTheirLines(t *testing.T) {
	input := "id,name,lat,lng,levels,medications,payments,languages,admissions_24h,website,source\n" +
		"a,Good,39.1,-89.1,,,,,,,\n" + // line 2
		",No id,39.1,-89.1,,,,,,,\n" +
		"c,,39.1,-89.1,,,,,,,\n" +
		"d,No coordinates,,,,,,,,,\n" +
		"e,Half coordinates,39.1,,,,,,,,\n" +
		"f,Words,north,west,,,,,,,\n" +
		"g,Impossible,39.1,-189,,,,,,,\n" +
		"h,Unknown level,39.1,-89.1,detox,,,,,,\n" +
		"i,Unknown medication,39.1,-89.1,,suboxone,,,,,\n" +
		"j,Unknown payment,39.1,-89.1,,,bitcoin,,,,\n" +
		"k,Bad language,39.1,-89.1,,,,english,,,\n" +
		"l,Bad flag,39.1,-89.1,,,,,sometimes,,\n" +
		"m,Bad website,39.1,-89.1,,,,,,ftp://example.org,\n" +
		"n,Too few cells\n" +
		"a,Same id,39.2,-89.2,,,,,,,\n" +
		"a,Same id another source,39.2,-89.2,,,,,,,partner\n" + // line 17: kept
		"\"o\",\"Quoted\n" +
		"over lines\",40,-89,,,,,,,\n" + // line 18, still reported at 18 if bad
		"p,Null island,0,0,,,,,,,\n" // line 20
	res := mustParsePrograms(t, input)
	var kept []string
	for _, p := range res.Rows {
		kept = append(kept, p.Source+"/"+p.SourceID)
	}
	wantEqual(t, "kept rows", kept, []string{"csv/a", "partner/a", "csv/o"})
	wantEqual(t, "a quoted cell over lines", res.Rows[2].Name, "Quoted over lines")
	wantRejected(t, res.Rejected, []RowError{
		{Line: 3, Item: 0, Message: "missing id"},
		{Line: 4, Item: 0, Message: "missing name"},
		{Line: 5, Item: 0, Message: "missing coordinates"},
		{Line: 6, Item: 0, Message: "lat and lng should be given together"},
		{Line: 7, Item: 0, Message: "are not numbers"},
		{Line: 8, Item: 0, Message: "longitude -189 is outside"},
		{Line: 9, Item: 0, Message: `unknown level "detox"`},
		{Line: 10, Item: 0, Message: `unknown medication "suboxone"`},
		{Line: 11, Item: 0, Message: `unknown payment "bitcoin"`},
		{Line: 12, Item: 0, Message: `language "english"`},
		{Line: 13, Item: 0, Message: `admissions_24h "sometimes"`},
		{Line: 14, Item: 0, Message: "website"},
		{Line: 15, Item: 0, Message: "has 2 cells; the header has 11"},
		{Line: 16, Item: 0, Message: "already used by the row on line 2"},
		{Line: 20, Item: 0, Message: "missing coordinates"},
	})
}

func TestProgramCSVHeaderProblemsImportNothing(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		message     string
	}{
		{"missing column", "id,name,lat\nx,Y,1\n", 1, "the header lacks lng"},
		{"misspelt column", "id,name,lat,lng,lattitude\nx,Y,1,2,3\n", 1, `no column "lattitude"`},
		{"column twice", "id,name,lat,lng,Name\n", 1, `"name" appears twice`},
		{"unclosed quote", "id,name,lat,lng\nx,\"Y,1,2\ny,Z,1,2\n", 2, "malformed"},
		{"meetings file", "id,name,day,start,timezone,mode\n", 0, "import it as meetings"},
		{"not a table", "hello world\n", 1, "needs the columns id, name, lat, lng"},
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

func TestProgramCSVHeaderIgnoresCaseSpacesAndByteOrderMark(t *testing.T) {
	res := mustParsePrograms(t, "\uFEFF ID , Name ,LAT,Lng\nx,Example,39.1,-89.1\n")
	if len(res.Rows) != 1 || res.Rows[0].SourceID != "x" {
		t.Errorf("rows %+v, rejected %v", res.Rows, res.Rejected)
	}
}
