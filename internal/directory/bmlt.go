package directory

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// parseBMLT reads the answer of a BMLT root server to switcher=GetSearchResults, the
// meeting list of Narcotics Anonymous service bodies, with the definitions of its
// format codes when the answer has them (get_used_formats).
func parseBMLT(items []jsonItem, formatList json.RawMessage) MeetingImport {
	c := newCollector[Meeting](FormatBMLTJSON)
	definitions := bmltFormats(formatList)
	for _, item := range items {
		c.read()
		m, warnings, inactive, err := meetingFromBMLT(item.Value, definitions)
		for _, w := range warnings {
			c.warn(item.Line, item.Index, m.SourceID, w)
		}
		switch {
		case err != nil:
			c.reject(item.Line, item.Index, m.SourceID, err.Error())
		case inactive != "":
			c.inactive(item.Line, item.Index, m.SourceID, inactive)
		default:
			c.add(item.Line, item.Index, m.Source, m.SourceID, m, m.Validate)
		}
	}
	return c.result
}

// bmltFormats reads the "formats" list of a GetSearchResults answer: each format's
// key_string, name_string and description_string, in the server's language. A list
// that cannot be read gives no definitions; the codes are still imported.
func bmltFormats(raw json.RawMessage) map[string]Format {
	var list []struct {
		Key         string `json:"key_string"`
		Name        string `json:"name_string"`
		Description string `json:"description_string"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &list) != nil {
		return nil
	}
	out := map[string]Format{}
	for _, f := range list {
		if key := cleanLine(f.Key); key != "" {
			out[key] = Format{Code: key, Name: cleanLine(f.Name), Description: cleanNotes(f.Description)}
		}
	}
	return out
}

// bmltVenues are BMLT's venue_type values (Meeting::VENUE_TYPE_* in bmlt-server).
var bmltVenues = map[string]Mode{"1": ModeInPerson, "2": ModeOnline, "3": ModeHybrid}

func meetingFromBMLT(value any, definitions map[string]Format) (m Meeting, warnings []string, inactive string, err error) {
	obj, err := asObject(value)
	if err != nil {
		return m, nil, "", err
	}
	prompts := dropPrompts(obj)
	f := fields{obj: obj}
	codes := splitList(f.raw("formats"), ",")
	m = Meeting{
		Source:   FormatBMLTJSON,
		SourceID: joinNonEmpty(":", f.text("root_server_id"), f.text("id_bigint")),
		Name:     f.text("meeting_name"),
		TimeZone: f.text("time_zone"),
		Venue:    f.text("location_text"),
		Street:   f.text("location_street"),
		City:     f.text("location_municipality"),
		State:    f.text("location_province"),
		Zip:      f.text("location_postal_code_1"),
		Country:  f.text("location_nation"),
		Region:   cmp.Or(f.text("location_neighborhood"), f.text("location_city_subsection"), f.text("location_sub_province")),
		Phone:    f.text("phone_meeting_number"),
		Formats:  describeFormats(codes, definitions, false),
		Notes: joinNotes(f.raw("comments"),
			f.raw("virtual_meeting_additional_info"), f.raw("phone_meeting_additional_info")),
		LocationNotes: joinNotes(f.raw("location_info"), prompted(prompts, "bus_lines", f.text("bus_lines")),
			prompted(prompts, "train_lines", f.text("train_lines"))),
	}
	if fellowship, ok := fellowshipFromCodes(codes); ok {
		m.Fellowship = fellowship
	}
	id, weekday, start, duration := f.text("id_bigint"), f.text("weekday_tinyint"), f.text("start_time"), f.text("duration_time")
	venue, published, link, language := f.text("venue_type"), f.text("published"), f.text("virtual_meeting_link"), f.text("lang_enum")
	lat, lng, located, warning := f.meetingPosition("latitude", "longitude")
	if warning != "" {
		warnings = append(warnings, warning)
	}
	switch {
	case f.err != nil:
		return m, warnings, "", f.err
	case id == "":
		return m, warnings, "", errors.New("missing id_bigint")
	case m.Name == "":
		return m, warnings, "", errors.New("missing meeting_name")
	case published == "0":
		return m, warnings, "the meeting is not published", nil
	}
	if language != "" {
		if tag := strings.ToLower(language); isLanguageTag(tag) {
			m.Languages = []string{tag}
		} else {
			warnings = append(warnings, fmt.Sprintf("lang_enum %q is not a language code; left out", language))
		}
	}
	day, err := strconv.Atoi(weekday)
	if err != nil || day < 1 || day > 7 {
		return m, warnings, "", fmt.Errorf("weekday_tinyint %q should be 1 (Sunday) to 7 (Saturday)", weekday)
	}
	m.Day = time.Weekday(day - 1)
	var twelveHour bool
	if m.Start, twelveHour, err = parseMeetingClock(start); err != nil {
		return m, warnings, "", fmt.Errorf("start_time: %w", err)
	}
	if twelveHour {
		warnings = append(warnings, fmt.Sprintf("start_time %q is a 12-hour time; read as %s", start, m.Start))
	}
	if m.Duration, err = bmltDuration(duration); err != nil {
		return m, warnings, "", err
	}
	if m.Mode, err = bmltMode(venue, codes); err != nil {
		return m, warnings, "", err
	}
	if m.URL, err = normalizeWebAddress(link); err != nil {
		return m, warnings, "", fmt.Errorf("virtual_meeting_link: %w", err)
	}
	// A virtual meeting's coordinates are its service area's, not a place to go.
	if located && m.Mode != ModeOnline {
		m.Lat, m.Lng, m.Located = lat, lng, LocatedExact
	}
	return m, warnings, "", nil
}

// bmltPrompt separates the prompt a root server may put before a field's value
// ("Bus Lines#@-@#Route 5"): the field's label in the server's language, not
// part of the value.
const bmltPrompt = "#@-@#"

// dropPrompts leaves each text member of obj its value alone, and returns the
// prompts it took off, by member.
func dropPrompts(obj jsonObject) map[string]string {
	prompts := map[string]string{}
	for key, v := range obj {
		s, ok := v.(string)
		if !ok || !strings.Contains(s, bmltPrompt) {
			continue
		}
		parts := strings.Split(s, bmltPrompt)
		obj[key], prompts[key] = parts[len(parts)-1], cleanLine(parts[0])
	}
	return prompts
}

// prompted is a value with its prompt, when the server gave one: "Bus Lines:
// Route 5" says what "Route 5" is.
func prompted(prompts map[string]string, key, value string) string {
	if value == "" || prompts[key] == "" {
		return value
	}
	return prompts[key] + ": " + value
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
