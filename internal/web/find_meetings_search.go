package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// The meeting search parameters shared by the meeting finder and the API:
// day, time (a part of the day) or from (a start time), and kind. The place
// is the page's "place" or the API's "near".

// dayParam reads a day: today, tomorrow, any, or a weekday in English.
func dayParam(v string, def directory.DayChoice, errs onward.FieldErrors) directory.DayChoice {
	switch v = strings.ToLower(strings.TrimSpace(v)); v {
	case "":
		return def
	case "today":
		return directory.DayToday
	case "tomorrow":
		return directory.DayTomorrow
	case "any":
		return directory.DayAny
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if v == strings.ToLower(d.String()) {
			return directory.DayChoice(d)
		}
	}
	errs.Add("day", "directory.choose_a_day_of_the_week_today")
	return def
}

// dayValue is the parameter value of a day choice, for links and forms.
func dayValue(d directory.DayChoice) string {
	switch d {
	case directory.DayToday:
		return "today"
	case directory.DayTomorrow:
		return "tomorrow"
	case directory.DayAny:
		return "any"
	}
	return strings.ToLower(time.Weekday(d).String())
}

// partsOfDay are the windows of "time", in minutes after midnight; an end
// of 0 is midnight.
var partsOfDay = map[string][2]int{
	"morning":   {0, 12 * 60},
	"afternoon": {12 * 60, 17 * 60},
	"evening":   {17 * 60, 0},
}

// windowParams reads time and from into the search's window; from moves
// the start of a part of the day later, never earlier.
func windowParams(q url.Values, search *directory.MeetingSearch, errs onward.FieldErrors) {
	if part := strings.TrimSpace(q.Get("time")); part != "" {
		w, ok := partsOfDay[part]
		if !ok {
			errs.Add("time", "directory.choose_morning_afternoon_or_evening")
		}
		search.FromMinute, search.UntilMinute = w[0], w[1]
	}
	if from := strings.TrimSpace(q.Get("from")); from != "" {
		t, err := time.Parse("15:04", from)
		if err != nil {
			errs.Add("from", "directory.give_a_time_of_day_such_as")
			return
		}
		search.FromMinute = max(search.FromMinute, t.Hour()*60+t.Minute())
		if search.UntilMinute != 0 && search.FromMinute >= search.UntilMinute {
			errs.Add("from", "directory.that_time_is_after_the_part_of")
		}
	}
}

// kindParam reads kind: in_person, online or hybrid; empty is every kind.
func kindParam(v string, search *directory.MeetingSearch, errs onward.FieldErrors) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if _, ok := meetingModeLabels[directory.Mode(v)]; !ok {
		errs.Add("kind", "directory.choose_in_person_online_or_hybrid")
		return
	}
	search.Modes = []directory.Mode{directory.Mode(v)}
}

// fellowshipParam reads fellowship, by its code ("NA", "Al-Anon") or its
// name; it may be given more than once, and a meeting of any one matches.
func fellowshipParam(values []string, search *directory.MeetingSearch, errs onward.FieldErrors) {
	for _, v := range nonEmptyValues(values) {
		f, ok := directory.ParseFellowship(v)
		if !ok {
			errs.Add("fellowship", "directory.choose_a_fellowship_from_the_list")
			continue
		}
		search.Fellowships = append(search.Fellowships, f)
	}
}
