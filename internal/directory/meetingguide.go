package directory

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// parseMeetingGuide reads a Meeting Guide JSON feed, the format AA intergroups publish
// for the Meeting Guide app (github.com/code4recovery/spec).
func parseMeetingGuide(items []jsonItem) MeetingImport {
	c := newCollector[Meeting](FormatMeetingGuideJSON)
	for _, item := range items {
		meetings, err := meetingsFromGuide(item.Value)
		if err != nil {
			c.reject(item.Line, item.Index, err.Error())
			continue
		}
		for _, m := range meetings {
			c.add(item.Line, item.Index, m.Source, m.SourceID, m, m.Validate)
		}
	}
	return c.result
}

// guideAttendance are the 12 Step Meeting List plugin's attendance_option values.
var guideAttendance = map[string]Mode{"in_person": ModeInPerson, "online": ModeOnline, "hybrid": ModeHybrid}

// meetingsFromGuide returns one Meeting per day of the entry: the specification lets
// "day" be a list of days for one slug.
func meetingsFromGuide(value any) ([]Meeting, error) {
	obj, err := asObject(value)
	if err != nil {
		return nil, err
	}
	f := fields{obj: obj}
	m := Meeting{
		Source:     FormatMeetingGuideJSON,
		SourceID:   f.text("slug"),
		Fellowship: FellowshipAA,
		Name:       f.text("name"),
		TimeZone:   f.text("timezone"),
		Venue:      f.text("location"),
		Street:     f.text("address"),
		City:       f.text("city"),
		State:      f.text("state"),
		Zip:        f.text("postal_code"),
		Country:    f.text("country"),
		Phone:      f.text("conference_phone"),
		Notes: joinNotes(f.raw("notes"), f.raw("location_notes"),
			f.raw("conference_url_notes"), f.raw("conference_phone_notes")),
	}
	formatted, start, end := f.text("formatted_address"), f.text("time"), f.text("end_time")
	attendance, link, approximate := f.text("attendance_option"), f.text("conference_url"), guideApproximate(&f)
	lat, lng, located := f.coordinates("latitude", "longitude")
	m.Formats = guideTypes(&f)
	days := guideDays(&f)
	switch {
	case f.err != nil:
		return nil, f.err
	case m.SourceID == "":
		return nil, errors.New("missing slug")
	case m.Name == "":
		return nil, errors.New("missing name")
	case len(days) == 0:
		return nil, errors.New("missing day (meetings by appointment are not imported)")
	}
	// A street comes from "address", or from a formatted_address that has street,
	// city, "state zip" and country.
	hasStreet := m.Street != "" || strings.Count(formatted, ",") >= 3
	if m.Street == "" {
		m.Street = formatted
	}
	if err := guideSchedule(&m, start, end); err != nil {
		return nil, err
	}
	if m.URL, err = normalizeWebAddress(link); err != nil {
		return nil, fmt.Errorf("conference_url: %w", err)
	}
	if m.Mode, err = guideMode(attendance, m, hasStreet && !approximate); err != nil {
		return nil, err
	}
	if located && m.Mode != ModeOnline {
		if err := checkCoordinates(lat, lng); err != nil {
			return nil, err
		}
		m.Lat, m.Lng = lat, lng
	}
	_, dayList := obj["day"].([]any)
	return onePerDay(m, days, dayList), nil
}

// guideSchedule sets the start and the length from "time" and "end_time".
func guideSchedule(m *Meeting, start, end string) error {
	var err error
	if m.Start, err = parseClock(start); err != nil {
		return fmt.Errorf("time: %w", err)
	}
	m.Duration = defaultDuration
	if end != "" {
		endClock, err := parseClock(end)
		if err != nil {
			return fmt.Errorf("end_time: %w", err)
		}
		m.Duration = durationBetween(m.Start, endClock)
	}
	return nil
}

// onePerDay copies m for each day. The days of a "day" list are keyed by slug and day,
// so that each of them is updated on re-import.
func onePerDay(m Meeting, days []time.Weekday, dayList bool) []Meeting {
	meetings := make([]Meeting, len(days))
	for i, day := range days {
		meetings[i] = m
		meetings[i].Day = day
		meetings[i].Formats = slices.Clone(m.Formats)
		if dayList {
			meetings[i].SourceID = m.SourceID + "/" + strconv.Itoa(int(day))
		}
	}
	return meetings
}

// guideMode takes attendance_option when the feed gives it; otherwise it infers the
// mode as TSML UI does: online when there is a link or a dial-in number, in person
// when there is an exact street address and the location is not temporarily closed
// (type TC), hybrid when both.
func guideMode(attendance string, m Meeting, exactAddress bool) (Mode, error) {
	if attendance != "" {
		if mode, ok := guideAttendance[attendance]; ok {
			return mode, nil
		}
		if attendance == "inactive" {
			return "", errors.New("the meeting is inactive (attendance_option inactive)")
		}
		return "", fmt.Errorf("attendance_option %q should be in_person, online, hybrid or inactive", attendance)
	}
	online := m.URL != "" || m.Phone != "" || slices.Contains(m.Formats, "ONL")
	inPerson := exactAddress && !slices.Contains(m.Formats, "TC")
	switch {
	case online && inPerson:
		return ModeHybrid, nil
	case online:
		return ModeOnline, nil
	case inPerson:
		return ModeInPerson, nil
	}
	return "", errors.New("the meeting is inactive: no street address to go to and no conference_url or conference_phone")
}

// guideDays reads "day": 0 (Sunday) to 6, or a list of them. Some feeds write the
// number as text.
func guideDays(f *fields) []time.Weekday {
	values := []any{f.obj["day"]}
	switch v := f.obj["day"].(type) {
	case nil:
		return nil
	case []any:
		values = v
	}
	var days []time.Weekday
	for _, v := range values {
		one := fields{obj: jsonObject{"day": v}}
		s := one.raw("day")
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if one.err != nil || err != nil || n < 0 || n > 6 {
			f.fail("day %s should be 0 (Sunday) to 6 (Saturday)", quoteValue(v))
			return nil
		}
		if !slices.Contains(days, time.Weekday(n)) {
			days = append(days, time.Weekday(n))
		}
	}
	return days
}

// guideTypes reads "types", a list of codes; a few feeds write one comma-separated text.
func guideTypes(f *fields) []string {
	list, ok := f.obj["types"].([]any)
	if !ok {
		return splitList(f.raw("types"), ",")
	}
	var types []string
	for i, v := range list {
		one := fields{obj: jsonObject{"type": v}}
		if t := one.text("type"); one.err != nil {
			f.fail("types item %d should be a code, not %s", i+1, kindOf(v))
		} else if t != "" && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	return types
}

// guideApproximate reads "approximate": "yes" or "no" as the specification writes it,
// or a boolean.
func guideApproximate(f *fields) bool {
	if b, ok := f.obj["approximate"].(bool); ok {
		return b
	}
	switch answer := strings.ToLower(f.text("approximate")); answer {
	case "yes", "true":
		return true
	case "", "no", "false":
		return false
	default:
		f.fail(`"approximate" should be "yes" or "no", not %q`, answer)
		return false
	}
}

// quoteValue shows a decoded JSON value as the file wrote it.
func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}
