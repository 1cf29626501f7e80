package web

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// seedDirectory loads the demo programs and meetings (around Springfield,
// Illinois) and returns the programs' ids by source id ("demo-program-1").
func (e *testEnv) seedDirectory() map[string]string {
	e.t.Helper()
	ctx := context.Background()
	ids := map[string]string{}
	err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.ImportPrograms(ctx, directory.DemoPrograms()); err != nil {
			return err
		}
		if _, err := tx.ImportMeetings(ctx, directory.DemoMeetings()); err != nil {
			return err
		}
		for _, p := range directory.DemoPrograms() {
			id, err := tx.ProgramID(ctx, p.Source, p.SourceID)
			if err != nil {
				return err
			}
			ids[p.SourceID] = id
		}
		return nil
	})
	if err != nil {
		e.t.Fatalf("seed the directory: %v", err)
	}
	return ids
}

// addStaffUser creates a program admin or clinician with two-step sign-in
// on the staff of programID.
func (e *testEnv) addStaffUser(email string, role onward.Role, programID string) *onward.User {
	e.t.Helper()
	u := e.addUser(email, role)
	e.enableTOTP(u)
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.AddProgramStaff(ctx, programID, u.ID) }); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// contactForm is a good request to be contacted, changed by the pairs.
func contactForm(pairs ...string) url.Values {
	f := url.Values{"name": {"Jo"}, "phone": {"217-555-0142"}, "best_time": {"evening"}, "consent": {"yes"}}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Set(pairs[i], pairs[i+1])
	}
	return f
}

// staffQueue lists a program's requests as its staff would see them.
func (e *testEnv) staffQueue(programID string) []sqlstore.AdmissionRequest {
	e.t.Helper()
	ctx := context.Background()
	var list []sqlstore.AdmissionRequest
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) (err error) { list, err = tx.AdmissionRequests(ctx, programID, 100); return }); err != nil {
		e.t.Fatal(err)
	}
	return list
}

func decodeJSONBody[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("response is not the expected JSON (%v):\n%s", err, r.body)
	}
	return v
}

// regexpFind returns the first submatch of pattern in body.
func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no match for %s in:\n%s", pattern, truncate(body))
	}
	return m[1]
}
