// Package policy decides who may see or change whose data. It is the one
// place that answers the question, so every handler that touches someone's
// data asks it (through the store, which also writes the answer to the
// audit log). It is pure: the facts it needs are passed in.
package policy

import (
	"time"

	"github.com/onward-recovery/onward"
)

// Reasons recorded in the audit log. They are stable strings so the log can
// be queried and the member can be told why someone could see something.
const (
	ReasonVisitor       = "not signed in"
	ReasonOwnData       = "own data"
	ReasonOperatorAdmin = "operator administration"
	ReasonPrivate       = "private category"
	ReasonReadOnly      = "only the member may change their data"
	ReasonConsent       = "shared by consent"
	ReasonNotShared     = "not shared"
	ReasonUnknown       = "unknown category"
)

// Decide answers req given the grants the subject has made to the viewer.
// It denies by default: anything not explicitly allowed below is refused.
func Decide(req onward.AccessRequest, grants []onward.Grant, now time.Time) onward.Decision {
	v := req.Viewer
	switch {
	case v.Visitor():
		return deny(ReasonVisitor)
	case req.Category != onward.CategoryAccount && req.Category != onward.CategoryJournal && !req.Category.Shareable():
		return deny(ReasonUnknown)
	case v.UserID == req.SubjectID:
		return allow(ReasonOwnData, "")
	case req.Category == onward.CategoryAccount:
		// Operators manage accounts (reset, roles, removal) but see no
		// health data by default.
		if v.Role == onward.RoleOperator && req.Action == onward.ActionRead {
			return allow(ReasonOperatorAdmin, "")
		}
		return deny(ReasonNotShared)
	case req.Category == onward.CategoryJournal:
		return deny(ReasonPrivate)
	case req.Action != onward.ActionRead:
		return deny(ReasonReadOnly)
	}
	for _, g := range grants {
		if g.SubjectID == req.SubjectID && g.GranteeID == v.UserID && g.ActiveAt(now) && g.Covers(req.Category) {
			return allow(ReasonConsent, g.ID)
		}
	}
	return deny(ReasonNotShared)
}

func allow(reason, grantID string) onward.Decision {
	return onward.Decision{Allow: true, Reason: reason, GrantID: grantID}
}

func deny(reason string) onward.Decision { return onward.Decision{Reason: reason} }
