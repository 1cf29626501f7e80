package directory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// csvLayout is a documented CSV format: its required and optional columns.
type csvLayout struct {
	format             string
	required, optional []string
}

func (l csvLayout) allows(column string) bool {
	return slices.Contains(l.required, column) || slices.Contains(l.optional, column)
}

// csvTable reads a CSV file after its header.
type csvTable struct {
	reader  *csv.Reader
	columns map[string]int // lower-cased header name → position
	width   int
}

// openCSV reads the header of data. Names are matched without regard to case or
// surrounding spaces.
func openCSV(data []byte) (*csvTable, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, &FileError{Message: "the file is empty"}
	}
	if err != nil {
		return nil, csvBroken(err)
	}
	t := &csvTable{reader: r, columns: map[string]int{}, width: len(header)}
	for i, name := range header {
		name = strings.ToLower(cleanLine(name))
		if _, dup := t.columns[name]; dup {
			return nil, &FileError{Line: 1, Message: fmt.Sprintf("the column %q appears twice in the header", name)}
		}
		t.columns[name] = i
	}
	return t, nil
}

func (t *csvTable) has(column string) bool {
	_, ok := t.columns[column]
	return ok
}

// check holds the header to layout: every required column, and no column the format
// does not define (a misspelt "lattitude" would otherwise be dropped without a word).
func (t *csvTable) check(layout csvLayout) error {
	var missing, unknown []string
	for _, c := range layout.required {
		if !t.has(c) {
			missing = append(missing, c)
		}
	}
	for c := range t.columns {
		if !layout.allows(c) {
			unknown = append(unknown, fmt.Sprintf("%q", c))
		}
	}
	slices.Sort(unknown)
	switch {
	case len(missing) > 0:
		return &FileError{Line: 1, Message: fmt.Sprintf("a %s needs the columns %s; the header lacks %s",
			formatNames[layout.format], strings.Join(layout.required, ", "), strings.Join(missing, ", "))}
	case len(unknown) > 0:
		return &FileError{Line: 1, Message: fmt.Sprintf("a %s has no column %s; the columns are %s",
			formatNames[layout.format], strings.Join(unknown, ", "),
			strings.Join(append(slices.Clone(layout.required), layout.optional...), ", "))}
	}
	return nil
}

// csvRow is one record of a csvTable.
type csvRow struct {
	line   int
	cells  []string
	table  *csvTable
	reject string // why the record as a whole is unusable; "" if it is usable
}

// get returns the cell of column cleaned for one line; "" when the file has no such column.
func (r csvRow) get(column string) string { return cleanLine(r.cell(column)) }

// notes returns the cell of column as free text that keeps its line breaks.
func (r csvRow) notes(column string) string { return cleanNotes(r.cell(column)) }

func (r csvRow) cell(column string) string {
	i, ok := r.table.columns[column]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// each calls fn for every record after the header. A record with the wrong number of
// cells is passed with reject set; any other CSV error (an unclosed quote swallows the
// rest of the file) ends the reading with a FileError.
func (t *csvTable) each(fn func(csvRow)) error {
	for {
		cells, err := t.reader.Read()
		if err == io.EOF {
			return nil
		}
		row := csvRow{cells: cells, table: t}
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			return csvBroken(err)
		}
		row.line, _ = t.reader.FieldPos(0)
		if err != nil {
			row.reject = fmt.Sprintf("has %d cells; the header has %d", len(cells), t.width)
		}
		fn(row)
	}
}

func csvBroken(err error) error {
	line := 0
	if parse, ok := errors.AsType[*csv.ParseError](err); ok {
		line, err = parse.StartLine, parse.Err
	}
	return &FileError{Line: line, Message: fmt.Sprintf("the CSV is malformed here (%v); nothing was imported", err)}
}
