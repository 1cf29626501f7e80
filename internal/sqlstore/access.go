package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/policy"
)

// Access is the only way to reach someone's data: it asks the policy,
// writes the decision to the audit log, and runs fn only when allowed, all
// in one transaction, so no read or write of health data goes unrecorded.
// A denial is recorded and committed, then returned as EFORBIDDEN.
func (s *Store) Access(ctx context.Context, req onward.AccessRequest, fn func(*Tx) error) error {
	allowed := false
	err := s.Write(ctx, func(tx *Tx) (err error) {
		allowed, err = tx.decide(ctx, req.Viewer, req.SubjectID, req.Action, []onward.Category{req.Category})
		if err != nil || !allowed {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		return err
	}
	if !allowed {
		return errNoAccess
	}
	return nil
}

var errNoAccess = onward.NewError(onward.EFORBIDDEN, "common.you_do_not_have_access_to_this")

// decide asks the policy about each category and writes every decision
// to the audit log. It reports whether all were allowed.
func (tx *Tx) decide(ctx context.Context, viewer onward.Principal, subjectID string, action onward.Action, categories []onward.Category) (bool, error) {
	var grants []onward.Grant
	if !viewer.Visitor() && viewer.UserID != subjectID {
		var err error
		if grants, err = tx.grantsBetween(ctx, subjectID, viewer.UserID); err != nil {
			return false, err
		}
	}
	all := true
	for _, c := range categories {
		req := onward.AccessRequest{Viewer: viewer, SubjectID: subjectID, Category: c, Action: action}
		d := policy.Decide(req, grants, tx.Now)
		all = all && d.Allow
		if err := tx.Audit(ctx, onward.AuditEntry{ActorID: viewer.UserID, SubjectID: subjectID, Category: c,
			Action: string(action), Allowed: d.Allow, Reason: d.Reason}); err != nil {
			return false, err
		}
	}
	return all, nil
}

// grantsBetween loads every grant subject has ever made to grantee,
// including consents to the programs grantee works for (presented as
// grants to grantee); the policy decides which are in force.
func (tx *Tx) grantsBetween(ctx context.Context, subjectID, granteeID string) ([]onward.Grant, error) {
	direct, err := tx.directGrants(ctx, subjectID, granteeID)
	if err != nil {
		return nil, err
	}
	viaPrograms, err := tx.programConsentGrants(ctx, subjectID, granteeID)
	if err != nil {
		return nil, err
	}
	return append(direct, viaPrograms...), nil
}

// directGrants loads the grants subject has made to grantee personally.
func (tx *Tx) directGrants(ctx context.Context, subjectID, granteeID string) ([]onward.Grant, error) {
	rows, err := tx.query(ctx, `SELECT id, categories, starts_at, expires_at, revoked_at FROM grants
		WHERE subject_id = ? AND grantee_id = ?`, subjectID, granteeID)
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	defer rows.Close()
	var out []onward.Grant
	for rows.Next() {
		g := onward.Grant{SubjectID: subjectID, GranteeID: granteeID}
		var cats string
		var starts, expires, revoked dbTime
		if err := rows.Scan(&g.ID, &cats, &starts, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("scan grant: %w", err)
		}
		g.StartsAt, g.ExpiresAt, g.RevokedAt = starts.Time, expires.Ptr(), revoked.Ptr()
		g.Categories = splitCategories(cats)
		out = append(out, g)
	}
	return out, rows.Err()
}

// CreateGrant records a member's consent for grantee to see categories.
func (tx *Tx) CreateGrant(ctx context.Context, g *onward.Grant) error {
	for _, c := range g.Categories {
		if !c.Shareable() {
			return onward.NewError(onward.EINVALID, "support.category_cannot_be_shared", "Category", i18n.M("category."+string(c)))
		}
	}
	g.ID = newID()
	if g.StartsAt.IsZero() {
		g.StartsAt = tx.Now
	}
	_, err := tx.exec(ctx, `INSERT INTO grants (id, subject_id, grantee_id, categories, starts_at, expires_at, revoked_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`, g.ID, g.SubjectID, g.GranteeID, joinCategories(g.Categories),
		tx.t(g.StartsAt), tx.dialect.nullTimeValue(g.ExpiresAt), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("create grant: %w", err)
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: g.SubjectID, SubjectID: g.SubjectID,
		Category: onward.CategoryAccount, Action: "grant", Allowed: true, Reason: "consent given to " + g.GranteeID})
}

// RevokeGrant ends a grant at once.
func (tx *Tx) RevokeGrant(ctx context.Context, subjectID, grantID string) error {
	res, err := tx.exec(ctx, "UPDATE grants SET revoked_at = ? WHERE id = ? AND subject_id = ? AND revoked_at IS NULL",
		tx.t(tx.Now), grantID, subjectID)
	if err != nil {
		return fmt.Errorf("revoke grant: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "common.that_consent_was_not_found_or_has")
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: subjectID, SubjectID: subjectID,
		Category: onward.CategoryAccount, Action: "revoke", Allowed: true, Reason: "consent revoked " + grantID})
}

func joinCategories(cs []onward.Category) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ",")
}

func splitCategories(s string) []onward.Category {
	var out []onward.Category
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			out = append(out, onward.Category(p))
		}
	}
	return out
}
