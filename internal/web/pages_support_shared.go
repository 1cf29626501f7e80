package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// sharedCheckInDays is how many days of check-ins a supporter sees.
const sharedCheckInDays = 14

// sharedMember is one member as a supporter sees them: only what the
// consent in force covers, or, once it has ended, only that it has.
type sharedMember struct {
	MemberID       string
	Name           string
	Relationship   string
	Active         bool
	Since          time.Time
	Categories     []onward.Category
	CheckinsDetail bool
	Recovery       *sharedRecovery // set when milestones are shared
	CheckIns       *sharedCheckIns // set when check-ins are shared
}

// Shares reports whether c is shared, for templates.
func (m sharedMember) Shares(c string) bool { return slices.Contains(m.Categories, onward.Category(c)) }

// Unbuilt lists shared categories that have nothing to show yet.
func (m sharedMember) Unbuilt() []onward.Category {
	var out []onward.Category
	for _, c := range m.Categories {
		if c != onward.CategoryMilestones && c != onward.CategoryCheckins && c != onward.CategoryMedication {
			out = append(out, c)
		}
	}
	return out
}

// sharedRecovery is clean time, stage and milestones; never the lapses
// themselves, which are check-in detail.
type sharedRecovery struct {
	Onboarded bool
	Summary   recovery.Summary
}

// sharedCheckIns is the last sharedCheckInDays days. In a summary each day
// carries only whether they checked in, mood and craving; in detail the
// answers too. The private note is never included.
type sharedCheckIns struct {
	Detail     bool
	Days       []sharedDay // newest first
	CheckedIn  int
	AvgMood    float64
	AvgCraving float64
	UsedRecent bool // detail only: a day with use, so overdose safety comes first
}

type sharedDay struct {
	Day     recovery.Date
	CheckIn *onward.CheckIn // nil when they did not check in
}

// supporting returns everyone who shares, or used to share, with viewer,
// with what they share.
func (s *Server) supporting(ctx context.Context, viewer onward.Principal) ([]sharedMember, error) {
	out, err := s.sharingWith(ctx, viewer)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Active {
			if err := s.loadShared(ctx, viewer, &out[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// sharingWith lists the members who share, or used to share, with viewer,
// newest consent first, without reading any of their data.
func (s *Server) sharingWith(ctx context.Context, viewer onward.Principal) ([]sharedMember, error) {
	consents, err := s.store.ConsentsTo(ctx, viewer.UserID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []sharedMember
	seen := map[string]int{}
	for _, c := range consents {
		i, ok := seen[c.Grant.SubjectID]
		if !ok {
			i = len(out)
			seen[c.Grant.SubjectID] = i
			out = append(out, sharedMember{MemberID: c.Grant.SubjectID, Name: c.SubjectName})
		}
		if out[i].Active || !c.Grant.ActiveAt(now) {
			continue
		}
		out[i].Active, out[i].Since, out[i].Relationship = true, c.Grant.StartsAt, c.Relationship
		out[i].Categories, out[i].CheckinsDetail = c.Grant.Categories, c.CheckinsDetail
	}
	return out, nil
}

// sharedMemberFor returns what viewer may see of one member, ENOTFOUND
// when that member has never shared anything with them.
func (s *Server) sharedMemberFor(ctx context.Context, viewer onward.Principal, memberID string) (*sharedMember, error) {
	all, err := s.sharingWith(ctx, viewer)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].MemberID != memberID {
			continue
		}
		if all[i].Active {
			return &all[i], s.loadShared(ctx, viewer, &all[i])
		}
		return &all[i], nil
	}
	return nil, onward.NewError(onward.ENOTFOUND, "support.this_person_does_not_share_anything_with")
}

// loadShared reads the shared categories that have something to show, in
// one audited access, so the member sees it in "who has seen my data".
func (s *Server) loadShared(ctx context.Context, viewer onward.Principal, m *sharedMember) error {
	var cats []onward.Category
	for _, c := range []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins} {
		if slices.Contains(m.Categories, c) {
			cats = append(cats, c)
		}
	}
	if len(cats) == 0 {
		return nil
	}
	member, err := s.store.UserByID(ctx, m.MemberID)
	if err != nil {
		return err
	}
	clock := s.app.ClockOf(member.TimeZone)
	today := clock.Today
	return s.store.ReadAccess(ctx, viewer, m.MemberID, cats, func(r *sqlstore.Reader) error {
		if m.Shares(string(onward.CategoryMilestones)) {
			rec, err := readSharedRecovery(ctx, r, clock)
			if err != nil {
				return err
			}
			m.Recovery = rec
		}
		if m.Shares(string(onward.CategoryCheckins)) {
			list, err := r.CheckIns(ctx, today.AddDays(1-sharedCheckInDays), today)
			if err != nil {
				return err
			}
			m.CheckIns = summarizeCheckIns(list, today, m.CheckinsDetail)
		}
		return nil
	})
}

func readSharedRecovery(ctx context.Context, r *sqlstore.Reader, clock app.Clock) (*sharedRecovery, error) {
	profile, err := r.Profile(ctx)
	if err != nil || profile == nil {
		return &sharedRecovery{}, err
	}
	lapseDays, err := r.LapseDays(ctx)
	if err != nil {
		return nil, err
	}
	return &sharedRecovery{Onboarded: true, Summary: app.MilestoneSummary(profile, lapseDays, clock)}, nil
}

// summarizeCheckIns builds the supporter's view of check-ins, dropping
// the private note and, in a summary, every answer but mood and craving.
func summarizeCheckIns(list []onward.CheckIn, today recovery.Date, detail bool) *sharedCheckIns {
	out := &sharedCheckIns{Detail: detail}
	byDay := map[recovery.Date]onward.CheckIn{}
	for _, c := range list {
		byDay[c.Day] = c
	}
	moods, cravings := 0, 0
	for i := range sharedCheckInDays {
		day := today.AddDays(-i)
		d := sharedDay{Day: day}
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

func (s *Server) supportingPage(w http.ResponseWriter, r *http.Request) error {
	members, err := s.supporting(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "supporting", pageData{Title: "support.people_i_support", Data: members})
}
