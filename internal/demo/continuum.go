package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The continuum of care (internal/continuum): the demo program has a
// cohort of fictional members admitted over the last year, each
// starting in intensive outpatient care and stepping down to outpatient,
// half of the earlier ones leaving early and half completing; an intensive outpatient group
// three evenings a week and an outpatient group on Tuesdays, with
// attendance; daily check-ins for some. Jordan is in the intensive
// outpatient group now, with sessions ahead. The program's reports (which
// need at least 11 members in a cell) and the attendance flag have
// something to show. The history is written as it would have happened:
// each write at its own time, under the member's consent, audited.

// cohortSize is how many fictional members the demo program has.
const cohortSize = 30

// cohortDays is how long ago the first of the cohort was admitted.
const cohortDays = 350

type cohortMember struct {
	user        *onward.User
	enrolmentID string
	admitted    recovery.Date
	stepDown    recovery.Date  // from intensive outpatient to outpatient
	leaves      *recovery.Date // discharged on this day
	reason      string
	skips       bool // misses most sessions
}

// loadContinuum writes the cohort, Jordan's levels of care and the sessions.
func loadContinuum(ctx context.Context, tx *sqlstore.Tx, programID string, byEmail map[string]*onward.User, hash, jordanEnrolment string) error {
	lee := byEmail["dr.lee@demo.onward"]
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		return err
	}
	now := tx.Now
	defer func() { tx.Now = now }()
	today := recovery.DateOf(now, loc)
	at := func(d recovery.Date, hour int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, loc)
	}

	var cohort []*cohortMember
	for i := range cohortSize {
		u := &onward.User{Email: fmt.Sprintf("cohort%02d@demo.onward", i+1), DisplayName: fmt.Sprintf("Cohort member %02d (demo)", i+1),
			Role: onward.RoleMember, Locale: "en", TimeZone: loc.String()}
		admitted := today.AddDays(-cohortDays + i*11)
		m := &cohortMember{user: u, admitted: admitted, stepDown: admitted.AddDays(56), skips: i%9 == 8 || i == cohortSize-1}
		// The first 22 have left: half completed treatment, half left early.
		switch {
		case i < 22 && i%2 == 1:
			leaves := admitted.AddDays(100)
			m.leaves, m.reason = &leaves, "completed"
		case i < 22:
			leaves := admitted.AddDays(40)
			m.leaves, m.reason = &leaves, "left_against_advice"
		}
		tx.Now = at(admitted, 9)
		if err := tx.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		ages := continuum.AgeGroups[1:6]
		if m.enrolmentID, err = enrolInDemo(ctx, tx, programID, u, lee, ages[i%len(ages)]); err != nil {
			return err
		}
		cohort = append(cohort, m)
	}
	// Jordan, enrolled for methadone (medication.go), is in intensive
	// outpatient care too.
	jordan := byEmail["jordan@demo.onward"]
	d, err := staffWrite(ctx, tx, lee, jordan.ID)
	if err != nil {
		return err
	}
	if err := tx.SaveEpisodePlan(ctx, d[jordan.ID], jordanEnrolment, "", "26_34"); err != nil {
		return err
	}
	cohort = append(cohort, &cohortMember{user: jordan, enrolmentID: jordanEnrolment, admitted: today.AddDays(-45), stepDown: today.AddDays(11)})

	// Levels of care: intensive outpatient, then outpatient.
	for _, m := range cohort {
		tx.Now = at(m.admitted, 10)
		if err := addDemoSegment(ctx, tx, programID, lee, m, "intensive_outpatient", m.admitted, nil); err != nil {
			return err
		}
		if m.stepDown.Before(today) && (m.leaves == nil || m.stepDown.Before(*m.leaves)) {
			tx.Now = at(m.stepDown, 10)
			if err := addDemoSegment(ctx, tx, programID, lee, m, "outpatient", m.stepDown, nil); err != nil {
				return err
			}
		}
	}
	if err := planDemoNext(ctx, tx, lee, cohort[len(cohort)-1]); err != nil {
		return err
	}

	// The groups, from the first admission to two weeks ahead.
	grants := grantCache{}
	first := cohort[0].admitted
	for d := first; d.Before(today.AddDays(14)); d = d.AddDays(1) {
		weekday := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
		var level, kind string
		minutes := 180
		switch weekday {
		case time.Monday, time.Wednesday, time.Friday:
			level, kind = "intensive_outpatient", []string{"relapse_prevention", "cbt", "cra"}[int(weekday)/2]
		case time.Tuesday:
			level, kind, minutes = "outpatient", "peer_support", 60
		default:
			continue
		}
		var members []*cohortMember
		for _, m := range cohort {
			if demoLevelOn(m, d) == level {
				members = append(members, m)
			}
		}
		if len(members) == 0 {
			continue
		}
		if err := demoSession(ctx, tx, programID, lee, grants, members, at(d, 18), minutes, kind, today); err != nil {
			return err
		}
	}
	for _, m := range cohort {
		if m.leaves != nil {
			tx.Now = at(*m.leaves, 16)
			if err := tx.SetEnrolmentStatus(ctx, programID, m.enrolmentID, onward.EnrolmentActive, onward.EnrolmentDischarged, m.reason); err != nil {
				return err
			}
		}
	}
	tx.Now = now
	return demoCheckIns(ctx, tx, cohort[:cohortSize], today)
}

// enrolInDemo gives the member a consent to the program covering what the
// program's reports and caseload draw on, enrols them with Dr Lee as
// their care team and records their age group.
func enrolInDemo(ctx context.Context, tx *sqlstore.Tx, programID string, member, lee *onward.User, ageGroup string) (string, error) {
	consent := &onward.ProgramConsent{MemberID: member.ID, ProgramID: programID, Purpose: onward.PurposeTreatment,
		Categories:  []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryTreatment},
		PatientName: member.DisplayName, Signature: member.DisplayName, UntilEndOfTreatment: true}
	if err := tx.CreateProgramConsent(ctx, consent); err != nil {
		return "", err
	}
	id, err := tx.RequestEnrolment(ctx, programID, member.ID, consent.ID)
	if err != nil {
		return "", err
	}
	if err := tx.SetEnrolmentStatus(ctx, programID, id, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
		return "", err
	}
	if err := tx.SetCareTeam(ctx, programID, id, []string{lee.ID}); err != nil {
		return "", err
	}
	d, err := staffWrite(ctx, tx, lee, member.ID)
	if err != nil {
		return "", err
	}
	return id, tx.SaveEpisodePlan(ctx, d[member.ID], id, "", ageGroup)
}

// staffWrite records the decision that staff may write the members'
// treatment, under their consents, and returns its disclosures.
func staffWrite(ctx context.Context, tx *sqlstore.Tx, staff *onward.User, memberIDs ...string) (map[string]sqlstore.Disclosure, error) {
	return staffWriteWith(ctx, tx, staff, grantCache{}, memberIDs...)
}

// grantCache keeps each member's grants to the staff member while the
// groups are written, in which they do not change: reading them again for
// every session made most of the demo's loading time.
type grantCache map[string][]onward.Grant

// staffWriteWith is staffWrite reading grants through cache.
func staffWriteWith(ctx context.Context, tx *sqlstore.Tx, staff *onward.User, cache grantCache, memberIDs ...string) (map[string]sqlstore.Disclosure, error) {
	out := map[string]sqlstore.Disclosure{}
	for _, id := range memberIDs {
		grants, ok := cache[id]
		if !ok {
			var err error
			if grants, err = tx.GrantsBetween(ctx, id, staff.ID); err != nil {
				return nil, err
			}
			cache[id] = grants
		}
		var err error
		d := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: staff.ID, Role: staff.Role}, SubjectID: id,
			Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryTreatment}}, grants, tx.Now)
		if out[id], err = tx.Record(ctx, d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func addDemoSegment(ctx context.Context, tx *sqlstore.Tx, programID string, lee *onward.User, m *cohortMember, level string,
	start recovery.Date, end *recovery.Date) error {
	d, err := staffWrite(ctx, tx, lee, m.user.ID)
	if err != nil {
		return err
	}
	ep, err := tx.Episode(ctx, d[m.user.ID], m.enrolmentID)
	if err != nil {
		return err
	}
	added, ended, err := ep.Check(continuum.Change{Level: level, Start: start, End: end, PreviousReason: "completed"}, start)
	if err != nil {
		return err
	}
	added.EnrolmentID, added.MemberID = m.enrolmentID, m.user.ID
	return tx.AddSegment(ctx, d[m.user.ID], programID, &added, ended, lee.ID)
}

func planDemoNext(ctx context.Context, tx *sqlstore.Tx, lee *onward.User, m *cohortMember) error {
	d, err := staffWrite(ctx, tx, lee, m.user.ID)
	if err != nil {
		return err
	}
	return tx.SaveEpisodePlan(ctx, d[m.user.ID], m.enrolmentID, "outpatient", "26_34")
}

// demoLevelOn is the level the member was at on day, "" when not in care.
func demoLevelOn(m *cohortMember, day recovery.Date) string {
	switch {
	case day.Before(m.admitted), m.leaves != nil && !day.Before(*m.leaves):
		return ""
	case day.Before(m.stepDown):
		return "intensive_outpatient"
	}
	return "outpatient"
}

// demoSession schedules a group session a week ahead of it and, once
// held, records attendance: most attend, some come late or are excused,
// and every ninth member misses most sessions.
func demoSession(ctx context.Context, tx *sqlstore.Tx, programID string, lee *onward.User, grants grantCache, members []*cohortMember,
	starts time.Time, minutes int, kind string, today recovery.Date) error {
	s := &continuum.Session{ProgramID: programID, Format: continuum.FormatGroup, Kind: kind, StartsAt: starts, Minutes: minutes,
		Location: "Group room B", LeaderID: lee.ID}
	var ids []string
	for _, m := range members {
		s.Members = append(s.Members, continuum.Participant{EnrolmentID: m.enrolmentID, MemberID: m.user.ID})
		ids = append(ids, m.user.ID)
	}
	// Scheduled a week ahead, or when the last of its members joined.
	tx.Now = starts.AddDate(0, 0, -7)
	for _, m := range members {
		if joined := time.Date(m.admitted.Year, m.admitted.Month, m.admitted.Day, 11, 0, 0, 0, starts.Location()); tx.Now.Before(joined) {
			tx.Now = joined
		}
	}
	ds, err := staffWriteWith(ctx, tx, lee, grants, ids...)
	if err != nil {
		return err
	}
	if _, err := tx.ScheduleSession(ctx, ds, s, lee.ID); err != nil {
		return err
	}
	if !recovery.DateOf(starts, starts.Location()).Before(today) {
		return nil
	}
	tx.Now = starts.Add(time.Duration(minutes+30) * time.Minute)
	if ds, err = staffWriteWith(ctx, tx, lee, grants, ids...); err != nil {
		return err
	}
	var marks []continuum.Participant
	for i, p := range s.Members {
		n := starts.YearDay() + i
		attendance := continuum.Attended
		switch {
		case members[i].skips && n%4 != 0:
			attendance = continuum.Missed
		case n%11 == 0:
			attendance = continuum.Late
		case n%13 == 0:
			attendance = continuum.Excused
		case n%17 == 0:
			attendance = continuum.Missed
		}
		marks = append(marks, continuum.Participant{EnrolmentID: p.EnrolmentID, MemberID: p.MemberID, Attendance: attendance})
	}
	return tx.MarkAttendance(ctx, ds, s.ID, marks, lee.ID)
}

// demoCheckIns gives the cohort the last 90 days of check-ins, daily for
// some, a few a week for others, none for some.
func demoCheckIns(ctx context.Context, tx *sqlstore.Tx, cohort []*cohortMember, today recovery.Date) error {
	for i, m := range cohort {
		every := []int{1, 1, 2, 3, 7, 0}[i%6]
		if every == 0 {
			continue
		}
		decision := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: m.user.ID, Role: m.user.Role}, SubjectID: m.user.ID,
			Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryCheckins}}, nil, tx.Now)
		d, err := tx.Record(ctx, decision)
		if err != nil {
			return err
		}
		for ago := 90; ago >= 1; ago-- {
			day := today.AddDays(-ago)
			if ago%every != 0 || day.Before(m.admitted) || m.leaves != nil && !day.Before(*m.leaves) {
				continue
			}
			c := &onward.CheckIn{UserID: m.user.ID, Day: day, Mood: 3 + ago%2, Craving: 1 + ago%4, SleepQuality: 3,
				Irritable: 2, Food: true}
			if _, err := tx.SaveCheckIn(ctx, d, c, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
