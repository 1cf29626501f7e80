package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// "People I support": what the members who share with the signed-in
// person show them (GET /supporting, GET /api/v1/supporting), and one
// member's clean time or check-ins (GET /api/v1/members/{id}/recovery and
// /checkins). Each response reads, and so records in the member's "who
// has seen my data", exactly the categories it contains.

// sharedMemberView is one member on "People I support".
type sharedMemberView struct {
	supportWords
	app.SharedMember
}

func (s *Server) supportingPage(w http.ResponseWriter, r *http.Request) error {
	members, err := s.app.Supporting(r.Context(), principal(r))
	if err != nil {
		return err
	}
	views := make([]sharedMemberView, len(members))
	for i, m := range members {
		views[i] = sharedMemberView{SharedMember: m}
	}
	return s.render(w, r, "supporting", pageData{Title: "support.people_i_support", Data: views})
}

type supportedJSON struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Active         bool              `json:"active"`
	Relationship   string            `json:"relationship,omitempty"`
	Share          []onward.Category `json:"share"`
	CheckinsDetail bool              `json:"checkins_detail"`
}

func (s *Server) apiSupporting(w http.ResponseWriter, r *http.Request) error {
	members, err := s.app.SharingWithMe(r.Context(), principal(r))
	if err != nil {
		return err
	}
	out := []supportedJSON{}
	for _, m := range members {
		out = append(out, supportedJSON{ID: m.MemberID, Name: m.Name, Active: m.Active, Relationship: m.Relationship,
			Share: nonNil(m.Sharing.Categories), CheckinsDetail: m.Sharing.CheckinsDetail})
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
	return nil
}

func (s *Server) apiMemberRecovery(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.SharedRecovery(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sharedRecoveryJSON(state(r).locale, *m))
	return nil
}

// sharedRecoveryJSON is the clean time and milestones m shares (SharedRecovery).
func sharedRecoveryJSON(locale string, m app.SharedMember) map[string]any {
	out := map[string]any{"id": m.MemberID, "name": m.Name, "onboarded": m.Recovery.Onboarded}
	if m.Recovery.Onboarded {
		sum := m.Recovery.Summary
		reached := []milestoneJSON{}
		for _, ms := range sum.Reached {
			reached = append(reached, milestoneJSON{ID: ms.ID, Name: translateMsg(locale, ms.Name), On: ms.On.String(), KeytagColour: ms.KeytagColour})
		}
		out["current_streak_days"], out["total_days"], out["longest_streak_days"] = sum.CurrentStreakDays, sum.TotalDays, sum.LongestStreakDays
		out["stage"] = stageJSON{ID: sum.Stage.ID, Name: translateMsg(locale, sum.Stage.Name), Focus: translateMsg(locale, sum.Stage.Focus)}
		out["milestones_reached"] = reached
	}
	return out
}

type sharedDayJSON struct {
	Day       string       `json:"day"`
	CheckedIn bool         `json:"checked_in"`
	Mood      int          `json:"mood,omitempty"`
	Craving   *int         `json:"craving,omitempty"`
	Answers   *checkInJSON `json:"answers,omitempty"` // detail only; never the note
}

func (s *Server) apiMemberCheckIns(w http.ResponseWriter, r *http.Request) error {
	m, err := s.app.SharedCheckIns(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sharedCheckInsJSON(*m))
	return nil
}

// sharedCheckInsJSON is the check-ins m shares (SharedCheckIns).
func sharedCheckInsJSON(m app.SharedMember) map[string]any {
	days := []sharedDayJSON{}
	for _, d := range m.CheckIns.Days {
		day := sharedDayJSON{Day: d.Day.String(), CheckedIn: d.CheckIn != nil}
		if c := d.CheckIn; c != nil {
			craving := c.Craving
			day.Mood, day.Craving = c.Mood, &craving
			if m.CheckIns.Detail {
				answers := toCheckInJSON(c)
				day.Answers = &answers
			}
		}
		days = append(days, day)
	}
	return map[string]any{"id": m.MemberID, "detail": m.CheckIns.Detail, "days_checked_in": m.CheckIns.CheckedIn,
		"average_mood": m.CheckIns.AvgMood, "average_craving": m.CheckIns.AvgCraving, "days": days}
}
