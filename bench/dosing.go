package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A morning at an opioid treatment program's dosing window: `members`
// members on methadone at 08:00, each under a consent covering
// medication, and a nurse recording each one's dose observed through the
// JSON API (a durable write with its audit entry and the member's flags
// kept); then the day's dosing list, which records one read per member
// before it is shown.

type dosingTarget struct{ enrolment, series string }

// dosingSetup enrols members at a program, with a methadone order each,
// and returns the program, the nurse's API token and the members.
func dosingSetup(ctx context.Context, store *sqlstore.Store, members int) (string, string, []dosingTarget, error) {
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return "", "", nil, err
	}
	token := auth.NewToken("onw_")
	var programID string
	nurse := &onward.User{Email: "nurse@bench.onward", DisplayName: "Nurse", Role: onward.RoleClinician, Locale: "en", TimeZone: "UTC"}
	err = store.Write(ctx, func(tx *sqlstore.Tx) error {
		programs := directory.DemoPrograms()[:1]
		if _, err := tx.ImportPrograms(ctx, programs); err != nil {
			return err
		}
		var err error
		if programID, err = tx.ProgramID(ctx, programs[0].Source, programs[0].SourceID); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, nurse, hash); err != nil {
			return err
		}
		if err := tx.AddProgramStaff(ctx, programID, nurse.ID); err != nil {
			return err
		}
		return tx.CreateAPIToken(ctx, &onward.APIToken{UserID: nurse.ID, Name: "bench", ExpiresAt: tx.Now.Add(24 * time.Hour)}, auth.HashToken(token))
	})
	if err != nil {
		return "", "", nil, err
	}
	today := recovery.DateOf(time.Now(), time.UTC)
	targets := make([]dosingTarget, members)
	for chunk := range slices.Chunk(slicesOfIndex(members), 50) {
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			for _, i := range chunk {
				u := &onward.User{Email: fmt.Sprintf("dosing%d@bench.onward", i), DisplayName: fmt.Sprintf("Dosing member %03d", i),
					Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
				if err := tx.CreateUser(ctx, u, hash); err != nil {
					return err
				}
				c := &onward.ProgramConsent{MemberID: u.ID, ProgramID: programID, Categories: []onward.Category{onward.CategoryMedication},
					Purpose: onward.PurposeTreatment, PatientName: u.DisplayName, Signature: u.DisplayName, UntilEndOfTreatment: true}
				if err := c.Validate(true, tx.Now); err != nil {
					return err
				}
				if err := tx.CreateProgramConsent(ctx, c); err != nil {
					return err
				}
				id, err := tx.RequestEnrolment(ctx, programID, u.ID, c.ID)
				if err != nil {
					return err
				}
				if err := tx.SetEnrolmentStatus(ctx, programID, id, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
					return err
				}
				grants, err := tx.GrantsBetween(ctx, u.ID, nurse.ID)
				if err != nil {
					return err
				}
				d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: nurse.ID, Role: nurse.Role}, SubjectID: u.ID,
					Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMedication}}, grants, tx.Now))
				if err != nil {
					return err
				}
				o := &medication.Order{ProgramID: programID, EnrolmentID: id, MemberID: u.ID, Kind: medication.Methadone, Form: medication.OralLiquid,
					DoseMg: 60 + float64(i%40), Times: []string{"08:00"}, StartOn: today.AddDays(-30), OrderedBy: nurse.ID}
				if err := tx.AddDoseOrder(ctx, d, o); err != nil {
					return err
				}
				targets[i] = dosingTarget{enrolment: id, series: o.SeriesID}
			}
			return nil
		})
		if err != nil {
			return "", "", nil, err
		}
	}
	return programID, token, targets, nil
}

func slicesOfIndex(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// bearer sends a JSON request with an API token and drains the answer,
// which must have the status want.
func bearer(c *http.Client, method, u, token, body string, want int) error {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, r)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d", method, u, res.StatusCode, want)
	}
	return nil
}

// fixed runs do exactly n times from `concurrency` workers and measures
// each call: a morning has as many doses as members, no more.
func fixed(concurrency, n int, clients []*http.Client, do worker) (result, error) {
	var next atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var firstErr atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	for w := range concurrency {
		wg.Go(func() {
			var mine []time.Duration
			for next.Add(1) <= int64(n) {
				t0 := time.Now()
				if err := do(clients[w%len(clients)], w); err != nil {
					firstErr.CompareAndSwap(nil, &err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if err := firstErr.Load(); err != nil {
		return result{}, *err
	}
	elapsed := time.Since(start)
	slices.Sort(all)
	return result{n: len(all), rate: float64(len(all)) / elapsed.Seconds(), p50: all[len(all)/2], p99: all[len(all)*99/100]}, nil
}

// dosingBench runs the morning and the list, and prints them beside the
// no-op rate measured in the same run.
func dosingBench(ctx context.Context, store *sqlstore.Store, base string, concurrency, members int, d time.Duration, noop float64) error {
	programID, token, targets, err := dosingSetup(ctx, store, members)
	if err != nil {
		return err
	}
	clients := make([]*http.Client, concurrency)
	for i := range clients {
		clients[i] = newClient(i)
	}
	var turn atomic.Int64
	record := func(c *http.Client, _ int) error {
		i := int(turn.Add(1)-1) % len(targets)
		t := targets[i]
		body := fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "taken", "client_id": "bench-%d"}`, t.series, i)
		return bearer(c, "POST", base+"/api/v1/programs/"+programID+"/enrolments/"+t.enrolment+"/doses", token, body, http.StatusCreated)
	}
	r, err := fixed(concurrency, members, clients, record)
	if err != nil {
		return fmt.Errorf("dosing window: %w", err)
	}
	printRow(fmt.Sprintf("dosing window, %d observed doses", members), r, noop)
	list := func(c *http.Client, _ int) error {
		return bearer(c, "GET", base+"/api/v1/programs/"+programID+"/dosing", token, "", http.StatusOK)
	}
	if r, err = load(min(concurrency, 8), d, clients, list); err != nil {
		return fmt.Errorf("dosing list: %w", err)
	}
	printRow(fmt.Sprintf("day's dosing list, %d members", members), r, noop)
	lookup := func(c *http.Client, w int) error {
		return bearer(c, "GET", fmt.Sprintf("%s/api/v1/programs/%s/dosing?q=member+%03d", base, programID, w%members), token, "", http.StatusOK)
	}
	if r, err = load(concurrency, d, clients, lookup); err != nil {
		return fmt.Errorf("dosing lookup: %w", err)
	}
	printRow("dosing window lookup, one member", r, noop)
	return nil
}

func printRow(name string, r result, noop float64) {
	fmt.Printf("%-34s %10d %10.0f %10s %10s %11.3fx\n", name, r.n, r.rate, r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.rate/noop)
}
