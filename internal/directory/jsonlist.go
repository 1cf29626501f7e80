package directory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// jsonItem is one element of the list a JSON import holds, decoded. Numbers stay
// json.Number, so each member can be read as the formats actually write it: numbers
// as text (a zip code), text as numbers (the locator's coordinates).
type jsonItem struct {
	Index int // 1-based position in the list
	Line  int // line of the file where the element starts
	Value any
}

// listKeys are the object members under which the known formats wrap their list, and
// the format each wrapper means: the treatment locator's paged answer
// {"page": 1, ..., "rows": [...]}, and BMLT's answer with get_used_formats,
// {"meetings": [...], "formats": [...]}.
var listKeys = map[string]string{"rows": FormatLocatorJSON, "meetings": FormatBMLTJSON}

// jsonList is a JSON import: its rows, the format its wrapper implies ("" for a bare
// list), and BMLT's "formats" member beside the rows (the definitions of the format
// codes), when the wrapper has one.
type jsonList struct {
	items   []jsonItem
	wrapper string
	formats json.RawMessage
}

// readJSONList reads the whole of data, a JSON list or an object wrapping one under a
// listKeys member, and returns its elements with their lines. Any syntax error, at any
// depth, is a FileError: the file is refused as a whole rather than imported up to the
// break.
func readJSONList(data []byte) (jsonList, error) {
	var l jsonList
	r := &jsonListReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: lineCounter{data: data}}
	r.dec.UseNumber()
	first, err := r.dec.Token()
	if err != nil {
		return l, r.broken(err)
	}
	switch first {
	case json.Delim('['):
		l.items, err = r.list()
	case json.Delim('{'):
		l.items, l.wrapper, l.formats, err = r.wrapped()
	default:
		err = &FileError{Line: 1, Message: "the JSON is not a list of rows"}
	}
	if err != nil {
		return jsonList{}, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return jsonList{}, &FileError{
			Line:    r.lines.at(r.next()),
			Message: "there is more after the end of the JSON list; nothing was imported",
		}
	}
	return l, nil
}

type jsonListReader struct {
	data  []byte
	dec   *json.Decoder
	lines lineCounter
}

// list reads the elements of a list whose opening bracket has been read.
func (r *jsonListReader) list() ([]jsonItem, error) {
	var items []jsonItem
	for r.dec.More() {
		start := r.next()
		var value any
		if err := r.dec.Decode(&value); err != nil {
			return nil, r.broken(err)
		}
		items = append(items, jsonItem{Index: len(items) + 1, Line: r.lines.at(start), Value: value})
	}
	if _, err := r.dec.Token(); err != nil { // the closing ]
		return nil, r.broken(err)
	}
	return items, nil
}

// wrapped reads an object whose opening brace has been read, returning the elements of
// its first listKeys member and its "formats" member, and skipping (but checking)
// every other member.
func (r *jsonListReader) wrapped() (items []jsonItem, wrapper string, formats json.RawMessage, err error) {
	for r.dec.More() {
		key, err := r.dec.Token()
		if err != nil {
			return nil, "", nil, r.broken(err)
		}
		name, _ := key.(string)
		if format, ok := listKeys[name]; ok && wrapper == "" {
			if at := r.next(); at >= len(r.data) || r.data[at] != '[' {
				return nil, "", nil, &FileError{Line: r.lines.at(at), Message: fmt.Sprintf("%q should be a list", name)}
			}
			if _, err := r.dec.Token(); err != nil {
				return nil, "", nil, r.broken(err)
			}
			if items, err = r.list(); err != nil {
				return nil, "", nil, err
			}
			wrapper = format
			continue
		}
		var member json.RawMessage
		if err := r.dec.Decode(&member); err != nil {
			return nil, "", nil, r.broken(err)
		}
		if name == "formats" {
			formats = member
		}
	}
	if _, err := r.dec.Token(); err != nil { // the closing }
		return nil, "", nil, r.broken(err)
	}
	if wrapper == "" {
		return nil, "", nil, &FileError{Message: `the JSON object has no "rows" or "meetings" list`}
	}
	return items, wrapper, formats, nil
}

// next is the offset where the next value starts: past the white space, commas and
// colons the decoder has not consumed yet.
func (r *jsonListReader) next() int {
	i := int(r.dec.InputOffset())
	for i < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[i]) >= 0 {
		i++
	}
	return i
}

// broken turns a decoding error into a FileError at the line where the JSON breaks.
func (r *jsonListReader) broken(err error) error {
	offset := len(r.data)
	if syntax, ok := errors.AsType[*json.SyntaxError](err); ok {
		offset = int(syntax.Offset)
	}
	return &FileError{
		Line:    r.lines.at(offset),
		Message: fmt.Sprintf("the JSON breaks off or is malformed here (%v); nothing was imported", err),
	}
}

// lineCounter turns byte offsets into 1-based line numbers. Offsets usually come in
// increasing order, so it counts on from the last one instead of from the start.
type lineCounter struct {
	data       []byte
	off, lines int
}

func (c *lineCounter) at(offset int) int {
	offset = min(max(offset, 0), len(c.data))
	if offset < c.off {
		c.off, c.lines = 0, 0
	}
	c.lines += bytes.Count(c.data[c.off:offset], []byte{'\n'})
	c.off = offset
	return c.lines + 1
}

// jsonObject is one row of a JSON import.
type jsonObject = map[string]any

func asObject(v any) (jsonObject, error) {
	o, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a JSON object, found %s", kindOf(v))
	}
	return o, nil
}

// kindOf names the kind of a decoded JSON value for an error message.
func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "text"
	case bool:
		return "true or false"
	case nil:
		return "null"
	default:
		return "a number"
	}
}

// fields reads members of a jsonObject and keeps the first problem, so a row's
// parser reads every member it needs and checks for an error once.
type fields struct {
	obj jsonObject
	err error
}

func (f *fields) fail(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf(format, args...)
	}
}

// raw returns a member as text: a string, or a number as written. Missing and null
// members are "".
func (f *fields) raw(key string) string {
	switch v := f.obj[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return string(v)
	default:
		f.fail("%q should be text, not %s", key, kindOf(v))
		return ""
	}
}

// text is raw cleaned for one line.
func (f *fields) text(key string) string { return cleanLine(f.raw(key)) }

// number reads a member written as a number or as numeric text; ok is false when it is
// missing, null or "".
func (f *fields) number(key string) (v float64, ok bool) {
	s := strings.TrimSpace(f.raw(key))
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		f.fail("%q should be a number, not %q", key, s)
		return 0, false
	}
	return v, true
}

// list reads a member that should be a list (or null/missing: nil).
func (f *fields) list(key string) []any {
	switch v := f.obj[key].(type) {
	case nil:
		return nil
	case []any:
		return v
	default:
		f.fail("%q should be a list, not %s", key, kindOf(v))
		return nil
	}
}

// coordinates reads a latitude and longitude given together, or both absent.
func (f *fields) coordinates(latKey, lngKey string) (lat, lng float64, ok bool) {
	lat, hasLat := f.number(latKey)
	lng, hasLng := f.number(lngKey)
	if hasLat != hasLng {
		f.fail("%q and %q should be given together", latKey, lngKey)
	}
	return lat, lng, hasLat && hasLng
}

// meetingPosition reads a meeting's latitude and longitude leniently: a meeting is
// worth listing by its address even when its list's geocoding failed. Missing, null,
// empty and (0, 0) mean "unknown"; a value that is not a number or not a possible
// position is dropped with a warning. ok is true only for a usable position.
func (f *fields) meetingPosition(latKey, lngKey string) (lat, lng float64, ok bool, warning string) {
	rawLat, rawLng := f.obj[latKey], f.obj[lngKey]
	one := fields{obj: jsonObject{latKey: rawLat, lngKey: rawLng}}
	lat, hasLat := one.number(latKey)
	lng, hasLng := one.number(lngKey)
	switch {
	case one.err != nil:
		return 0, 0, false, one.err.Error() + "; the meeting is kept without a position"
	case !hasLat && !hasLng, hasLat && hasLng && lat == 0 && lng == 0:
		return 0, 0, false, ""
	case !hasLat || !hasLng:
		return 0, 0, false, fmt.Sprintf("%q and %q should be given together; the meeting is kept without a position", latKey, lngKey)
	}
	if err := checkCoordinates(lat, lng); err != nil {
		return 0, 0, false, err.Error() + "; the meeting is kept without a position"
	}
	return lat, lng, true, ""
}
