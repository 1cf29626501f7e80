package sqlstore

import (
	"context"
	"math"
	"time"

	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/recovery"
)

// treatmentExport reads the subject's treatment episodes (an open level
// of care closed at the enrolment's discharge, on the member's day in
// loc) and sessions for the export, oldest first.
func (r *Reader) treatmentExport(ctx context.Context, loc *time.Location) ([]export.TreatmentEpisode, []export.TreatmentSession, error) {
	episodes, sessions := []export.TreatmentEpisode{}, []export.TreatmentSession{}
	enrolments, err := r.s.EnrolmentsOfMember(ctx, r.d.subject)
	if err != nil {
		return nil, nil, err
	}
	// EnrolmentsOfMember lists newest first.
	for i := len(enrolments) - 1; i >= 0; i-- {
		e := enrolments[i]
		ep, err := r.Episode(ctx, e.ID)
		if err != nil {
			return nil, nil, err
		}
		if e.EndedAt != nil {
			closed := ep.ClosedAt(recovery.DateOf(*e.EndedAt, loc), e.EndReason)
			ep = &closed
		}
		out := export.TreatmentEpisode{EnrolmentID: e.ID, ProgramName: e.ProgramName, Status: string(e.Status), StartedAt: utc(e.StartedAt),
			EndedAt: utc(e.EndedAt), DischargeReason: e.EndReason, NextLevel: ep.NextLevel, AgeGroup: ep.AgeGroup, Segments: []export.CareSegment{}}
		for _, g := range ep.Segments {
			out.Segments = append(out.Segments, export.CareSegment{ID: g.ID, Level: g.Level, Start: g.Start, End: g.End, EndReason: g.EndReason})
		}
		episodes = append(episodes, out)
	}
	list, err := r.Sessions(ctx, MemberSessionFilter{From: time.Unix(0, 0), To: time.Unix(math.MaxInt32, 0)})
	if err != nil {
		return nil, nil, err
	}
	for _, s := range list {
		sessions = append(sessions, export.TreatmentSession{ID: s.ID, EnrolmentID: s.Members[0].EnrolmentID, ProgramName: s.ProgramName,
			Format: s.Format, Kind: s.Kind, StartsAt: s.StartsAt.UTC(), Minutes: s.Minutes, Location: s.Location,
			Cancelled: s.CancelledAt != nil, Attendance: s.Members[0].Attendance})
	}
	return episodes, sessions, nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
