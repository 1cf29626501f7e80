package app

import (
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Sessions (docs/continuum.md): program staff schedule individual, group
// and family sessions for enrolled members and record who attended, a
// whole group at once. Putting a member in a session and recording their
// attendance are care records, each under that member's consent covering
// treatment; the session's time, kind and leader are the program's own
// schedule.

// SessionCandidate is an enrolled member staff may put in a session: the
// member's consent to the program lets its staff record treatment now.
type SessionCandidate struct {
	EnrolmentID string
	MemberID    string
	Name        string
}

// SessionCandidates lists the members staff may schedule, by name.
func (a *App) SessionCandidates(ctx context.Context, staff *onward.User, programID string) ([]SessionCandidate, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	members, err := a.store.Caseload(ctx, programID, sqlstore.CaseloadScope{})
	if err != nil {
		return nil, err
	}
	viewer, now := principalOf(staff), a.now()
	var out []SessionCandidate
	for _, m := range members {
		if m.ConsentID == "" {
			continue
		}
		grant := onward.Grant{ID: m.ConsentID, SubjectID: m.MemberID, GranteeID: staff.ID, Categories: m.Categories, ProgramID: programID}
		d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: m.MemberID, Action: onward.ActionWrite, Categories: treatment},
			[]onward.Grant{grant}, now)
		if d.All() {
			out = append(out, SessionCandidate{EnrolmentID: m.EnrolmentID, MemberID: m.MemberID, Name: m.Name})
		}
	}
	return out, nil
}

// ScheduleRequest is a session to schedule: its details, the enrolments
// of its members, and how many weeks it repeats (1 for once), counted in
// the time zone the time was entered in.
type ScheduleRequest struct {
	Session      continuum.Session
	EnrolmentIDs []string
	Weeks        int
	Location     *time.Location
}

// ScheduleSessions schedules a session (and its weekly repeats) with its
// members. A request whose client id was seen before schedules nothing
// and returns the sessions first scheduled, with created false.
func (a *App) ScheduleSessions(ctx context.Context, staff *onward.User, programID string, req ScheduleRequest) ([]continuum.Session, bool, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, false, err
	}
	s := req.Session
	s.ProgramID, s.Members = programID, nil
	candidates, err := a.SessionCandidates(ctx, staff, programID)
	if err != nil {
		return nil, false, err
	}
	errs := onward.FieldErrors{}
	for _, id := range slices.Compact(slices.Sorted(slices.Values(req.EnrolmentIDs))) {
		i := slices.IndexFunc(candidates, func(c SessionCandidate) bool { return c.EnrolmentID == id })
		if i < 0 {
			errs.Add("members", "continuum.not_enrolled")
			continue
		}
		s.Members = append(s.Members, continuum.Participant{EnrolmentID: id, MemberID: candidates[i].MemberID})
	}
	if req.Weeks < 1 || req.Weeks > continuum.MaxRepeat {
		errs.Add("weeks", "continuum.weeks_between", "Max", continuum.MaxRepeat)
	}
	if err := s.Validate(a.now()); err != nil {
		for k, v := range err.(*onward.Error).Fields {
			errs.Add(k, v.ID, v.Args...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, false, err
	}
	loc := req.Location
	if loc == nil {
		loc = time.UTC
	}
	series := s.Weekly(req.Weeks, loc)
	memberIDs := make([]string, len(s.Members))
	for i, m := range s.Members {
		memberIDs[i] = m.MemberID
	}
	created := false
	err = a.changeEach(ctx, principalOf(staff), memberIDs, treatment, func(tx *sqlstore.Tx, ds map[string]sqlstore.Disclosure) error {
		created = false
		for i := range series {
			made, err := tx.ScheduleSession(ctx, ds, &series[i], staff.ID)
			if err != nil {
				return err
			}
			created = created || made
		}
		return nil
	})
	return series, created, err
}

// ProgramSchedule lists a program's sessions starting in [from, to), for
// its staff: times, kinds, leaders and how many members each has, no
// names; with leaderID, only the sessions that staff member runs.
func (a *App) ProgramSchedule(ctx context.Context, staff *onward.User, programID string, from, to time.Time, leaderID string) ([]continuum.Session, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	return a.store.ProgramSessions(ctx, programID, sqlstore.SessionFilter{From: from, To: to, LeaderID: leaderID})
}

// SessionView is one session as program staff see it: its roster of the
// members whose consent covers treatment now, with their attendance, and
// how many others it has (shown without name).
type SessionView struct {
	Session *continuum.Session
	Roster  []continuum.Participant
	Hidden  int
	Held    bool // attendance can be recorded
}

// ProgramSession reads a session and its roster for program staff; seeing each
// member in it is a recorded read of that member's treatment.
func (a *App) ProgramSession(ctx context.Context, staff *onward.User, programID, sessionID string) (*SessionView, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	s, err := a.store.Session(ctx, programID, sessionID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(s.Members))
	for i, m := range s.Members {
		ids[i] = m.MemberID
	}
	ds, err := a.readEach(ctx, principalOf(staff), ids, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	roster, err := a.store.SessionRoster(ctx, s.ID, ds)
	if err != nil {
		return nil, err
	}
	return &SessionView{Session: s, Roster: roster, Hidden: len(s.Members) - len(roster), Held: s.Held(a.now())}, nil
}

// RecordAttendance records attendance at a held session for some or all
// of its members at once, each under the member's consent covering
// treatment. Marks that change nothing write nothing, so a double submit
// records once.
func (a *App) RecordAttendance(ctx context.Context, staff *onward.User, programID, sessionID string, marks []continuum.Mark) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	s, err := a.store.Session(ctx, programID, sessionID)
	if err != nil {
		return err
	}
	now := a.now()
	// Checked before any decision, so bad input is refused without a
	// write; checked again against what is recorded now.
	if _, err := s.CheckMarks(marks, now); err != nil {
		return err
	}
	var ids []string
	for _, p := range s.Marked(marks) {
		ids = append(ids, p.MemberID)
	}
	return a.changeEach(ctx, principalOf(staff), ids, treatment, func(tx *sqlstore.Tx, ds map[string]sqlstore.Disclosure) error {
		current, err := tx.SessionAttendance(ctx, ds, s.ID)
		if err != nil {
			return err
		}
		for i := range s.Members {
			s.Members[i].Attendance = current[s.Members[i].EnrolmentID]
		}
		changed, err := s.CheckMarks(marks, now)
		if err != nil || len(changed) == 0 {
			return err
		}
		return tx.MarkAttendance(ctx, ds, s.ID, s.Marked(changed), staff.ID)
	})
}

// CancelSession cancels a session that has not started. It is the
// program's change to its own schedule, so it needs no member's consent:
// members' calendars show it cancelled and no reminder goes out.
func (a *App) CancelSession(ctx context.Context, staff *onward.User, programID, sessionID string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if _, err := a.store.Session(ctx, programID, sessionID); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.CancelSession(ctx, programID, sessionID); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "session_cancelled")
	})
}
