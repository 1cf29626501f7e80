package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The demo program's caseload: Maria and a handful of clearly fictional
// members, each enrolled under a consent, with the situations a
// counsellor meets, so the caseload shows its flags at once.

type caseloadMember struct {
	name, email  string
	daysSinceUse int
	checkInsUpTo int  // the most recent check-in was this many days ago; -1 for none
	lapseDaysAgo int  // 0 for no lapse
	supportNow   bool // sent "I need support now" today
	riskHigh     bool // the early warning is high
}

var caseloadMembers = []caseloadMember{
	{"Devon (demo)", "devon@demo.onward", 40, 0, 0, true, true},
	{"Keisha (demo)", "keisha@demo.onward", 120, 0, 2, false, false},
	{"Luis (demo)", "luis@demo.onward", 20, 6, 0, false, false},
	{"Priya (demo)", "priya@demo.onward", 200, 0, 0, false, false},
	{"Tom (demo)", "tom@demo.onward", 9, -1, 0, false, false},
}

// loadCaseload enrols Maria and the caseload members in the demo program,
// Dr Lee as their care team; Maria's has Alex, a peer specialist, too.
func loadCaseload(ctx context.Context, tx *sqlstore.Tx, programID, hash string, maria, lee, alex *onward.User) error {
	members := []*onward.User{maria}
	for _, m := range caseloadMembers {
		u := &onward.User{Email: m.email, DisplayName: m.name, Role: onward.RoleMember, Locale: "en", TimeZone: "America/Chicago"}
		if err := tx.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		if err := loadMemberHistory(ctx, tx, u, m); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		members = append(members, u)
	}
	for _, u := range members {
		c := &onward.ProgramConsent{MemberID: u.ID, ProgramID: programID, Purpose: onward.PurposeTreatment,
			Categories:  []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts, onward.CategoryAssessments, onward.CategoryTreatment, onward.CategoryMedication},
			PatientName: u.DisplayName, Signature: u.DisplayName, UntilEndOfTreatment: true}
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
		team := []string{lee.ID}
		if u == maria {
			team = append(team, alex.ID)
		}
		if err := tx.SetCareTeam(ctx, programID, id, team); err != nil {
			return err
		}
		if err := tx.SetLevelOfCare(ctx, programID, id, "intensive_outpatient"); err != nil {
			return err
		}
	}
	return nil
}

// loadMemberHistory gives a caseload member a recovery profile, check-ins
// up to a point, and the event that flags them.
func loadMemberHistory(ctx context.Context, tx *sqlstore.Tx, u *onward.User, m caseloadMember) error {
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		return err
	}
	today := recovery.DateOf(tx.Now.In(loc), loc)
	decision := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: u.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts}},
		nil, tx.Now)
	d, err := tx.Record(ctx, decision)
	if err != nil {
		return err
	}
	if err := tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: u.ID, LastUse: today.AddDays(-m.daysSinceUse),
		Substances: []string{"fentanyl"}, Medication: "buprenorphine", TreatmentLevel: "intensive_outpatient"}); err != nil {
		return err
	}
	if m.checkInsUpTo >= 0 {
		for ago := m.checkInsUpTo + 6; ago >= m.checkInsUpTo; ago-- {
			mood, craving := 3, 3
			if m.riskHigh && ago < 4 {
				mood, craving = 1, 9
			}
			if _, err := tx.SaveCheckIn(ctx, d, &onward.CheckIn{UserID: u.ID, Day: today.AddDays(-ago), Mood: mood, Craving: craving,
				SleepQuality: 3, Stress: 3, Lonely: 2, Irritable: 2}, nil); err != nil {
				return err
			}
		}
	}
	if m.lapseDaysAgo > 0 {
		if err := tx.AddLapse(ctx, d, &onward.Lapse{UserID: u.ID, Day: today.AddDays(-m.lapseDaysAgo)}); err != nil {
			return err
		}
	}
	if m.riskHigh {
		var version int64
		if m.lapseDaysAgo > 0 {
			version = 1
		}
		if err := tx.ClaimHistory(ctx, d, u.ID, version, true, ""); err != nil {
			return err
		}
	}
	if m.supportNow {
		if _, err := tx.CreateSupportRequest(ctx, u.ID); err != nil {
			return err
		}
	}
	return nil
}
