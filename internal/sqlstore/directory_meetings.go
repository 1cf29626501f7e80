package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// Meeting is a weekly meeting as the directory stores it.
type Meeting = directory.MeetingListing

// Attendance is the directory's count of a member's meetings.
type Attendance = directory.Attendance

const meetingColumns = `id, source, source_id, fellowship, name, group_name, day, start, duration_minutes, time_zone,
	mode, venue, street, city, state, zip, country, region, lat, lng, located, url, phone, web_page, formats, languages,
	notes, location_notes, withdrawn_at`

func scanMeeting(row rowScanner) (*Meeting, error) {
	var m Meeting
	var day, minutes int
	var lat, lng sql.NullFloat64
	var formats, languages string
	var withdrawn dbTime
	err := row.Scan(&m.ID, &m.Source, &m.SourceID, &m.Fellowship, &m.Name, &m.Group, &day, &m.Start, &minutes,
		&m.TimeZone, &m.Mode, &m.Venue, &m.Street, &m.City, &m.State, &m.Zip, &m.Country, &m.Region, &lat, &lng,
		&m.Located, &m.URL, &m.Phone, &m.WebPage, &formats, &languages, &m.Notes, &m.LocationNotes, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_meeting")
	}
	if err != nil {
		return nil, fmt.Errorf("scan meeting: %w", err)
	}
	m.Day, m.Duration = time.Weekday(day), time.Duration(minutes)*time.Minute
	m.Lat, m.Lng = lat.Float64, lng.Float64
	if err := json.Unmarshal([]byte(formats), &m.Formats); err != nil {
		return nil, fmt.Errorf("read meeting formats: %w", err)
	}
	if len(m.Formats) == 0 {
		m.Formats = nil // as the importers leave a meeting without formats
	}
	m.Languages = unframe[string](languages)
	m.WithdrawnAt = withdrawn.Ptr()
	return &m, nil
}

// meetingValues are the columns an import sets, in the order of its
// INSERT and UPDATE statements. Unknown coordinates are stored as NULL so
// that no search by position finds them.
func meetingValues(m directory.Meeting) ([]any, error) {
	formats, err := json.Marshal(m.Formats)
	if err != nil {
		return nil, err
	}
	if m.Formats == nil {
		formats = []byte("[]")
	}
	var lat, lng any
	if m.Lat != 0 || m.Lng != 0 {
		lat, lng = m.Lat, m.Lng
	}
	return []any{string(m.Fellowship), m.Name, m.Group, int(m.Day), m.Start, int(m.Duration / time.Minute), m.TimeZone,
		string(m.Mode), m.Venue, m.Street, m.City, m.State, m.Zip, m.Country, m.Region, lat, lng, string(m.Located),
		m.URL, m.Phone, m.WebPage, string(formats), frame(m.Languages), m.Notes, m.LocationNotes}, nil
}

// checkMeeting refuses a meeting the directory cannot hold. The importers
// leave the time zone and the fellowship empty when a list gives none; the
// caller must fill them in, because "today" and "tonight" mean nothing
// without a clock, and a meeting of no fellowship cannot be found by one.
func checkMeeting(m *directory.Meeting) error {
	if err := m.Validate(); err != nil {
		return onward.NewError(onward.EINVALID, "directory.import_meeting_invalid", "ID", m.SourceID, "Reason", err.Error())
	}
	switch {
	case m.TimeZone == "":
		return onward.NewError(onward.EINVALID, "directory.import_meeting_no_zone", "ID", m.SourceID)
	case m.Fellowship == "":
		return onward.NewError(onward.EINVALID, "directory.import_meeting_no_fellowship", "ID", m.SourceID)
	case m.Duration%time.Minute != 0:
		return onward.NewError(onward.EINVALID, "directory.import_meeting_duration", "ID", m.SourceID, "Duration", m.Duration.String())
	}
	return nil
}

// ImportMeetings adds or updates meetings, keyed by (Source, SourceID), in
// one transaction: a failing write leaves the directory as it was. It
// removes nothing; SyncMeetings also hides what left a feed.
func (s *Store) ImportMeetings(ctx context.Context, rows []directory.Meeting) (ImportReport, error) {
	var rep ImportReport
	err := s.Write(ctx, func(tx *Tx) (err error) {
		rep, err = tx.ImportMeetings(ctx, rows)
		return err
	})
	return rep, err
}

// SyncMeetings makes the directory's meetings of one feed (source) match
// rows, the feed's good rows, in one transaction: it adds and updates them
// as ImportMeetings does, and withdraws (hides) the feed's meetings that
// rows lack. The meetings whose row the file had but the importer rejected
// are named by keep, as ids (a Meeting Guide slug also keeps its "slug/day"
// meetings): they stay as they were, since a mistake in one row does not
// mean the meeting has ended. A feed without a single good row changes
// nothing: that is a broken export, not a region without meetings.
func (s *Store) SyncMeetings(ctx context.Context, source string, rows []directory.Meeting, keep []string) (ImportReport, error) {
	var rep ImportReport
	if len(rows) == 0 {
		return rep, onward.NewError(onward.EINVALID, "directory.import_no_meeting", "Source", source)
	}
	for _, m := range rows {
		if m.Source != source {
			return rep, onward.NewError(onward.EINVALID, "directory.import_meeting_other_feed", "ID", m.SourceID, "Source", m.Source, "Feed", source)
		}
	}
	err := s.Write(ctx, func(tx *Tx) (err error) {
		if rep, err = tx.ImportMeetings(ctx, rows); err != nil {
			return err
		}
		present := sourceIDs(rows, func(m directory.Meeting) string { return m.SourceID })
		rep.Removed, rep.KeptRejected, _, err = tx.withdrawMissing(ctx, "meetings", source, present, keep, "")
		return err
	})
	return rep, err
}

// ImportMeetings is Store.ImportMeetings inside a caller's transaction. A
// withdrawn meeting that is listed again is restored (counted as updated).
func (tx *Tx) ImportMeetings(ctx context.Context, rows []directory.Meeting) (ImportReport, error) {
	var rep ImportReport
	for i := range rows {
		if err := checkMeeting(&rows[i]); err != nil {
			return rep, err
		}
	}
	existing, err := tx.meetingsOfSources(ctx, rows)
	if err != nil {
		return rep, err
	}
	insert, err := tx.prepareForLoop(ctx, `INSERT INTO meetings (id, source, source_id, fellowship, name, group_name, day,
		start, duration_minutes, time_zone, mode, venue, street, city, state, zip, country, region, lat, lng, located,
		url, phone, web_page, formats, languages, notes, location_notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return rep, err
	}
	defer insert.Close()
	update, err := tx.prepareForLoop(ctx, `UPDATE meetings SET fellowship = ?, name = ?, group_name = ?, day = ?,
		start = ?, duration_minutes = ?, time_zone = ?, mode = ?, venue = ?, street = ?, city = ?, state = ?, zip = ?,
		country = ?, region = ?, lat = ?, lng = ?, located = ?, url = ?, phone = ?, web_page = ?, formats = ?,
		languages = ?, notes = ?, location_notes = ?, withdrawn_at = NULL, updated_at = ? WHERE id = ?`)
	if err != nil {
		return rep, err
	}
	defer update.Close()
	now := tx.t(tx.Now)
	for _, m := range rows {
		values, err := meetingValues(m)
		if err != nil {
			return rep, fmt.Errorf("meeting %q: %w", m.SourceID, err)
		}
		key := m.Source + "\x00" + m.SourceID
		old, ok := existing[key]
		switch {
		case !ok:
			id := newID()
			if _, err := insert.ExecContext(ctx, append(append([]any{id, m.Source, m.SourceID}, values...), now, now)...); err != nil {
				return rep, fmt.Errorf("add meeting %q: %w", m.SourceID, err)
			}
			existing[key] = &Meeting{ID: id, Meeting: m}
			rep.New++
		case old.WithdrawnAt == nil && sameMeeting(old.Meeting, m):
			rep.Unchanged++
		default:
			if _, err := update.ExecContext(ctx, append(values, now, old.ID)...); err != nil {
				return rep, fmt.Errorf("update meeting %q: %w", m.SourceID, err)
			}
			old.Meeting, old.WithdrawnAt = m, nil
			rep.Updated++
		}
	}
	return rep, nil
}

// sameMeeting compares two meetings as stored: no formats and an empty
// list of formats are the same, and so are no languages and none.
func sameMeeting(a, b directory.Meeting) bool {
	if len(a.Formats) == 0 && len(b.Formats) == 0 {
		a.Formats, b.Formats = nil, nil
	}
	if len(a.Languages) == 0 && len(b.Languages) == 0 {
		a.Languages, b.Languages = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func (tx *Tx) meetingsOfSources(ctx context.Context, rows []directory.Meeting) (map[string]*Meeting, error) {
	sources := map[string]bool{}
	for _, m := range rows {
		sources[m.Source] = true
	}
	out := map[string]*Meeting{}
	for source := range sources {
		rs, err := tx.query(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE source = ?", source)
		if err != nil {
			return nil, fmt.Errorf("load meetings: %w", err)
		}
		list, err := collectMeetings(rs)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			out[m.Source+"\x00"+m.SourceID] = m
		}
	}
	return out, nil
}

func collectMeetings(rows *sql.Rows) ([]*Meeting, error) {
	defer rows.Close()
	var out []*Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RecordAttendance notes that a member went to a meeting on day (their own
// calendar day in viewer, "2026-11-21"), which must be a day the meeting
// is held. It reports false when that was noted already.
func (tx *Tx) RecordAttendance(ctx context.Context, userID, meetingID, day string, viewer *time.Location) (bool, error) {
	on, err := time.ParseInLocation(time.DateOnly, day, viewer)
	if err != nil {
		return false, onward.NewError(onward.EINVALID, "directory.give_the_day_as_a_date_such")
	}
	var weekday int
	var start, zone string
	if !isStoredID(meetingID) {
		return false, onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_meeting")
	}
	err = tx.queryRow(ctx, "SELECT day, start, time_zone FROM meetings WHERE id = ?", meetingID).Scan(&weekday, &start, &zone)
	if errors.Is(err, sql.ErrNoRows) {
		return false, onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_meeting")
	}
	if err != nil {
		return false, fmt.Errorf("find meeting: %w", err)
	}
	if !heldOn(time.Weekday(weekday), start, zone, on) {
		return false, onward.NewError(onward.EINVALID, "directory.this_meeting_is_not_held_today")
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM meeting_attendance WHERE user_id = ? AND meeting_id = ? AND day = ?",
		userID, meetingID, day).Scan(&n); err != nil {
		return false, fmt.Errorf("read attendance: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	_, err = tx.exec(ctx, "INSERT INTO meeting_attendance (id, user_id, meeting_id, day, created_at) VALUES (?, ?, ?, ?, ?)",
		newID(), userID, meetingID, day, tx.t(tx.Now))
	if err != nil {
		return false, fmt.Errorf("record attendance: %w", err)
	}
	return true, nil
}

// heldOn reports whether a weekly meeting (weekday and "HH:MM" start on
// its own clock, zone) starts on the calendar day on (midnight in the
// viewer's zone): a meeting late on Monday in Los Angeles is held on
// Tuesday for someone in New York.
func heldOn(weekday time.Weekday, start, zone string, on time.Time) bool {
	own, err := time.LoadLocation(zone)
	if err != nil {
		own = on.Location()
	}
	clock, err := time.Parse("15:04", start)
	if err != nil {
		return false
	}
	for shift := -2; shift <= 2; shift++ {
		d := on.AddDate(0, 0, shift).In(own)
		if d.Weekday() != weekday {
			continue
		}
		at := time.Date(d.Year(), d.Month(), d.Day(), clock.Hour(), clock.Minute(), 0, 0, own).In(on.Location())
		if at.Year() == on.Year() && at.YearDay() == on.YearDay() {
			return true
		}
	}
	return false
}

// Attendance counts the meetings a member has logged.
func (tx *Tx) Attendance(ctx context.Context, userID string) (Attendance, error) {
	a := Attendance{ByMeeting: map[string]int{}}
	rows, err := tx.query(ctx, "SELECT meeting_id, COUNT(*) FROM meeting_attendance WHERE user_id = ? GROUP BY meeting_id", userID)
	if err != nil {
		return a, fmt.Errorf("count attendance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return a, fmt.Errorf("count attendance: %w", err)
		}
		a.ByMeeting[id] = n
		a.Total += n
	}
	return a, rows.Err()
}
