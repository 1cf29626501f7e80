package sqlstore

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// twoPrograms imports two programs and returns their ids.
func twoPrograms(t *testing.T, s *Store) (a, b string) {
	t.Helper()
	ctx := context.Background()
	importPrograms(t, s, []directory.Program{testProgram("a", 39.8, -89.6, nil), testProgram("b", 39.7, -89.7, nil)})
	s.Write(ctx, func(tx *Tx) (err error) {
		if a, err = tx.ProgramID(ctx, "test", "a"); err != nil {
			return err
		}
		b, err = tx.ProgramID(ctx, "test", "b")
		return err
	})
	return a, b
}

func createAdmission(t *testing.T, s *Store, r *AdmissionRequest) error {
	t.Helper()
	return s.Write(context.Background(), func(tx *Tx) error { return tx.CreateAdmissionRequest(context.Background(), r) })
}

func auditCount(t *testing.T, s *Store, subjectID string, allowed bool) int {
	t.Helper()
	var n int
	if err := s.queryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND allowed = ?", subjectID, allowed).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// documentedReference is the reference shape docs/directory.md promises.
var documentedReference = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

func TestAdmissionRequests(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	a, b := twoPrograms(t, s)

	first := &AdmissionRequest{ProgramID: a, Name: "J.", Phone: "217-555-0123", BestTime: "evening", Consent: true}
	if err := createAdmission(t, s, first); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	second := &AdmissionRequest{ProgramID: a, Name: "Sam", Email: "sam@example.com", Message: "Please call after 5.", Consent: true}
	if err := createAdmission(t, s, second); err != nil {
		t.Fatal(err)
	}
	if !documentedReference.MatchString(first.Reference) || first.Reference == second.Reference || first.Status != AdmissionNew {
		t.Fatalf("references %q and %q, status %q", first.Reference, second.Reference, first.Status)
	}
	if ok, _ := s.AdmissionRequestExists(ctx, a, first.Reference); !ok {
		t.Fatal("the request is not found by its reference")
	}
	if ok, _ := s.AdmissionRequestExists(ctx, b, first.Reference); ok {
		t.Fatal("another program's reference is found")
	}

	t.Run("Refused", func(t *testing.T) {
		for name, r := range map[string]*AdmissionRequest{
			"ErrNoConsent":      {ProgramID: a, Name: "X", Phone: "1", Consent: false},
			"ErrNoWayToContact": {ProgramID: a, Name: "X", Consent: true},
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, createAdmission(t, s, r), onward.EINVALID) })
		}
		wantCode(t, createAdmission(t, s, &AdmissionRequest{ProgramID: "nope", Name: "X", Phone: "1", Consent: true}), onward.ENOTFOUND)
		if n := countRows(t, s, "admission_requests"); n != 2 {
			t.Fatalf("%d requests stored, want the 2 good ones", n)
		}
	})
	t.Run("QueueNewestFirstAndStatus", func(t *testing.T) {
		var list []AdmissionRequest
		s.Write(ctx, func(tx *Tx) (err error) { list, err = tx.AdmissionRequests(ctx, a, 100); return })
		if len(list) != 2 || list[0].Reference != second.Reference || list[1].Name != "J." || !list[1].Consent {
			t.Fatalf("queue %+v", list)
		}
		set := func(program, id, status string) error {
			return s.Write(ctx, func(tx *Tx) error { return tx.SetAdmissionStatus(ctx, program, id, status) })
		}
		if err := set(a, first.ID, AdmissionContacted); err != nil {
			t.Fatal(err)
		}
		wantCode(t, set(a, first.ID, "lost"), onward.EINVALID)
		wantCode(t, set(b, first.ID, AdmissionClosed), onward.ENOTFOUND) // through another program
		if p, _ := s.AdmissionRequestProgram(ctx, first.ID); p != a {
			t.Fatalf("request's program = %q", p)
		}
		s.Write(ctx, func(tx *Tx) (err error) { list, err = tx.AdmissionRequests(ctx, a, 100); return })
		if list[1].Status != AdmissionContacted {
			t.Fatalf("status after the change: %q", list[1].Status)
		}
	})
	t.Run("RateLimitWindow", func(t *testing.T) {
		attempt := func() {
			if err := s.Write(ctx, func(tx *Tx) error { return tx.RecordAdmissionAttempt(ctx, "203.0.113.9", time.Hour) }); err != nil {
				t.Fatal(err)
			}
		}
		recent := func() int {
			var n int
			s.Write(ctx, func(tx *Tx) (err error) {
				n, err = tx.RecentAdmissionAttempts(ctx, "203.0.113.9", tx.Now.Add(-time.Hour))
				return
			})
			return n
		}
		attempt()
		attempt()
		if n := recent(); n != 2 {
			t.Fatalf("%d recent attempts, want 2", n)
		}
		c.advance(61 * time.Minute)
		attempt()
		if n := recent(); n != 1 {
			t.Fatalf("%d recent attempts an hour later, want 1", n)
		}
		if n := countRows(t, s, "admission_attempts"); n != 1 {
			t.Fatalf("%d attempts kept; those older than the window should be gone", n)
		}
	})
}

func TestStaffAccess(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	a, b := twoPrograms(t, s)
	admin := createUser(t, s, "admin@example.com", onward.RoleProgramAdmin)
	clinician := createUser(t, s, "lee@example.com", onward.RoleClinician)
	otherAdmin := createUser(t, s, "other@example.com", onward.RoleProgramAdmin)
	member := createUser(t, s, "ana@example.com", onward.RoleMember)
	operator := createUser(t, s, "op@example.com", onward.RoleOperator)
	add := func(program string, u *onward.User) error {
		return s.Write(ctx, func(tx *Tx) error { return tx.AddProgramStaff(ctx, program, u.ID) })
	}
	for _, u := range []*onward.User{admin, clinician} {
		if err := add(a, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(b, otherAdmin); err != nil {
		t.Fatal(err)
	}
	if err := add(a, admin); err != nil {
		t.Fatalf("adding staff twice: %v", err)
	}
	wantCode(t, add(a, member), onward.EINVALID)

	if list, err := s.StaffPrograms(ctx, admin.ID); err != nil || len(list) != 1 || list[0].ID != a {
		t.Fatalf("admin's programs = %v, %v", list, err)
	}
	if list, _ := s.StaffPrograms(ctx, member.ID); len(list) != 0 {
		t.Fatalf("a member is staff of %v", list)
	}

	principal := func(u *onward.User) onward.Principal { return onward.Principal{UserID: u.ID, Role: u.Role} }
	tests := []struct {
		name    string
		viewer  onward.Principal
		program string
		allowed bool
	}{
		{"ProgramAdmin", principal(admin), a, true},
		{"Clinician", principal(clinician), a, true},
		{"OtherProgramsAdmin", principal(otherAdmin), a, false},
		{"AdminOfOtherProgram", principal(admin), b, false},
		{"Member", principal(member), a, false},
		{"Operator", principal(operator), a, false},
		{"Visitor", onward.Principal{}, a, false},
		// A role taken away since: the staff row alone is not enough.
		{"StaleRole", onward.Principal{UserID: clinician.ID, Role: onward.RoleMember}, a, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allowedBefore, deniedBefore := auditCount(t, s, tt.program, true), auditCount(t, s, tt.program, false)
			ran := false
			err := s.StaffAccess(ctx, tt.viewer, tt.program, onward.ActionRead, func(*Tx) error { ran = true; return nil })
			if tt.allowed {
				if err != nil || !ran {
					t.Fatalf("refused: %v", err)
				}
				if auditCount(t, s, tt.program, true) != allowedBefore+1 {
					t.Fatal("the allowed access is not in the audit log")
				}
				return
			}
			wantCode(t, err, onward.EFORBIDDEN)
			if ran {
				t.Fatal("fn ran for someone not on the staff")
			}
			if auditCount(t, s, tt.program, false) != deniedBefore+1 {
				t.Fatal("the refusal is not in the audit log")
			}
		})
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain after staff access: %v", err)
	}
}
