package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The support network, the member's side (docs/support.md): "My people",
// invitations, what each supporter sees, and the phone number the people
// who see the member's alerts may call. Consents and invitations are the
// member's own account records: reading them is not a disclosure.

// Invitation e-mails carry wording the member chose (their name) to any
// address they type, so an account must not become a way to mail
// strangers: at most maxInvitationEmails in any invitationEmailWindow. A
// link to copy by hand sends nothing and is not limited.
const (
	maxInvitationEmails   = 10
	invitationEmailWindow = 24 * time.Hour
)

var (
	errTooManyInvitationEmails = onward.NewError(onward.ETOOMANY, "support.you_have_sent_as_many_invitation_emails",
		"Count", maxInvitationEmails)
	errNotSupporter = onward.NewError(onward.ENOTFOUND, "support.this_person_is_not_in_your_support")
)

// SupportNetwork is the member's "My people": who sees what now, the
// invitations not yet accepted, and every consent past and present.
type SupportNetwork struct {
	Supporters  []onward.Consent // consents in force, one per supporter
	Invitations []onward.Invitation
	Consents    []onward.Consent        // every consent to a person, newest first
	Programs    []onward.ProgramConsent // every consent to a treatment program, newest first
	AlertPhone  string                  // the number the people who see alerts may call
	Now         time.Time
}

// SupportNetwork reads the member's support network.
func (a *App) SupportNetwork(ctx context.Context, member *onward.User) (*SupportNetwork, error) {
	v := &SupportNetwork{Now: a.now()}
	var err error
	if v.Consents, err = a.store.Consents(ctx, member.ID); err != nil {
		return nil, err
	}
	if v.Invitations, err = a.store.PendingInvitations(ctx, member.ID); err != nil {
		return nil, err
	}
	if v.Programs, err = a.store.ProgramConsents(ctx, member.ID); err != nil {
		return nil, err
	}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryAlerts)
	if err != nil {
		return nil, err
	}
	if v.AlertPhone, err = rd.AlertPhone(ctx); err != nil {
		return nil, err
	}
	for _, c := range v.Consents {
		if c.Grant.ActiveAt(v.Now) {
			v.Supporters = append(v.Supporters, c)
		}
	}
	return v, nil
}

// Supporter returns the consent in force from the member to supporterID,
// or ENOTFOUND: the person a confirmation page is about.
func (a *App) Supporter(ctx context.Context, member *onward.User, supporterID string) (*onward.Consent, error) {
	consents, err := a.store.ConsentsBetween(ctx, member.ID, supporterID)
	if err != nil {
		return nil, err
	}
	return consentInForce(consents, a.now())
}

func consentInForce(consents []onward.Consent, now time.Time) (*onward.Consent, error) {
	for i := range consents {
		if consents[i].Grant.ActiveAt(now) {
			return &consents[i], nil
		}
	}
	return nil, errNotSupporter
}

// NewInvitation is a member's invitation just made: the one-time code,
// shown once, and the link that carries it.
type NewInvitation struct {
	Code string
	Link string
}

// Invite records an invitation from the member and, when they gave an
// address, e-mails the link there. The e-mail says nothing about health
// or recovery: someone else may read it.
func (a *App) Invite(ctx context.Context, member *onward.User, inv *onward.Invitation) (*NewInvitation, error) {
	inv.MemberID = member.ID
	if err := inv.Validate(); err != nil {
		return nil, err
	}
	code := auth.NewToken("")
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if inv.Email != "" {
			sent, err := tx.InvitationEmailsSince(ctx, member.ID, tx.Now.Add(-invitationEmailWindow))
			if err != nil {
				return err
			}
			if sent >= maxInvitationEmails {
				return errTooManyInvitationEmails
			}
		}
		return tx.CreateInvitation(ctx, inv, auth.HashToken(code))
	})
	if err != nil {
		return nil, err
	}
	out := &NewInvitation{Code: code, Link: a.baseURL + "/invite/" + code}
	if inv.Email == "" {
		return out, nil
	}
	words := locale.Default().For(member.Locale)
	msg := notify.Email{
		To:      inv.Email,
		Subject: words.T("support.an_invitation_from_on_onward", "DisplayName", member.DisplayName),
		Body:    words.T("support.would_like_you_in_their_support_network_2", "DisplayName", member.DisplayName, "Link", out.Link),
	}
	if err := a.mailer.Send(ctx, msg); err != nil {
		return nil, fmt.Errorf("send invitation email: %w", err)
	}
	return out, nil
}

// WithdrawInvitation stops one of the member's pending invitations.
func (a *App) WithdrawInvitation(ctx context.Context, member *onward.User, id string) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.WithdrawInvitation(ctx, member.ID, id) })
}

// ChangeSharing replaces what supporterID sees: the consent in force ends
// and a new one, with the same relationship, begins, so the member's list
// of consents keeps both.
func (a *App) ChangeSharing(ctx context.Context, member *onward.User, supporterID string, share onward.Sharing) error {
	if err := onward.ValidateSharing(share.Categories, share.CheckinsDetail); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		consents, err := tx.ConsentsBetween(ctx, member.ID, supporterID)
		if err != nil {
			return err
		}
		current, err := consentInForce(consents, tx.Now)
		if err != nil {
			return err
		}
		if _, err := tx.EndSharing(ctx, member.ID, supporterID); err != nil {
			return err
		}
		return tx.GrantSupport(ctx, member.ID, supporterID, current.Relationship, share)
	})
}

// EndSharing revokes every consent in force from the member to
// supporterID, at once.
func (a *App) EndSharing(ctx context.Context, member *onward.User, supporterID string) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.EndSharing(ctx, member.ID, supporterID)
		if err == nil && n == 0 {
			err = errNotSupporter
		}
		return err
	})
}

// SaveAlertPhone stores the phone number the people who see the member's
// alerts may call; "" removes it.
func (a *App) SaveAlertPhone(ctx context.Context, member *onward.User, phone string) error {
	phone = strings.TrimSpace(phone)
	errs := onward.FieldErrors{}
	onward.ValidatePhone(errs, "phone", phone)
	if err := errs.Err(); err != nil {
		return err
	}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryAlerts},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.SaveAlertPhone(ctx, d, member.ID, phone) })
}

// Invitation returns the invitation a link carries, when viewer (nil for
// a visitor) could accept it now; otherwise why not. It is said before
// anyone signs in; AcceptInvitation checks again.
func (a *App) Invitation(ctx context.Context, viewer *onward.User, code string) (*onward.Invitation, error) {
	inv, err := a.store.InvitationByCode(ctx, auth.HashToken(code))
	if err != nil {
		return nil, err
	}
	viewerID := ""
	if viewer != nil {
		viewerID = viewer.ID
	}
	if err := inv.Usable(a.now(), viewerID); err != nil {
		return nil, err
	}
	return inv, nil
}

// AcceptInvitation uses the invitation once: any sharing the member
// already has with the supporter ends, and the invitation's sharing begins
// as a new consent.
func (a *App) AcceptInvitation(ctx context.Context, supporter *onward.User, code string) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		inv, err := tx.InvitationByCode(ctx, auth.HashToken(code))
		if err != nil {
			return err
		}
		if err := inv.Usable(tx.Now, supporter.ID); err != nil {
			return err
		}
		if err := tx.UseInvitation(ctx, inv.ID, supporter.ID); err != nil {
			return err
		}
		if _, err := tx.EndSharing(ctx, inv.MemberID, supporter.ID); err != nil {
			return err
		}
		return tx.GrantSupport(ctx, inv.MemberID, supporter.ID, inv.Relationship,
			onward.Sharing{Categories: inv.Categories, CheckinsDetail: inv.CheckinsDetail})
	})
}
