package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// The support network's rows: invitations (only the hash of a code is
// kept) and the consents made through them, a grant plus its relationship,
// detail flag and purpose (support_consents). The rules are internal/app's
// and the root package's.

// CreateInvitation records an invitation whose code hashes to codeHash,
// valid for onward.InvitationLifetime from now.
func (tx *Tx) CreateInvitation(ctx context.Context, inv *onward.Invitation, codeHash string) error {
	inv.ID, inv.CreatedAt, inv.ExpiresAt = newID(), tx.Now, tx.Now.Add(onward.InvitationLifetime)
	_, err := tx.exec(ctx, `INSERT INTO support_invitations (id, member_id, code_hash, email, relationship, categories, checkins_detail,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, inv.MemberID, codeHash, inv.Email, inv.Relationship,
		joinCategories(inv.Categories), boolInt(inv.CheckinsDetail), tx.t(inv.CreatedAt), tx.t(inv.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create invitation: %w", err)
	}
	return tx.AccountEvent(ctx, inv.MemberID, inv.MemberID, "invite supporter")
}

// InvitationEmailsSince counts the invitations the member sent by email
// at or after since. It first takes the member's row, so that on
// PostgreSQL two invitations of one member never count at the same time:
// the count and the new invitation are one step.
func (tx *Tx) InvitationEmailsSince(ctx context.Context, memberID string, since time.Time) (int, error) {
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM users WHERE id = ?"+tx.dialect.forUpdate(), memberID).Scan(&id); err != nil {
		return 0, fmt.Errorf("lock member: %w", err)
	}
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM support_invitations WHERE member_id = ? AND email <> '' AND created_at >= ?",
		memberID, tx.t(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count invitation emails: %w", err)
	}
	return n, nil
}

const invitationColumns = `i.id, i.member_id, u.display_name, i.email, i.relationship, i.categories, i.checkins_detail,
	i.created_at, i.expires_at, i.withdrawn_at, i.used_at`

func scanInvitation(row interface{ Scan(...any) error }) (*onward.Invitation, error) {
	var inv onward.Invitation
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

var errInvitationNotFound = onward.NewError(onward.ENOTFOUND, "support.this_invitation_link_is_not_valid_check")

func invitationOrNotFound(inv *onward.Invitation, err error) (*onward.Invitation, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInvitationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load invitation: %w", err)
	}
	return inv, nil
}

// InvitationByCode returns the invitation whose code hashes to codeHash,
// whatever its state, or ENOTFOUND.
func (s *Store) InvitationByCode(ctx context.Context, codeHash string) (*onward.Invitation, error) {
	return invitationOrNotFound(scanInvitation(s.queryRow(ctx, "SELECT "+invitationColumns+
		" FROM support_invitations i JOIN users u ON u.id = i.member_id WHERE i.code_hash = ?", codeHash)))
}

// InvitationByCode returns the invitation whose code hashes to codeHash,
// locked until the transaction ends, or ENOTFOUND.
func (tx *Tx) InvitationByCode(ctx context.Context, codeHash string) (*onward.Invitation, error) {
	return invitationOrNotFound(scanInvitation(tx.queryRow(ctx, "SELECT "+invitationColumns+
		" FROM support_invitations i JOIN users u ON u.id = i.member_id WHERE i.code_hash = ?"+tx.dialect.forUpdate(), codeHash)))
}

// UseInvitation marks the invitation used by supporterID, once.
func (tx *Tx) UseInvitation(ctx context.Context, id, supporterID string) error {
	res, err := tx.exec(ctx, "UPDATE support_invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND withdrawn_at IS NULL",
		tx.t(tx.Now), supporterID, id)
	if err != nil {
		return fmt.Errorf("use invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.ErrInvitationUsed
	}
	return nil
}

// PendingInvitations returns the member's invitations that can still be
// accepted, newest first.
func (s *Store) PendingInvitations(ctx context.Context, memberID string) ([]onward.Invitation, error) {
	rows, err := s.query(ctx, "SELECT "+invitationColumns+` FROM support_invitations i JOIN users u ON u.id = i.member_id
		WHERE i.member_id = ? AND i.used_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at > ? ORDER BY i.created_at DESC`,
		memberID, s.t(s.now()))
	if err != nil {
		return nil, fmt.Errorf("load invitations: %w", err)
	}
	defer rows.Close()
	var out []onward.Invitation
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

// GrantSupport records a new consent for a supporter: a grant of what is
// shared, with the relationship, the detail flag and the purpose.
func (tx *Tx) GrantSupport(ctx context.Context, memberID, supporterID, relationship string, share onward.Sharing) error {
	g := onward.Grant{SubjectID: memberID, GranteeID: supporterID, Categories: share.Categories}
	if err := tx.CreateGrant(ctx, &g); err != nil {
		return err
	}
	_, err := tx.exec(ctx, "INSERT INTO support_consents (grant_id, relationship, checkins_detail, purpose) VALUES (?, ?, ?, ?)",
		g.ID, relationship, boolInt(share.CheckinsDetail), onward.SupportPurpose)
	if err != nil {
		return fmt.Errorf("record consent: %w", err)
	}
	return nil
}

// ConsentsBetween returns every consent member has given supporter
// personally, newest first.
func (tx *Tx) ConsentsBetween(ctx context.Context, memberID, supporterID string) ([]onward.Consent, error) {
	return tx.store.consents(ctx, tx.query, "g.subject_id = ? AND g.grantee_id = ?", memberID, supporterID)
}

// EndSharing revokes the grants in force from member to supporter and
// returns how many there were.
func (tx *Tx) EndSharing(ctx context.Context, memberID, supporterID string) (int, error) {
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
func (s *Store) Consents(ctx context.Context, memberID string) ([]onward.Consent, error) {
	return s.consents(ctx, s.query, "g.subject_id = ?", memberID)
}

// ConsentsTo returns every consent given to grantee, newest first.
func (s *Store) ConsentsTo(ctx context.Context, granteeID string) ([]onward.Consent, error) {
	return s.consents(ctx, s.query, "g.grantee_id = ?", granteeID)
}

// ConsentsBetween returns every consent member has given grantee
// personally, newest first.
func (s *Store) ConsentsBetween(ctx context.Context, memberID, granteeID string) ([]onward.Consent, error) {
	return s.consents(ctx, s.query, "g.subject_id = ? AND g.grantee_id = ?", memberID, granteeID)
}

type queryFunc func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

func (s *Store) consents(ctx context.Context, query queryFunc, where string, args ...any) ([]onward.Consent, error) {
	rows, err := query(ctx, `SELECT g.id, g.subject_id, g.grantee_id, g.categories, g.starts_at, g.expires_at, g.revoked_at,
		su.display_name, gu.display_name, gu.email, COALESCE(c.relationship, ''), COALESCE(c.checkins_detail, 0), COALESCE(c.purpose, '')
		FROM grants g JOIN users su ON su.id = g.subject_id JOIN users gu ON gu.id = g.grantee_id
		LEFT JOIN support_consents c ON c.grant_id = g.id
		WHERE `+where+` ORDER BY g.starts_at DESC, g.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("load consents: %w", err)
	}
	defer rows.Close()
	var out []onward.Consent
	for rows.Next() {
		var c onward.Consent
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
