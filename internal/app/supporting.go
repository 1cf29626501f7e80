package app

import (
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// What the people a member shares with see of them: supporters ("People I
// support" and the API) and, under a program consent, the program's staff.
// What is shared is relationship metadata the viewer may know (the
// consents given to them); the data itself is read through app.read,
// asking for exactly the categories the answer shows, so the member's
// record of who saw what says exactly that.

// sharedCheckInDays is how many days of check-ins a supporter sees.
const sharedCheckInDays = 14

// shownCategories are the categories the supporter's and the staff's
// pages have something to show for; others shared are listed by name
// only, and nothing of them is read.
var shownCategories = []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins}

// linkedCategories have a page of their own (read there, when opened),
// linked from the member's card.
var linkedCategories = []onward.Category{onward.CategoryMedication}

// SharedMember is one member as someone they share with sees them: what
// the consent in force covers, or, once it has ended, only that it has.
type SharedMember struct {
	MemberID     string
	Name         string
	Relationship string
	Active       bool
	Since        time.Time
	Sharing      onward.Sharing
	Recovery     *SharedRecovery // set when milestones were read
	CheckIns     *SharedCheckIns // set when check-ins were read
}

// Shares reports whether c is shared.
func (m SharedMember) Shares(c onward.Category) bool { return slices.Contains(m.Sharing.Categories, c) }

// Unshown lists the shared categories no page shows anything of yet.
func (m SharedMember) Unshown() []onward.Category {
	var out []onward.Category
	for _, c := range m.Sharing.Categories {
		if !slices.Contains(shownCategories, c) && !slices.Contains(linkedCategories, c) {
			out = append(out, c)
		}
	}
	return out
}

// shown lists the shared categories a page shows.
func (m SharedMember) shown() []onward.Category {
	var out []onward.Category
	for _, c := range shownCategories {
		if m.Shares(c) {
			out = append(out, c)
		}
	}
	return out
}

// SharedRecovery is clean time, stage and milestones; never the lapses
// themselves, which are check-in detail.
type SharedRecovery struct {
	Onboarded bool
	Summary   recovery.Summary
}

// SharedCheckIns is the last sharedCheckInDays days. In a summary each day
// carries only whether they checked in, mood and craving; in detail the
// answers too. The private note is never included.
type SharedCheckIns struct {
	Detail     bool
	Days       []SharedDay // newest first
	CheckedIn  int
	AvgMood    float64
	AvgCraving float64
	UsedRecent bool // detail only: a day with use, so overdose safety comes first
}

// SharedDay is one day of shared check-ins.
type SharedDay struct {
	Day     recovery.Date
	CheckIn *onward.CheckIn // nil when they did not check in
}

var errNoSharing = onward.NewError(onward.ENOTFOUND, "support.this_person_does_not_share_anything_with")

// SharingWithMe lists the members who share, or used to share, with
// viewer, newest consent first, with what they share: the consents given
// to viewer, no data of anyone's.
func (a *App) SharingWithMe(ctx context.Context, viewer onward.Principal) ([]SharedMember, error) {
	consents, err := a.store.ConsentsTo(ctx, viewer.UserID)
	if err != nil {
		return nil, err
	}
	return sharedMembers(consents, a.now()), nil
}

// sharedMembers folds consents, newest first, into one entry per member:
// the consent in force, or the fact that none is.
func sharedMembers(consents []onward.Consent, now time.Time) []SharedMember {
	var out []SharedMember
	seen := map[string]int{}
	for _, c := range consents {
		i, ok := seen[c.Grant.SubjectID]
		if !ok {
			i = len(out)
			seen[c.Grant.SubjectID] = i
			out = append(out, SharedMember{MemberID: c.Grant.SubjectID, Name: c.SubjectName})
		}
		if out[i].Active || !c.Grant.ActiveAt(now) {
			continue
		}
		out[i].Active, out[i].Since, out[i].Relationship = true, c.Grant.StartsAt, c.Relationship
		out[i].Sharing = onward.Sharing{Categories: c.Grant.Categories, CheckinsDetail: c.CheckinsDetail}
	}
	return out
}

// Supporting is "People I support": everyone who shares, or used to share,
// with viewer, with what each shares now. For each member sharing now it
// asks for exactly the shared categories the page shows.
func (a *App) Supporting(ctx context.Context, viewer onward.Principal) ([]SharedMember, error) {
	members, err := a.SharingWithMe(ctx, viewer)
	if err != nil {
		return nil, err
	}
	for i := range members {
		if !members[i].Active {
			continue
		}
		rd, d, err := a.read(ctx, viewer, members[i].MemberID, members[i].shown()...)
		if err != nil {
			return nil, err
		}
		if err := a.fillShared(ctx, &members[i], rd, d); err != nil {
			return nil, err
		}
	}
	return members, nil
}

// SharedRecovery is one member's clean time and milestones as viewer may
// see them: ENOTFOUND when the member has never shared anything with
// viewer, EFORBIDDEN (recorded) when milestones are not shared now.
func (a *App) SharedRecovery(ctx context.Context, viewer onward.Principal, memberID string) (*SharedMember, error) {
	return a.sharedCategory(ctx, viewer, memberID, onward.CategoryMilestones)
}

// SharedCheckIns is one member's check-ins of the last two weeks as
// viewer may see them, with the same answers as SharedRecovery.
func (a *App) SharedCheckIns(ctx context.Context, viewer onward.Principal, memberID string) (*SharedMember, error) {
	return a.sharedCategory(ctx, viewer, memberID, onward.CategoryCheckins)
}

// sharedCategory reads one category of a member who shares, or shared,
// with viewer. Someone the member never shared with learns nothing, not
// even that the member exists; anyone else gets the policy's answer,
// recorded.
func (a *App) sharedCategory(ctx context.Context, viewer onward.Principal, memberID string, c onward.Category) (*SharedMember, error) {
	consents, err := a.store.ConsentsBetween(ctx, memberID, viewer.UserID)
	if err != nil {
		return nil, err
	}
	members := sharedMembers(consents, a.now())
	if len(members) == 0 {
		return nil, errNoSharing
	}
	m := &members[0]
	rd, d, err := a.read(ctx, viewer, memberID, c)
	if err != nil {
		return nil, err
	}
	if !d.All() {
		return nil, errRefused
	}
	return m, a.fillShared(ctx, m, rd, d)
}

// fillShared reads into m what decision d allowed. A consent can end
// between reading it and reading the data: the policy then refuses, the
// refusal is recorded, and nothing is shown.
func (a *App) fillShared(ctx context.Context, m *SharedMember, rd *sqlstore.Reader, d policy.Decision) error {
	if !d.Allows(onward.CategoryMilestones) && !d.Allows(onward.CategoryCheckins) {
		return nil
	}
	member, err := a.store.UserByID(ctx, m.MemberID)
	if err != nil {
		return err
	}
	clock := a.ClockOf(member.TimeZone)
	if d.Allows(onward.CategoryMilestones) {
		if m.Recovery, err = readSharedRecovery(ctx, rd, clock); err != nil {
			return err
		}
	}
	if d.Allows(onward.CategoryCheckins) {
		list, err := rd.CheckIns(ctx, clock.Today.AddDays(1-sharedCheckInDays), clock.Today)
		if err != nil {
			return err
		}
		m.CheckIns = summarizeCheckIns(list, clock.Today, m.Sharing.CheckinsDetail)
	}
	return nil
}

// readSharedRecovery reads clean time from the profile and the days of
// the lapses alone (milestones), never what was used or why.
func readSharedRecovery(ctx context.Context, rd *sqlstore.Reader, clock Clock) (*SharedRecovery, error) {
	profile, err := rd.Profile(ctx)
	if err != nil || profile == nil {
		return &SharedRecovery{}, err
	}
	lapseDays, err := rd.LapseDays(ctx)
	if err != nil {
		return nil, err
	}
	return &SharedRecovery{Onboarded: true, Summary: MilestoneSummary(profile, lapseDays, clock)}, nil
}

// summarizeCheckIns builds the shared view of check-ins, dropping the
// private note and, in a summary, every answer but mood and craving.
func summarizeCheckIns(list []onward.CheckIn, today recovery.Date, detail bool) *SharedCheckIns {
	out := &SharedCheckIns{Detail: detail}
	byDay := map[recovery.Date]onward.CheckIn{}
	for _, c := range list {
		byDay[c.Day] = c
	}
	moods, cravings := 0, 0
	for i := range sharedCheckInDays {
		day := today.AddDays(-i)
		d := SharedDay{Day: day}
		if c, ok := byDay[day]; ok {
			shown := onward.CheckIn{Day: c.Day, Mood: c.Mood, Craving: c.Craving}
			if detail {
				shown = c
				out.UsedRecent = out.UsedRecent || c.Used
			}
			shown.Note, shown.ClientID, shown.ID, shown.UserID = "", "", "", ""
			d.CheckIn = &shown
			out.CheckedIn++
			moods += c.Mood
			cravings += c.Craving
		}
		out.Days = append(out.Days, d)
	}
	if out.CheckedIn > 0 {
		out.AvgMood = float64(moods) / float64(out.CheckedIn)
		out.AvgCraving = float64(cravings) / float64(out.CheckedIn)
	}
	return out
}
