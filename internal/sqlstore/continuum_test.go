package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
)

// careFixture is a program with a clinician and enrolled members whose
// consents cover treatment.
type careFixture struct {
	s          *Store
	c          *clock
	program    string
	clinician  *onward.User
	members    []*onward.User
	enrolments []string
}

func newCareFixture(t *testing.T, members int) *careFixture {
	t.Helper()
	ctx := context.Background()
	s, c := openTestStore(t)
	program, _ := twoPrograms(t, s)
	f := &careFixture{s: s, c: c, program: program, clinician: createUser(t, s, "cara@example.com", onward.RoleClinician)}
	for i := range members {
		m := createUser(t, s, "member"+string(rune('a'+i))+"@example.com", onward.RoleMember)
		f.members = append(f.members, m)
	}
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.AddProgramStaff(ctx, program, f.clinician.ID); err != nil {
			return err
		}
		for _, m := range f.members {
			consent := goodProgramConsent(m.ID, program)
			consent.Categories = []onward.Category{onward.CategoryCheckins, onward.CategoryTreatment}
			if err := tx.CreateProgramConsent(ctx, consent); err != nil {
				return err
			}
			id, err := tx.RequestEnrolment(ctx, program, m.ID, consent.ID)
			if err != nil {
				return err
			}
			if err := tx.SetEnrolmentStatus(ctx, program, id, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
				return err
			}
			if err := tx.SetCareTeam(ctx, program, id, []string{f.clinician.ID}); err != nil {
				return err
			}
			f.enrolments = append(f.enrolments, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	return f
}

// decided returns the clinician's recorded decisions about the members'
// treatment, by member id.
func (f *careFixture) decided(ctx context.Context, tx *Tx, action onward.Action, members ...*onward.User) map[string]Disclosure {
	out := map[string]Disclosure{}
	for _, m := range members {
		_, d, err := tx.decide(ctx, onward.Principal{UserID: f.clinician.ID, Role: f.clinician.Role}, m.ID, action,
			[]onward.Category{onward.CategoryTreatment})
		if err != nil {
			panic(err)
		}
		out[m.ID] = d
	}
	return out
}

func TestCareSegments(t *testing.T) {
	f := newCareFixture(t, 1)
	ctx := context.Background()
	m, enrolment := f.members[0], f.enrolments[0]
	add := func(level, start string, ended *continuum.Segment) (*continuum.Segment, error) {
		seg := &continuum.Segment{EnrolmentID: enrolment, MemberID: m.ID, Level: level, Start: day(start)}
		err := f.s.Write(ctx, func(tx *Tx) error {
			return tx.AddSegment(ctx, f.decided(ctx, tx, onward.ActionWrite, m)[m.ID], f.program, seg, ended, f.clinician.ID)
		})
		return seg, err
	}
	first, err := add("intensive_outpatient", "2026-10-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("LevelOfCareFollows", func(t *testing.T) {
		e, err := f.s.Enrolment(ctx, f.program, enrolment)
		if err != nil || e.LevelOfCare != "intensive_outpatient" {
			t.Fatalf("enrolment %+v, %v", e, err)
		}
	})
	t.Run("ASecondOpenSegmentIsRefused", func(t *testing.T) {
		_, err := add("outpatient", "2026-11-01", nil)
		wantCode(t, err, onward.ECONFLICT)
	})
	t.Run("MoveDown", func(t *testing.T) {
		end := day("2026-11-01")
		closed := *first
		closed.End, closed.EndReason = &end, "completed"
		if _, err := add("residential_low", "2026-11-01", &closed); err != nil {
			t.Fatal(err)
		}
		e, _ := f.s.Enrolment(ctx, f.program, enrolment)
		if e.LevelOfCare != "residential" {
			t.Errorf("level of care %q, want the service type residential", e.LevelOfCare)
		}
		var ep *continuum.Episode
		err := f.s.Write(ctx, func(tx *Tx) (err error) {
			ep, err = tx.Episode(ctx, f.decided(ctx, tx, onward.ActionWrite, m)[m.ID], enrolment)
			return err
		})
		if err != nil || len(ep.Segments) != 2 || ep.Segments[0].EndReason != "completed" || !ep.Current().Start.Equal(day("2026-11-01")) {
			t.Fatalf("episode %+v, %v", ep, err)
		}
	})
	t.Run("EndingTwiceConflicts", func(t *testing.T) {
		end := day("2026-11-05")
		closed := *first
		closed.End, closed.EndReason = &end, "transferred"
		_, err := add("outpatient", "2026-11-05", &closed)
		wantCode(t, err, onward.ECONFLICT)
	})
	t.Run("NoWriteWithoutTheDecision", func(t *testing.T) {
		other := createUser(t, f.s, "x@example.com", onward.RoleMember)
		seg := &continuum.Segment{EnrolmentID: enrolment, MemberID: m.ID, Level: "outpatient", Start: day("2026-12-01")}
		err := f.s.Write(ctx, func(tx *Tx) error {
			return tx.AddSegment(ctx, f.decided(ctx, tx, onward.ActionWrite, other)[other.ID], f.program, seg, nil, f.clinician.ID)
		})
		if err == nil || onward.ErrorCode(err) != onward.EINTERNAL {
			t.Fatalf("AddSegment under another member's decision = %v", err)
		}
	})
	t.Run("ConcurrentMovesMakeOneOpenSegment", func(t *testing.T) {
		g, _ := newCareFixture(t, 1), 0
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				seg := &continuum.Segment{EnrolmentID: g.enrolments[0], MemberID: g.members[0].ID, Level: "otp", Start: day("2026-10-01")}
				errs[i] = g.s.Write(ctx, func(tx *Tx) error {
					d := g.decided(ctx, tx, onward.ActionWrite, g.members[0])[g.members[0].ID]
					return tx.AddSegment(ctx, d, g.program, seg, nil, g.clinician.ID)
				})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantCode(t, err, onward.ECONFLICT)
			}
		}
		if ok != 1 {
			t.Fatalf("%d concurrent first segments stored, want 1", ok)
		}
	})
}

func TestCareSessions(t *testing.T) {
	f := newCareFixture(t, 3)
	ctx := context.Background()
	starts := f.c.now().Add(2 * time.Hour)
	session := func(clientID string, members ...int) *continuum.Session {
		s := &continuum.Session{ProgramID: f.program, Format: continuum.FormatGroup, Kind: "cbt", StartsAt: starts, Minutes: 90,
			LeaderID: f.clinician.ID, ClientID: clientID}
		for _, i := range members {
			s.Members = append(s.Members, continuum.Participant{EnrolmentID: f.enrolments[i], MemberID: f.members[i].ID})
		}
		return s
	}
	schedule := func(s *continuum.Session) (created bool, err error) {
		err = f.s.Write(ctx, func(tx *Tx) (err error) {
			var who []*onward.User
			for _, p := range s.Members {
				for _, m := range f.members {
					if m.ID == p.MemberID {
						who = append(who, m)
					}
				}
			}
			created, err = tx.ScheduleSession(ctx, f.decided(ctx, tx, onward.ActionWrite, who...), s, f.clinician.ID)
			return err
		})
		return created, err
	}
	group := session("form-1", 0, 1, 2)
	if created, err := schedule(group); err != nil || !created {
		t.Fatalf("schedule = %v, %v", created, err)
	}
	t.Run("ReplayReturnsTheSameSession", func(t *testing.T) {
		again := session("form-1", 0, 1, 2)
		created, err := schedule(again)
		if err != nil || created || again.ID != group.ID {
			t.Fatalf("replay: created %v, id %s (want %s), %v", created, again.ID, group.ID, err)
		}
		list, err := f.s.ProgramSessions(ctx, f.program, SessionFilter{From: starts.Add(-time.Hour), To: starts.Add(time.Hour)})
		if err != nil || len(list) != 1 || len(list[0].Members) != 3 {
			t.Fatalf("sessions %+v, %v", list, err)
		}
	})
	t.Run("NotEnrolledIsRefused", func(t *testing.T) {
		s := session("", 0)
		s.Members[0].EnrolmentID = f.enrolments[1] // another member's enrolment
		_, err := schedule(s)
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("RosterOnlyForDisclosedMembers", func(t *testing.T) {
		var ds map[string]Disclosure
		f.s.Write(ctx, func(tx *Tx) error { ds = f.decided(ctx, tx, onward.ActionRead, f.members[0], f.members[2]); return nil })
		roster, err := f.s.SessionRoster(ctx, group.ID, ds)
		if err != nil || len(roster) != 2 {
			t.Fatalf("roster %+v, %v", roster, err)
		}
	})
	t.Run("AttendanceRecordedAndRead", func(t *testing.T) {
		f.c.advance(3 * time.Hour)
		err := f.s.Write(ctx, func(tx *Tx) error {
			ds := f.decided(ctx, tx, onward.ActionWrite, f.members[0], f.members[1])
			marks := group.Marked([]continuum.Mark{{EnrolmentID: f.enrolments[0], Attendance: continuum.Late},
				{EnrolmentID: f.enrolments[1], Attendance: continuum.Missed}})
			if err := tx.MarkAttendance(ctx, ds, group.ID, marks, f.clinician.ID); err != nil {
				return err
			}
			got, err := tx.SessionAttendance(ctx, ds, group.ID)
			if err != nil {
				return err
			}
			if len(got) != 2 || got[f.enrolments[0]] != continuum.Late || got[f.enrolments[1]] != continuum.Missed {
				t.Errorf("attendance %v", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		members, err := f.s.Caseload(ctx, f.program, CaseloadScope{EnrolmentID: f.enrolments[0]})
		if err != nil || len(members) != 1 || len(members[0].Care.Attendance) != 1 || members[0].Care.Attendance[0].Minutes != 90 {
			t.Fatalf("caseload facts %+v, %v", members, err)
		}
		var list []continuum.Session
		err = f.s.Write(ctx, func(tx *Tx) (err error) {
			_, d, err := tx.decide(ctx, onward.Principal{UserID: f.members[1].ID, Role: onward.RoleMember}, f.members[1].ID,
				onward.ActionRead, []onward.Category{onward.CategoryTreatment})
			if err != nil {
				return err
			}
			list, err = f.s.Reader(d).Sessions(ctx, MemberSessionFilter{From: starts.Add(-time.Hour), To: starts.Add(time.Hour)})
			return err
		})
		if err != nil || len(list) != 1 || list[0].Members[0].Attendance != continuum.Missed {
			t.Fatalf("member sessions %+v, %v", list, err)
		}
	})
	t.Run("OnlyAFutureSessionIsCancelled", func(t *testing.T) {
		wantCode(t, f.s.Write(ctx, func(tx *Tx) error { return tx.CancelSession(ctx, f.program, group.ID) }), onward.ECONFLICT)
		later := session("", 0)
		later.StartsAt = f.c.now().Add(48 * time.Hour)
		if _, err := schedule(later); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Write(ctx, func(tx *Tx) error { return tx.CancelSession(ctx, f.program, later.ID) }); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.Write(ctx, func(tx *Tx) error { return tx.CancelSession(ctx, f.program, later.ID) }), onward.ECONFLICT)
		got, err := f.s.Session(ctx, f.program, later.ID)
		if err != nil || got.CancelledAt == nil || got.Version != 1 {
			t.Fatalf("cancelled session %+v, %v", got, err)
		}
		_, err = f.s.Session(ctx, "0190f5c2-0000-7000-8000-000000000009", later.ID)
		wantCode(t, err, onward.ENOTFOUND)
	})
}

func TestSessionReminders(t *testing.T) {
	f := newCareFixture(t, 2)
	ctx := context.Background()
	s := &continuum.Session{ProgramID: f.program, Format: continuum.FormatGroup, Kind: "peer_support", StartsAt: f.c.now().Add(30 * time.Hour),
		Minutes: 60, Members: []continuum.Participant{{EnrolmentID: f.enrolments[0], MemberID: f.members[0].ID},
			{EnrolmentID: f.enrolments[1], MemberID: f.members[1].ID}}}
	err := f.s.Write(ctx, func(tx *Tx) error {
		_, err := tx.ScheduleSession(ctx, f.decided(ctx, tx, onward.ActionWrite, f.members...), s, f.clinician.ID)
		if err != nil {
			return err
		}
		// The second member wants no reminders.
		return tx.SaveNotifyPrefs(ctx, f.members[1].ID, NotifyPrefs{Email: true, Push: true, Discreet: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	plan := func() int {
		n, err := f.s.PlanSessionReminders(ctx, f.c.now())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := plan(); n != 0 {
		t.Fatalf("%d reminders planned 30 hours ahead", n)
	}
	f.c.advance(7 * time.Hour)
	if n := plan(); n != 1 {
		t.Fatalf("%d reminders planned a day ahead, want 1", n)
	}
	if n := plan(); n != 0 {
		t.Fatalf("%d reminders planned again", n)
	}
	ahead, err := f.s.SessionAhead(ctx, f.members[0].ID, s.ID, f.c.now())
	if err != nil || !ahead {
		t.Fatalf("SessionAhead = %v, %v", ahead, err)
	}
	if err := f.s.Write(ctx, func(tx *Tx) error { return tx.CancelSession(ctx, f.program, s.ID) }); err != nil {
		t.Fatal(err)
	}
	if ahead, _ := f.s.SessionAhead(ctx, f.members[0].ID, s.ID, f.c.now()); ahead {
		t.Error("a cancelled session is still ahead")
	}
	list, err := f.s.Notifications(ctx, f.members[0].ID, 10)
	if err != nil || len(list) != 1 || list[0].Kind != KindSessionReminder || list[0].RefID != s.ID {
		t.Fatalf("notifications %+v, %v", list, err)
	}
}

func TestCalendarFeeds(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	m := createUser(t, s, "m@example.com", onward.RoleMember)
	if f, err := s.CalendarFeed(ctx, m.ID); err != nil || f != nil {
		t.Fatalf("no feed yet: %+v, %v", f, err)
	}
	set := func(hash string, details bool) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.SetCalendarFeed(ctx, m.ID, hash, details) }); err != nil {
			t.Fatal(err)
		}
	}
	set("hash-1", false)
	set("hash-2", true)
	_, err := s.CalendarFeedByToken(ctx, "hash-1")
	wantCode(t, err, onward.ENOTFOUND)
	f, err := s.CalendarFeedByToken(ctx, "hash-2")
	if err != nil || f.MemberID != m.ID || !f.Details {
		t.Fatalf("feed %+v, %v", f, err)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteCalendarFeed(ctx, m.ID) }); err != nil {
		t.Fatal(err)
	}
	_, err = s.CalendarFeedByToken(ctx, "hash-2")
	wantCode(t, err, onward.ENOTFOUND)
}

func TestReportFacts(t *testing.T) {
	f := newCareFixture(t, 2)
	ctx := context.Background()
	m := f.members[0]
	err := f.s.Write(ctx, func(tx *Tx) error {
		d := f.decided(ctx, tx, onward.ActionWrite, m)[m.ID]
		seg := &continuum.Segment{EnrolmentID: f.enrolments[0], MemberID: m.ID, Level: "outpatient", Start: day("2026-11-01")}
		if err := tx.AddSegment(ctx, d, f.program, seg, nil, f.clinician.ID); err != nil {
			return err
		}
		if err := tx.SaveEpisodePlan(ctx, d, f.enrolments[0], "aftercare", "35_44"); err != nil {
			return err
		}
		return tx.SetEnrolmentStatus(ctx, f.program, f.enrolments[1], onward.EnrolmentActive, onward.EnrolmentDischarged, "moved")
	})
	if err != nil {
		t.Fatal(err)
	}
	now := f.c.now()
	facts, err := f.s.ReportFacts(ctx, f.program, ReportWindow{From: now.AddDate(-1, 0, 0), To: now.Add(time.Hour), Until: now.Add(time.Hour),
		FromDay: "2025-01-01", ToDay: "2027-01-01"})
	if err != nil || len(facts) != 2 {
		t.Fatalf("facts %+v, %v", facts, err)
	}
	for _, fm := range facts {
		if len(fm.CareTeam) != 1 || fm.Consent == nil || !fm.Consent.Covers(onward.CategoryTreatment) {
			t.Errorf("facts of %s: %+v", fm.MemberID, fm)
		}
		switch fm.MemberID {
		case m.ID:
			if fm.AgeGroup != "35_44" || len(fm.Segments) != 1 || fm.EndedAt != nil {
				t.Errorf("active member %+v", fm)
			}
		default:
			if fm.EndReason != "moved" || fm.EndedAt == nil {
				t.Errorf("discharged member %+v", fm)
			}
		}
	}
}
