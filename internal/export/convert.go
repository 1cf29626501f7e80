package export

import (
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Conversions between the store's domain types and the document's, in
// both directions: out for an export, back for an import.

// ProfileOf is the document form of a recovery profile; nil stays nil.
func ProfileOf(p *onward.RecoveryProfile) *Profile {
	if p == nil {
		return nil
	}
	return &Profile{LastUseDay: p.LastUse, LastUseAt: utcPtr(p.LastUseAt), Convention: p.Convention.String(),
		Substances: nonNil(p.Substances), Medication: p.Medication, TreatmentLevel: p.TreatmentLevel, Reasons: p.Reasons,
		DailySpend: p.DailySpend, DailyHours: p.DailyHours, CheckinTime: p.CheckinTime, UpdatedAt: p.UpdatedAt.UTC()}
}

// Domain is the profile as the store keeps it for userID.
func (p *Profile) Domain(userID string) (*onward.RecoveryProfile, error) {
	convention, err := recovery.ParseConvention(p.Convention)
	if err != nil {
		return nil, err
	}
	return &onward.RecoveryProfile{UserID: userID, LastUse: p.LastUseDay, LastUseAt: p.LastUseAt, Convention: convention,
		Substances: p.Substances, Medication: p.Medication, TreatmentLevel: p.TreatmentLevel, Reasons: p.Reasons,
		DailySpend: p.DailySpend, DailyHours: p.DailyHours, CheckinTime: p.CheckinTime}, nil
}

// CheckInOf is the document form of a check-in.
func CheckInOf(c onward.CheckIn) CheckIn {
	return CheckIn{ID: c.ID, Day: c.Day, Mood: c.Mood, Craving: c.Craving, SleepHours: c.SleepHours, SleepQuality: c.SleepQuality,
		Stress: c.Stress, Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising, Used: c.Used,
		MedicationTaken: c.MedicationTaken, Meeting: c.Meeting, Therapy: c.Therapy, SupportContact: c.SupportContact,
		Exercise: c.Exercise, Food: c.Food, Mindfulness: c.Mindfulness, Note: c.Note, Version: c.Version,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

// Domain is the check-in as the store keeps it for userID.
func (c CheckIn) Domain(userID string) onward.CheckIn {
	return onward.CheckIn{UserID: userID, Day: c.Day, Mood: c.Mood, Craving: c.Craving, SleepHours: c.SleepHours,
		SleepQuality: c.SleepQuality, Stress: c.Stress, Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising,
		Used: c.Used, MedicationTaken: c.MedicationTaken, Meeting: c.Meeting, Therapy: c.Therapy, SupportContact: c.SupportContact,
		Exercise: c.Exercise, Food: c.Food, Mindfulness: c.Mindfulness, Note: c.Note, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// LapseOf is the document form of a lapse.
func LapseOf(l onward.Lapse) Lapse {
	return Lapse{ID: l.ID, Day: l.Day, What: l.What, LedTo: l.LedTo, CreatedAt: l.CreatedAt.UTC()}
}

// Domain is the lapse as the store keeps it for userID.
func (l Lapse) Domain(userID string) onward.Lapse {
	return onward.Lapse{UserID: userID, Day: l.Day, What: l.What, LedTo: l.LedTo, CreatedAt: l.CreatedAt}
}

// PlanOf is the document form of a plan; an empty plan is nil.
func PlanOf(p *onward.Plan) *Plan {
	if p == nil || p.Empty() {
		return nil
	}
	out := &Plan{Triggers: nonNil(p.Triggers), HALT: nonNil(p.HALT), WarningSigns: nonNil(p.WarningSigns), Coping: nonNil(p.Coping),
		People: []Contact{}, Reasons: nonNil(p.Reasons), SafePlaces: nonNil(p.SafePlaces), UpdatedAt: p.UpdatedAt.UTC()}
	for _, c := range p.People {
		out.People = append(out.People, Contact(c))
	}
	return out
}

// Domain is the plan as the store keeps it for userID.
func (p *Plan) Domain(userID string) *onward.Plan {
	out := &onward.Plan{UserID: userID, Triggers: p.Triggers, HALT: p.HALT, WarningSigns: p.WarningSigns, Coping: p.Coping,
		Reasons: p.Reasons, SafePlaces: p.SafePlaces}
	for _, c := range p.People {
		out.People = append(out.People, onward.Contact(c))
	}
	return out
}

// UrgeOf is the document form of an urge.
func UrgeOf(u onward.Urge) Urge {
	return Urge{ID: u.ID, StartedAt: u.StartedAt.UTC(), EndedAt: u.EndedAt.UTC(), Passed: u.Passed, Helped: nonNil(u.Helped), Note: u.Note}
}

// Domain is the urge as the store keeps it for userID.
func (u Urge) Domain(userID string) onward.Urge {
	return onward.Urge{UserID: userID, StartedAt: u.StartedAt, EndedAt: u.EndedAt, Passed: u.Passed, Helped: nonNil(u.Helped), Note: u.Note}
}

// ConsentOf is the document form of a grant, with the other person and
// whether it is in force at the time of the export.
func ConsentOf(g onward.Grant, other Person, createdAt, now time.Time) Consent {
	cats := make([]string, len(g.Categories))
	for i, c := range g.Categories {
		cats[i] = string(c)
	}
	return Consent{ID: g.ID, Person: other, Categories: cats, StartsAt: g.StartsAt.UTC(), ExpiresAt: utcPtr(g.ExpiresAt),
		RevokedAt: utcPtr(g.RevokedAt), CreatedAt: createdAt.UTC(), Active: g.ActiveAt(now)}
}

// AssessmentOf is the document form of a stored assessment.
func AssessmentOf(a onward.Assessment) Assessment {
	return Assessment{ID: a.ID, Instrument: a.Instrument, Answers: a.Answers, Total: a.Total, Band: a.Band, Subscales: a.Subscales,
		Flags: nonNil(a.Flags), BuprenorphineThreshold: a.BuprenorphineThreshold, TakenAt: a.TakenAt.UTC(), Baseline: a.Baseline,
		RecordedBy: Person{ID: a.RecordedBy, DisplayName: a.RecordedByName, Role: string(a.RecordedByRole)},
		Program:    a.ProgramName, LevelOfCare: a.LevelOfCare, CreatedAt: a.CreatedAt.UTC()}
}

// Domain is the assessment as the store keeps it for userID. Who recorded
// it is the member when the file's account did; anyone else is an account
// of the instance the file came from, so only their role is kept, and so
// is the program, which is known there by name only.
func (a Assessment) Domain(userID, fileAccountID string) onward.Assessment {
	out := onward.Assessment{UserID: userID, Instrument: a.Instrument, Answers: a.Answers, Total: a.Total, Band: a.Band,
		Subscales: a.Subscales, Flags: nonNil(a.Flags), BuprenorphineThreshold: a.BuprenorphineThreshold, TakenAt: a.TakenAt,
		Baseline: a.Baseline, RecordedByRole: onward.Role(a.RecordedBy.Role), LevelOfCare: a.LevelOfCare, CreatedAt: a.CreatedAt}
	if a.RecordedBy.ID == fileAccountID && out.RecordedByRole == onward.RoleMember {
		out.RecordedBy = userID
	}
	return out
}

// AccessRecordOf is the document form of an audit entry.
func AccessRecordOf(e onward.AuditEntry) AccessRecord {
	return AccessRecord{At: e.At.UTC(), ActorID: e.ActorID, Category: string(e.Category), Action: e.Action, Allowed: e.Allowed, Reason: e.Reason}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
