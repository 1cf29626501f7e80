package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A member's own recovery: what the Today page, the check-in, the plan,
// the urge and lapse flows and the recovery API show, computed from the
// member's own data by the pure rules of internal/recovery.

// riskHistoryDays is how far back check-ins are read for the early
// warning: its 14-day window plus the days before it, which tell the model
// when the member started checking in.
const riskHistoryDays = 60

// Recovery is a member's recovery as of today in their own time zone.
type Recovery struct {
	Clock         Clock
	Profile       *onward.RecoveryProfile // nil until onboarding is done
	Summary       recovery.Summary
	CheckIns      []onward.CheckIn // the last riskHistoryDays days, oldest first
	TodayCheckIn  *onward.CheckIn
	Lapses        []onward.Lapse
	Plan          *onward.Plan
	Risk          recovery.Risk
	PlanSteps     []PlanStep                  // the plan's items that fit the warning signs
	Celebrate     []recovery.MilestoneReached // reached and not yet celebrated
	HelpedBefore  []HelpedCount               // coping strategies that helped with past urges
	ToleranceRisk bool                        // the current streak follows a lapse after abstinence
}

// Today is the member's calendar day.
func (r *Recovery) Today() recovery.Date { return r.Clock.Today }

// PlanStep is one section of the member's plan that fits a warning sign.
type PlanStep struct {
	Section string // a recovery.Plan* section
	Items   []string
	People  []onward.Contact
}

// HelpedCount says how often a coping strategy helped an urge pass.
type HelpedCount struct {
	Strategy string
	Helped   int
	Tried    int
}

// principalOf is who a signed-in account acts as.
func principalOf(u *onward.User) onward.Principal {
	return onward.Principal{UserID: u.ID, Role: u.Role}
}

// Recovery reads the member's own recovery and computes what the pages
// show. It reads from the read pool and records nothing: it is the
// member's own data.
func (a *App) Recovery(ctx context.Context, member *onward.User) (*Recovery, error) {
	v := &Recovery{Clock: a.ClockOf(member.TimeZone)}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryJournal)
	if err != nil {
		return nil, err
	}
	today := v.Clock.Today
	if v.Profile, err = rd.Profile(ctx); err != nil {
		return nil, err
	}
	if v.CheckIns, err = rd.CheckIns(ctx, today.AddDays(-riskHistoryDays), today); err != nil {
		return nil, err
	}
	if v.Lapses, err = rd.Lapses(ctx); err != nil {
		return nil, err
	}
	if v.Plan, err = rd.Plan(ctx); err != nil {
		return nil, err
	}
	urges, err := rd.Urges(ctx, 50)
	if err != nil {
		return nil, err
	}
	celebrated, err := rd.Celebrated(ctx)
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
	v.Summary = recovery.Summarize(summaryInput(v.Profile, v.Lapses, today, v.Clock.Now))
	for _, m := range v.Summary.Reached {
		if !celebrated[m.ID+"/"+m.On.String()] {
			v.Celebrate = append(v.Celebrate, m)
		}
	}
	v.Risk = recovery.AssessRisk(riskInput(v.Profile, v.CheckIns, v.Lapses, v.Summary.Stage, today))
	v.PlanSteps = planSteps(v.Plan, recovery.PlanMatches(v.Risk.Signals))
	v.ToleranceRisk = toleranceRisk(v.Profile, v.Lapses, today, v.Clock.Now)
	return v, nil
}

// CelebrateMilestones remembers that the member has seen these milestones
// celebrated, so each is celebrated once.
func (a *App) CelebrateMilestones(ctx context.Context, member *onward.User, reached []recovery.MilestoneReached) error {
	if len(reached) == 0 {
		return nil
	}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMilestones},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			for _, m := range reached {
				if err := tx.MarkCelebrated(ctx, d, member.ID, m.ID, m.On); err != nil {
					return err
				}
			}
			return nil
		})
}

func summaryInput(p *onward.RecoveryProfile, lapses []onward.Lapse, today recovery.Date, now time.Time) recovery.Input {
	days := make([]recovery.Date, len(lapses))
	for i, l := range lapses {
		days[i] = l.Day
	}
	return summaryInputOfDays(p, days, today, now)
}

func summaryInputOfDays(p *onward.RecoveryProfile, lapseDays []recovery.Date, today recovery.Date, now time.Time) recovery.Input {
	in := recovery.Input{Start: p.LastUse, StartTime: p.LastUseAt, Convention: p.Convention, Today: today, Now: now,
		DailySpend: p.DailySpend, DailyHours: p.DailyHours}
	for _, d := range lapseDays {
		in.Lapses = append(in.Lapses, recovery.Lapse{On: d})
	}
	return in
}

// MilestoneSummary is clean time, stage and milestones from the profile
// and the days of the lapses alone: what someone the member shares
// milestones with may see.
func MilestoneSummary(p *onward.RecoveryProfile, lapseDays []recovery.Date, clock Clock) recovery.Summary {
	return recovery.Summarize(summaryInputOfDays(p, lapseDays, clock.Today, clock.Now))
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

func riskInput(p *onward.RecoveryProfile, checkIns []onward.CheckIn, lapses []onward.Lapse, stage recovery.Stage, today recovery.Date) recovery.RiskInput {
	var days []recovery.DayCheckIn
	for _, c := range checkIns {
		days = append(days, dayCheckIn(c))
	}
	var lastLapse *recovery.Date
	if n := len(lapses); n > 0 {
		last := lapses[n-1].Day
		lastLapse = &last
	}
	return riskInputOfDays(p, days, lastLapse, stage, today)
}

func riskInputOfDays(p *onward.RecoveryProfile, days []recovery.DayCheckIn, lastLapse *recovery.Date, stage recovery.Stage, today recovery.Date) recovery.RiskInput {
	return recovery.RiskInput{Today: today, OnMedication: p.Medication != "" && p.Medication != "none", Stage: stage,
		CheckIns: days, LastLapse: lastLapse}
}

// dayCheckIn is what the early warning looks at of a check-in.
func dayCheckIn(c onward.CheckIn) recovery.DayCheckIn {
	d := recovery.DayCheckIn{On: c.Day, Mood: c.Mood, Craving: c.Craving, SleepQuality: c.SleepQuality, Stress: c.Stress,
		Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising, Used: c.Used, MedicationTaken: c.MedicationTaken,
		SupportContact: c.SupportContact || c.Meeting || c.Therapy, SelfCare: c.Exercise || c.Food || c.Mindfulness}
	if c.SleepHours != nil {
		d.SleepHours = *c.SleepHours
	}
	return d
}

// planSteps picks the member's own plan items for the sections that fit.
func planSteps(p *onward.Plan, sections []string) []PlanStep {
	var out []PlanStep
	for _, sec := range sections {
		step := PlanStep{Section: sec}
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
func helpedStrategies(urges []onward.Urge) []HelpedCount {
	counts := map[string]*HelpedCount{}
	for _, u := range urges {
		for _, h := range u.Helped {
			c := counts[h]
			if c == nil {
				c = &HelpedCount{Strategy: h}
				counts[h] = c
			}
			c.Tried++
			if u.Passed {
				c.Helped++
			}
		}
	}
	out := make([]HelpedCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b HelpedCount) int {
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
