package onward

import (
	"slices"
	"strings"
	"time"
)

// The support network (docs/support.md): a member invites the people who
// support them by a one-time link and chooses, for each, which categories
// they see. Each grant made that way is a consent record.

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// SupportPurpose is the purpose written on every consent made through an
// invitation: the member asked for this person's support.
const SupportPurpose = "support in recovery, at the member's request"

// Relationships are who a supporter is to the member.
var Relationships = []string{"family", "friend", "sponsor", "peer", "other"}

// maxShareItems bounds a share list: there are only seven categories, so
// anything longer is not a person's choice.
const maxShareItems = 16

// Invitation is a member's one-time link asking someone to support them.
// The code itself is never stored, only its hash.
type Invitation struct {
	ID             string
	MemberID       string
	MemberName     string
	Email          string // where the link was sent; "" when copied by hand
	Relationship   string
	Categories     []Category
	CheckinsDetail bool // check-ins shared in detail rather than as a summary
	CreatedAt      time.Time
	ExpiresAt      time.Time
	WithdrawnAt    *time.Time
	UsedAt         *time.Time
}

// ErrInvitationUsed is the answer to a second use of an invitation.
var ErrInvitationUsed = NewError(ECONFLICT, "support.this_invitation_has_already_been_used")

// Usable says why the invitation cannot be accepted by supporterID at now,
// or nil when it can. A visitor has supporterID "": nothing about them is
// known yet.
func (inv *Invitation) Usable(now time.Time, supporterID string) error {
	switch {
	case inv.MemberID == supporterID:
		return NewError(EINVALID, "support.this_is_your_own_invitation_send_the")
	case inv.UsedAt != nil:
		return ErrInvitationUsed
	case inv.WithdrawnAt != nil:
		return NewError(ECONFLICT, "support.this_invitation_was_withdrawn_and_no")
	case !now.Before(inv.ExpiresAt):
		return NewError(ECONFLICT, "support.this_invitation_has_expired_invitations")
	}
	return nil
}

// Validate checks what the member chose for a new invitation: an address
// (optional), who the person is to them and what they will see.
func (inv *Invitation) Validate() error {
	errs := FieldErrors{}
	inv.Email = NormalizeEmail(inv.Email)
	if inv.Email != "" {
		ValidateEmail(errs, "email", inv.Email)
	}
	if !slices.Contains(Relationships, inv.Relationship) {
		errs.Add("relationship", "support.choose_who_this_person_is_to_you")
	}
	errs.AddFrom(ValidateSharing(inv.Categories, inv.CheckinsDetail))
	return errs.Err()
}

// Consent is one grant to a person as a consent record: who shares what
// with whom, why, from when and until when.
type Consent struct {
	Grant          Grant
	SubjectName    string
	GranteeName    string
	GranteeEmail   string
	Relationship   string // "" for a grant not made through an invitation
	CheckinsDetail bool
	Purpose        string
}

// Sharing is what a member chose to show one person: the categories and
// whether check-ins come in detail.
type Sharing struct {
	Categories     []Category
	CheckinsDetail bool
}

// ParseSharing reads a share list as a form or a JSON body gives it:
// bounded, trimmed, without duplicates, checked with ValidateSharing.
func ParseSharing(names []string, checkinsDetail bool) (Sharing, error) {
	if len(names) > maxShareItems {
		return Sharing{}, Invalid("share", "support.choose_only_from_the_listed_categories")
	}
	s := Sharing{CheckinsDetail: checkinsDetail}
	for _, n := range names {
		if c := Category(strings.TrimSpace(n)); !slices.Contains(s.Categories, c) {
			s.Categories = append(s.Categories, c)
		}
	}
	return s, ValidateSharing(s.Categories, checkinsDetail)
}

// ValidateSharing checks what a member chose to share: known categories
// only, never the journal, and the detail flag only with check-ins.
func ValidateSharing(categories []Category, checkinsDetail bool) error {
	errs := FieldErrors{}
	for _, c := range categories {
		if c == CategoryJournal {
			errs.Add("share", "support.the_journal_is_private_and_cannot_be")
		} else if !c.Shareable() {
			errs.Add("share", "support.choose_only_from_the_listed_categories")
		}
	}
	if checkinsDetail && !slices.Contains(categories, CategoryCheckins) {
		errs.Add("share", "support.checkin_detail_can_only_be_shared")
	}
	return errs.Err()
}

// ValidatePhone checks a phone number a member gives for the people who
// see their alerts; "" (none) is allowed.
func ValidatePhone(errs FieldErrors, field, phone string) {
	if phone != "" && !validPhone(phone) {
		errs.Add(field, "support.enter_your_phone_number_with_digits")
	}
}
