package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
)

// "Who has seen my data": a person's accounting of every look at their
// health data by someone else, and of every refusal (42 CFR 2.25, HIPAA
// §164.528), read from the audit log.

const (
	// accessLogEntries is how many audit entries the page reads.
	accessLogEntries = 500
	// sameVisit is how close together repeated views of the same thing by
	// the same person must be to be one line: one page read a few times
	// while someone looked, not two separate looks.
	sameVisit = 5 * time.Minute
)

// AccessLine is one line of "who has seen my data": Count views (or
// refusals) of a category of data by one person, from First to Last.
type AccessLine struct {
	First, Last time.Time
	Count       int
	WhoID       string // "" for someone not signed in
	Who         string // their name now; "" when the account is gone
	Category    onward.Category
	Action      string
	Allowed     bool
	Reason      string
}

// AccessLog lists the accesses to u's data by others, newest first, with
// repeated views grouped.
func (a *App) AccessLog(ctx context.Context, u *onward.User) ([]AccessLine, error) {
	entries, err := a.store.AccessByOthers(ctx, u.ID, accessLogEntries)
	if err != nil {
		return nil, err
	}
	lines := groupAccesses(entries, sameVisit)
	names := map[string]string{}
	for i := range lines {
		id := lines[i].WhoID
		if id == "" {
			continue
		}
		name, ok := names[id]
		if !ok {
			if actor, err := a.store.UserByID(ctx, id); err == nil {
				name = actor.DisplayName
			} else if onward.ErrorCode(err) != onward.ENOTFOUND {
				return nil, err
			}
			names[id] = name
		}
		lines[i].Who = name
	}
	return lines, nil
}

// groupAccesses folds entries (newest first) into lines: an entry joins
// the line of the same person, category, action and outcome when it is
// within window of that line's newest entry; lines keep the order of
// their newest entries.
func groupAccesses(entries []onward.AuditEntry, window time.Duration) []AccessLine {
	type key struct {
		who      string
		category onward.Category
		action   string
		allowed  bool
		reason   string
	}
	var lines []AccessLine
	open := map[key]int{} // the line each key's entries join, by index
	for _, e := range entries {
		k := key{e.ActorID, e.Category, e.Action, e.Allowed, e.Reason}
		if i, ok := open[k]; ok && lines[i].Last.Sub(e.At) <= window {
			lines[i].First = e.At
			lines[i].Count++
			continue
		}
		open[k] = len(lines)
		lines = append(lines, AccessLine{First: e.At, Last: e.At, Count: 1, WhoID: e.ActorID,
			Category: e.Category, Action: e.Action, Allowed: e.Allowed, Reason: e.Reason})
	}
	return lines
}

// AuditCheck is the result of verifying the audit log for an operator.
type AuditCheck struct {
	Checked int64
	Problem error // nil when the chain verified
}

// VerifyAudit checks the audit log's chain, for an operator.
func (a *App) VerifyAudit(ctx context.Context, viewer *onward.User) (*AuditCheck, error) {
	if viewer.Role != onward.RoleOperator {
		return nil, errRefused
	}
	n, err := a.store.VerifyAudit(ctx)
	if err != nil {
		a.log.ErrorContext(ctx, "audit chain verification failed", "error", err)
	}
	return &AuditCheck{Checked: n, Problem: err}, nil
}
