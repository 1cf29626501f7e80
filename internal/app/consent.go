package app

import (
	"context"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Program consents (docs/program-consent.md): a member consents, under 42
// CFR Part 2, to share chosen categories with a treatment program, and can
// revoke it at once; the program's staff see exactly that.

// Expiry choices of a program consent.
const (
	ExpiryDate           = "date"
	ExpiryEndOfTreatment = "end_of_treatment"
)

// ProgramChoice is a program a member can consent to share with.
type ProgramChoice struct {
	ID   string
	Name string
	City string
}

// ConsentablePrograms lists, by name, the programs with someone on their
// staff: only those can receive anything a member shares.
func (a *App) ConsentablePrograms(ctx context.Context) ([]ProgramChoice, error) {
	programs, err := a.store.ProgramsWithStaff(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ProgramChoice, len(programs))
	for i, p := range programs {
		out[i] = ProgramChoice{ID: p.ID, Name: p.Name, City: p.City}
	}
	return out, nil
}

// ProgramConsentInput is a consent as the member fills it in.
type ProgramConsentInput struct {
	ProgramID            string
	Share                []string
	Purpose              string
	Expiry               string // ExpiryDate or ExpiryEndOfTreatment
	ExpiresOn            string // YYYY-MM-DD in the member's time zone, with ExpiryDate
	PatientName          string
	Signature            string
	RevocationUnderstood bool
}

// GiveProgramConsent checks every element of the consent, all problems at
// once, and records it signed now.
func (a *App) GiveProgramConsent(ctx context.Context, member *onward.User, in ProgramConsentInput) (*onward.ProgramConsent, error) {
	errs := onward.FieldErrors{}
	c := &onward.ProgramConsent{MemberID: member.ID, ProgramID: strings.TrimSpace(in.ProgramID), Purpose: strings.TrimSpace(in.Purpose),
		PatientName: in.PatientName, Signature: in.Signature}
	if share, err := onward.ParseSharing(in.Share, false); err != nil {
		errs.AddFrom(err)
	} else {
		c.Categories = share.Categories
	}
	switch in.Expiry {
	case ExpiryEndOfTreatment:
		c.UntilEndOfTreatment = true
	case ExpiryDate:
		day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.ExpiresOn), Location(member.TimeZone))
		if err != nil {
			errs.Add("expiry", "consent.enter_the_end_date_as_a_date")
			break
		}
		// The consent holds through the whole of the chosen day.
		end := day.AddDate(0, 0, 1)
		c.ExpiresAt = &end
	}
	errs.AddFrom(c.Validate(in.RevocationUnderstood, a.now()))
	if err := errs.Err(); err != nil {
		return nil, err
	}
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateProgramConsent(ctx, c) })
	return c, err
}

// ProgramConsent returns one of the member's program consents in force,
// or ENOTFOUND: the consent a confirmation page is about.
func (a *App) ProgramConsent(ctx context.Context, member *onward.User, id string) (*onward.ProgramConsent, error) {
	list, err := a.store.ProgramConsents(ctx, member.ID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	for i := range list {
		if list[i].ID == id && list[i].ActiveAt(now) {
			return &list[i], nil
		}
	}
	return nil, onward.NewError(onward.ENOTFOUND, "common.that_consent_was_not_found_or_has")
}

// RevokeProgramConsent ends one of the member's program consents at once.
func (a *App) RevokeProgramConsent(ctx context.Context, member *onward.User, id string) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RevokeProgramConsent(ctx, member.ID, id) })
}

// ConsentsToMyPrograms lists the consents given to the programs staff
// works for, newest first. Listing them reads no health data.
func (a *App) ConsentsToMyPrograms(ctx context.Context, staff *onward.User) ([]onward.ProgramConsent, error) {
	return a.store.ProgramConsentsToStaff(ctx, staff.ID)
}

// ProgramMember is one member's shared data as a program's staff see it,
// with the consent it is shared under.
type ProgramMember struct {
	Consent onward.ProgramConsent
	Active  bool // the consent is in force and the data below was read under it
	Shared  SharedMember
}

// ProgramMember reads what a member shares with the viewer's program
// under one consent, asking for exactly the shared categories the page
// shows. When the consent has ended the same question is asked and
// refused, so the member's record shows that the program looked. Someone
// asking about a consent to a program they are not on the staff of is
// refused, and that is recorded too.
func (a *App) ProgramMember(ctx context.Context, staff *onward.User, consentID string) (*ProgramMember, error) {
	viewer := principalOf(staff)
	c, err := a.store.ProgramConsentToStaff(ctx, staff.ID, consentID)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil, a.refuseConsent(ctx, viewer, consentID)
	}
	if err != nil {
		return nil, err
	}
	// Program staff see check-ins in detail: the description the member
	// consented to names the answers.
	v := &ProgramMember{Consent: *c, Shared: SharedMember{MemberID: c.MemberID, Name: c.PatientName, Active: c.ActiveAt(a.now()),
		Since: c.SignedAt, Sharing: onward.Sharing{Categories: c.Categories, CheckinsDetail: true}}}
	grant, asked := c.Grant(staff.ID), v.Shared.shown()
	rd, d, err := a.readUnder(ctx, viewer, c.MemberID, &grant, asked...)
	if err != nil {
		return nil, err
	}
	v.Active = v.Shared.Active && (len(asked) == 0 || d.All())
	return v, a.fillShared(ctx, &v.Shared, rd, d)
}

// refuseConsent answers a request for a consent that is not to one of
// the viewer's programs: unknown consents are not found; for a real one
// the policy is asked, on no grant (the consent grants this viewer
// nothing), for the categories its page would show, and its refusal is
// recorded for the member to see.
func (a *App) refuseConsent(ctx context.Context, viewer onward.Principal, consentID string) error {
	c, err := a.store.ProgramConsentByID(ctx, consentID)
	if err != nil {
		return err
	}
	asked := SharedMember{Sharing: onward.Sharing{Categories: c.Categories}}
	if _, _, err := a.readUnder(ctx, viewer, c.MemberID, nil, asked.shown()...); err != nil {
		return err
	}
	return errRefused
}
