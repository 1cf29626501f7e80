package export

import (
	"time"

	"github.com/onward-recovery/onward/internal/fhir"
)

// The continuum of care in the FHIR Bundle: an EpisodeOfCare for each
// level-of-care segment of each treatment episode, and an Encounter for
// each session the member attended (attended or late), pointing to the
// segment it fell in. Levels, session kinds and formats are coded in
// Onward's own code systems (docs/export.md).

// Attendance values that mean the member was there.
var attendedValues = map[string]bool{"attended": true, "late": true}

// careResources returns the Bundle entries of the member's treatment.
func (d *Document) careResources(patient fhir.Reference, codes string) []fhir.BundleEntry {
	var out []fhir.BundleEntry
	type span struct {
		id          string
		start, stop time.Time // stop is zero while open
	}
	segmentsOf := map[string][]span{}
	for _, e := range d.TreatmentEpisodes {
		program := &fhir.Reference{Display: e.ProgramName}
		for _, g := range e.Segments {
			r := &fhir.EpisodeOfCare{ResourceType: "EpisodeOfCare", ID: g.ID, Status: "active", Patient: patient,
				ManagingOrganization: program, Period: &fhir.Period{Start: g.Start.String()},
				Type: []fhir.CodeableConcept{fhir.Concept(codes+"care-level", g.Level, "")}}
			s := span{id: g.ID, start: time.Date(g.Start.Year, g.Start.Month, g.Start.Day, 0, 0, 0, 0, time.UTC)}
			if g.End != nil {
				r.Status, r.Period.End = "finished", g.End.String()
				s.stop = time.Date(g.End.Year, g.End.Month, g.End.Day, 0, 0, 0, 0, time.UTC).Add(24 * time.Hour)
			}
			segmentsOf[e.EnrolmentID] = append(segmentsOf[e.EnrolmentID], s)
			out = append(out, fhir.BundleEntry{FullURL: entryURL(g.ID), Resource: r})
		}
	}
	for _, s := range d.TreatmentSessions {
		if s.Cancelled || !attendedValues[s.Attendance] {
			continue
		}
		end := s.StartsAt.Add(time.Duration(s.Minutes) * time.Minute)
		r := &fhir.Encounter{ResourceType: "Encounter", ID: s.ID, Status: "finished",
			Class:   fhir.Coding{System: fhir.SystemActCode, Code: "AMB", Display: "ambulatory"},
			Type:    []fhir.CodeableConcept{fhir.Concept(codes+"session-kind", s.Kind, ""), fhir.Concept(codes+"session-format", s.Format, "")},
			Subject: &patient, Period: &fhir.Period{Start: instant(s.StartsAt), End: instant(end)},
			Length:          &fhir.Quantity{Value: float64(s.Minutes), Unit: "min", System: fhir.SystemUCUM, Code: "min"},
			ServiceProvider: &fhir.Reference{Display: s.ProgramName}}
		// The segment whose days hold the session (the session's UTC day,
		// within a day of the member's own).
		for _, g := range segmentsOf[s.EnrolmentID] {
			if !s.StartsAt.Before(g.start) && (g.stop.IsZero() || s.StartsAt.Before(g.stop)) {
				r.EpisodeOfCare = []fhir.Reference{{Reference: entryURL(g.id)}}
			}
		}
		out = append(out, fhir.BundleEntry{FullURL: entryURL(s.ID), Resource: r})
	}
	return out
}
