package directory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// smartCSVLayout is the CSV Onward defines for SMART Recovery meetings. SMART Recovery
// publishes no machine-readable meeting list, so this is our format, documented in
// docs/import-formats.md; a program keeps its meetings in a spreadsheet and exports it.
var smartCSVLayout = csvLayout{
	format:   FormatSMARTCSV,
	required: []string{"id", "name", "day", "start", "timezone", "mode"},
	optional: []string{
		"duration_minutes", "address", "city", "state", "zip", "country",
		"lat", "lng", "url", "notes",
	},
}

func parseSMART(t *csvTable) (MeetingImport, error) {
	c := newCollector[Meeting](FormatSMARTCSV)
	err := t.each(func(row csvRow) {
		if row.reject != "" {
			c.reject(row.line, 0, row.reject)
			return
		}
		m, err := meetingFromSMART(row)
		if err != nil {
			c.reject(row.line, 0, err.Error())
			return
		}
		c.add(row.line, 0, m.Source, m.SourceID, m, m.Validate)
	})
	if err != nil {
		return MeetingImport{}, err
	}
	return c.result, nil
}

func meetingFromSMART(row csvRow) (Meeting, error) {
	m := Meeting{
		Source:     FormatSMARTCSV,
		SourceID:   row.get("id"),
		Fellowship: FellowshipSMART,
		Name:       row.get("name"),
		TimeZone:   row.get("timezone"),
		Mode:       Mode(strings.ToLower(row.get("mode"))),
		Street:     row.get("address"),
		City:       row.get("city"),
		State:      row.get("state"),
		Zip:        row.get("zip"),
		Country:    row.get("country"),
		Notes:      row.notes("notes"),
	}
	switch {
	case m.SourceID == "":
		return m, errors.New("missing id")
	case m.Name == "":
		return m, errors.New("missing name")
	case m.TimeZone == "":
		return m, errors.New("missing timezone (an IANA name such as America/Chicago)")
	case m.Mode != ModeInPerson && m.Mode != ModeOnline && m.Mode != ModeHybrid:
		return m, fmt.Errorf("mode %q should be in_person, online or hybrid", row.get("mode"))
	}
	day, ok := weekdayNamed(row.get("day"))
	if !ok {
		return m, fmt.Errorf("day %q should be a day name such as Monday or Mon", row.get("day"))
	}
	m.Day = day
	var err error
	if m.Start, err = parseClock(row.get("start")); err != nil {
		return m, fmt.Errorf("start: %w", err)
	}
	if m.Duration, err = smartDuration(row.get("duration_minutes")); err != nil {
		return m, err
	}
	if m.URL, err = normalizeWebAddress(row.get("url")); err != nil {
		return m, fmt.Errorf("url: %w", err)
	}
	if m.Lat, m.Lng, err = csvCoordinates(row.get("lat"), row.get("lng")); err != nil {
		return m, err
	}
	return m, nil
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
