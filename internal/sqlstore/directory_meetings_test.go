package sqlstore

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

func importDemoMeetings(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.ImportMeetings(context.Background(), directory.DemoMeetings()); err != nil {
		t.Fatalf("import demo meetings: %v", err)
	}
}

func TestImportMeetings(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	demo := directory.DemoMeetings()
	if rep, err := s.ImportMeetings(ctx, demo); err != nil || rep != (ImportReport{New: len(demo)}) {
		t.Fatalf("first import = %+v, %v", rep, err)
	}
	if rep, _ := s.ImportMeetings(ctx, demo); rep != (ImportReport{Unchanged: len(demo)}) {
		t.Fatalf("the same file again = %+v, want all unchanged", rep)
	}
	moved := directory.DemoMeetings()
	moved[0].Start = "19:30"
	if rep, _ := s.ImportMeetings(ctx, moved); rep != (ImportReport{Updated: 1, Unchanged: len(demo) - 1}) {
		t.Fatalf("one meeting moved = %+v", rep)
	}

	t.Run("EveryFieldRoundTrips", func(t *testing.T) {
		res, err := s.SearchMeetings(ctx, MeetingSearch{Near: &Point{Lat: 39.78, Lng: -89.65}, RadiusKm: 50, Day: DayAny, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]directory.Meeting{}
		for _, m := range res.Meetings {
			stored[m.SourceID] = m.MeetingListing.Meeting
		}
		if len(stored) != len(moved) {
			t.Fatalf("found %d of %d meetings", len(stored), len(moved))
		}
		for _, want := range moved {
			if got := stored[want.SourceID]; !reflect.DeepEqual(got, want) {
				t.Errorf("stored meeting\n%+v\nwant\n%+v", got, want)
			}
		}
	})
	t.Run("ErrNoTimeZone", func(t *testing.T) {
		m := directory.DemoMeetings()[:1]
		m[0].SourceID, m[0].TimeZone = "no-zone", ""
		_, err := s.ImportMeetings(ctx, m)
		wantCode(t, err, onward.EINVALID)
	})
}

func TestSearchMeetings(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	importDemoMeetings(t, s)
	springfield := &Point{Lat: 39.7817, Lng: -89.6501}
	chicago, _ := time.LoadLocation("America/Chicago")
	newYork, _ := time.LoadLocation("America/New_York")
	// Monday 23 November 2026, 20:00 in Springfield: already Tuesday in UTC.
	mondayEvening := time.Date(2026, 11, 23, 20, 0, 0, 0, chicago)
	evening := func(q MeetingSearch) MeetingSearch { q.FromMinute = 17 * 60; return q }
	names := func(res MeetingResults) []string {
		var out []string
		for _, m := range res.Meetings {
			out = append(out, m.Name)
		}
		return out
	}
	search := func(t *testing.T, q MeetingSearch) MeetingResults {
		t.Helper()
		res, err := s.SearchMeetings(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	t.Run("TonightOnTheMeetingsOwnClock", func(t *testing.T) {
		res := search(t, evening(MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayToday, Now: mondayEvening}))
		want := []string{"Example SMART Recovery Meeting (demo)", "Example Hope Group (demo)"}
		if got := names(res); !reflect.DeepEqual(got, want) {
			t.Fatalf("tonight: %v, want %v", got, want)
		}
		if m := res.Meetings[0]; m.Converted || m.LocalStart != "18:00" || m.LocalDay != time.Monday || m.DistanceKm == nil {
			t.Fatalf("first match %+v", m)
		}
	})
	t.Run("OnTheMembersClock", func(t *testing.T) {
		res := search(t, evening(MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayToday, Zone: newYork, Now: mondayEvening}))
		if len(res.Meetings) != 2 || !res.Meetings[0].Converted || res.Meetings[0].LocalStart != "19:00" || res.Meetings[1].LocalStart != "20:00" {
			t.Fatalf("on New York time: %+v", res.Meetings)
		}
		// At 19:30 in New York it is 18:30 in Springfield: "from 19:30"
		// on the member's clock leaves out the meeting at 18:00 local.
		q := MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayToday, Zone: newYork, Now: mondayEvening, FromMinute: 19*60 + 30}
		if got := names(search(t, q)); !reflect.DeepEqual(got, []string{"Example Hope Group (demo)"}) {
			t.Fatalf("from 19:30 New York time: %v", got)
		}
	})
	t.Run("OnlineMeetingsWhereverTheyAre", func(t *testing.T) {
		anchorage := &Point{Lat: 61.2, Lng: -149.9}
		res := search(t, MeetingSearch{Near: anchorage, RadiusKm: 10, Day: DayAny, Now: mondayEvening})
		want := []string{"Sample Just for Today (demo)", "Sample SMART Online (demo)", "Demo Lunch Bunch (demo)"}
		if got := names(res); !reflect.DeepEqual(got, want) {
			t.Fatalf("far from every room: %v, want the online meetings %v", got, want)
		}
		for _, m := range res.Meetings {
			if m.DistanceKm != nil {
				t.Fatalf("an online meeting has a distance: %+v", m)
			}
		}
		if got := names(search(t, MeetingSearch{Day: DayAny, Now: mondayEvening})); !reflect.DeepEqual(got, want) {
			t.Fatalf("without a place: %v, want only the online meetings", got)
		}
	})
	t.Run("KindAndDay", func(t *testing.T) {
		res := search(t, MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayAny, Now: mondayEvening,
			Modes: []directory.Mode{directory.ModeHybrid}})
		want := []string{"Example Big Book Study (demo)", "Demo SMART Family & Friends (demo)", "Demo New Beginnings (demo)"}
		if got := names(res); !reflect.DeepEqual(got, want) {
			t.Fatalf("hybrid: %v, want %v", got, want)
		}
		res = search(t, MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayChoice(time.Thursday), Now: mondayEvening})
		want = []string{"Sample SMART Online (demo)", "Example Big Book Study (demo)"}
		if got := names(res); !reflect.DeepEqual(got, want) {
			t.Fatalf("Thursday: %v, want %v", got, want)
		}
		res = search(t, MeetingSearch{Near: springfield, RadiusKm: 25, Day: DayTomorrow, Now: mondayEvening, UntilMinute: 12 * 60})
		if got := names(res); !reflect.DeepEqual(got, []string{"Sample Sunrise Group (demo)"}) {
			t.Fatalf("tomorrow morning: %v", got)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for field, q := range map[string]MeetingSearch{
			"near":      {Day: DayAny, Modes: []directory.Mode{directory.ModeInPerson}},
			"radius_km": {Near: springfield, RadiusKm: 0, Day: DayAny},
			"kind":      {Day: DayAny, Modes: []directory.Mode{"carrier_pigeon"}},
			"day":       {Day: 9},
			"from":      {Day: DayAny, FromMinute: 25 * 60},
		} {
			t.Run(field, func(t *testing.T) {
				_, err := s.SearchMeetings(ctx, q)
				var e *onward.Error
				if !errors.As(err, &e) || e.Code != onward.EINVALID || e.Fields[field].ID == "" {
					t.Fatalf("err = %v, want a field error on %s", err, field)
				}
			})
		}
	})
}

func TestMeetingAttendance(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	importDemoMeetings(t, s)
	u := createUser(t, s, "ana@example.com", onward.RoleMember)
	res, _ := s.SearchMeetings(ctx, MeetingSearch{Day: DayAny, Now: time.Now()})
	meeting := res.Meetings[0].ID
	zone, _ := time.LoadLocation(res.Meetings[0].TimeZone)
	held := heldDayOf(res.Meetings[0].MeetingListing)
	record := func(day string) (bool, error) {
		var added bool
		err := s.Write(ctx, func(tx *Tx) (err error) { added, err = tx.RecordAttendance(ctx, u.ID, meeting, day, zone); return })
		return added, err
	}
	if added, err := record(held); !added || err != nil {
		t.Fatalf("first record: %v, %v", added, err)
	}
	if added, err := record(held); added || err != nil {
		t.Fatalf("the same day again: added %v, %v; want nothing new", added, err)
	}
	next, _ := time.Parse(time.DateOnly, held)
	if _, err := record(next.AddDate(0, 0, 7).Format(time.DateOnly)); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrNotHeldThatDay", func(t *testing.T) {
		_, err := record(next.AddDate(0, 0, 3).Format(time.DateOnly))
		wantCode(t, err, onward.EINVALID)
	})
	var a Attendance
	s.Write(ctx, func(tx *Tx) (err error) { a, err = tx.Attendance(ctx, u.ID); return })
	if a.Total != 2 || a.ByMeeting[meeting] != 2 {
		t.Fatalf("attendance %+v, want 2 at one meeting", a)
	}
	t.Run("ErrBadDay", func(t *testing.T) {
		_, err := record("21/11/2026")
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("ErrUnknownMeeting", func(t *testing.T) {
		err := s.Write(ctx, func(tx *Tx) error {
			_, err := tx.RecordAttendance(ctx, u.ID, "nope", "2026-11-21", time.UTC)
			return err
		})
		wantCode(t, err, onward.ENOTFOUND)
	})
	t.Run("GoesWithTheAccount", func(t *testing.T) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, u.ID) }); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "meeting_attendance"); n != 0 {
			t.Fatalf("%d attendance rows outlive the account", n)
		}
	})
}

// heldDayOf is a day in November 2026 on which m is held, on its own clock.
func heldDayOf(m Meeting) string {
	for d := time.Date(2026, time.November, 1, 12, 0, 0, 0, time.UTC); ; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Weekday(m.Day) {
			return d.Format(time.DateOnly)
		}
	}
}
