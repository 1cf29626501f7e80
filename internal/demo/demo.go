// Package demo loads a small, clearly fictional set of accounts into an
// empty instance so a person can try Onward at once.
package demo

import (
	"context"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Login is one demo account to print for the person who started the demo.
type Login struct {
	Role       onward.Role
	Email      string
	Password   string
	TOTPSecret string // set for roles that require two-step sign-in
	Note       string
}

// Password is shared by every demo account: demo data is for trying
// Onward on your own machine, never for real use.
const Password = "onward-demo-password"

type account struct {
	email, name string
	role        onward.Role
	locale, tz  string
	note        string
}

var accounts = []account{
	{"maria@demo.onward", "Maria (demo)", onward.RoleMember, "es", "America/Chicago", "member in recovery on buprenorphine; shares milestones, check-ins, alerts and medication with Sam"},
	{"jordan@demo.onward", "Jordan (demo)", onward.RoleMember, "en", "America/New_York", "member in recovery on methadone at the demo program, with take-home doses, earning vouchers for negative tests"},
	{"sam@demo.onward", "Sam (demo)", onward.RoleSupporter, "en", "America/Chicago", "Maria's brother"},
	{"dr.lee@demo.onward", "Dr Lee (demo)", onward.RoleClinician, "en", "America/Chicago", "counsellor at the demo program"},
	{"alex@demo.onward", "Alex (demo)", onward.RoleClinician, "en", "America/Chicago", "peer specialist at the demo program, on Maria's care team"},
	{"admin@demo.onward", "Program admin (demo)", onward.RoleProgramAdmin, "en", "America/Chicago", "runs the demo program; manages its staff"},
	{"operator@demo.onward", "Operator (demo)", onward.RoleOperator, "en", "UTC", "runs this instance"},
}

// Load creates the demo accounts, the consent between Maria and Sam, and
// Jordan's care with the demo program.
// It refuses a database that already has accounts.
func Load(ctx context.Context, s *sqlstore.Store, hashing auth.Params) ([]Login, error) {
	n, err := s.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("demo data goes only into an empty database; this one has %d accounts", n)
	}
	hash, err := auth.HashPassword(Password, hashing)
	if err != nil {
		return nil, err
	}
	var logins []Login
	byEmail := map[string]*onward.User{}
	var programID, jordanEnrolment string
	err = s.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, a := range accounts {
			u := &onward.User{Email: a.email, DisplayName: a.name, Role: a.role, Locale: a.locale, TimeZone: a.tz}
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return err
			}
			byEmail[a.email] = u
			login := Login{Role: a.role, Email: a.email, Password: Password, Note: a.note}
			if a.role.RequiresTwoFactor() {
				key, err := auth.NewTOTPKey("Onward demo", a.email)
				if err != nil {
					return err
				}
				// Stored as is, like a key from before keys were sealed:
				// the server seals it when it starts (app.SealTwoStepKeys).
				if err := tx.SetTOTP(ctx, u.ID, key.Secret(), nil); err != nil {
					return err
				}
				login.TOTPSecret = key.Secret()
			}
			logins = append(logins, login)
		}
		if err := tx.CreateGrant(ctx, &onward.Grant{SubjectID: byEmail["maria@demo.onward"].ID, GranteeID: byEmail["sam@demo.onward"].ID,
			Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts, onward.CategoryMedication}}); err != nil {
			return err
		}
		if err := loadRecovery(ctx, tx, byEmail["maria@demo.onward"]); err != nil {
			return err
		}
		if err := loadAssessments(ctx, tx, byEmail["maria@demo.onward"]); err != nil {
			return err
		}
		programID, err = loadDirectory(ctx, tx, byEmail)
		if err != nil {
			return err
		}
		if err := loadCaseload(ctx, tx, programID, hash, byEmail["maria@demo.onward"], byEmail["dr.lee@demo.onward"], byEmail["alex@demo.onward"]); err != nil {
			return err
		}
		jordanEnrolment, err = loadMedication(ctx, tx, programID, byEmail)
		if err != nil {
			return err
		}
		return loadContinuum(ctx, tx, programID, byEmail, hash, jordanEnrolment)
	})
	if err != nil {
		return nil, fmt.Errorf("load demo data: %w", err)
	}
	if err := loadCare(ctx, s, byEmail, programID, jordanEnrolment); err != nil {
		return nil, fmt.Errorf("load demo drug tests and incentives: %w", err)
	}
	return logins, nil
}

// The directory (internal/directory, sqlstore/directory*.go).

// loadDirectory adds the demo programs and meetings around Springfield,
// Illinois, and puts the demo program admin and clinician on the staff of
// the first program, so its queue of requests can be tried.
func loadDirectory(ctx context.Context, tx *sqlstore.Tx, byEmail map[string]*onward.User) (string, error) {
	programs := directory.DemoPrograms()
	if _, err := tx.ImportPrograms(ctx, programs); err != nil {
		return "", err
	}
	if _, err := tx.ImportMeetings(ctx, directory.DemoMeetings()); err != nil {
		return "", err
	}
	first, err := tx.ProgramID(ctx, programs[0].Source, programs[0].SourceID)
	if err != nil {
		return "", err
	}
	for _, email := range []string{"admin@demo.onward", "dr.lee@demo.onward", "alex@demo.onward"} {
		if err := tx.AddProgramStaff(ctx, first, byEmail[email].ID); err != nil {
			return "", err
		}
	}
	admin := byEmail["admin@demo.onward"].ID
	if err := tx.SetStaffTitle(ctx, admin, first, byEmail["alex@demo.onward"].ID, onward.TitlePeerSpecialist); err != nil {
		return "", err
	}
	// An invitation not yet accepted, so the staff page shows one; its
	// link was never sent anywhere.
	if err := tx.CreateStaffInvite(ctx, &onward.StaffInvite{ProgramID: first, Email: "nurse.kim@example.org", Title: onward.TitleNurse,
		InvitedBy: admin}, auth.HashToken(auth.NewToken(""))); err != nil {
		return "", err
	}
	return first, nil
}

// End of the directory.
