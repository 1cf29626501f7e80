package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// maxShareItems bounds a share list; there are only seven categories.
const maxShareItems = 16

// supportView is the member's "My people" page.
type supportView struct {
	Supporters    []sqlstore.Consent // consents in force, one per supporter
	Invitations   []sqlstore.Invitation
	Consents      []sqlstore.Consent // every consent, past and present
	Programs      programConsentList // consents to treatment programs, past and present
	Categories    []onward.Category
	Relationships []string
	InviteURL     string // the link just made, shown once to copy
}

// Covers reports whether consent c shares category name, for templates.
func (supportView) Covers(c sqlstore.Consent, name onward.Category) bool { return c.Grant.Covers(name) }

func (s *Server) loadSupportView(ctx context.Context, memberID string) (*supportView, error) {
	v := &supportView{Categories: onward.ShareCategories, Relationships: sqlstore.Relationships}
	var err error
	if v.Consents, err = s.store.Consents(ctx, memberID); err != nil {
		return nil, err
	}
	if v.Invitations, err = s.store.PendingInvitations(ctx, memberID); err != nil {
		return nil, err
	}
	if v.Programs, err = s.loadProgramConsentList(ctx, memberID); err != nil {
		return nil, err
	}
	now := s.now()
	for _, c := range v.Consents {
		if c.Grant.ActiveAt(now) {
			v.Supporters = append(v.Supporters, c)
		}
	}
	return v, nil
}

func (s *Server) supportPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadSupportView(r.Context(), state(r).user.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, "support", pageData{Title: "support.my_people", Data: v})
}

// shareChoice is what a form or JSON body asks to share.
type shareChoice struct {
	Categories []onward.Category
	Detail     bool
}

// parseShare reads a share list: bounded, without duplicates, checked
// against the categories that may be shared.
func parseShare(names []string, detail bool) (shareChoice, error) {
	if len(names) > maxShareItems {
		return shareChoice{}, onward.Invalid("share", "support.choose_only_from_the_listed_categories")
	}
	var cats []onward.Category
	for _, n := range names {
		c := onward.Category(strings.TrimSpace(n))
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	return shareChoice{Categories: cats, Detail: detail}, sqlstore.ValidateSharing(cats, detail)
}

// inviteInput is a new invitation as asked for by a form or the API.
type inviteInput struct {
	Email        string
	Relationship string
	Share        []string
	Detail       bool
}

// createInvitation stores an invitation, emails the link when an address
// was given, and returns the link.
func (s *Server) createInvitation(ctx context.Context, member *onward.User, in inviteInput) (string, error) {
	errs := onward.FieldErrors{}
	email := onward.NormalizeEmail(in.Email)
	if email != "" {
		onward.ValidateEmail(errs, "email", email)
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	share, err := parseShare(in.Share, in.Detail)
	if err != nil {
		return "", err
	}
	code := auth.NewToken("")
	inv := &sqlstore.Invitation{MemberID: member.ID, Email: email, Relationship: in.Relationship,
		Categories: share.Categories, CheckinsDetail: share.Detail}
	if err := s.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateInvitation(ctx, inv, auth.HashToken(code)) }); err != nil {
		return "", err
	}
	link := s.cfg.BaseURL + "/invite/" + code
	if email == "" {
		return link, nil
	}
	// The subject and body say nothing about health or recovery: the
	// email may be read by someone else.
	msg := notify.Email{
		To:      email,
		Subject: translate(member.Locale, "support.an_invitation_from_on_onward", "DisplayName", member.DisplayName),
		Body:    translate(member.Locale, "support.would_like_you_in_their_support_network_2", "DisplayName", member.DisplayName, "Link", link),
	}
	if err := s.mailer.Send(ctx, msg); err != nil {
		return "", fmt.Errorf("send invitation email: %w", err)
	}
	return link, nil
}

func (s *Server) inviteSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := r.PostForm
	link, err := s.createInvitation(r.Context(), u, inviteInput{Email: f.Get("email"), Relationship: f.Get("relationship"),
		Share: f["share"], Detail: f.Get("checkins_detail") == "yes"})
	v, loadErr := s.loadSupportView(r.Context(), u.ID)
	if loadErr != nil {
		return loadErr
	}
	data := pageData{Title: "support.my_people", Data: v, Form: f}
	if err != nil {
		return s.renderForm(w, r, "support", data, err)
	}
	// The code is shown once, here, so the member can copy it; only its
	// hash is stored.
	v.InviteURL, data.Form = link, url.Values{}
	return s.render(w, r, "support", data)
}

func (s *Server) withdrawInvitation(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.WithdrawInvitation(r.Context(), u.ID, r.PathValue("id")) })
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "support.the_invitation_was_withdrawn_its_link_no")
}

func (s *Server) changeSharingSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	share, err := parseShare(r.PostForm["share"], r.PostForm.Get("checkins_detail") == "yes")
	if err == nil {
		err = s.store.Write(r.Context(), func(tx *sqlstore.Tx) error {
			return tx.ChangeSharing(r.Context(), u.ID, r.PathValue("id"), share.Categories, share.Detail)
		})
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

func (s *Server) endSupportSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.EndSupport(r.Context(), u.ID, r.PathValue("id")) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "support.sharing_ended_they_can_no_longer_see")
}

// shareLabels name the share categories on the pages (English; the
// templates translate them).
var shareLabels = map[onward.Category]string{
	onward.CategoryMilestones:  "support.clean_time_and_milestones",
	onward.CategoryCheckins:    "support.daily_checkins",
	onward.CategoryAlerts:      "support.alerts_when_i_ask_for_support",
	onward.CategoryMedication:  "directory.medication",
	onward.CategoryAssessments: "support.questionnaire_results",
	onward.CategoryTests:       "support.test_results",
	onward.CategoryTreatment:   "support.treatment_and_appointments",
}

// relationshipLabels name who a supporter is to the member.
var relationshipLabels = map[string]string{
	"family": "support.family", "friend": "support.friend", "sponsor": "support.sponsor", "peer": "support.peer", "other": "support.other_text", "": "support.supporter",
}

// CategoryLabel and RelationshipLabel name values for templates.
func (supportView) CategoryLabel(c onward.Category) string  { return shareLabels[c] }
func (supportView) RelationshipLabel(r string) string       { return relationshipLabels[r] }
func (sharedMember) CategoryLabel(c onward.Category) string { return shareLabels[c] }
func (sharedMember) RelationshipLabel(r string) string      { return relationshipLabels[r] }
