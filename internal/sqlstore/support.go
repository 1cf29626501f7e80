package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// SupportPurpose is the purpose written on every consent made through an
// invitation: the member asked for this person's support.
const SupportPurpose = "support in recovery, at the member's request"

// Relationships are who a supporter is to the member.
var Relationships = []string{"family", "friend", "sponsor", "peer", "other"}

// Invitation is a member's one-time link asking someone to support them.
// The code itself is never stored, only its hash.
type Invitation struct {
	ID             string
	MemberID       string
	MemberName     string
	Email          string // where the link was sent; "" when copied by hand
	Relationship   string
	Categories     []onward.Category
	CheckinsDetail bool // check-ins shared in detail rather than as a summary
	CreatedAt      time.Time
	ExpiresAt      time.Time
	WithdrawnAt    *time.Time
	UsedAt         *time.Time
}

// Consent is one grant as a consent record: who shares what with whom,
// why, from when and until when.
type Consent struct {
	Grant          onward.Grant
	SubjectName    string
	GranteeName    string
	GranteeEmail   string
	Relationship   string // "" for a grant not made through an invitation
	CheckinsDetail bool
	Purpose        string
}

// ValidateSharing checks what a member chose to share: known categories
// only, never the journal, and the detail flag only with check-ins.
func ValidateSharing(categories []onward.Category, checkinsDetail bool) error {
	errs := onward.FieldErrors{}
	for _, c := range categories {
		if c == onward.CategoryJournal {
			errs.Add("share", "support.the_journal_is_private_and_cannot_be")
		} else if !c.Shareable() {
			errs.Add("share", "support.choose_only_from_the_listed_categories")
		}
	}
	if checkinsDetail && !slices.Contains(categories, onward.CategoryCheckins) {
		errs.Add("share", "support.checkin_detail_can_only_be_shared")
	}
	return errs.Err()
}

// validRelationship reports whether rel is one of Relationships.
func validRelationship(rel string) error {
	errs := onward.FieldErrors{}
	if !slices.Contains(Relationships, rel) {
		errs.Add("relationship", "support.choose_who_this_person_is_to_you")
	}
	return errs.Err()
}

// CreateInvitation records an invitation whose code hashes to codeHash.
func (tx *Tx) CreateInvitation(ctx context.Context, inv *Invitation, codeHash string) error {
	if err := validRelationship(inv.Relationship); err != nil {
		return err
	}
	if err := ValidateSharing(inv.Categories, inv.CheckinsDetail); err != nil {
		return err
	}
	inv.ID, inv.CreatedAt, inv.ExpiresAt = newID(), tx.Now, tx.Now.Add(InvitationLifetime)
	_, err := tx.exec(ctx, `INSERT INTO support_invitations (id, member_id, code_hash, email, relationship, categories, checkins_detail,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, inv.MemberID, codeHash, inv.Email, inv.Relationship,
		joinCategories(inv.Categories), boolInt(inv.CheckinsDetail), tx.t(inv.CreatedAt), tx.t(inv.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create invitation: %w", err)
	}
	return tx.AccountEvent(ctx, inv.MemberID, inv.MemberID, "invite supporter")
}

const invitationColumns = `i.id, i.member_id, u.display_name, i.email, i.relationship, i.categories, i.checkins_detail,
	i.created_at, i.expires_at, i.withdrawn_at, i.used_at`

func scanInvitation(row interface{ Scan(...any) error }) (*Invitation, error) {
	var inv Invitation
	var cats string
	var detail int
	var created, expires, withdrawn, used dbTime
	if err := row.Scan(&inv.ID, &inv.MemberID, &inv.MemberName, &inv.Email, &inv.Relationship, &cats, &detail,
		&created, &expires, &withdrawn, &used); err != nil {
		return nil, err
	}
	inv.Categories, inv.CheckinsDetail = splitCategories(cats), detail == 1
	inv.CreatedAt, inv.ExpiresAt, inv.WithdrawnAt, inv.UsedAt = created.Time, expires.Time, withdrawn.Ptr(), used.Ptr()
	return &inv, nil
}

// InvitationByCode returns the invitation whose code hashes to codeHash,
// whatever its state, or ENOTFOUND.
func (s *Store) InvitationByCode(ctx context.Context, codeHash string) (*Invitation, error) {
	inv, err := scanInvitation(s.queryRow(ctx, "SELECT "+invitationColumns+
		" FROM support_invitations i JOIN users u ON u.id = i.member_id WHERE i.code_hash = ?", codeHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInvitationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load invitation: %w", err)
	}
	return inv, nil
}

var errInvitationNotFound = onward.NewError(onward.ENOTFOUND, "support.this_invitation_link_is_not_valid_check")

// PendingInvitations returns the member's invitations that can still be
// accepted, newest first.
func (s *Store) PendingInvitations(ctx context.Context, memberID string) ([]Invitation, error) {
	rows, err := s.query(ctx, "SELECT "+invitationColumns+` FROM support_invitations i JOIN users u ON u.id = i.member_id
		WHERE i.member_id = ? AND i.used_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC`,
		memberID, s.t(s.now()))
	if err != nil {
		return nil, fmt.Errorf("load invitations: %w", err)
	}
	defer rows.Close()
	var out []Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("scan invitation: %w", err)
		}
		out = append(out, *inv)
	}
	return out, rows.Err()
}

// WithdrawInvitation stops one of the member's pending invitations from
// working.
func (tx *Tx) WithdrawInvitation(ctx context.Context, memberID, id string) error {
	res, err := tx.exec(ctx, `UPDATE support_invitations SET withdrawn_at = ?
		WHERE id = ? AND member_id = ? AND used_at IS NULL AND withdrawn_at IS NULL`, tx.t(tx.Now), id, memberID)
	if err != nil {
		return fmt.Errorf("withdraw invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "support.that_invitation_was_not_found_or_it")
	}
	return tx.AccountEvent(ctx, memberID, memberID, "withdraw invitation")
}

// AcceptInvitation uses the invitation once: it ends any sharing the
// member already has with supporterID and records the invitation's
// sharing as a new consent, all in the caller's transaction.
func (tx *Tx) AcceptInvitation(ctx context.Context, codeHash, supporterID string) (*Invitation, error) {
	inv, err := scanInvitation(tx.queryRow(ctx, "SELECT "+invitationColumns+
		" FROM support_invitations i JOIN users u ON u.id = i.member_id WHERE i.code_hash = ?"+tx.dialect.forUpdate(), codeHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInvitationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load invitation: %w", err)
	}
	if err := inv.Usable(tx.Now, supporterID); err != nil {
		return nil, err
	}
	res, err := tx.exec(ctx, "UPDATE support_invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND withdrawn_at IS NULL",
		tx.t(tx.Now), supporterID, inv.ID)
	if err != nil {
		return nil, fmt.Errorf("use invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errInvitationUsed
	}
	if _, err := tx.endSharing(ctx, inv.MemberID, supporterID); err != nil {
		return nil, err
	}
	return inv, tx.grantSupport(ctx, inv.MemberID, supporterID, inv.Relationship, inv.Categories, inv.CheckinsDetail)
}

var errInvitationUsed = onward.NewError(onward.ECONFLICT, "support.this_invitation_has_already_been_used")

// Usable says why the invitation cannot be accepted by supporterID now,
// or nil when it can. A visitor has supporterID "": nothing about them is known yet.
func (inv *Invitation) Usable(now time.Time, supporterID string) error {
	switch {
	case inv.MemberID == supporterID:
		return onward.NewError(onward.EINVALID, "support.this_is_your_own_invitation_send_the")
	case inv.UsedAt != nil:
		return errInvitationUsed
	case inv.WithdrawnAt != nil:
		return onward.NewError(onward.ECONFLICT, "support.this_invitation_was_withdrawn_and_no")
	case !now.Before(inv.ExpiresAt):
		return onward.NewError(onward.ECONFLICT, "support.this_invitation_has_expired_invitations")
	}
	return nil
}

// grantSupport records a new consent for a supporter.
func (tx *Tx) grantSupport(ctx context.Context, memberID, supporterID, relationship string, categories []onward.Category, detail bool) error {
	g := onward.Grant{SubjectID: memberID, GranteeID: supporterID, Categories: categories}
	if err := tx.CreateGrant(ctx, &g); err != nil {
		return err
	}
	_, err := tx.exec(ctx, "INSERT INTO support_consents (grant_id, relationship, checkins_detail, purpose) VALUES (?, ?, ?, ?)",
		g.ID, relationship, boolInt(detail), SupportPurpose)
	if err != nil {
		return fmt.Errorf("record consent: %w", err)
	}
	return nil
}

// activeConsent returns the consent in force from member to supporter, or
// ENOTFOUND.
func (tx *Tx) activeConsent(ctx context.Context, memberID, supporterID string) (*Consent, error) {
	consents, err := tx.store.consents(ctx, tx.query, "g.subject_id = ? AND g.grantee_id = ?", memberID, supporterID)
	if err != nil {
		return nil, err
	}
	for i := range consents {
		if consents[i].Grant.ActiveAt(tx.Now) {
			return &consents[i], nil
		}
	}
	return nil, errNotSupporter
}

var errNotSupporter = onward.NewError(onward.ENOTFOUND, "support.this_person_is_not_in_your_support")

// ChangeSharing replaces what supporterID may see: the consent in force
// ends and a new one, with the same relationship, begins, so the list of
// consents keeps both.
func (tx *Tx) ChangeSharing(ctx context.Context, memberID, supporterID string, categories []onward.Category, detail bool) error {
	if err := ValidateSharing(categories, detail); err != nil {
		return err
	}
	current, err := tx.activeConsent(ctx, memberID, supporterID)
	if err != nil {
		return err
	}
	if _, err := tx.endSharing(ctx, memberID, supporterID); err != nil {
		return err
	}
	return tx.grantSupport(ctx, memberID, supporterID, current.Relationship, categories, detail)
}

// EndSupport revokes every consent in force from member to supporter.
func (tx *Tx) EndSupport(ctx context.Context, memberID, supporterID string) error {
	n, err := tx.endSharing(ctx, memberID, supporterID)
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotSupporter
	}
	return nil
}

// endSharing revokes the grants in force from member to supporter and
// returns how many there were.
func (tx *Tx) endSharing(ctx context.Context, memberID, supporterID string) (int, error) {
	grants, err := tx.directGrants(ctx, memberID, supporterID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, g := range grants {
		if g.ActiveAt(tx.Now) {
			if err := tx.RevokeGrant(ctx, memberID, g.ID); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// Consents returns every consent the member has given, newest first.
func (s *Store) Consents(ctx context.Context, memberID string) ([]Consent, error) {
	return s.consents(ctx, s.query, "g.subject_id = ?", memberID)
}

// ConsentsTo returns every consent given to grantee, newest first.
func (s *Store) ConsentsTo(ctx context.Context, granteeID string) ([]Consent, error) {
	return s.consents(ctx, s.query, "g.grantee_id = ?", granteeID)
}

type queryFunc func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

func (s *Store) consents(ctx context.Context, query queryFunc, where string, args ...any) ([]Consent, error) {
	rows, err := query(ctx, `SELECT g.id, g.subject_id, g.grantee_id, g.categories, g.starts_at, g.expires_at, g.revoked_at,
		su.display_name, gu.display_name, gu.email, COALESCE(c.relationship, ''), COALESCE(c.checkins_detail, 0), COALESCE(c.purpose, '')
		FROM grants g JOIN users su ON su.id = g.subject_id JOIN users gu ON gu.id = g.grantee_id
		LEFT JOIN support_consents c ON c.grant_id = g.id
		WHERE `+where+` ORDER BY g.starts_at DESC, g.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load consents: %w", err)
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var cats string
		var detail int
		var starts, expires, revoked dbTime
		if err := rows.Scan(&c.Grant.ID, &c.Grant.SubjectID, &c.Grant.GranteeID, &cats, &starts, &expires, &revoked,
			&c.SubjectName, &c.GranteeName, &c.GranteeEmail, &c.Relationship, &detail, &c.Purpose); err != nil {
			return nil, fmt.Errorf("scan consent: %w", err)
		}
		c.Grant.Categories, c.CheckinsDetail = splitCategories(cats), detail == 1
		c.Grant.StartsAt, c.Grant.ExpiresAt, c.Grant.RevokedAt = starts.Time, expires.Ptr(), revoked.Ptr()
		out = append(out, c)
	}
	return out, rows.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
