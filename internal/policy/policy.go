// Package policy decides who may see or change whose data. It is the one
// place that answers the question: every use case that touches someone's
// data asks it (internal/app), and the store records the answer in the
// audit log before any data moves. It is pure: the facts it needs are
// passed in.
package policy

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
)

// Reasons recorded in the audit log. They are stable strings so the log can
// be queried and the member can be told why someone could see something
// (each has a label, "reason.<reason>", in the message catalogs).
const (
	ReasonVisitor       = "not signed in"
	ReasonOwnData       = "own data"
	ReasonOperatorAdmin = "operator administration"
	ReasonPrivate       = "private category"
	ReasonReadOnly      = "only the member may change their data"
	ReasonConsent       = "shared by consent"
	ReasonCareRecord    = "care record under the member's consent"
	ReasonNotShared     = "not shared"
	ReasonUnknown       = "unknown category"
)

// Request asks whether Viewer may do Action on SubjectID's data of each of
// Categories.
type Request struct {
	Viewer     onward.Principal
	SubjectID  string
	Action     onward.Action
	Categories []onward.Category
}

// Outcome is the answer for one category, with the reason written to the
// audit log and the grant that allowed it, if any.
type Outcome struct {
	Category onward.Category
	Allow    bool
	Reason   string
	GrantID  string
}

// Decision answers a Request category by category. Only Decide makes one,
// so holding a Decision means the policy was asked.
type Decision struct {
	req      Request
	outcomes []Outcome
}

// Decide answers req given the grants the subject has made to the viewer
// (direct grants and consents to the viewer's programs), each category on
// its own. It denies by default: anything not explicitly allowed is
// refused. A category asked for twice is decided once.
func Decide(req Request, grants []onward.Grant, now time.Time) Decision {
	d := Decision{req: req}
	for _, c := range req.Categories {
		if slices.ContainsFunc(d.outcomes, func(o Outcome) bool { return o.Category == c }) {
			continue
		}
		o := decideOne(req.Viewer, req.SubjectID, c, req.Action, grants, now)
		o.Category = c
		d.outcomes = append(d.outcomes, o)
	}
	return d
}

func decideOne(v onward.Principal, subjectID string, c onward.Category, action onward.Action, grants []onward.Grant, now time.Time) Outcome {
	switch {
	case v.Visitor():
		return deny(ReasonVisitor)
	case c != onward.CategoryAccount && c != onward.CategoryJournal && !c.Shareable():
		return deny(ReasonUnknown)
	case v.UserID == subjectID:
		return allow(ReasonOwnData, "")
	case c == onward.CategoryAccount:
		// Operators manage accounts (reset, roles, removal) but see no
		// health data by default.
		if v.Role == onward.RoleOperator && action == onward.ActionRead {
			return allow(ReasonOperatorAdmin, "")
		}
		return deny(ReasonNotShared)
	case c == onward.CategoryJournal:
		return deny(ReasonPrivate)
	case action != onward.ActionRead:
		// A program's care team records the care it gives, under the
		// member's consent to the program covering that category.
		if action == onward.ActionWrite && (v.Role == onward.RoleClinician || v.Role == onward.RoleProgramAdmin) &&
			slices.Contains(onward.CareRecordCategories, c) {
			for _, g := range grants {
				if g.ProgramID != "" && g.SubjectID == subjectID && g.GranteeID == v.UserID && g.ActiveAt(now) && g.Covers(c) {
					return allow(ReasonCareRecord, g.ID)
				}
			}
		}
		return deny(ReasonReadOnly)
	}
	for _, g := range grants {
		if g.SubjectID == subjectID && g.GranteeID == v.UserID && g.ActiveAt(now) && g.Covers(c) {
			return allow(ReasonConsent, g.ID)
		}
	}
	return deny(ReasonNotShared)
}

func allow(reason, grantID string) Outcome {
	return Outcome{Allow: true, Reason: reason, GrantID: grantID}
}

func deny(reason string) Outcome { return Outcome{Reason: reason} }

// Viewer is who asked.
func (d Decision) Viewer() onward.Principal { return d.req.Viewer }

// SubjectID is whose data was asked for.
func (d Decision) SubjectID() string { return d.req.SubjectID }

// Action is what the viewer asked to do.
func (d Decision) Action() onward.Action { return d.req.Action }

// Outcomes are the answers, one per category, in the order asked.
func (d Decision) Outcomes() []Outcome { return slices.Clone(d.outcomes) }

// Allows reports whether category c was asked for and allowed.
func (d Decision) Allows(c onward.Category) bool {
	return slices.ContainsFunc(d.outcomes, func(o Outcome) bool { return o.Category == c && o.Allow })
}

// All reports whether every category asked for was allowed (and at least
// one was asked for).
func (d Decision) All() bool {
	return len(d.outcomes) > 0 && !slices.ContainsFunc(d.outcomes, func(o Outcome) bool { return !o.Allow })
}

// Own reports whether the viewer asked about their own data.
func (d Decision) Own() bool {
	return !d.req.Viewer.Visitor() && d.req.Viewer.UserID == d.req.SubjectID
}
