package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A treatment program with programMembers members and a year of data:
// admissions spread over the year, each member in intensive outpatient
// care for eight weeks (groups three evenings a week) and then outpatient
// (one group a week), a third discharged, attendance recorded, check-ins
// four days a week. Two scenarios read it as its admins do: the caseload
// page, and the full report page (every section, chart and table) for the
// last twelve months. The report is read against the caseload page in the
// same run.

const (
	programMembers   = 1000
	programAdmins    = 4 // staff accounts the scenarios share, each signed in once
	scenarioCaseload = "caseload page, 1,000 members"
	scenarioReport   = "program report, 1,000 members, a year"
)

type programBench struct {
	once      sync.Once
	err       error
	base      string
	programID string
	staff     []*http.Client
}

var program programBench

// prepare loads the program once, however many scenarios ask.
func (p *programBench) prepare(ctx context.Context, store *sqlstore.Store, base string) error {
	p.once.Do(func() {
		p.base = base
		start := time.Now()
		p.err = p.load(ctx, store)
		if p.err == nil {
			fmt.Printf("%-34s loaded in %s\n", "(program with 1,000 members)", time.Since(start).Round(time.Second))
		}
	})
	return p.err
}

func (p *programBench) caseload(ctx context.Context, store *sqlstore.Store, base string) (worker, error) {
	if err := p.prepare(ctx, store, base); err != nil {
		return nil, err
	}
	u := p.base + "/program/caseload?program=" + url.QueryEscape(p.programID)
	return func(_ *http.Client, w int) error { return get(p.staff[w%len(p.staff)], u) }, nil
}

func (p *programBench) report(ctx context.Context, store *sqlstore.Store, base string) (worker, error) {
	if err := p.prepare(ctx, store, base); err != nil {
		return nil, err
	}
	u := p.base + "/program/reports?program=" + url.QueryEscape(p.programID)
	return func(_ *http.Client, w int) error { return get(p.staff[w%len(p.staff)], u) }, nil
}

// printProgramRatio prints the report's rate against the caseload page's.
func printProgramRatio(rates map[string]float64) {
	if rates[scenarioCaseload] > 0 && rates[scenarioReport] > 0 {
		fmt.Printf("%-34s %56.3fx (reports a second over caseload pages a second)\n", "program report vs caseload page",
			rates[scenarioReport]/rates[scenarioCaseload])
	}
}

func (p *programBench) load(ctx context.Context, store *sqlstore.Store) error {
	prog := directory.Program{Source: "bench", SourceID: "program", Name: "Bench Recovery Center", City: "Springfield", State: "IL",
		Zip: "62701", Country: "US", Phone: "217-555-0100", Lat: 39.8, Lng: -89.6, Levels: []directory.Level{directory.LevelOutpatient},
		Languages: []string{"en"}}
	if _, err := store.ImportPrograms(ctx, []directory.Program{prog}); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	loc, _ := time.LoadLocation("America/Chicago")
	now := time.Now()
	today := recovery.DateOf(now, loc)
	at := func(d recovery.Date, hour int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, loc)
	}
	var secrets []string
	var staffIDs []string
	type member struct {
		user               *onward.User
		enrolment          string
		admitted, stepDown recovery.Date
		leaves             *recovery.Date
		reason             string
		write, own         sqlstore.Disclosure // the clinician's decision on treatment, the member's own on check-ins
	}
	members := make([]*member, programMembers)
	var clinician *onward.User
	err = store.Write(ctx, func(tx *sqlstore.Tx) error {
		if p.programID, err = tx.ProgramID(ctx, "bench", "program"); err != nil {
			return err
		}
		for i := range programAdmins + 1 {
			role := onward.RoleProgramAdmin
			if i == programAdmins {
				role = onward.RoleClinician
			}
			u := &onward.User{Email: fmt.Sprintf("staff%d@bench.onward", i), DisplayName: fmt.Sprintf("Staff %d", i), Role: role, Locale: "en",
				TimeZone: loc.String()}
			secret, err := addStaff(ctx, tx, p.programID, u, hash)
			if err != nil {
				return err
			}
			if role == onward.RoleClinician {
				clinician = u
			} else {
				secrets = append(secrets, secret)
				staffIDs = append(staffIDs, u.Email)
			}
		}
		reasons := []string{"completed", "left_against_advice", "transferred", "discharged_by_program"}
		for i := range members {
			m := &member{admitted: today.AddDays(-365 + i*365/programMembers)}
			m.stepDown = m.admitted.AddDays(56)
			if i%3 == 0 {
				leaves := m.admitted.AddDays(30 + i%150)
				if leaves.Before(today) {
					m.leaves, m.reason = &leaves, reasons[i%len(reasons)]
				}
			}
			m.user = &onward.User{Email: fmt.Sprintf("enrolled%04d@bench.onward", i), DisplayName: fmt.Sprintf("Enrolled %04d", i),
				Role: onward.RoleMember, Locale: "en", TimeZone: loc.String()}
			tx.Now = at(m.admitted, 9)
			if err := tx.CreateUser(ctx, m.user, hash); err != nil {
				return err
			}
			m.enrolment, m.write, err = enrolInCare(ctx, tx, p.programID, m.user, clinician,
				[]onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryTreatment})
			if err != nil {
				return err
			}
			own := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: m.user.ID, Role: m.user.Role}, SubjectID: m.user.ID,
				Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryCheckins}}, nil, tx.Now)
			if m.own, err = tx.Record(ctx, own); err != nil {
				return err
			}
			if err := tx.SaveEpisodePlan(ctx, m.write, m.enrolment, "", continuum.AgeGroups[1+i%6]); err != nil {
				return err
			}
			first := continuum.Segment{EnrolmentID: m.enrolment, MemberID: m.user.ID, Level: "intensive_outpatient", Start: m.admitted}
			if err := tx.AddSegment(ctx, m.write, p.programID, &first, nil, clinician.ID); err != nil {
				return err
			}
			if m.stepDown.Before(today) && (m.leaves == nil || m.stepDown.Before(*m.leaves)) {
				end := m.stepDown
				closed := first
				closed.End, closed.EndReason = &end, "completed"
				next := continuum.Segment{EnrolmentID: m.enrolment, MemberID: m.user.ID, Level: "outpatient", Start: m.stepDown}
				if err := tx.AddSegment(ctx, m.write, p.programID, &next, &closed, clinician.ID); err != nil {
					return err
				}
			}
			members[i] = m
		}
		tx.Now = now
		return nil
	})
	if err != nil {
		return fmt.Errorf("enrol: %w", err)
	}
	if _, _, err := onwardApp.SealTwoStepKeys(ctx); err != nil {
		return err
	}
	levelOn := func(m *member, d recovery.Date) string {
		switch {
		case d.Before(m.admitted), m.leaves != nil && !d.Before(*m.leaves):
			return ""
		case d.Before(m.stepDown):
			return "intensive_outpatient"
		}
		return "outpatient"
	}
	// A week of sessions and check-ins per transaction.
	for week := today.AddDays(-365); week.Before(today); week = week.AddDays(7) {
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			for d := week; d.Before(week.AddDays(7)) && d.Before(today); d = d.AddDays(1) {
				wd := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
				level, minutes := "", 0
				switch wd {
				case time.Monday, time.Wednesday, time.Friday:
					level, minutes = "intensive_outpatient", 180
				case time.Tuesday:
					level, minutes = "outpatient", 60
				}
				var in []*member
				for i, m := range members {
					lvl := levelOn(m, d)
					if lvl != "" && (i+d.Day)%7 < 4 {
						c := &onward.CheckIn{UserID: m.user.ID, Day: d, Mood: 3, Craving: 2, SleepQuality: 3, Food: true}
						if _, err := tx.SaveCheckIn(ctx, m.own, c, nil); err != nil {
							return err
						}
					}
					if level != "" && lvl == level {
						in = append(in, m)
					}
				}
				for g := 0; g < len(in); g += continuum.MaxGroup {
					var group []continuum.Participant
					ds := map[string]sqlstore.Disclosure{}
					for _, m := range in[g:min(g+continuum.MaxGroup, len(in))] {
						group = append(group, continuum.Participant{EnrolmentID: m.enrolment, MemberID: m.user.ID})
						ds[m.user.ID] = m.write
					}
					attendance := []string{continuum.Attended, continuum.Attended, continuum.Attended, continuum.Late,
						continuum.Attended, continuum.Missed, continuum.Attended, continuum.Excused}
					err := groupSession(ctx, tx, ds, &continuum.Session{ProgramID: p.programID, Format: continuum.FormatGroup,
						Kind: "relapse_prevention", StartsAt: at(d, 18), Minutes: minutes, LeaderID: clinician.ID, Members: group},
						attendance, d.Day)
					if err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("sessions and check-ins: %w", err)
		}
	}
	err = store.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, m := range members {
			if m.leaves != nil {
				tx.Now = at(*m.leaves, 16)
				if err := tx.SetEnrolmentStatus(ctx, p.programID, m.enrolment, onward.EnrolmentActive, onward.EnrolmentDischarged, m.reason); err != nil {
					return err
				}
			}
		}
		tx.Now = now
		return nil
	})
	if err != nil {
		return fmt.Errorf("discharge: %w", err)
	}
	for i, email := range staffIDs {
		c := newClient(i)
		if err := staffSignIn(c, p.base, email, secrets[i]); err != nil {
			return err
		}
		p.staff = append(p.staff, c)
	}
	return nil
}

// addStaff creates u, with two-step sign-in, on programID's staff and
// returns the secret of its authenticator. The secret is stored as is:
// SealTwoStepKeys seals it, as the server does at start.
func addStaff(ctx context.Context, tx *sqlstore.Tx, programID string, u *onward.User, passwordHash string) (string, error) {
	if err := tx.CreateUser(ctx, u, passwordHash); err != nil {
		return "", err
	}
	key, err := auth.NewTOTPKey("Onward bench", u.Email)
	if err != nil {
		return "", err
	}
	if err := tx.SetTOTP(ctx, u.ID, key.Secret(), nil); err != nil {
		return "", err
	}
	return key.Secret(), tx.AddProgramStaff(ctx, programID, u.ID)
}

// enrolInCare enrols member at programID under a new consent to
// categories, active, with clinician as the care team, and returns the
// enrolment and the clinician's recorded decision to write the member's
// treatment.
func enrolInCare(ctx context.Context, tx *sqlstore.Tx, programID string, member, clinician *onward.User, categories []onward.Category) (
	string, sqlstore.Disclosure, error) {
	consent := &onward.ProgramConsent{MemberID: member.ID, ProgramID: programID, Purpose: onward.PurposeTreatment,
		Categories: categories, PatientName: member.DisplayName, Signature: member.DisplayName, UntilEndOfTreatment: true}
	if err := tx.CreateProgramConsent(ctx, consent); err != nil {
		return "", sqlstore.Disclosure{}, err
	}
	enrolment, err := tx.RequestEnrolment(ctx, programID, member.ID, consent.ID)
	if err != nil {
		return "", sqlstore.Disclosure{}, err
	}
	if err := tx.SetEnrolmentStatus(ctx, programID, enrolment, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
		return "", sqlstore.Disclosure{}, err
	}
	if err := tx.SetCareTeam(ctx, programID, enrolment, []string{clinician.ID}); err != nil {
		return "", sqlstore.Disclosure{}, err
	}
	grants, err := tx.GrantsBetween(ctx, member.ID, clinician.ID)
	if err != nil {
		return "", sqlstore.Disclosure{}, err
	}
	d := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: clinician.ID, Role: clinician.Role}, SubjectID: member.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryTreatment}}, grants, tx.Now)
	write, err := tx.Record(ctx, d)
	return enrolment, write, err
}

// groupSession schedules s and records its members' attendance, the k-th
// member's from attendance[(k+turn) % len(attendance)].
func groupSession(ctx context.Context, tx *sqlstore.Tx, ds map[string]sqlstore.Disclosure, s *continuum.Session, attendance []string,
	turn int) error {
	if _, err := tx.ScheduleSession(ctx, ds, s, s.LeaderID); err != nil {
		return err
	}
	marks := slices.Clone(s.Members)
	for k := range marks {
		marks[k].Attendance = attendance[(k+turn)%len(attendance)]
	}
	return tx.MarkAttendance(ctx, ds, s.ID, marks, s.LeaderID)
}

// staffSignIn signs a staff account in with its password and the current
// code of its authenticator.
func staffSignIn(c *http.Client, base, email, secret string) error {
	if err := signIn(c, base, email); err != nil {
		return err
	}
	csrf := csrfCookie(c, base)
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		return err
	}
	res, err := c.Post(base+"/signin/code", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"code": {code}, "csrf": {csrf}}.Encode()))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign-in code for %s: status %d", email, res.StatusCode)
	}
	return nil
}
