package directory

import (
	"fmt"
	"strconv"
)

// The formats the importers recognise, as reported in ImportResult.Format. Each is
// also the Source of the rows it produces (a program CSV may name its own source).
const (
	FormatProgramCSV       = "csv"
	FormatLocatorJSON      = "locator-json"
	FormatBMLTJSON         = "bmlt-json"
	FormatMeetingGuideJSON = "meeting-guide-json"
	FormatSMARTCSV         = "smart-csv"
)

// formatNames are the formats as a person reads them in an error message.
var formatNames = map[string]string{
	FormatProgramCSV:       "program CSV",
	FormatLocatorJSON:      "treatment locator JSON",
	FormatBMLTJSON:         "BMLT (NA) JSON",
	FormatMeetingGuideJSON: "Meeting Guide JSON",
	FormatSMARTCSV:         "meeting CSV",
}

// formatFellowships is the fellowship a meeting format's lists usually belong to: the
// fellowship of its meetings when neither the row nor the operator says otherwise.
var formatFellowships = map[string]Fellowship{
	FormatBMLTJSON:         FellowshipNA,
	FormatMeetingGuideJSON: FellowshipAA,
	FormatSMARTCSV:         FellowshipSMART,
}

// DefaultFellowship is the fellowship of the meetings of a list in format when
// neither the rows nor the operator say: NA for BMLT, AA for Meeting Guide, SMART
// Recovery for the meeting CSV.
func DefaultFellowship(format string) Fellowship { return formatFellowships[format] }

// ImportResult is what an importer read: the format it recognised, every good row in
// file order, every row it left out with the reason, the rows the list itself marks
// inactive (not errors: a re-import hides them), and warnings about rows it kept.
type ImportResult[T any] struct {
	Format   string
	RowsRead int // rows (CSV records, JSON list items) in the file
	Rows     []T
	Rejected []RowError
	Inactive []RowError
	Warnings []RowError
}

// ProgramImport is the result of ParsePrograms.
type ProgramImport = ImportResult[Program]

// MeetingImport is the result of ParseMeetings.
type MeetingImport = ImportResult[Meeting]

// RowError is one row an importer left out.
type RowError struct {
	// Line is the line of the file where the row starts. In a CSV file the header is
	// line 1; in a JSON file it is the line of the row's opening brace.
	Line int
	// Item is the row's 1-based position in a JSON list, which tells rows on one line
	// apart; 0 for CSV.
	Item    int
	Message string
	// ID is the row's id in its list when it could be read, so that a re-import keeps
	// the earlier version of a row it rejects; "" when unknown.
	ID string
}

func (e RowError) Error() string {
	if e.Item > 0 {
		return fmt.Sprintf("line %d (item %d): %s", e.Line, e.Item, e.Message)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Message)
}

// FileError means the file as a whole could not be imported: an unknown format, a
// missing column, JSON that breaks off. No row of such a file is imported.
type FileError struct {
	Line    int // where the problem is; 0 when it is not at one place
	Message string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return e.Message
}

// collector gathers an import's rows, refusing a second row with the key of an
// earlier one: the store would silently merge them, and one would be lost.
type collector[T any] struct {
	result ImportResult[T]
	seen   map[string]int // key → line of the first row with it
}

func newCollector[T any](format string) *collector[T] {
	return &collector[T]{result: ImportResult[T]{Format: format}, seen: map[string]int{}}
}

// read counts one row of the file, whatever becomes of it.
func (c *collector[T]) read() { c.result.RowsRead++ }

func (c *collector[T]) reject(line, item int, id, message string) {
	c.result.Rejected = append(c.result.Rejected, RowError{Line: line, Item: item, ID: id, Message: message})
}

func (c *collector[T]) inactive(line, item int, id, message string) {
	c.result.Inactive = append(c.result.Inactive, RowError{Line: line, Item: item, ID: id, Message: message})
}

func (c *collector[T]) warn(line, item int, id, message string) {
	c.result.Warnings = append(c.result.Warnings, RowError{Line: line, Item: item, ID: id, Message: message})
}

// add keeps row unless validate finds it unfit or its key was seen before.
func (c *collector[T]) add(line, item int, source, id string, row T, validate func() error) {
	if err := validate(); err != nil {
		c.reject(line, item, id, err.Error())
		return
	}
	key := source + "\x00" + id
	if first, ok := c.seen[key]; ok {
		// The earlier row holds the id: a re-import must not keep an old copy for it.
		c.reject(line, item, "", fmt.Sprintf("id %q is already used by the row on line %d", id, first))
		return
	}
	c.seen[key] = line
	c.result.Rows = append(c.result.Rows, row)
}
