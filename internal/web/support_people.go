package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// "My people": the member's supporters and what each sees, changing and
// ending that (ending asks first, on a page of its own), the phone number
// for alerts, and every consent past and present; GET /api/v1/supporters,
// PUT /api/v1/supporters/{id}/share and DELETE /api/v1/supporters/{id}.

// supportView is the member's "My people" page.
type supportView struct {
	supportWords
	*app.SupportNetwork
	Categories    []onward.Category
	Relationships []string
	InviteURL     string // the link just made, shown once to copy
	TimeZone      *time.Location
}

// Covers reports whether consent c shares category name, for templates.
func (supportView) Covers(c onward.Consent, name onward.Category) bool { return c.Grant.Covers(name) }

// ProgramActive reports whether program consent c is in force.
func (v supportView) ProgramActive(c onward.ProgramConsent) bool { return c.ActiveAt(v.Now) }

// Record returns program consent c as a record of every element of it.
func (v supportView) Record(c onward.ProgramConsent) consentCopy {
	return consentCopy{C: c, Active: v.ProgramActive(c), TimeZone: v.TimeZone}
}

// consentCopy is one program consent as a record of every element of it,
// shown to the member and, as the copy the rule asks to go with each
// disclosure, to the program's staff.
type consentCopy struct {
	supportWords
	C        onward.ProgramConsent
	Active   bool
	TimeZone *time.Location
}

func (s *Server) supportData(r *http.Request) (pageData, *supportView, error) {
	u := state(r).user
	network, err := s.app.SupportNetwork(r.Context(), u)
	if err != nil {
		return pageData{}, nil, err
	}
	v := &supportView{SupportNetwork: network, Categories: onward.ShareCategories, Relationships: onward.Relationships,
		TimeZone: location(u.TimeZone)}
	return pageData{Title: "support.my_people", Data: v}, v, nil
}

func (s *Server) supportPage(w http.ResponseWriter, r *http.Request) error {
	data, v, err := s.supportData(r)
	if err != nil {
		return err
	}
	data.Form = map[string][]string{"phone": {v.AlertPhone}}
	return s.render(w, r, "support", data)
}

func (s *Server) changeSharingSubmit(w http.ResponseWriter, r *http.Request) error {
	share, err := onward.ParseSharing(r.PostForm["share"], r.PostForm.Get("checkins_detail") == "yes")
	if err == nil {
		err = s.app.ChangeSharing(r.Context(), state(r).user, r.PathValue("id"), share)
	}
	if err != nil {
		// The form sits in a list of supporters, so the reason comes back
		// as a message at the top of the page.
		if e, ok := err.(*onward.Error); ok && e.Code == onward.EINVALID {
			if msg, ok := e.Fields["share"]; ok {
				return s.redirect(w, r, "/support", msg.ID)
			}
		}
		return err
	}
	return s.redirect(w, r, "/support", "support.sharing_changed_it_applies_from_now_on")
}

// endSupportForm asks the member to confirm, on a page of its own, that
// sharing with one supporter should end: no JavaScript needed, and a
// stray tap on "My people" ends nothing.
func (s *Server) endSupportForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.Supporter(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, "support_end", pageData{Title: "support.stop_sharing", Data: struct {
		supportWords
		Consent *onward.Consent
	}{Consent: c}})
}

func (s *Server) endSupportSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if r.PostForm.Get("confirm") != "yes" {
		return s.redirect(w, r, "/support/"+id+"/end", "")
	}
	if err := s.app.EndSharing(r.Context(), state(r).user, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "support.sharing_ended_they_can_no_longer_see")
}

func (s *Server) alertPhoneSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	if err := s.app.SaveAlertPhone(r.Context(), state(r).user, f.str("phone")); err != nil {
		data, _, loadErr := s.supportData(r)
		if loadErr != nil {
			return loadErr
		}
		return s.renderForm(w, r, "support", data, err)
	}
	return s.redirect(w, r, "/support", "support.your_phone_number_for_alerts_is_saved")
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

func (s *Server) apiSupporters(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.SupportNetwork(r.Context(), state(r).user)
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
	share, err := onward.ParseSharing(req.Share, req.CheckinsDetail)
	if err != nil {
		return err
	}
	if err := s.app.ChangeSharing(r.Context(), state(r).user, r.PathValue("id"), share); err != nil {
		return err
	}
	return s.apiSupporters(w, r)
}

func (s *Server) apiEndSupport(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.EndSharing(r.Context(), state(r).user, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func nonNil(cs []onward.Category) []onward.Category {
	if cs == nil {
		return []onward.Category{}
	}
	return cs
}
