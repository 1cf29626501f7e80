package directory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// smartCSVLayout is the meeting CSV Onward defines, first for SMART Recovery meetings.
// SMART Recovery publishes no machine-readable meeting list, so this is our format,
// documented in docs/import-formats.md; a program keeps its meetings in a spreadsheet
// and exports it. Any fellowship may use it (the fellowship column).
var smartCSVLayout = csvLayout{
	format:   FormatSMARTCSV,
	required: []string{"id", "name", "day", "start", "timezone", "mode"},
	optional: []string{
		"duration_minutes", "address", "city", "state", "zip", "country",
		"lat", "lng", "url", "notes", "fellowship", "group", "region", "website",
		"location_notes", "formats", "languages",
	},
}

func parseSMART(t *csvTable) (MeetingImport, error) {
	c := newCollector[Meeting](FormatSMARTCSV)
	err := t.each(func(row csvRow) {
		c.read()
		if row.reject != "" {
			c.reject(row.line, 0, "", row.reject)
			return
		}
		m, twelveHour, err := meetingFromSMART(row)
		if err != nil {
			c.reject(row.line, 0, row.get("id"), err.Error())
			return
		}
		if twelveHour {
			c.warn(row.line, 0, m.SourceID, fmt.Sprintf("start %q is a 12-hour time; read as %s", row.get("start"), m.Start))
		}
		c.add(row.line, 0, m.Source, m.SourceID, m, m.Validate)
	})
	if err != nil {
		return MeetingImport{}, err
	}
	return c.result, nil
}

func meetingFromSMART(row csvRow) (m Meeting, twelveHour bool, err error) {
	m = Meeting{
		Source:        FormatSMARTCSV,
		SourceID:      row.get("id"),
		Name:          row.get("name"),
		Group:         row.get("group"),
		TimeZone:      row.get("timezone"),
		Mode:          Mode(strings.ToLower(row.get("mode"))),
		Street:        row.get("address"),
		City:          row.get("city"),
		State:         row.get("state"),
		Zip:           row.get("zip"),
		Country:       row.get("country"),
		Region:        row.get("region"),
		Notes:         row.notes("notes"),
		LocationNotes: row.notes("location_notes"),
		Formats:       describeFormats(splitList(row.get("formats"), listSeparator), nil, false),
	}
	switch {
	case m.SourceID == "":
		return m, false, errors.New("missing id")
	case m.Name == "":
		return m, false, errors.New("missing name")
	case m.TimeZone == "":
		return m, false, errors.New("missing timezone (an IANA name such as America/Chicago)")
	case m.Mode != ModeInPerson && m.Mode != ModeOnline && m.Mode != ModeHybrid:
		return m, false, fmt.Errorf("mode %q should be in_person, online or hybrid", row.get("mode"))
	}
	if name := row.get("fellowship"); name != "" {
		var ok bool
		if m.Fellowship, ok = ParseFellowship(name); !ok {
			return m, false, fmt.Errorf("unknown fellowship %q; use one of %s", name, joinValues(Fellowships()))
		}
	}
	day, ok := weekdayNamed(row.get("day"))
	if !ok {
		return m, false, fmt.Errorf("day %q should be a day name such as Monday or Mon", row.get("day"))
	}
	m.Day = day
	if m.Start, twelveHour, err = parseMeetingClock(row.get("start")); err != nil {
		return m, false, fmt.Errorf("start: %w", err)
	}
	if m.Duration, err = smartDuration(row.get("duration_minutes")); err != nil {
		return m, false, err
	}
	if m.URL, err = normalizeWebAddress(row.get("url")); err != nil {
		return m, false, fmt.Errorf("url: %w", err)
	}
	if m.WebPage, err = normalizeWebAddress(row.get("website")); err != nil {
		return m, false, fmt.Errorf("website: %w", err)
	}
	if m.Languages, err = csvLanguages(row.get("languages")); err != nil {
		return m, false, err
	}
	if m.Lat, m.Lng, err = csvCoordinates(row.get("lat"), row.get("lng")); err != nil {
		return m, false, err
	}
	if m.Lat != 0 || m.Lng != 0 {
		m.Located = LocatedExact
	}
	return m, twelveHour, nil
}

func smartDuration(cell string) (time.Duration, error) {
	if cell == "" {
		return defaultDuration, nil
	}
	minutes, err := strconv.Atoi(cell)
	if err != nil || minutes < 1 || minutes > 24*60 {
		return 0, fmt.Errorf("duration_minutes %q should be a number of minutes from 1 to 1440", cell)
	}
	return time.Duration(minutes) * time.Minute, nil
}
