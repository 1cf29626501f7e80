package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// The meeting search's types are the directory's.
type (
	DayChoice      = directory.DayChoice
	Point          = directory.Point
	MeetingSearch  = directory.MeetingSearch
	MeetingMatch   = directory.MeetingMatch
	MeetingResults = directory.MeetingResults
)

const (
	DayAny      = directory.DayAny
	DayToday    = directory.DayToday
	DayTomorrow = directory.DayTomorrow
)

func validateMeetingSearch(q *MeetingSearch) error {
	errs := onward.FieldErrors{}
	if q.Near != nil {
		if err := directory.ValidateSearch(q.Near.Lat, q.Near.Lng, q.RadiusKm); err != nil {
			return searchFieldError(err)
		}
	}
	located := len(q.Modes) == 0
	for _, m := range q.Modes {
		switch m {
		case directory.ModeInPerson, directory.ModeHybrid:
			located = true
		case directory.ModeOnline:
		default:
			errs.Add("kind", "directory.choose_in_person_online_or_hybrid")
		}
	}
	if q.Near == nil && located && len(q.Modes) > 0 {
		errs.Add("near", "directory.give_a_place_to_find_meetings_in")
	}
	for _, f := range q.Fellowships {
		if !f.Valid() {
			errs.Add("fellowship", "directory.choose_a_fellowship_from_the_list")
		}
	}
	if q.Day != DayAny && q.Day != DayToday && q.Day != DayTomorrow && (q.Day < 0 || q.Day > 6) {
		errs.Add("day", "directory.choose_a_day_of_the_week_today")
	}
	if q.FromMinute < 0 || q.FromMinute >= 24*60 || q.UntilMinute < 0 || q.UntilMinute > 24*60 ||
		(q.UntilMinute != 0 && q.UntilMinute <= q.FromMinute) {
		errs.Add("from", "directory.give_a_time_of_day_such_as")
	}
	if q.Limit < 0 || q.Limit > MaxSearchResults {
		errs.Add("limit", "directory.ask_for_1_to_100_results")
	}
	return errs.Err()
}

func wantsMode(q *MeetingSearch, m directory.Mode) bool {
	return len(q.Modes) == 0 || slices.Contains(q.Modes, m)
}

// SearchMeetings finds meetings, soonest first (today's before tomorrow's,
// earlier before later, nearer before farther).
func (s *Store) SearchMeetings(ctx context.Context, q MeetingSearch) (MeetingResults, error) {
	if err := validateMeetingSearch(&q); err != nil {
		return MeetingResults{}, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchResults
	}
	candidates, err := s.meetingCandidates(ctx, &q)
	if err != nil {
		return MeetingResults{}, err
	}
	zones := map[string]*time.Location{}
	var matches []MeetingMatch
	for _, m := range candidates {
		match, ok, err := matchMeeting(&q, m, zones)
		if err != nil {
			return MeetingResults{}, err
		}
		if ok {
			matches = append(matches, match)
		}
	}
	slices.SortFunc(matches, compareMeetingMatches)
	total := len(matches)
	return MeetingResults{Meetings: matches[:min(total, q.Limit)], Total: total}, nil
}

// meetingCandidates loads the listed meetings that can match: those in a
// room in the bounding box of the circle (by the position index), and those
// online, of the fellowships asked for. When the day is known on each
// meeting's own clock it narrows the query.
func (s *Store) meetingCandidates(ctx context.Context, q *MeetingSearch) ([]*Meeting, error) {
	dayFilter, dayArgs := " AND withdrawn_at IS NULL", []any{}
	if days := candidateDays(q); days != nil {
		dayFilter += " AND day IN (" + placeholders(len(days)) + ")"
		for _, d := range days {
			dayArgs = append(dayArgs, d)
		}
	}
	if len(q.Fellowships) > 0 {
		dayFilter += " AND fellowship IN (" + placeholders(len(q.Fellowships)) + ")"
		for _, f := range q.Fellowships {
			dayArgs = append(dayArgs, string(f))
		}
	}
	var out []*Meeting
	load := func(where string, args ...any) error {
		rows, err := s.query(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE "+where+dayFilter, append(args, dayArgs...)...)
		if err != nil {
			return fmt.Errorf("search meetings: %w", err)
		}
		list, err := collectMeetings(rows)
		out = append(out, list...)
		return err
	}
	var located []any
	for _, m := range []directory.Mode{directory.ModeInPerson, directory.ModeHybrid} {
		if wantsMode(q, m) {
			located = append(located, string(m))
		}
	}
	if q.Near != nil && len(located) > 0 {
		minLat, maxLat, minLng, maxLng := directory.BoundingBox(q.Near.Lat, q.Near.Lng, q.RadiusKm)
		if err := load("mode IN ("+placeholders(len(located))+") AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?",
			append(located, minLat, maxLat, minLng, maxLng)...); err != nil {
			return nil, err
		}
	}
	if wantsMode(q, directory.ModeOnline) {
		if err := load("mode = ?", string(directory.ModeOnline)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// candidateDays are the stored (meeting-clock) days that can match, or nil
// for every day. On one shared clock a meeting's day can move by up to two
// days (from UTC-12 to UTC+14); each meeting's own "today" lies within a
// day of today in UTC.
func candidateDays(q *MeetingSearch) []int {
	var centre, spread int
	switch {
	case q.Day == DayAny:
		return nil
	case q.Day == DayToday || q.Day == DayTomorrow:
		centre, spread = int(q.Now.UTC().Weekday())+int(q.Day-DayToday), 1
		if q.Zone != nil {
			centre = int(q.Now.In(q.Zone).Weekday()) + int(q.Day-DayToday)
			spread = 2
		}
	case q.Zone != nil:
		centre, spread = int(q.Day), 2
	default:
		return []int{int(q.Day)}
	}
	var days []int
	for d := centre - spread; d <= centre+spread; d++ {
		days = append(days, (d%7+7)%7)
	}
	return days
}

// match places m on the search's clock and applies the day, the window and
// the radius.
func matchMeeting(q *MeetingSearch, m *Meeting, zones map[string]*time.Location) (MeetingMatch, bool, error) {
	own, ok := zones[m.TimeZone]
	if !ok {
		var err error
		if own, err = time.LoadLocation(m.TimeZone); err != nil {
			return MeetingMatch{}, false, fmt.Errorf("meeting %s: time zone %q: %w", m.ID, m.TimeZone, err)
		}
		zones[m.TimeZone] = own
	}
	clock := q.Zone
	if clock == nil {
		clock = own
	}
	match := MeetingMatch{MeetingListing: *m, LocalDay: m.Day, LocalStart: m.Start}
	if clock.String() != own.String() {
		at := nextStart(m.Meeting, own, q.Now).In(clock)
		match.LocalDay, match.LocalStart, match.Converted = at.Weekday(), at.Format("15:04"), true
	}
	today := q.Now.In(clock).Weekday()
	match.DaysAhead = (int(match.LocalDay) - int(today) + 7) % 7
	switch {
	case q.Day == DayToday && match.DaysAhead != 0,
		q.Day == DayTomorrow && match.DaysAhead != 1,
		q.Day >= 0 && q.Day <= 6 && match.LocalDay != time.Weekday(q.Day):
		return match, false, nil
	}
	start := clockMinutes(match.LocalStart)
	if start < q.FromMinute || (q.UntilMinute != 0 && start >= q.UntilMinute) {
		return match, false, nil
	}
	if m.Mode != directory.ModeOnline {
		if q.Near == nil || (m.Lat == 0 && m.Lng == 0) {
			return match, false, nil
		}
		d := directory.DistanceKm(q.Near.Lat, q.Near.Lng, m.Lat, m.Lng)
		if d > q.RadiusKm {
			return match, false, nil
		}
		match.DistanceKm = &d
	}
	return match, true, nil
}

// nextStart is when m next starts, on its own clock, counting a meeting
// that started earlier today as today's.
func nextStart(m directory.Meeting, own *time.Location, now time.Time) time.Time {
	local := now.In(own)
	ahead := (int(m.Day) - int(local.Weekday()) + 7) % 7
	minutes := clockMinutes(m.Start)
	return time.Date(local.Year(), local.Month(), local.Day()+ahead, minutes/60, minutes%60, 0, 0, own)
}

// clockMinutes reads "19:30" as minutes after midnight; the store only
// holds times that directory validated in that form.
func clockMinutes(hhmm string) int {
	var h, m int
	fmt.Sscanf(hhmm, "%d:%d", &h, &m)
	return h*60 + m
}

func compareMeetingMatches(a, b MeetingMatch) int {
	if a.DaysAhead != b.DaysAhead {
		return a.DaysAhead - b.DaysAhead
	}
	if c := strings.Compare(a.LocalStart, b.LocalStart); c != 0 {
		return c
	}
	switch {
	case a.DistanceKm != nil && b.DistanceKm != nil:
		if c := compareFloat(*a.DistanceKm, *b.DistanceKm); c != 0 {
			return c
		}
	case a.DistanceKm != nil:
		return -1 // a room nearby before a meeting online at the same time
	case b.DistanceKm != nil:
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

// placeholders is "?, ?, ?" for n values.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
