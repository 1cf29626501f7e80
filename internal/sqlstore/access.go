package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/policy"
)

// Disclosure is the store's proof that a policy decision about one
// person's data was recorded: only Tx.Record (and OwnData, for a member's
// own reads, which are not recorded) make one. Every method that reads or
// writes someone's health data takes one and checks that it covers what
// the method touches, so a read or write without its decision does not
// compile, and one beyond its decision fails.
type Disclosure struct {
	subject string
	action  onward.Action
	allowed []onward.Category
}

// SubjectID is whose data the disclosure covers.
func (d Disclosure) SubjectID() string { return d.subject }

// covers returns nil when d allows action on subject's category c, and an
// internal error otherwise: a use case asked the policy about less than it
// touches, which is a bug, never the person's fault.
func (d Disclosure) covers(subject string, action onward.Action, c onward.Category) error {
	if d.subject == "" || d.subject != subject || d.action != action || !slices.Contains(d.allowed, c) {
		return fmt.Errorf("%s of %s data of %q without a recorded decision covering it", action, c, subject)
	}
	return nil
}

func disclosureOf(d policy.Decision) Disclosure {
	out := Disclosure{subject: d.SubjectID(), action: d.Action()}
	for _, o := range d.Outcomes() {
		if o.Allow {
			out.allowed = append(out.allowed, o.Category)
		}
	}
	return out
}

// Record writes decision d to the audit log inside this transaction, one
// entry per category: disclosed (allowed) or refused. A member's own
// reads are not recorded (docs/privacy.md: the accounting of disclosures
// is about other people); their own writes are, one entry per category
// the action changes. It returns what d allows, which may be nothing.
func (tx *Tx) Record(ctx context.Context, d policy.Decision) (Disclosure, error) {
	if d.Own() && d.Action() == onward.ActionRead {
		return disclosureOf(d), nil
	}
	if d.Action() != onward.ActionRead {
		if err := tx.lockSubject(ctx, d.SubjectID()); err != nil {
			return Disclosure{}, err
		}
	}
	for _, o := range d.Outcomes() {
		if err := tx.Audit(ctx, onward.AuditEntry{ActorID: d.Viewer().UserID, SubjectID: d.SubjectID(), Category: o.Category,
			Action: string(d.Action()), Allowed: o.Allow, Reason: o.Reason}); err != nil {
			return Disclosure{}, err
		}
	}
	return disclosureOf(d), nil
}

// lockSubject makes the other writes to subjectID's data wait until this
// transaction ends, so a write that reads before it writes (one check-in a
// day, one automatic alert a day, a form's version) never races another
// of the same person. On PostgreSQL, where writes run side by side, it
// locks the person's row (FOR NO KEY UPDATE, which rows referring to them
// do not wait for); SQLite's one writer already runs one at a time.
func (tx *Tx) lockSubject(ctx context.Context, subjectID string) error {
	if tx.dialect != postgres || subjectID == "" {
		return nil
	}
	// Nothing waits for the lock's answer: it goes with the write's next
	// statement, before it in the same round trip.
	return tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("lock the person's data: %w", err) }},
		"SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE", subjectID)
}

// OwnData returns the disclosure of a member's own data for reading, which
// needs no transaction and writes no audit entry; any other decision is
// refused.
func OwnData(d policy.Decision) (Disclosure, error) {
	if !d.Own() || d.Action() != onward.ActionRead {
		return Disclosure{}, fmt.Errorf("OwnData: the decision is not about the viewer's own data")
	}
	return disclosureOf(d), nil
}

// GrantsBetween loads every grant subject has ever made to grantee,
// including consents to the programs grantee works for (presented as
// grants to grantee); the policy decides which are in force.
func (tx *Tx) GrantsBetween(ctx context.Context, subjectID, granteeID string) ([]onward.Grant, error) {
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

// errNoAccess is what a person is told when the policy refused them.
var errNoAccess = onward.NewError(onward.EFORBIDDEN, "common.you_do_not_have_access_to_this")

// Access decides whether req.Viewer may do req.Action on req.Category of
// req.SubjectID's data, records the decision and runs fn only when
// allowed, all in one transaction. A refusal is recorded and committed,
// then returned as EFORBIDDEN.
//
// Deprecated: areas not yet moved to internal/app use it; use cases decide
// with policy.Decide and Tx.Record instead.
func (s *Store) Access(ctx context.Context, req onward.AccessRequest, fn func(*Tx) error) error {
	allowed := false
	err := s.Write(ctx, func(tx *Tx) error {
		d, _, err := tx.decide(ctx, req.Viewer, req.SubjectID, req.Action, []onward.Category{req.Category})
		if err != nil || !d.All() {
			return err
		}
		allowed = true
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

// decide asks the policy about categories and records the answer.
func (tx *Tx) decide(ctx context.Context, viewer onward.Principal, subjectID string, action onward.Action, categories []onward.Category) (policy.Decision, Disclosure, error) {
	var grants []onward.Grant
	if !viewer.Visitor() && viewer.UserID != subjectID {
		var err error
		if grants, err = tx.GrantsBetween(ctx, subjectID, viewer.UserID); err != nil {
			return policy.Decision{}, Disclosure{}, err
		}
	}
	d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: subjectID, Action: action, Categories: categories}, grants, tx.Now)
	disclosed, err := tx.Record(ctx, d)
	return d, disclosed, err
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
