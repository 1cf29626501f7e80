package web

import (
	"net/http"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's treatment episode as their care team changes it, on the
// member's page (POST /program/enrolments/{id}/segments and /plan) and in
// the API (/api/v1/programs/{program}/enrolments/{id}/episode and
// /segments).

// parseDay reads a date written 2006-01-02 from field; "" is nil when
// optional. A bad date is a field error in errs.
func parseDay(errs onward.FieldErrors, field, value string, optional bool) *recovery.Date {
	value = strings.TrimSpace(value)
	if value == "" {
		if !optional {
			errs.Add(field, "continuum.enter_a_date")
		}
		return nil
	}
	d, err := recovery.ParseDate(value)
	if err != nil {
		errs.Add(field, "continuum.enter_a_date")
		return nil
	}
	return &d
}

// changeOf reads a change to an episode from its fields.
func changeOf(level, start, end, endReason, previousReason string) (continuum.Change, error) {
	errs := onward.FieldErrors{}
	c := continuum.Change{Level: level, EndReason: endReason, PreviousReason: previousReason}
	if d := parseDay(errs, "start", start, false); d != nil {
		c.Start = *d
	}
	c.End = parseDay(errs, "end", end, true)
	return c, errs.Err()
}

func (s *Server) segmentSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := r.PostForm
	c, err := changeOf(f.Get("level"), f.Get("start"), f.Get("end"), f.Get("end_reason"), f.Get("previous_reason"))
	if err == nil {
		_, err = s.app.ChangeLevelOfCare(r.Context(), state(r).user, programID, id, c)
	}
	if err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, enrolmentURL(programID, id)+"#episode", "continuum.episode_saved")
}

func (s *Server) episodePlanSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.SaveEpisodePlan(r.Context(), state(r).user, programID, id, r.PostForm.Get("next_level"), r.PostForm.Get("age_group")); err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, enrolmentURL(programID, id)+"#episode", "continuum.plan_saved")
}

type segmentJSON struct {
	ID        string  `json:"id"`
	Level     string  `json:"level"`
	ASAM      string  `json:"asam_level,omitempty"`
	Start     string  `json:"start"`
	End       *string `json:"end"`
	EndReason string  `json:"end_reason,omitempty"`
}

type episodeJSON struct {
	EnrolmentID string        `json:"enrolment_id"`
	Current     *segmentJSON  `json:"current"`
	NextLevel   string        `json:"next_level,omitempty"`
	AgeGroup    string        `json:"age_group,omitempty"`
	Segments    []segmentJSON `json:"segments"`
}

func toSegmentJSON(g continuum.Segment) segmentJSON {
	l, _ := continuum.LevelOf(g.Level)
	out := segmentJSON{ID: g.ID, Level: g.Level, ASAM: l.ASAM, Start: g.Start.String(), EndReason: g.EndReason}
	if g.End != nil {
		end := g.End.String()
		out.End = &end
	}
	return out
}

func toEpisodeJSON(ep *continuum.Episode) episodeJSON {
	out := episodeJSON{EnrolmentID: ep.EnrolmentID, NextLevel: ep.NextLevel, AgeGroup: ep.AgeGroup, Segments: []segmentJSON{}}
	for _, g := range ep.Segments {
		out.Segments = append(out.Segments, toSegmentJSON(g))
	}
	if c := ep.Current(); c != nil {
		cur := toSegmentJSON(*c)
		out.Current = &cur
	}
	return out
}

func (s *Server) apiEpisode(w http.ResponseWriter, r *http.Request) error {
	ep, err := s.app.Episode(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toEpisodeJSON(ep))
	return nil
}

func (s *Server) apiAddSegment(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Level          string `json:"level"`
		Start          string `json:"start"`
		End            string `json:"end"`
		EndReason      string `json:"end_reason"`
		PreviousReason string `json:"previous_reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := changeOf(in.Level, in.Start, in.End, in.EndReason, in.PreviousReason)
	if err != nil {
		return err
	}
	ep, err := s.app.ChangeLevelOfCare(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toEpisodeJSON(ep))
	return nil
}

func (s *Server) apiSaveEpisodePlan(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		NextLevel string `json:"next_level"`
		AgeGroup  string `json:"age_group"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.SaveEpisodePlan(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.NextLevel, in.AgeGroup); err != nil {
		return err
	}
	return s.apiEpisode(w, r)
}
