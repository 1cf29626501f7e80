package directory

import (
	"bytes"
	"fmt"
	"io"
)

// MaxImportBytes bounds the file an importer reads. The whole file is read before a
// row is returned, so that a file broken near its end imports nothing. The national
// treatment locator's ~20,000 programs are well under this.
const MaxImportBytes = 256 << 20

// ParsePrograms reads a file of treatment programs in either format it recognises from
// the content: the program CSV ("csv") or the treatment locator's JSON rows
// ("locator-json"). Rows that are unfit are listed in Rejected with their lines; a file
// that is not one of those formats, or cannot be read to the end, returns an error.
func ParsePrograms(r io.Reader) (ProgramImport, error) {
	data, err := readImport(r)
	if err != nil {
		return ProgramImport{}, err
	}
	if looksLikeJSON(data) {
		list, err := readJSONList(data)
		if err != nil {
			return ProgramImport{}, err
		}
		switch format := detectJSON(list.items, list.wrapper); format {
		case FormatLocatorJSON:
			return parseLocator(list.items), nil
		case "":
			return ProgramImport{}, unknownJSON()
		default:
			return ProgramImport{}, wrongKind(format, "meetings")
		}
	}
	table, err := openCSV(data)
	if err != nil {
		return ProgramImport{}, err
	}
	if looksLikeSMART(table) {
		return ProgramImport{}, wrongKind(FormatSMARTCSV, "meetings")
	}
	if err := table.check(programCSVLayout); err != nil {
		return ProgramImport{}, err
	}
	return parseProgramCSV(table)
}

// ParseMeetings reads a file of meetings in any format it recognises from the content:
// BMLT GetSearchResults JSON ("bmlt-json", used by NA), Meeting Guide JSON
// ("meeting-guide-json", used by AA, Al-Anon and others) or Onward's meeting CSV
// ("smart-csv"). Every meeting's Source is the format; its Fellowship is "" unless the
// row says (DefaultFellowship gives the format's usual one). Errors are reported as
// by ParsePrograms.
func ParseMeetings(r io.Reader) (MeetingImport, error) {
	data, err := readImport(r)
	if err != nil {
		return MeetingImport{}, err
	}
	if looksLikeJSON(data) {
		list, err := readJSONList(data)
		if err != nil {
			return MeetingImport{}, err
		}
		switch format := detectJSON(list.items, list.wrapper); format {
		case FormatBMLTJSON:
			return parseBMLT(list.items, list.formats), nil
		case FormatMeetingGuideJSON:
			return parseMeetingGuide(list.items), nil
		case "":
			return MeetingImport{}, unknownJSON()
		default:
			return MeetingImport{}, wrongKind(format, "programs")
		}
	}
	table, err := openCSV(data)
	if err != nil {
		return MeetingImport{}, err
	}
	if !looksLikeSMART(table) && table.check(programCSVLayout) == nil {
		return MeetingImport{}, wrongKind(FormatProgramCSV, "programs")
	}
	if err := table.check(smartCSVLayout); err != nil {
		return MeetingImport{}, err
	}
	return parseSMART(table)
}

func readImport(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read the import file: %w", err)
	case len(data) > MaxImportBytes:
		return nil, &FileError{Message: fmt.Sprintf("the file is larger than %d MiB; split it", MaxImportBytes>>20)}
	}
	// Spreadsheet programs start their CSV with a byte-order mark; it is no part of the data.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{Message: "the file is empty"}
	}
	return data, nil
}

// looksLikeJSON: every JSON format here is a list or an object; a CSV header never
// starts with a bracket or a brace.
func looksLikeJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && (data[0] == '[' || data[0] == '{')
}

// jsonSignatures are members that only one format's rows have, checked in this order.
var jsonSignatures = []struct {
	format  string
	members []string
}{
	{FormatLocatorJSON, []string{"name1", "street1", "frid", "typeFacility", "type_facility"}},
	{FormatBMLTJSON, []string{"id_bigint", "weekday_tinyint", "meeting_name", "venue_type"}},
	{FormatMeetingGuideJSON, []string{"slug", "conference_url", "attendance_option", "formatted_address"}},
}

// detectJSON names the format of the first row that carries a signature member; later
// rows are then held to that format (a stray row of another kind is rejected for what
// it lacks). Without such a row, the list's wrapper decides; "" means nothing looked
// like a known format.
func detectJSON(items []jsonItem, wrapper string) string {
	for _, item := range items {
		obj, err := asObject(item.Value)
		if err != nil {
			continue
		}
		for _, sig := range jsonSignatures {
			for _, m := range sig.members {
				if _, ok := obj[m]; ok {
					return sig.format
				}
			}
		}
	}
	return wrapper
}

// looksLikeSMART: a meeting has a day and a start time; a program CSV has neither column.
func looksLikeSMART(t *csvTable) bool { return t.has("day") || t.has("start") }

func unknownJSON() error {
	return &FileError{Message: "the JSON is not a known format: expected treatment locator rows (name1, street1, ...), " +
		"BMLT GetSearchResults meetings (id_bigint, weekday_tinyint, ...) or Meeting Guide meetings (slug, day, time, ...)"}
}

func wrongKind(format, kind string) error {
	return &FileError{Message: fmt.Sprintf("this is a %s file; import it as %s", formatNames[format], kind)}
}
