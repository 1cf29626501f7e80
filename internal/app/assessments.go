package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Measurement-based care (docs/assessments.md): members complete
// questionnaires for themselves, a program's care team records what it
// rates or asks, and both are kept as the scoring engine returned them.

// SelfInstruments are the questionnaires a member completes for their own
// record; CareInstruments those a program's care team records for a
// member who consented to share assessments with the program (COWS is
// rated by a clinician, so only they record it).
var (
	SelfInstruments = []string{instrument.SOWS, instrument.PHQ9, instrument.GAD7, instrument.BAM}
	CareInstruments = []string{instrument.COWS, instrument.BAM, instrument.PHQ9, instrument.GAD7, instrument.DAST10}
)

// Limits on when an assessment was taken. A device's clock may run a
// little ahead of the server's, so a time up to clockSkew ahead counts as
// now; anything later has not happened yet.
const clockSkew = 5 * time.Minute

var earliestTakenAt = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// maxClientID bounds the id a device gives a submission.
const maxClientID = 64

// AssessmentInput is a completed instrument as a form or the API sends it.
type AssessmentInput struct {
	Instrument string
	Answers    map[string]int
	// TakenAt is when it was taken; zero means now.
	TakenAt time.Time
	// Baseline starts a new baseline (a care team's new COWS induction
	// series); the member's first of an instrument is one anyway.
	Baseline bool
	// LevelOfCare is the member's level of care (onward.TreatmentLevels)
	// when a care team records; a member's own comes from their profile.
	LevelOfCare string
	ClientID    string
}

var (
	errNotRecordable = onward.Invalid("instrument", "assessment.this_questionnaire_cannot_be_recorded_here")
	errNoCareConsent = onward.NewError(onward.EFORBIDDEN, "assessment.no_consent_covers_assessments")
	errNoMember      = onward.NewError(onward.ENOTFOUND, "assessment.member_not_found")
)

// RecordAssessment scores a completed instrument with the engine and
// stores the result as returned. The recorder is the member themself (one
// of SelfInstruments) or a program's care team (one of CareInstruments,
// allowed by the policy only under the member's consent to the program
// covering assessments; a refusal is recorded). A COWS is read against
// the program's buprenorphine-start threshold. A replay of the same
// ClientID records once and returns the first record, with created false.
func (a *App) RecordAssessment(ctx context.Context, recorder *onward.User, memberID string, in AssessmentInput) (rec *onward.Assessment, created bool, err error) {
	if !sqlstore.IsStoredID(memberID) {
		return nil, false, errNoMember
	}
	own := recorder.ID == memberID
	allowed := CareInstruments
	if own {
		allowed = SelfInstruments
	}
	def, ok := instrument.Get(in.Instrument)
	if !ok || !slices.Contains(allowed, in.Instrument) {
		return nil, false, errNotRecordable
	}
	if err := a.checkAssessmentInput(def, &in, own); err != nil {
		return nil, false, err
	}
	rec = &onward.Assessment{UserID: memberID, Instrument: def.ID, Answers: in.Answers, TakenAt: in.TakenAt,
		Baseline: in.Baseline && !own, RecordedBy: recorder.ID, RecordedByRole: recorder.Role, LevelOfCare: in.LevelOfCare, ClientID: in.ClientID}
	// The context and the program's threshold are read first; the policy
	// decides in the write whether the record may be made at all.
	contextOf := a.careContext
	if own {
		contextOf = a.ownContext
	}
	if err := contextOf(ctx, recorder, rec); err != nil {
		return nil, false, err
	}
	opts, err := a.scoringOptions(ctx, def.ID, rec.ProgramID)
	if err != nil {
		return nil, false, err
	}
	if err := scoreInto(def, opts, rec); err != nil {
		return nil, false, err
	}
	err = a.change(ctx, principalOf(recorder), memberID, []onward.Category{onward.CategoryAssessments},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			latest, err := tx.LatestAssessmentOf(ctx, d, memberID, def.ID)
			if err != nil {
				return err
			}
			rec.Baseline = rec.Baseline || latest == nil
			if created, err = tx.AddAssessment(ctx, d, rec); err != nil || !created {
				return err
			}
			// What the care team's caseload and alerts act on, in the
			// same write (an urgent one reaches the care team at once).
			for _, event := range caseloadEvents(def, latest, rec) {
				if err := tx.NoteEvent(ctx, d, onward.CategoryAssessments, memberID, event); err != nil {
					return err
				}
			}
			return nil
		})
	if onward.ErrorCode(err) == onward.EFORBIDDEN {
		return nil, false, errNoCareConsent
	}
	if err != nil {
		return nil, false, err
	}
	return rec, created, nil
}

// checkAssessmentInput checks everything that needs no data: the answers
// against the instrument (every problem at once, keyed "answers.<item>"),
// the time, the level of care and the client id.
func (a *App) checkAssessmentInput(def *instrument.Definition, in *AssessmentInput, own bool) error {
	errs := onward.FieldErrors{}
	var answerErr *instrument.AnswerError
	if _, err := def.Score(in.Answers, instrument.Options{}); errors.As(err, &answerErr) {
		for id, msg := range answerErr.Fields {
			errs.Add("answers."+id, msg.ID, msg.Args...)
		}
	} else if err != nil {
		return err
	}
	now := a.now()
	switch {
	case in.TakenAt.IsZero():
		in.TakenAt = now
	case in.TakenAt.After(now.Add(clockSkew)):
		errs.Add("taken_at", "assessment.the_time_it_was_taken_cannot_be")
	case in.TakenAt.Before(earliestTakenAt):
		errs.Add("taken_at", "assessment.enter_a_time_after_2000")
	}
	if in.TakenAt.After(now) {
		in.TakenAt = now
	}
	if own {
		in.LevelOfCare = ""
	} else if in.LevelOfCare != "" && (in.LevelOfCare == "none" || !slices.Contains(onward.TreatmentLevels, in.LevelOfCare)) {
		errs.Add("level_of_care", "assessment.choose_a_level_of_care_from_the")
	}
	if len(in.ClientID) > maxClientID {
		errs.Add("client_id", "assessment.client_id_too_long")
	}
	return errs.Err()
}

// ownContext fills in what is known about a member's own record: their
// level of care from their profile, and the program they share
// assessments with, when there is exactly one.
func (a *App) ownContext(ctx context.Context, member *onward.User, rec *onward.Assessment) error {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones)
	if err != nil {
		return err
	}
	profile, err := rd.Profile(ctx)
	if err != nil {
		return err
	}
	if profile != nil && profile.TreatmentLevel != "none" {
		rec.LevelOfCare = profile.TreatmentLevel
	}
	consents, err := a.store.ProgramConsents(ctx, member.ID)
	if err != nil {
		return err
	}
	var programs []string
	for _, c := range consents {
		if c.ActiveAt(a.now()) && slices.Contains(c.Categories, onward.CategoryAssessments) && !slices.Contains(programs, c.ProgramID) {
			programs = append(programs, c.ProgramID)
		}
	}
	if len(programs) == 1 {
		rec.ProgramID = programs[0]
	}
	return nil
}

// careContext fills in the program a care team records for (the one
// whose consent in force covers assessments; the newest when several do)
// and, when the care team gave none, the member's level of care from
// their enrolment there. Without such a consent it leaves the program
// empty, and the policy refuses the write.
func (a *App) careContext(ctx context.Context, staff *onward.User, rec *onward.Assessment) error {
	member, err := a.CareMemberOf(ctx, staff, rec.UserID)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	rec.ProgramID = member.ProgramID
	if rec.LevelOfCare != "" {
		return nil
	}
	e, err := a.store.ActiveEnrolment(ctx, rec.ProgramID, rec.UserID)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if e.LevelOfCare != "none" && slices.Contains(onward.TreatmentLevels, e.LevelOfCare) {
		rec.LevelOfCare = e.LevelOfCare
	}
	return nil
}

// caseloadEvents are the caseload flags a new result raises: PHQ-9 item 9
// above 0 whatever the total, and a COWS whose band is above the one of
// the latest COWS before it in the same induction series. BAM raises none:
// its developers publish no cut-offs (docs/instruments.md), and a vendor's
// are unverified.
func caseloadEvents(def *instrument.Definition, previous, rec *onward.Assessment) []string {
	var out []string
	if rec.HasFlag(instrument.FlagSuicideRisk) {
		out = append(out, caseload.FlagSuicideItem)
	}
	if def.ID == instrument.COWS && previous != nil && !rec.Baseline && rec.TakenAt.After(previous.TakenAt) &&
		bandRank(def, rec.Band) > bandRank(def, previous.Band) {
		out = append(out, caseload.FlagCOWSRising)
	}
	return out
}

// bandRank is a band's place in the definition, lowest first.
func bandRank(def *instrument.Definition, band string) int {
	return slices.IndexFunc(def.Bands, func(b instrument.Band) bool { return b.ID == band })
}

// scoringOptions are the settings a score is read with: for a COWS, the
// program's buprenorphine-start threshold.
func (a *App) scoringOptions(ctx context.Context, instrumentID, programID string) (instrument.Options, error) {
	if instrumentID != instrument.COWS {
		return instrument.Options{}, nil
	}
	threshold, err := a.BuprenorphineThreshold(ctx, programID)
	return instrument.Options{BuprenorphineStartThreshold: threshold}, err
}

// scoreInto scores rec's answers and keeps the engine's result in rec.
func scoreInto(def *instrument.Definition, opts instrument.Options, rec *onward.Assessment) error {
	result, err := def.Score(rec.Answers, opts)
	if err != nil {
		return err
	}
	rec.Total, rec.Subscales, rec.Flags, rec.Band = result.Total, result.Subscales, []string{}, ""
	if result.Band != nil {
		rec.Band = result.Band.ID
	}
	for _, f := range result.Flags {
		rec.Flags = append(rec.Flags, f.Code)
	}
	if def.ID == instrument.COWS {
		rec.BuprenorphineThreshold = opts.BuprenorphineStartThreshold
	}
	return nil
}

// BuprenorphineThreshold is the COWS total at which the program considers
// a first buprenorphine dose: its own setting, else the default (8, CA
// Bridge); the default too when no program is known.
func (a *App) BuprenorphineThreshold(ctx context.Context, programID string) (int, error) {
	if programID == "" {
		return instrument.DefaultBuprenorphineStartThreshold, nil
	}
	n, err := a.store.BuprenorphineStartThreshold(ctx, programID)
	if err != nil || n == 0 {
		return instrument.DefaultBuprenorphineStartThreshold, err
	}
	return n, nil
}

// AssessmentResult is one stored assessment with the baseline it is
// compared with.
type AssessmentResult struct {
	onward.Assessment
	// Compared is the baseline this result is read against: the latest
	// baseline taken at or before it; nil for a baseline itself.
	Compared *onward.Assessment
	// Change is the total's change from Compared, and SubscaleChange each
	// subscale's (BAM).
	Change         int
	SubscaleChange map[string]int
}

// AssessmentTrend is a member's results on one instrument, oldest first.
type AssessmentTrend struct {
	Instrument *instrument.Definition
	Results    []AssessmentResult
}

// Latest is the newest result.
func (t AssessmentTrend) Latest() AssessmentResult { return t.Results[len(t.Results)-1] }

// Series is the results since the latest baseline: for a COWS, the
// current induction series.
func (t AssessmentTrend) Series() []AssessmentResult {
	start := 0
	for i, r := range t.Results {
		if r.Baseline {
			start = i
		}
	}
	return t.Results[start:]
}

// Assessments reads a member's assessments (of one instrument, or all
// when instrument is ""), by instrument in the registry's order, each
// with its change from baseline. Anyone other than the member needs the
// member's consent covering assessments; the read is recorded either way.
func (a *App) Assessments(ctx context.Context, viewer onward.Principal, memberID, instrumentID string) ([]AssessmentTrend, error) {
	if !sqlstore.IsStoredID(memberID) {
		return nil, errNoMember
	}
	rd, err := a.readAll(ctx, viewer, memberID, onward.CategoryAssessments)
	if err != nil {
		return nil, err
	}
	list, err := rd.Assessments(ctx, instrumentID)
	if err != nil {
		return nil, err
	}
	return trends(list), nil
}

// trends groups assessments (oldest first) by instrument, in the order
// instrument.All lists them, and compares each with its baseline.
func trends(list []onward.Assessment) []AssessmentTrend {
	var out []AssessmentTrend
	for _, def := range instrument.All() {
		t := AssessmentTrend{Instrument: def}
		var baseline *onward.Assessment
		for i := range list {
			if list[i].Instrument != def.ID {
				continue
			}
			r := AssessmentResult{Assessment: list[i]}
			if r.Baseline || baseline == nil {
				baseline = &list[i]
			} else {
				r.Compared, r.Change = baseline, r.Total-baseline.Total
				if r.Subscales != nil {
					r.SubscaleChange = map[string]int{}
					for k, v := range r.Subscales {
						r.SubscaleChange[k] = v - baseline.Subscales[k]
					}
				}
			}
			t.Results = append(t.Results, r)
		}
		if len(t.Results) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// Assessment reads one of a member's assessments, with its baseline.
func (a *App) Assessment(ctx context.Context, viewer onward.Principal, memberID, id string) (*AssessmentResult, error) {
	if !sqlstore.IsStoredID(id) {
		return nil, onward.NewError(onward.ENOTFOUND, "assessment.not_found")
	}
	rd, err := a.readAll(ctx, viewer, memberID, onward.CategoryAssessments)
	if err != nil {
		return nil, err
	}
	one, err := rd.Assessment(ctx, id)
	if err != nil {
		return nil, err
	}
	list, err := rd.Assessments(ctx, one.Instrument)
	if err != nil {
		return nil, err
	}
	for _, t := range trends(list) {
		for _, r := range t.Results {
			if r.ID == id {
				return &r, nil
			}
		}
	}
	return &AssessmentResult{Assessment: *one}, nil
}

// SafetyFlagsSince returns the member's assessments taken since since that
// raised a safety flag (PHQ-9 item 9 above 0), oldest first. It is the
// hook for a care team's caseload and alerts: the viewer needs the
// member's consent covering assessments, and the read is recorded.
func (a *App) SafetyFlagsSince(ctx context.Context, viewer onward.Principal, memberID string, since time.Time) ([]onward.Assessment, error) {
	if !sqlstore.IsStoredID(memberID) {
		return nil, errNoMember
	}
	rd, err := a.readAll(ctx, viewer, memberID, onward.CategoryAssessments)
	if err != nil {
		return nil, err
	}
	return rd.SafetyFlagsSince(ctx, since)
}

// CareMember is a member who shares assessments with one of the staff
// member's programs, as the staff know them from the consent.
type CareMember struct {
	MemberID    string
	Name        string // the name the member typed on the consent
	ProgramID   string
	ProgramName string
	ConsentID   string
}

// AssessmentCareMembers lists the members whose consent in force lets the
// staff member's programs see and record assessments, by name. Listing
// them reads no assessment.
func (a *App) AssessmentCareMembers(ctx context.Context, staff *onward.User) ([]CareMember, error) {
	consents, err := a.store.ProgramConsentsToStaff(ctx, staff.ID)
	if err != nil {
		return nil, err
	}
	out := a.careMembers(consents)
	slices.SortStableFunc(out, func(x, y CareMember) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

// CareMemberOf returns how the staff member's programs know memberID, or
// ENOTFOUND when no consent in force covers assessments.
func (a *App) CareMemberOf(ctx context.Context, staff *onward.User, memberID string) (*CareMember, error) {
	consents, err := a.store.MemberConsentsToStaff(ctx, staff.ID, memberID)
	if err != nil {
		return nil, err
	}
	if list := a.careMembers(consents); len(list) > 0 {
		return &list[0], nil
	}
	return nil, errNoMember
}

// careMembers keeps the consents in force covering assessments, one per
// member: the newest (consents come newest first), which names them.
func (a *App) careMembers(consents []onward.ProgramConsent) []CareMember {
	var out []CareMember
	for _, c := range consents {
		if !c.ActiveAt(a.now()) || !slices.Contains(c.Categories, onward.CategoryAssessments) ||
			slices.ContainsFunc(out, func(m CareMember) bool { return m.MemberID == c.MemberID }) {
			continue
		}
		out = append(out, CareMember{MemberID: c.MemberID, Name: c.PatientName, ProgramID: c.ProgramID, ProgramName: c.ProgramName, ConsentID: c.ID})
	}
	return out
}
