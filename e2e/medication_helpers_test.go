package e2e

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/directory"
)

// The helpers in this file serve the medication tests
// (medication_*_test.go). The set-up a test is not about (a consent and an
// enrolment at the demo program, a supporter's grant) is written straight
// in the server's database, as the program-consent and enrolment pages
// have their own tests; everything the tests are about goes through the
// pages.

// medDB opens the server's database and returns the placeholders of its
// dialect and a "now" in its time format, shifted by ago.
func medDB(t *testing.T) (*sql.DB, func(int) string, func(time.Duration) any) {
	t.Helper()
	driver, dsn := "pgx", srv.db
	ph := func(i int) string { return fmt.Sprintf("$%d", i) }
	at := func(ago time.Duration) any { return time.Now().UTC().Add(-ago) }
	if !strings.HasPrefix(dsn, "postgres") {
		driver, dsn = "sqlite", "file:"+srv.db+"?"+url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode()
		ph = func(int) string { return "?" }
		at = func(ago time.Duration) any { return time.Now().UTC().Add(-ago).Format("2006-01-02T15:04:05.000000Z") }
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, ph, at
}

// demoProgramID is the id of the demo program whose staff the demo
// clinician is on.
func demoProgramID(t *testing.T) string {
	t.Helper()
	db, ph, _ := medDB(t)
	p := directory.DemoPrograms()[0]
	var id string
	if err := db.QueryRow("SELECT id FROM programs WHERE source = "+ph(1)+" AND source_id = "+ph(2), p.Source, p.SourceID).Scan(&id); err != nil {
		t.Fatalf("find the demo program: %v", err)
	}
	return id
}

// enrolAtDemoProgram enrols the member with email at the demo program,
// admitted daysAgo days ago, under a consent covering milestones and
// medication, with the demo clinician on the care team. It returns the
// enrolment's id.
func enrolAtDemoProgram(t *testing.T, email, name string, daysAgo int) string {
	t.Helper()
	db, ph, at := medDB(t)
	program := demoProgramID(t)
	var memberID, leeID string
	for e, id := range map[string]*string{email: &memberID, "dr.lee@demo.onward": &leeID} {
		if err := db.QueryRow("SELECT id FROM users WHERE email = "+ph(1), e).Scan(id); err != nil {
			t.Fatalf("find %s: %v", e, err)
		}
	}
	consent, enrolment := uuid.NewString(), uuid.NewString()
	admitted := time.Duration(daysAgo) * 24 * time.Hour
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO program_consents (id, subject_id, program_id, categories, purpose, patient_name, signature, until_end_of_treatment,
			expires_at, signed_at, revoked_at) VALUES (` + ph(1) + `, ` + ph(2) + `, ` + ph(3) + `, 'milestones,medication', 'treatment', ` + ph(4) + `, ` +
			ph(5) + `, 1, NULL, ` + ph(6) + `, NULL)`, []any{consent, memberID, program, name, name, at(admitted + time.Hour)}},
		{`INSERT INTO enrolments (id, program_id, member_id, status, consent_id, level_of_care, created_by, created_at, started_at)
			VALUES (` + ph(1) + `, ` + ph(2) + `, ` + ph(3) + `, 'active', ` + ph(4) + `, 'otp', ` + ph(5) + `, ` + ph(6) + `, ` + ph(7) + `)`,
			[]any{enrolment, program, memberID, consent, memberID, at(admitted), at(admitted)}},
		{`INSERT INTO care_team (enrolment_id, staff_id, added_at) VALUES (` + ph(1) + `, ` + ph(2) + `, ` + ph(3) + `)`,
			[]any{enrolment, leeID, at(admitted)}},
	}
	for _, s := range stmts {
		if _, err := db.Exec(s.q, s.args...); err != nil {
			t.Fatalf("enrol %s: %v", email, err)
		}
	}
	return enrolment
}

// shareWith records that the member lets the supporter see categories
// ("checkins,medication"), as an accepted invitation does, and returns a
// function that changes what the grant covers, as the member's sharing
// page does.
func shareWith(t *testing.T, memberEmail, supporterEmail, categories string) func(string) {
	t.Helper()
	db, ph, at := medDB(t)
	id := uuid.NewString()
	_, err := db.Exec(`INSERT INTO grants (id, subject_id, grantee_id, categories, starts_at, created_at)
		SELECT `+ph(1)+`, m.id, s.id, `+ph(2)+`, `+ph(3)+`, `+ph(4)+` FROM users m, users s WHERE m.email = `+ph(5)+` AND s.email = `+ph(6),
		id, categories, at(time.Minute), at(time.Minute), memberEmail, supporterEmail)
	if err != nil {
		t.Fatalf("share with %s: %v", supporterEmail, err)
	}
	return func(categories string) {
		t.Helper()
		if _, err := db.Exec("UPDATE grants SET categories = "+ph(1)+" WHERE id = "+ph(2), categories, id); err != nil {
			t.Fatalf("change sharing: %v", err)
		}
	}
}

// staffTab signs the demo clinician in, on a tab of their own.
func staffTab(t *testing.T) *tab {
	t.Helper()
	const clinician = "dr.lee@demo.onward"
	staff := openTab(t)
	staff.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))
	return staff
}

// orderMethadone writes a methadone order of mg at 08:00 from today on the
// member's medication page, as the clinician.
func (b *tab) orderMethadone(programID, enrolmentID string, mg string) {
	b.t.Helper()
	b.open("/program/enrolments/" + enrolmentID + "/medication?program=" + programID)
	b.choose("#kind", "methadone")
	b.choose("#form", "oral_liquid")
	b.fill("#dose_mg", mg)
	if st := b.click(`main form[action$="/orders"] button.primary`); st != 200 {
		b.t.Fatalf("ordering methadone ended on status %d at %s", st, b.location())
	}
	b.wantFlash("The order is saved.")
}

// apiFetch sends a JSON request from the page with the session cookie and
// the anti-forgery header, as the site's own script would, and returns the
// status and the body.
func (b *tab) apiFetch(method, path, body string) (int, map[string]any) {
	b.t.Helper()
	type result struct {
		Status int            `json:"status"`
		Body   map[string]any `json:"body"`
	}
	r := jsAwait[result](b, fmt.Sprintf(`fetch(%s, {method: %s, headers: {"Content-Type": "application/json",
		"X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content}, body: %s})
		.then(async r => ({status: r.status, body: r.status === 204 ? {} : await r.json()}))`,
		jsString(path), jsString(method), map[bool]string{true: "undefined", false: jsString(body)}[body == ""]))
	return r.Status, r.Body
}
