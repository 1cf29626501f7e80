package web

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// memberCategories are what a member's own recovery pages read: clean time
// and milestones, check-ins (and lapses), and the private plan.
var memberCategories = []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryJournal}

// riskHistoryDays is how far back check-ins are loaded for the early
// warning: its 14-day window plus the days before it, which tell the model
// when the member started checking in.
const riskHistoryDays = 60

// recoveryView is a member's recovery as of today in their own time zone.
type recoveryView struct {
	Today         recovery.Date
	Profile       *onward.RecoveryProfile // nil until onboarding is done
	Summary       recovery.Summary
	CheckIns      []onward.CheckIn // the last riskHistoryDays days, oldest first
	TodayCheckIn  *onward.CheckIn
	Lapses        []onward.Lapse
	Plan          *onward.Plan
	Risk          recovery.Risk
	PlanSteps     []planStep                  // the plan's items that fit the warning signs
	Celebrate     []recovery.MilestoneReached // reached and not yet celebrated
	HelpedBefore  []helpedCount               // coping strategies that helped with past urges
	ToleranceRisk bool                        // the current streak follows a lapse after abstinence
}

// planStep is one section of the member's plan that fits a warning sign.
type planStep struct {
	Section string
	Label   string // English; translated on the page
	Items   []string
	People  []onward.Contact
}

// planSectionLabels name the plan's sections on the pages.
var planSectionLabels = map[string]string{
	recovery.PlanTriggers:     "recovery.triggers",
	recovery.PlanWarningSigns: "recovery.warning_signs",
	recovery.PlanCoping:       "recovery.what_i_can_do_instead",
	recovery.PlanPeople:       "recovery.people_to_call",
	recovery.PlanReasons:      "recovery.my_reasons",
	recovery.PlanSafePlaces:   "recovery.safe_places_and_activities",
}

// helpedCount says how often a strategy helped an urge pass.
type helpedCount struct {
	Strategy string
	Helped   int
	Tried    int
}

// memberClock returns the member's location and local today.
func (s *Server) memberClock(u *onward.User) (*time.Location, recovery.Date, time.Time) {
	loc := location(u.TimeZone)
	now := s.now().In(loc)
	return loc, recovery.DateOf(now, loc), now
}

// locations caches loaded time zones: loading one parses its zone file,
// and nearly every member page needs the member's.
var locations sync.Map

// location returns the named time zone, UTC when unknown.
func location(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// loadRecovery reads the member's own recovery data (one audited access)
// and computes what the pages show.
func (s *Server) loadRecovery(ctx context.Context, u *onward.User) (*recoveryView, error) {
	_, today, now := s.memberClock(u)
	v := &recoveryView{Today: today}
	var celebrated map[string]bool
	var urges []onward.Urge
	err := s.store.ReadAccess(ctx, onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, memberCategories, func(r *sqlstore.Reader) error {
		var err error
		if v.Profile, err = r.Profile(ctx); err != nil {
			return err
		}
		if v.CheckIns, err = r.CheckIns(ctx, today.AddDays(-riskHistoryDays), today); err != nil {
			return err
		}
		if v.Lapses, err = r.Lapses(ctx); err != nil {
			return err
		}
		if v.Plan, err = r.Plan(ctx); err != nil {
			return err
		}
		if urges, err = r.Urges(ctx, 50); err != nil {
			return err
		}
		celebrated, err = r.Celebrated(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range v.CheckIns {
		if v.CheckIns[i].Day == today {
			v.TodayCheckIn = &v.CheckIns[i]
		}
	}
	v.HelpedBefore = helpedStrategies(urges)
	if v.Profile == nil {
		return v, nil
	}
	v.Summary = recovery.Summarize(summaryInput(v.Profile, v.Lapses, today, now))
	for _, m := range v.Summary.Reached {
		if !celebrated[m.ID+"/"+m.On.String()] {
			v.Celebrate = append(v.Celebrate, m)
		}
	}
	v.Risk = recovery.AssessRisk(riskInput(v, today))
	v.PlanSteps = planSteps(v.Plan, recovery.PlanMatches(v.Risk.Signals))
	v.ToleranceRisk = toleranceRisk(v.Profile, v.Lapses, today, now)
	return v, nil
}

func summaryInput(p *onward.RecoveryProfile, lapses []onward.Lapse, today recovery.Date, now time.Time) recovery.Input {
	in := recovery.Input{Start: p.LastUse, StartTime: p.LastUseAt, Convention: p.Convention, Today: today, Now: now,
		DailySpend: p.DailySpend, DailyHours: p.DailyHours}
	for _, l := range lapses {
		in.Lapses = append(in.Lapses, recovery.Lapse{On: l.Day})
	}
	return in
}

// toleranceRisk reports whether the latest lapse came after a period of
// abstinence, in which case tolerance is lower and overdose risk higher
// for a while (clinical-facts §8); the pages then keep safety advice near.
// It holds for the two weeks after such a lapse.
func toleranceRisk(p *onward.RecoveryProfile, lapses []onward.Lapse, today recovery.Date, now time.Time) bool {
	if len(lapses) == 0 {
		return false
	}
	last := lapses[len(lapses)-1]
	if last.Day.DaysUntil(today) > 14 {
		return false
	}
	before := recovery.Summarize(summaryInput(p, lapses[:len(lapses)-1], last.Day, now))
	return recovery.LapseAfterAbstinence(before)
}

func riskInput(v *recoveryView, today recovery.Date) recovery.RiskInput {
	in := recovery.RiskInput{Today: today, OnMedication: v.Profile.Medication != "" && v.Profile.Medication != "none", Stage: v.Summary.Stage}
	for _, c := range v.CheckIns {
		d := recovery.DayCheckIn{On: c.Day, Mood: c.Mood, Craving: c.Craving, SleepQuality: c.SleepQuality, Stress: c.Stress,
			Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising, Used: c.Used, MedicationTaken: c.MedicationTaken,
			SupportContact: c.SupportContact || c.Meeting || c.Therapy, SelfCare: c.Exercise || c.Food || c.Mindfulness}
		if c.SleepHours != nil {
			d.SleepHours = *c.SleepHours
		}
		in.CheckIns = append(in.CheckIns, d)
	}
	if n := len(v.Lapses); n > 0 {
		last := v.Lapses[n-1].Day
		in.LastLapse = &last
	}
	return in
}

// planSteps picks the member's own plan items for the sections that fit.
func planSteps(p *onward.Plan, sections []string) []planStep {
	var out []planStep
	for _, sec := range sections {
		step := planStep{Section: sec, Label: planSectionLabels[sec]}
		switch sec {
		case recovery.PlanTriggers:
			step.Items = append(append([]string(nil), p.Triggers...), p.HALT...)
		case recovery.PlanWarningSigns:
			step.Items = p.WarningSigns
		case recovery.PlanCoping:
			step.Items = p.Coping
		case recovery.PlanPeople:
			step.People = p.People
		case recovery.PlanReasons:
			step.Items = p.Reasons
		case recovery.PlanSafePlaces:
			step.Items = p.SafePlaces
		}
		out = append(out, step)
	}
	return out
}

// helpedStrategies counts, over past urges, how often each strategy was
// used and how often the urge passed with it: the member learns what works
// for them. Most helpful first.
func helpedStrategies(urges []onward.Urge) []helpedCount {
	counts := map[string]*helpedCount{}
	for _, u := range urges {
		for _, h := range u.Helped {
			c := counts[h]
			if c == nil {
				c = &helpedCount{Strategy: h}
				counts[h] = c
			}
			c.Tried++
			if u.Passed {
				c.Helped++
			}
		}
	}
	out := make([]helpedCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b helpedCount) int {
		if a.Helped != b.Helped {
			return b.Helped - a.Helped
		}
		if a.Tried != b.Tried {
			return a.Tried - b.Tried
		}
		return cmp.Compare(a.Strategy, b.Strategy)
	})
	return out
}
