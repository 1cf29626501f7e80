package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

type invitationRequest struct {
	Email          string   `json:"email"`
	Relationship   string   `json:"relationship"`
	Share          []string `json:"share"`
	CheckinsDetail bool     `json:"checkins_detail"`
}

type shareRequest struct {
	Share          []string `json:"share"`
	CheckinsDetail bool     `json:"checkins_detail"`
}

type supporterJSON struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Relationship   string            `json:"relationship"`
	Share          []onward.Category `json:"share"`
	CheckinsDetail bool              `json:"checkins_detail"`
	Since          time.Time         `json:"since"`
	ConsentID      string            `json:"consent_id"`
	Purpose        string            `json:"purpose"`
}

type supportedJSON struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Active         bool              `json:"active"`
	Relationship   string            `json:"relationship,omitempty"`
	Share          []onward.Category `json:"share"`
	CheckinsDetail bool              `json:"checkins_detail"`
}

func (s *Server) apiCreateInvitation(w http.ResponseWriter, r *http.Request) error {
	var req invitationRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	link, err := s.createInvitation(r.Context(), state(r).user, inviteInput{Email: req.Email, Relationship: req.Relationship,
		Share: req.Share, Detail: req.CheckinsDetail})
	if err != nil {
		return err
	}
	code := link[len(s.cfg.BaseURL+"/invite/"):]
	writeJSON(w, http.StatusCreated, map[string]string{"code": code, "url": link})
	return nil
}

func (s *Server) apiAcceptInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := s.acceptInvitation(r, r.PathValue("code")); err != nil {
		return err
	}
	return s.apiSupporting(w, r)
}

func (s *Server) apiSupporters(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadSupportView(r.Context(), state(r).user.ID)
	if err != nil {
		return err
	}
	out := []supporterJSON{}
	for _, c := range v.Supporters {
		out = append(out, supporterJSON{ID: c.Grant.GranteeID, Name: c.GranteeName, Relationship: c.Relationship,
			Share: nonNil(c.Grant.Categories), CheckinsDetail: c.CheckinsDetail, Since: c.Grant.StartsAt, ConsentID: c.Grant.ID, Purpose: c.Purpose})
	}
	writeJSON(w, http.StatusOK, map[string]any{"supporters": out})
	return nil
}

func (s *Server) apiChangeSharing(w http.ResponseWriter, r *http.Request) error {
	var req shareRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	share, err := parseShare(req.Share, req.CheckinsDetail)
	if err != nil {
		return err
	}
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error {
		return tx.ChangeSharing(r.Context(), u.ID, r.PathValue("id"), share.Categories, share.Detail)
	}); err != nil {
		return err
	}
	return s.apiSupporters(w, r)
}

func (s *Server) apiEndSupport(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.EndSupport(r.Context(), u.ID, r.PathValue("id")) }); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSupporting(w http.ResponseWriter, r *http.Request) error {
	members, err := s.sharingWith(r.Context(), principal(r))
	if err != nil {
		return err
	}
	out := []supportedJSON{}
	for _, m := range members {
		out = append(out, supportedJSON{ID: m.MemberID, Name: m.Name, Active: m.Active, Relationship: m.Relationship,
			Share: nonNil(m.Categories), CheckinsDetail: m.CheckinsDetail})
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
	return nil
}

// sharedFor loads what the viewer may see of the member in the path, and
// refuses when category is not shared now (ended sharing included).
func (s *Server) sharedFor(r *http.Request, category onward.Category) (*sharedMember, error) {
	m, err := s.sharedMemberFor(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !m.Active || !m.Shares(string(category)) {
		return nil, onward.NewError(onward.EFORBIDDEN, "common.you_do_not_have_access_to_this")
	}
	return m, nil
}

func (s *Server) apiMemberRecovery(w http.ResponseWriter, r *http.Request) error {
	m, err := s.sharedFor(r, onward.CategoryMilestones)
	if err != nil {
		return err
	}
	out := map[string]any{"id": m.MemberID, "name": m.Name, "onboarded": m.Recovery.Onboarded}
	if m.Recovery.Onboarded {
		sum, locale := m.Recovery.Summary, state(r).locale
		reached := []milestoneJSON{}
		for _, ms := range sum.Reached {
			reached = append(reached, milestoneJSON{ID: ms.ID, Name: translateMsg(locale, ms.Name), On: ms.On.String(), KeytagColour: ms.KeytagColour})
		}
		out["current_streak_days"], out["total_days"], out["longest_streak_days"] = sum.CurrentStreakDays, sum.TotalDays, sum.LongestStreakDays
		out["stage"] = stageJSON{ID: sum.Stage.ID, Name: translateMsg(locale, sum.Stage.Name), Focus: translateMsg(locale, sum.Stage.Focus)}
		out["milestones_reached"] = reached
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type sharedDayJSON struct {
	Day       string       `json:"day"`
	CheckedIn bool         `json:"checked_in"`
	Mood      int          `json:"mood,omitempty"`
	Craving   *int         `json:"craving,omitempty"`
	Answers   *checkInJSON `json:"answers,omitempty"` // detail only; never the note
}

func (s *Server) apiMemberCheckIns(w http.ResponseWriter, r *http.Request) error {
	m, err := s.sharedFor(r, onward.CategoryCheckins)
	if err != nil {
		return err
	}
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
	writeJSON(w, http.StatusOK, map[string]any{"id": m.MemberID, "detail": m.CheckIns.Detail, "days_checked_in": m.CheckIns.CheckedIn,
		"average_mood": m.CheckIns.AvgMood, "average_craving": m.CheckIns.AvgCraving, "days": days})
	return nil
}

func nonNil(cs []onward.Category) []onward.Category {
	if cs == nil {
		return []onward.Category{}
	}
	return cs
}
