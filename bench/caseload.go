package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The caseload at the load the program issue sets: a program of 10,000
// members, each with a year of daily check-ins, 20 clinicians with 500
// members each. Sixteen clinicians open their own caseload page ("mine")
// at once, beside the no-op handler at 16 clients in the same run (target
// 0.3x or better); then the store's read of one clinician's caseload on
// its own, one at a time (target p95 under 20 ms), and the plan of each
// of its queries.

const (
	caseloadMembers      = 10000
	caseloadPerClinician = 500
	caseloadClinicians   = caseloadMembers / caseloadPerClinician
	caseloadDays         = 365
	caseloadClients      = 16
	caseloadStoreReads   = 100
	scenarioCaseload16   = "caseload page, clinician with 500 of 10,000 members, 16 clients"
)

// caseloadProgram is the loaded program: its id, the clinicians' ids and
// a signed-in browser for each of the first caseloadClients.
type caseloadProgram struct {
	programID  string
	clinicians []string
	clients    []*http.Client
}

func caseloadBench(ctx context.Context, store *sqlstore.Store, base string, d time.Duration, runs int, profileDir string) error {
	start := time.Now()
	p, err := loadCaseloadProgram(ctx, store, base)
	if err != nil {
		return err
	}
	fmt.Printf("%-34s loaded in %s\n", "(program with 10,000 members)", time.Since(start).Round(time.Second))
	u := base + "/program/caseload?mine=1&program=" + url.QueryEscape(p.programID)
	page := func(c *http.Client, _ int) error { return get(c, u) }
	noopClients := make([]*http.Client, caseloadClients)
	for i := range noopClients {
		noopClients[i] = newClient(100 + i)
	}
	// Rounds of the no-op then the page, as measure does: a busy spell of
	// the shared machine falls on both alike.
	var noops, pages []result
	for round := range runs {
		noop, err := load(caseloadClients, d, noopClients, func(c *http.Client, _ int) error { return get(c, base+"/bench/noop") })
		if err != nil {
			return fmt.Errorf("no-op: %w", err)
		}
		stopProfile := func() {}
		if profileDir != "" && round == 0 {
			if stopProfile, err = startProfile(filepath.Join(profileDir, slug(scenarioCaseload16)+".pprof")); err != nil {
				return err
			}
		}
		r, err := load(caseloadClients, d, p.clients, page)
		stopProfile()
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "round %d: no-op %.0f req/s, caseload page %.0f req/s (%.3gx)\n", round+1, noop.rate, r.rate, r.rate/noop.rate)
		noops, pages = append(noops, noop), append(pages, r)
	}
	noop, r := medianResult(noops), medianResult(pages)
	fmt.Printf("| scenario | req/s | p50 | p99 | vs no-op |\n|---|---|---|---|---|\n")
	fmt.Printf("| no-op handler, 16 clients | %.0f | %s | %s | (ceiling) |\n", noop.rate, ms(noop.p50), ms(noop.p99))
	fmt.Printf("| %s | %.0f | %s | %s | %s |\n", scenarioCaseload16, r.rate, ms(r.p50), ms(r.p99), ratio(r.rate/noop.rate))

	scope := sqlstore.CaseloadScope{StaffID: p.clinicians[0]}
	reads := make([]time.Duration, 0, caseloadStoreReads)
	for range caseloadStoreReads {
		t0 := time.Now()
		members, err := store.Caseload(ctx, p.programID, scope)
		if err != nil {
			return err
		}
		reads = append(reads, time.Since(t0))
		if len(members) != caseloadPerClinician {
			return fmt.Errorf("the clinician's caseload has %d members, want %d", len(members), caseloadPerClinician)
		}
	}
	slices.Sort(reads)
	fmt.Printf("\n%-34s %d reads: p50 %s, p95 %s (target p95 under 20 ms)\n", "caseload store read, 1 at a time", len(reads),
		ms(reads[len(reads)/2]), ms(reads[len(reads)*95/100]))
	plans, err := store.ExplainCaseload(ctx, p.programID, scope)
	if err != nil {
		return err
	}
	fmt.Printf("\nQuery plans of the store read (%s):\n\n", store.Dialect())
	for _, pl := range plans {
		// PostgreSQL prints the parameters: the list of ids is shortened.
		fmt.Printf("%s\n\n", idList.ReplaceAllString(pl, `'["…"]'`))
	}
	return nil
}

// idList is a JSON array of ids as PostgreSQL's EXPLAIN prints it.
var idList = regexp.MustCompile(`'\["[^']*"\]'`)

// caseloadMember is what the loader keeps of one member.
type caseloadMember struct {
	user      *onward.User
	enrolment string
	write     sqlstore.Disclosure // the clinician's decision on treatment
	level     string
}

// loadCaseloadProgram enrols caseloadMembers members through the store,
// 500 to a transaction, then adds a year of daily check-ins, the events
// that raise flags and some acknowledgements in a few bulk statements,
// and three weeks of group sessions with attendance. A member's
// check-ins stop some days ago for one in eight (the no check-in flag);
// one in ten has no consent to assessments and alerts (their flags must
// not show); one in ten is in intensive outpatient care.
func loadCaseloadProgram(ctx context.Context, store *sqlstore.Store, base string) (*caseloadProgram, error) {
	prog := directory.Program{Source: "bench", SourceID: "caseload", Name: "Bench Caseload Center", City: "Peoria", State: "IL",
		Zip: "61602", Country: "US", Phone: "309-555-0100", Lat: 40.7, Lng: -89.6, Levels: []directory.Level{directory.LevelOutpatient},
		Languages: []string{"en"}}
	if _, err := store.ImportPrograms(ctx, []directory.Program{prog}); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}
	p := &caseloadProgram{}
	var clinicians []*onward.User
	var secrets []string
	err = store.Write(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p.programID, err = tx.ProgramID(ctx, "bench", "caseload"); err != nil {
			return err
		}
		for i := range caseloadClinicians {
			u := &onward.User{Email: fmt.Sprintf("clinician%02d@bench.onward", i), DisplayName: fmt.Sprintf("Clinician %02d", i),
				Role: onward.RoleClinician, Locale: "en", TimeZone: "America/Chicago"}
			secret, err := addStaff(ctx, tx, p.programID, u, hash)
			if err != nil {
				return err
			}
			clinicians, secrets = append(clinicians, u), append(secrets, secret)
			p.clinicians = append(p.clinicians, u.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("clinicians: %w", err)
	}
	if _, _, err := onwardApp.SealTwoStepKeys(ctx); err != nil {
		return nil, err
	}
	members := make([]*caseloadMember, caseloadMembers)
	today := recovery.DateOf(time.Now(), time.UTC)
	for chunk := range slices.Chunk(slicesOfIndex(caseloadMembers), caseloadPerClinician) {
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			for _, i := range chunk {
				clinician := clinicians[i%caseloadClinicians]
				m := &caseloadMember{level: "outpatient"}
				if i%10 == 1 {
					m.level = "intensive_outpatient"
				}
				m.user = &onward.User{Email: fmt.Sprintf("caseload%05d@bench.onward", i), DisplayName: fmt.Sprintf("Member %05d", i),
					Role: onward.RoleMember, Locale: "en", TimeZone: zones[i%len(zones)]}
				if err := tx.CreateUser(ctx, m.user, hash); err != nil {
					return err
				}
				cats := []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryTreatment}
				if i%10 != 7 {
					cats = append(cats, onward.CategoryAssessments, onward.CategoryAlerts)
				}
				if m.enrolment, m.write, err = enrolInCare(ctx, tx, p.programID, m.user, clinician, cats); err != nil {
					return err
				}
				segment := continuum.Segment{EnrolmentID: m.enrolment, MemberID: m.user.ID, Level: m.level, Start: today.AddDays(-caseloadDays)}
				if err := tx.AddSegment(ctx, m.write, p.programID, &segment, nil, clinician.ID); err != nil {
					return err
				}
				members[i] = m
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("enrol: %w", err)
		}
	}
	if err := bulkCaseloadFacts(ctx, store, members, clinicians, today); err != nil {
		return nil, err
	}
	if err := caseloadSessions(ctx, store, p.programID, members, clinicians, today); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	for i := range caseloadClients {
		c := newClient(200 + i)
		if err := staffSignIn(c, base, clinicians[i].Email, secrets[i]); err != nil {
			return nil, err
		}
		p.clients = append(p.clients, c)
	}
	return p, nil
}

// caseloadEvents are the events the bench gives members, each to one
// member in every so many: a lapse, safety flags, a BAM, missed doses
// (under a consent that never covers medication: never shown).
var caseloadEvents = []struct {
	code  string
	every int
}{
	{caseload.FlagLapse, 10}, {caseload.FlagSuicideItem, 97}, {caseload.FlagSupportNow, 53}, {caseload.FlagBAM, 17},
	{caseload.FlagMissedDoses, 23},
}

// bulkCaseloadFacts inserts, in one transaction of a few statements, a
// year of daily check-ins for every member (up to yesterday; one in eight
// stopped 3 to 30 days ago), the members' events and acknowledgements of
// half the lapses. SQL of the bench's own: the store has no bulk insert.
func bulkCaseloadFacts(ctx context.Context, store *sqlstore.Store, members []*caseloadMember, clinicians []*onward.User, today recovery.Date) error {
	pg := store.Dialect() == "postgres"
	now := time.Now().UTC()
	stamp := func(t time.Time) any {
		if pg {
			return t
		}
		return t.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	tx, err := store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Members by the day their check-ins stopped (1: yesterday).
	byStop := map[int][]string{}
	for i, m := range members {
		stop := 1
		if i%8 == 5 {
			stop = 3 + i%28
		}
		byStop[stop] = append(byStop[stop], m.user.ID)
	}
	for stop, ids := range byStop {
		for chunk := range slices.Chunk(ids, 1000) {
			var q string
			args := []any{today.String(), stamp(now), stop, caseloadDays}
			if pg {
				q = `INSERT INTO checkins (id, user_id, day, mood, craving, sleep_hours, sleep_quality, stress, lonely, irritable,
					romanticising, used, medication_taken, meeting, therapy, support_contact, exercise, food, mindfulness, note, client_id,
					version, created_at, updated_at)
					SELECT u.id || '-' || n, u.id, to_char($1::date - n, 'YYYY-MM-DD'), 2 + n % 3, n % 4, 7.5, 3, 2, 0, 0, false,
					false, NULL, n % 3 = 0, false, n % 2 = 0, false, true, false, '', '', 1, $2, $2
					FROM users u CROSS JOIN generate_series($3::int, $4::int) n WHERE u.id IN (` + pgParams(5, len(chunk)) + `)`
			} else {
				q = `WITH RECURSIVE days(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM days WHERE n < ?)
					INSERT INTO checkins (id, user_id, day, mood, craving, sleep_hours, sleep_quality, stress, lonely, irritable,
					romanticising, used, medication_taken, meeting, therapy, support_contact, exercise, food, mindfulness, note, client_id,
					version, created_at, updated_at)
					SELECT u.id || '-' || n, u.id, date(?, '-' || n || ' days'), 2 + n % 3, n % 4, 7.5, 3, 2, 0, 0, 0,
					0, NULL, n % 3 = 0, 0, n % 2 = 0, 0, 1, 0, '', '', 1, ?, ?
					FROM users u CROSS JOIN days WHERE u.id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`
				args = []any{stop, caseloadDays, today.String(), stamp(now), stamp(now)}
			}
			for _, id := range chunk {
				args = append(args, id)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("check-ins: %w", err)
			}
		}
	}
	insert := func(q string, rows [][]any) error {
		for chunk := range slices.Chunk(rows, 500) {
			var values []string
			var args []any
			for _, r := range chunk {
				if pg {
					values = append(values, "("+pgParams(len(args)+1, len(r))+")")
				} else {
					values = append(values, "("+strings.TrimSuffix(strings.Repeat("?, ", len(r)), ", ")+")")
				}
				args = append(args, r...)
			}
			if _, err := tx.ExecContext(ctx, q+strings.Join(values, ", "), args...); err != nil {
				return err
			}
		}
		return nil
	}
	var events, acks [][]any
	for i, m := range members {
		for _, e := range caseloadEvents {
			if i%e.every != 0 && !(e.code == caseload.FlagLapse && i%e.every == 3) {
				continue
			}
			at := now.Add(-time.Duration(1+i%20) * 24 * time.Hour)
			events = append(events, []any{m.user.ID, e.code, stamp(at)})
			if e.code == caseload.FlagLapse && i%20 == 3 {
				acks = append(acks, []any{m.enrolment, e.code, stamp(at.Add(time.Hour)), clinicians[i%caseloadClinicians].ID, "called, fine"})
			}
		}
	}
	if err := insert("INSERT INTO member_events (member_id, code, at) VALUES ", events); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if err := insert("INSERT INTO flag_acks (enrolment_id, code, acked_at, acked_by, note) VALUES ", acks); err != nil {
		return fmt.Errorf("acknowledgements: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// The planners see the loaded tables as they are, and PostgreSQL's
	// visibility map is as autovacuum keeps it (index-only scans).
	analyze := "ANALYZE"
	if pg {
		analyze = "VACUUM ANALYZE"
	}
	_, err = store.DB().ExecContext(ctx, analyze)
	return err
}

// pgParams is n PostgreSQL placeholders from $first.
func pgParams(first, n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("$%d", first+i)
	}
	return strings.Join(p, ", ")
}

// caseloadSessions schedules the last three weeks of group sessions, each
// clinician's own groups (intensive outpatient three evenings a week,
// outpatient once), and records attendance: a week of sessions per
// transaction.
func caseloadSessions(ctx context.Context, store *sqlstore.Store, programID string, members []*caseloadMember, clinicians []*onward.User,
	today recovery.Date) error {
	for week := today.AddDays(-21); week.Before(today); week = week.AddDays(7) {
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			for d := week; d.Before(week.AddDays(7)) && d.Before(today); d = d.AddDays(1) {
				level, minutes := "", 0
				switch time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday() {
				case time.Monday, time.Wednesday, time.Friday:
					level, minutes = "intensive_outpatient", 180
				case time.Tuesday:
					level, minutes = "outpatient", 60
				}
				if level == "" {
					continue
				}
				for c, clinician := range clinicians {
					var in []*caseloadMember
					for i := c; i < len(members); i += len(clinicians) {
						if members[i].level == level {
							in = append(in, members[i])
						}
					}
					for chunk := range slices.Chunk(in, continuum.MaxGroup) {
						var group []continuum.Participant
						ds := map[string]sqlstore.Disclosure{}
						for _, m := range chunk {
							group = append(group, continuum.Participant{EnrolmentID: m.enrolment, MemberID: m.user.ID})
							ds[m.user.ID] = m.write
						}
						attendance := []string{continuum.Attended, continuum.Attended, continuum.Missed, continuum.Late,
							continuum.Attended, continuum.Missed, continuum.Attended, continuum.Excused}
						err := groupSession(ctx, tx, ds, &continuum.Session{ProgramID: programID, Format: continuum.FormatGroup,
							Kind: "relapse_prevention", StartsAt: time.Date(d.Year, d.Month, d.Day, 23, 0, 0, 0, time.UTC), Minutes: minutes,
							LeaderID: clinician.ID, Members: group}, attendance, d.Day)
						if err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
