package directory

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// parseBMLT reads the answer of a BMLT root server to switcher=GetSearchResults, the
// meeting list of Narcotics Anonymous service bodies.
func parseBMLT(items []jsonItem) MeetingImport {
	c := newCollector[Meeting](FormatBMLTJSON)
	for _, item := range items {
		m, err := meetingFromBMLT(item.Value)
		if err != nil {
			c.reject(item.Line, item.Index, err.Error())
			continue
		}
		c.add(item.Line, item.Index, m.Source, m.SourceID, m, m.Validate)
	}
	return c.result
}

// bmltVenues are BMLT's venue_type values (Meeting::VENUE_TYPE_* in bmlt-server).
var bmltVenues = map[string]Mode{"1": ModeInPerson, "2": ModeOnline, "3": ModeHybrid}

func meetingFromBMLT(value any) (Meeting, error) {
	obj, err := asObject(value)
	if err != nil {
		return Meeting{}, err
	}
	f := fields{obj: obj}
	m := Meeting{
		Source:     FormatBMLTJSON,
		SourceID:   joinNonEmpty(":", f.text("root_server_id"), f.text("id_bigint")),
		Fellowship: FellowshipNA,
		Name:       f.text("meeting_name"),
		TimeZone:   f.text("time_zone"),
		Venue:      f.text("location_text"),
		Street:     f.text("location_street"),
		City:       f.text("location_municipality"),
		State:      f.text("location_province"),
		Zip:        f.text("location_postal_code_1"),
		Country:    f.text("location_nation"),
		Phone:      f.text("phone_meeting_number"),
		Formats:    splitList(f.raw("formats"), ","),
		Notes: joinNotes(f.raw("comments"), f.raw("location_info"),
			f.raw("virtual_meeting_additional_info"), f.raw("phone_meeting_additional_info")),
	}
	id, weekday, start, duration := f.text("id_bigint"), f.text("weekday_tinyint"), f.text("start_time"), f.text("duration_time")
	venue, published, link := f.text("venue_type"), f.text("published"), f.text("virtual_meeting_link")
	lat, lng, located := f.coordinates("latitude", "longitude")
	switch {
	case f.err != nil:
		return m, f.err
	case id == "":
		return m, errors.New("missing id_bigint")
	case m.Name == "":
		return m, errors.New("missing meeting_name")
	case published == "0":
		return m, errors.New("the meeting is not published")
	}
	day, err := strconv.Atoi(weekday)
	if err != nil || day < 1 || day > 7 {
		return m, fmt.Errorf("weekday_tinyint %q should be 1 (Sunday) to 7 (Saturday)", weekday)
	}
	m.Day = time.Weekday(day - 1)
	if m.Start, err = parseClock(start); err != nil {
		return m, fmt.Errorf("start_time: %w", err)
	}
	if m.Duration, err = bmltDuration(duration); err != nil {
		return m, err
	}
	if m.Mode, err = bmltMode(venue, m.Formats); err != nil {
		return m, err
	}
	if m.URL, err = normalizeWebAddress(link); err != nil {
		return m, fmt.Errorf("virtual_meeting_link: %w", err)
	}
	// A virtual meeting's coordinates are its service area's, not a place to go.
	if located && m.Mode != ModeOnline && (lat != 0 || lng != 0) {
		if err := checkCoordinates(lat, lng); err != nil {
			return m, err
		}
		m.Lat, m.Lng = lat, lng
	}
	return m, nil
}

// bmltDuration reads duration_time ("01:30:00"). Empty or zero takes the default, as the
// root server itself does; "24:00:00" is the longest it writes.
func bmltDuration(s string) (time.Duration, error) {
	if s == "" {
		return defaultDuration, nil
	}
	d, err := parseHMS(s, 24)
	if err != nil || d > 24*time.Hour {
		return 0, fmt.Errorf("duration_time %q should be hours and minutes such as 01:00:00", s)
	}
	if d == 0 {
		return defaultDuration, nil
	}
	return d, nil
}

// bmltMode reads venue_type; servers older than venue_type (before BMLT 3.0) mark
// virtual and hybrid meetings with the formats VM and HY instead.
func bmltMode(venue string, formats []string) (Mode, error) {
	if venue != "" {
		mode, ok := bmltVenues[venue]
		if !ok {
			return "", fmt.Errorf("venue_type %q should be 1 (in person), 2 (virtual) or 3 (hybrid)", venue)
		}
		return mode, nil
	}
	switch {
	case slices.Contains(formats, "HY"):
		return ModeHybrid, nil
	case slices.Contains(formats, "VM"):
		return ModeOnline, nil
	}
	return ModeInPerson, nil
}
