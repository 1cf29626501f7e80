package directory

import (
	"strings"
	"testing"
)

func TestFormatIsRecognisedFromTheContent(t *testing.T) {
	programs := map[string]string{
		"programs.csv": FormatProgramCSV,
		"locator.json": FormatLocatorJSON,
	}
	for file, want := range programs {
		if got := mustParsePrograms(t, testdata(t, file)).Format; got != want {
			t.Errorf("%s recognised as %q, want %q", file, got, want)
		}
	}
	meetings := map[string]string{
		"bmlt.json":          FormatBMLTJSON,
		"meeting-guide.json": FormatMeetingGuideJSON,
		"smart.csv":          FormatSMARTCSV,
	}
	for file, want := range meetings {
		if got := mustParseMeetings(t, testdata(t, file)).Format; got != want {
			t.Errorf("%s recognised as %q, want %q", file, got, want)
		}
	}
	bare := `[{"name1": "A", "latitude": "39", "longitude": "-89"}]`
	if got := mustParsePrograms(t, "\uFEFF\n  "+bare).Format; got != FormatLocatorJSON {
		t.Errorf("a bare list after a byte-order mark and spaces: %q", got)
	}
	// The first row that carries a signature decides; a row before it that is not an
	// object is rejected as a row.
	res := mustParsePrograms(t, `[42, {"name1": "A", "latitude": "39", "longitude": "-89"}]`)
	if res.Format != FormatLocatorJSON || len(res.Rows) != 1 || len(res.Rejected) != 1 {
		t.Errorf("format %q, rows %d, rejected %v", res.Format, len(res.Rows), res.Rejected)
	}
}

func TestAFileOfTheOtherKindIsRefused(t *testing.T) {
	for _, file := range []string{"bmlt.json", "meeting-guide.json", "smart.csv"} {
		_, err := ParsePrograms(strings.NewReader(testdata(t, file)))
		wantFileError(t, err, 0, "import it as meetings")
	}
	for _, file := range []string{"locator.json", "programs.csv"} {
		_, err := ParseMeetings(strings.NewReader(testdata(t, file)))
		wantFileError(t, err, 0, "import it as programs")
	}
}

func TestUnknownAndEmptyFilesAreRefused(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		message     string
	}{
		{"empty", "", 0, "the file is empty"},
		{"blank", " \n\t\n", 0, "the file is empty"},
		{"empty list", "[]", 0, "not a known format"},
		{"list of numbers", "[1, 2, 3]", 0, "not a known format"},
		{"unknown objects", `[{"title": "x"}]`, 0, "not a known format"},
		{"object without a list", "{}", 0, `no "rows" or "meetings" list`},
		// Not a list or an object, so read as a CSV header, which lacks the columns.
		{"JSON text", `"hello"`, 1, "the header lacks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMeetings(strings.NewReader(tt.input))
			wantFileError(t, err, tt.line, tt.message)
		})
	}
}

func TestAnEmptyListUnderAKnownKeyIsAnEmptyImport(t *testing.T) {
	res := mustParsePrograms(t, `{"page": 1, "totalPages": 0, "recordCount": 0, "rows": []}`)
	if len(res.Rows) != 0 || len(res.Rejected) != 0 {
		t.Errorf("rows %v, rejected %v; want none", res.Rows, res.Rejected)
	}
}

func TestTheSameFileImportsWithTheSameKeys(t *testing.T) {
	for _, file := range []string{"programs.csv", "locator.json"} {
		first := mustParsePrograms(t, testdata(t, file))
		second := mustParsePrograms(t, testdata(t, file))
		wantEqual(t, file+" imported twice", second, first)
	}
	for _, file := range []string{"bmlt.json", "meeting-guide.json", "smart.csv"} {
		first := mustParseMeetings(t, testdata(t, file))
		second := mustParseMeetings(t, testdata(t, file))
		wantEqual(t, file+" imported twice", second, first)
	}
	// An edited row keeps its key, so the store updates it.
	edited := strings.Replace(testdata(t, "locator.json"), "217-555-0102", "217-555-0199", 1)
	before, after := mustParsePrograms(t, testdata(t, "locator.json")).Rows[1], mustParsePrograms(t, edited).Rows[1]
	if before.SourceID != after.SourceID || before.Phone == after.Phone {
		t.Errorf("a new phone number: id %q → %q, phone %q → %q", before.SourceID, after.SourceID, before.Phone, after.Phone)
	}
}

func TestRowErrorText(t *testing.T) {
	if got := (RowError{Line: 7, Item: 3, Message: "missing name"}).Error(); got != "line 7 (item 3): missing name" {
		t.Errorf("JSON row error reads %q", got)
	}
	if got := (RowError{Line: 7, Message: "missing name"}).Error(); got != "line 7: missing name" {
		t.Errorf("CSV row error reads %q", got)
	}
}

func TestImportedTextIsCleaned(t *testing.T) {
	res := mustParsePrograms(t, "id,name,lat,lng\nx,\"Example\x00  Center\xff\",39.1,-89.1\n")
	if len(res.Rows) != 1 {
		t.Fatalf("rejected %v", res.Rejected)
	}
	if got := res.Rows[0].Name; got != "Example Center\uFFFD" {
		t.Errorf("name %q: NUL, doubled spaces and invalid UTF-8 should be cleaned", got)
	}
}
