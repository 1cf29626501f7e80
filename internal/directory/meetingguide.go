package directory

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// parseMeetingGuide reads a Meeting Guide JSON feed, the format AA intergroups and
// other fellowships' service bodies publish for the Meeting Guide app
// (github.com/code4recovery/spec).
func parseMeetingGuide(items []jsonItem) MeetingImport {
	c := newCollector[Meeting](FormatMeetingGuideJSON)
	for _, item := range items {
		c.read()
		row, err := meetingsFromGuide(item.Value)
		for _, w := range row.warnings {
			c.warn(item.Line, item.Index, row.id, w)
		}
		switch {
		case err != nil:
			c.reject(item.Line, item.Index, row.id, err.Error())
			continue
		case row.inactive != "":
			c.inactive(item.Line, item.Index, row.id, row.inactive)
			continue
		}
		for _, m := range row.meetings {
			c.add(item.Line, item.Index, m.Source, m.SourceID, m, m.Validate)
		}
	}
	return c.result
}

// guideRow is what one item of a feed gives: its meetings (one per day), or why the
// feed marks it inactive, and warnings about what was read.
type guideRow struct {
	id       string // the slug, as far as it could be read
	meetings []Meeting
	inactive string
	warnings []string
}

// guideAttendance are the 12 Step Meeting List plugin's attendance_option values.
var guideAttendance = map[string]Mode{"in_person": ModeInPerson, "online": ModeOnline, "hybrid": ModeHybrid}

// meetingsFromGuide returns one Meeting per day of the entry: the specification lets
// "day" be a list of days for one slug.
func meetingsFromGuide(value any) (guideRow, error) {
	var row guideRow
	obj, err := asObject(value)
	if err != nil {
		return row, err
	}
	f := fields{obj: obj}
	m := Meeting{
		Source:   FormatMeetingGuideJSON,
		SourceID: f.text("slug"),
		Name:     f.text("name"),
		Group:    f.text("group"),
		TimeZone: f.text("timezone"),
		Venue:    f.text("location"),
		Street:   f.text("address"),
		City:     f.text("city"),
		State:    f.text("state"),
		Zip:      f.text("postal_code"),
		Country:  f.text("country"),
		Region:   guideRegion(&f),
		Phone:    f.text("conference_phone"),
		Notes: joinNotes(f.raw("notes"), f.raw("group_notes"),
			f.raw("conference_url_notes"), f.raw("conference_phone_notes")),
		LocationNotes: cleanNotes(f.raw("location_notes")),
	}
	row.id = m.SourceID
	formatted, start, end := f.text("formatted_address"), f.text("time"), f.text("end_time")
	attendance, link, page, approximate := f.text("attendance_option"), f.text("conference_url"), f.text("url"), guideApproximate(&f)
	lat, lng, located, warning := f.meetingPosition("latitude", "longitude")
	if warning != "" {
		row.warnings = append(row.warnings, warning)
	}
	types := guideTypes(&f)
	days := guideDays(&f)
	switch {
	case f.err != nil:
		return row, f.err
	case m.SourceID == "":
		return row, errors.New("missing slug")
	case m.Name == "":
		return row, errors.New("missing name")
	case len(days) == 0:
		return row, errors.New("missing day (meetings by appointment are not imported)")
	}
	m.Formats = describeFormats(types, nil, true)
	m.Languages = languagesOfTypes(types)
	if fellowship, ok := fellowshipFromCodes(types); ok {
		m.Fellowship = fellowship
	}
	// A street comes from "address", or from a formatted_address that has street,
	// city, "state zip" and country.
	hasStreet := m.Street != "" || strings.Count(formatted, ",") >= 3
	if m.Street == "" {
		m.Street = formatted
		if hasStreet {
			splitUSAddress(&m)
		}
	}
	warnings, err := guideSchedule(&m, start, end)
	row.warnings = append(row.warnings, warnings...)
	if err != nil {
		return row, err
	}
	if m.URL, err = normalizeWebAddress(link); err != nil {
		return row, fmt.Errorf("conference_url: %w", err)
	}
	if m.WebPage, err = normalizeWebAddress(page); err != nil {
		row.warnings = append(row.warnings, fmt.Sprintf("url: %v; the meeting is kept without its web page", err))
	}
	if m.Mode, row.inactive, err = guideMode(attendance, m, hasStreet && !approximate); err != nil || row.inactive != "" {
		return row, err
	}
	if located && m.Mode != ModeOnline {
		m.Lat, m.Lng, m.Located = lat, lng, LocatedExact
	}
	_, dayList := obj["day"].([]any)
	row.meetings = onePerDay(m, days, dayList)
	return row, nil
}

// guideRegion joins "regions" (the most general first) or "region" and
// "sub_region" into one line, "Chicago > Wicker Park".
func guideRegion(f *fields) string {
	var parts []string
	for i, v := range f.list("regions") {
		one := fields{obj: jsonObject{"region": v}}
		if r := one.text("region"); one.err != nil {
			f.fail("regions item %d should be text, not %s", i+1, kindOf(v))
		} else if r != "" {
			parts = append(parts, r)
		}
	}
	if len(parts) == 0 {
		parts = []string{f.text("region"), f.text("sub_region")}
	}
	return joinNonEmpty(" > ", parts...)
}

// guideSchedule sets the start and the length from "time" and "end_time", and warns
// of the 12-hour times it had to read.
func guideSchedule(m *Meeting, start, end string) (warnings []string, err error) {
	var twelveHour bool
	if m.Start, twelveHour, err = parseMeetingClock(start); err != nil {
		return nil, fmt.Errorf("time: %w", err)
	}
	if twelveHour {
		warnings = append(warnings, fmt.Sprintf("time %q is a 12-hour time; read as %s", start, m.Start))
	}
	m.Duration = defaultDuration
	if end != "" {
		endClock, twelveHour, err := parseMeetingClock(end)
		if err != nil {
			return warnings, fmt.Errorf("end_time: %w", err)
		}
		if twelveHour {
			warnings = append(warnings, fmt.Sprintf("end_time %q is a 12-hour time; read as %s", end, endClock))
		}
		m.Duration = durationBetween(m.Start, endClock)
	}
	return warnings, nil
}

// onePerDay copies m for each day. The days of a "day" list are keyed by slug and day,
// so that each of them is updated on re-import.
func onePerDay(m Meeting, days []time.Weekday, dayList bool) []Meeting {
	meetings := make([]Meeting, len(days))
	for i, day := range days {
		meetings[i] = m
		meetings[i].Day = day
		meetings[i].Formats = slices.Clone(m.Formats)
		meetings[i].Languages = slices.Clone(m.Languages)
		if dayList {
			meetings[i].SourceID = m.SourceID + "/" + strconv.Itoa(int(day))
		}
	}
	return meetings
}

// guideMode takes attendance_option when the feed gives it; otherwise it infers the
// mode as TSML UI does: online when there is a link or a dial-in number, in person
// when there is an exact street address and the location is not temporarily closed
// (type TC), hybrid when both. inactive says why the feed marks the meeting inactive.
func guideMode(attendance string, m Meeting, exactAddress bool) (mode Mode, inactive string, err error) {
	types := Codes(m.Formats)
	if attendance != "" {
		if mode, ok := guideAttendance[attendance]; ok {
			return mode, "", nil
		}
		if attendance == "inactive" {
			return "", "attendance_option is inactive", nil
		}
		return "", "", fmt.Errorf("attendance_option %q should be in_person, online, hybrid or inactive", attendance)
	}
	online := m.URL != "" || m.Phone != "" || slices.Contains(types, "ONL")
	inPerson := exactAddress && !slices.Contains(types, "TC")
	switch {
	case online && inPerson:
		return ModeHybrid, "", nil
	case online:
		return ModeOnline, "", nil
	case inPerson:
		return ModeInPerson, "", nil
	}
	return "", "no street address to go to (or the location is temporarily closed) and no conference_url or conference_phone", nil
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

// usAddress is a one-line US address: "street, City, ST 12345, USA", also with a
// comma before the ZIP code or without one.
var usAddress = regexp.MustCompile(`^(.+), ([^,]+), ([A-Z]{2})(?:,? (\d{5}(?:-\d{4})?))?, (?:USA|US|United States)$`)

// splitUSAddress parts a meeting's one-line US address (the formatted_address of
// a feed that sends no address, city, state or postal_code, as the 12 Step
// Meeting List plugin does) into street, city, state and ZIP code, keeping what
// the feed gave apart. Other addresses stay whole, as the street.
func splitUSAddress(m *Meeting) {
	parts := usAddress.FindStringSubmatch(m.Street)
	if parts == nil {
		return
	}
	m.Street = parts[1]
	m.City, m.State, m.Zip = cmp.Or(m.City, parts[2]), cmp.Or(m.State, parts[3]), cmp.Or(m.Zip, parts[4])
	m.Country = cmp.Or(m.Country, "US")
}
