package continuum

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

func day(s string) recovery.Date {
	d, err := recovery.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayPtr(s string) *recovery.Date { d := day(s); return &d }

func seg(id, level, start, end string) Segment {
	s := Segment{ID: id, Level: level, Start: day(start)}
	if end != "" {
		s.End, s.EndReason = dayPtr(end), "transferred"
	}
	return s
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		name string
		a, b Segment
		want bool
	}{
		{"HandOverDay", seg("a", "residential_high", "2026-01-01", "2026-01-31"), seg("b", "intensive_outpatient", "2026-01-31", ""), false},
		{"Apart", seg("a", "outpatient", "2026-01-01", "2026-01-10"), seg("b", "outpatient", "2026-02-01", "2026-02-10"), false},
		{"Inside", seg("a", "outpatient", "2026-01-01", "2026-01-31"), seg("b", "outpatient", "2026-01-05", "2026-01-06"), true},
		{"OpenAfterStart", seg("a", "outpatient", "2026-01-01", ""), seg("b", "outpatient", "2026-01-05", "2026-01-06"), true},
		{"TwoOpen", seg("a", "outpatient", "2026-01-01", ""), seg("b", "outpatient", "2026-03-01", ""), true},
		{"OneDayBeforeOpen", seg("a", "outpatient", "2026-01-01", "2026-01-01"), seg("b", "outpatient", "2026-01-01", ""), false},
		{"OverlapByADay", seg("a", "outpatient", "2026-01-01", "2026-01-11"), seg("b", "outpatient", "2026-01-10", ""), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Overlaps(tc.b); got != tc.want {
				t.Errorf("a.Overlaps(b) = %v, want %v", got, tc.want)
			}
			if got := tc.b.Overlaps(tc.a); got != tc.want {
				t.Errorf("b.Overlaps(a) = %v, want %v", got, tc.want)
			}
		})
	}
}

func errCode(err error) string { return onward.ErrorCode(err) }

func fieldOf(err error) string {
	e, ok := err.(*onward.Error)
	if !ok {
		return ""
	}
	for f := range e.Fields {
		return f
	}
	return e.Message
}

func TestEpisodeCheck(t *testing.T) {
	today := day("2026-03-01")
	episode := Episode{Segments: []Segment{
		seg("old", "residential_high", "2026-01-01", "2026-01-31"),
		seg("cur", "intensive_outpatient", "2026-01-31", ""),
	}}
	tests := []struct {
		name      string
		change    Change
		wantErr   string // code, then a field or message id
		wantField string
		wantEnded bool
	}{
		{"MoveDown", Change{Level: "outpatient", Start: day("2026-02-20"), PreviousReason: "completed"}, "", "", true},
		{"MoveDefaultReason", Change{Level: "outpatient", Start: day("2026-02-20")}, "", "", true},
		{"PastSegmentBefore", Change{Level: "inpatient_monitored", Start: day("2025-12-20"), End: dayPtr("2026-01-01"), EndReason: "transferred"}, "", "", false},
		{"UnknownLevel", Change{Level: "spa", Start: day("2026-02-20")}, onward.EINVALID, "level", false},
		{"FutureStart", Change{Level: "outpatient", Start: day("2026-03-02")}, onward.EINVALID, "start", false},
		{"EndBeforeStart", Change{Level: "outpatient", Start: day("2025-12-10"), End: dayPtr("2025-12-01"), EndReason: "completed"}, onward.EINVALID, "end", false},
		{"EndWithoutReason", Change{Level: "outpatient", Start: day("2025-12-01"), End: dayPtr("2025-12-10")}, onward.EINVALID, "end_reason", false},
		{"ReasonWithoutEnd", Change{Level: "outpatient", Start: day("2026-02-20"), EndReason: "completed"}, onward.EINVALID, "end", false},
		{"UnknownPreviousReason", Change{Level: "outpatient", Start: day("2026-02-20"), PreviousReason: "bored"}, onward.EINVALID, "previous_reason", false},
		{"StartNotAfterCurrent", Change{Level: "outpatient", Start: day("2026-01-31")}, onward.EINVALID, "start", false},
		{"PastOverlapsOld", Change{Level: "outpatient", Start: day("2026-01-15"), End: dayPtr("2026-01-20"), EndReason: "completed"}, onward.ECONFLICT, "continuum.segments_overlap", false},
		{"PastOverlapsCurrent", Change{Level: "outpatient", Start: day("2026-02-01"), End: dayPtr("2026-02-05"), EndReason: "completed"}, onward.ECONFLICT, "continuum.segments_overlap", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			added, ended, err := episode.Check(tc.change, today)
			if tc.wantErr != "" {
				if errCode(err) != tc.wantErr || fieldOf(err) != tc.wantField {
					t.Fatalf("err = %v (field %q), want %s on %s", err, fieldOf(err), tc.wantErr, tc.wantField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if added.Level != tc.change.Level || !added.Start.Equal(tc.change.Start) {
				t.Errorf("added = %+v", added)
			}
			if (ended != nil) != tc.wantEnded {
				t.Fatalf("ended = %+v, want ended %v", ended, tc.wantEnded)
			}
			if ended != nil {
				want := tc.change.PreviousReason
				if want == "" {
					want = "transferred"
				}
				if ended.ID != "cur" || !ended.End.Equal(tc.change.Start) || ended.EndReason != want {
					t.Errorf("ended = %+v", *ended)
				}
			}
		})
	}
}

func TestFirstSegmentAndClosing(t *testing.T) {
	var e Episode
	added, ended, err := e.Check(Change{Level: "otp", Start: day("2026-02-01")}, day("2026-02-01"))
	if err != nil || ended != nil || added.Level != "otp" {
		t.Fatalf("Check = %+v, %v, %v", added, ended, err)
	}
	e.Segments = append(e.Segments, added)
	e.NextLevel = "aftercare"
	closed := e.ClosedAt(day("2026-04-01"), "left_against_advice")
	if c := closed.Current(); c != nil {
		t.Fatalf("closed episode has a current segment %+v", c)
	}
	if s := closed.Segments[0]; !s.End.Equal(day("2026-04-01")) || s.EndReason != "left_against_advice" || closed.NextLevel != "" {
		t.Errorf("closed = %+v", closed)
	}
	if e.Current() == nil {
		t.Error("ClosedAt changed the episode it was called on")
	}
	if d := closed.Segments[0].Days(day("2030-01-01")); d != 60 {
		t.Errorf("Days = %d, want 60", d)
	}
}

func TestCheckPlan(t *testing.T) {
	for _, tc := range []struct {
		next, age string
		ok        bool
	}{{"", "", true}, {"aftercare", "26_34", true}, {"nowhere", "", false}, {"", "40", false}} {
		if err := CheckPlan(tc.next, tc.age); (err == nil) != tc.ok {
			t.Errorf("CheckPlan(%q, %q) = %v", tc.next, tc.age, err)
		}
	}
}

func TestExpectedHours(t *testing.T) {
	h := Hours{"outpatient": 2, "residential_high": 15}
	for code, want := range map[string]float64{"outpatient": 2, "residential_high": 15, "intensive_outpatient": 9,
		"partial_hospitalization": 20, "residential_low": 5, "aftercare": 0, "unknown": 0} {
		if got := h.Expected(code); got != want {
			t.Errorf("Expected(%s) = %v, want %v", code, got, want)
		}
	}
	for _, l := range Levels {
		if l.Hours < 0 || l.Hours > MaxHours || l.Service == "" {
			t.Errorf("level %+v", l)
		}
	}
}

var now = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

func goodSession() Session {
	return Session{Format: FormatGroup, Kind: "relapse_prevention", StartsAt: now.Add(24 * time.Hour), Minutes: 90,
		Members: []Participant{{EnrolmentID: "e1"}, {EnrolmentID: "e2"}}}
}

func TestSessionValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Session)
		field  string
	}{
		{"Good", func(*Session) {}, ""},
		{"UnknownKind", func(s *Session) { s.Kind = "yoga" }, "kind"},
		{"UnknownFormat", func(s *Session) { s.Format = "webinar" }, "format"},
		{"NoStart", func(s *Session) { s.StartsAt = time.Time{} }, "starts_at"},
		{"TooFar", func(s *Session) { s.StartsAt = now.AddDate(2, 0, 0) }, "starts_at"},
		{"TooShort", func(s *Session) { s.Minutes = 2 }, "minutes"},
		{"TooLong", func(s *Session) { s.Minutes = 13 * 60 }, "minutes"},
		{"NoMembers", func(s *Session) { s.Members = nil }, "members"},
		{"IndividualTwo", func(s *Session) { s.Format = FormatIndividual }, "members"},
		{"FamilyTwo", func(s *Session) { s.Format = FormatFamily }, "members"},
		{"LocationLines", func(s *Session) { s.Location = "Room 1\r\nDTSTART:1999" }, "location"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSession()
			tc.change(&s)
			err := s.Validate(now)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := err.(*onward.Error)
			if !ok || e.Fields[tc.field].ID == "" {
				t.Fatalf("err = %v, want a message on %s", err, tc.field)
			}
		})
	}
}

func TestWeeklyKeepsLocalTimeAcrossDST(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatalf("load the time zone: %v", err)
	}
	s := goodSession()
	s.StartsAt = time.Date(2026, 3, 2, 18, 0, 0, 0, chicago) // before the 8 March change
	s.ClientID = "form-1"
	list := s.Weekly(3, chicago)
	if len(list) != 3 {
		t.Fatalf("%d sessions", len(list))
	}
	ids := map[string]bool{}
	for i, x := range list {
		local := x.StartsAt.In(chicago)
		if local.Hour() != 18 || local.Weekday() != time.Monday {
			t.Errorf("session %d at %v", i, local)
		}
		ids[x.ClientID] = true
	}
	if len(ids) != 3 || !ids["form-1"] {
		t.Errorf("client ids %v", ids)
	}
	if list[1].StartsAt.Sub(list[0].StartsAt) != 7*24*time.Hour-time.Hour {
		t.Errorf("the week across the change lasts %v", list[1].StartsAt.Sub(list[0].StartsAt))
	}
}

func TestCheckMarks(t *testing.T) {
	held := goodSession()
	held.StartsAt = now.Add(-time.Hour)
	held.Members[1].Attendance = Late
	tests := []struct {
		name    string
		session Session
		marks   []Mark
		code    string
		changed int
	}{
		{"Group", held, []Mark{{"e1", Attended}, {"e2", Missed}}, "", 2},
		{"SameAgainRecordsNothing", held, []Mark{{"e1", Attended}, {"e2", Late}}, "", 1},
		{"NotYetHeld", goodSession(), []Mark{{"e1", Attended}}, onward.ECONFLICT, 0},
		{"Cancelled", func() Session { s := held; c := now; s.CancelledAt = &c; return s }(), []Mark{{"e1", Attended}}, onward.ECONFLICT, 0},
		{"Nobody", held, nil, onward.EINVALID, 0},
		{"Stranger", held, []Mark{{"e9", Attended}}, onward.EINVALID, 0},
		{"Twice", held, []Mark{{"e1", Attended}, {"e1", Missed}}, onward.EINVALID, 0},
		{"UnknownValue", held, []Mark{{"e1", "asleep"}}, onward.EINVALID, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed, err := tc.session.CheckMarks(tc.marks, now)
			if errCode(err) != tc.code {
				t.Fatalf("err = %v, want code %q", err, tc.code)
			}
			if tc.code == "" && len(changed) != tc.changed {
				t.Errorf("changed = %v, want %d", changed, tc.changed)
			}
		})
	}
}

func TestMonday(t *testing.T) {
	for in, want := range map[string]string{"2026-03-02": "2026-03-02", "2026-03-04": "2026-03-02", "2026-03-08": "2026-03-02",
		"2026-03-09": "2026-03-09", "2026-01-01": "2025-12-29"} {
		if got := Monday(day(in)).String(); got != want {
			t.Errorf("Monday(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestLastWeek(t *testing.T) {
	loc := time.UTC
	today := day("2026-03-11") // a Wednesday; the last complete week is 2-8 March
	at := func(s string) time.Time { d := day(s); return time.Date(d.Year, d.Month, d.Day, 18, 0, 0, 0, loc) }
	records := []Record{
		{at("2026-03-01"), 180, Attended}, // the week before
		{at("2026-03-02"), 180, Attended},
		{at("2026-03-04"), 180, Late},
		{at("2026-03-06"), 180, Excused},
		{at("2026-03-08"), 120, Missed},
		{at("2026-03-09"), 180, Attended}, // this week
	}
	tests := []struct {
		name       string
		levelStart string
		expected   float64
		nilWeek    bool
		below      bool
	}{
		{"BelowNine", "2026-02-01", 9, false, false}, // 6 attended of 9, 3 excused: 6 due
		{"BelowTen", "2026-02-01", 10, false, true},
		{"NothingExpected", "2026-02-01", 0, true, false},
		{"JoinedMidWeek", "2026-03-04", 9, true, false},
		{"JoinedOnMonday", "2026-03-02", 9, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := LastWeek(today, day(tc.levelStart), tc.expected, records, loc)
			if (w == nil) != tc.nilWeek {
				t.Fatalf("week = %+v", w)
			}
			if w == nil {
				return
			}
			if w.Start.String() != "2026-03-02" || w.Attended != 6 || w.Excused != 3 {
				t.Errorf("week = %+v", *w)
			}
			if w.Below() != tc.below {
				t.Errorf("Below = %v, want %v (%+v)", w.Below(), tc.below, *w)
			}
		})
	}
}
