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
	return s.render(w, r, "support", pageData{Title: "My people", Data: v})
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
		return shareChoice{}, &onward.Error{Code: onward.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"share": "Choose only from the listed categories."}}
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
		Subject: translatef(member.Locale, "An invitation from %s on Onward", member.DisplayName),
		Body:    translatef(member.Locale, "%s would like you in their support network on Onward. Open this link within 7 days to accept:\n\n%s\n\nIf you were not expecting this, you can ignore this email.\n", member.DisplayName, link),
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
	data := pageData{Title: "My people", Data: v, Form: f}
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
	return s.redirect(w, r, "/support", "The invitation was withdrawn. Its link no longer works.")
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
		if e, ok := err.(*onward.Error); ok && e.Code == onward.EINVALID && e.Fields["share"] != "" {
			return s.redirect(w, r, "/support", e.Fields["share"])
		}
		return err
	}
	return s.redirect(w, r, "/support", "Sharing changed. It applies from now on.")
}

func (s *Server) endSupportSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.EndSupport(r.Context(), u.ID, r.PathValue("id")) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "Sharing ended. They can no longer see anything of yours.")
}

// shareLabels name the share categories on the pages (English; the
// templates translate them).
var shareLabels = map[onward.Category]string{
	onward.CategoryMilestones:  "Clean time and milestones",
	onward.CategoryCheckins:    "Daily check-ins",
	onward.CategoryAlerts:      "Alerts when I ask for support",
	onward.CategoryMedication:  "Medication",
	onward.CategoryAssessments: "Questionnaire results",
	onward.CategoryTests:       "Test results",
	onward.CategoryTreatment:   "Treatment and appointments",
}

// relationshipLabels name who a supporter is to the member.
var relationshipLabels = map[string]string{
	"family": "Family", "friend": "Friend", "sponsor": "Sponsor", "peer": "Peer", "other": "Other", "": "Supporter",
}

// CategoryLabel and RelationshipLabel name values for templates.
func (supportView) CategoryLabel(c onward.Category) string  { return shareLabels[c] }
func (supportView) RelationshipLabel(r string) string       { return relationshipLabels[r] }
func (sharedMember) CategoryLabel(c onward.Category) string { return shareLabels[c] }
func (sharedMember) RelationshipLabel(r string) string      { return relationshipLabels[r] }
