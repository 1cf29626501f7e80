package report

import (
	"slices"
	"strconv"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Period is what a report covers: from From to To (both included), as of
// the day it is made.
type Period struct {
	From, To recovery.Date
	AsOf     recovery.Date
}

// Member is what a report knows of one enrolment (docs/reports.md lists
// which sections count whom).
type Member struct {
	Admitted   recovery.Date
	Discharged *recovery.Date
	Reason     string // why the enrolment ended
	AgeGroup   string // "" when not recorded
	Segments   []continuum.Segment
	Attendance []continuum.Record
	CheckIns   []recovery.Date
	Scores     []Score
	Location   *time.Location
}

// Score is one stored result of a measure: an instrument's total (phq9,
// gad7) or a subscale (bam_use, bam_risk, bam_protective).
type Score struct {
	Measure  string
	TakenAt  time.Time
	Value    float64
	Baseline bool // the score later ones are compared with
}

// Options shape a report: ByAge adds a stratum per recorded age group.
type Options struct {
	ByAge bool
}

// NotRecordedAge is the stratum of members without an age group.
const NotRecordedAge = "not_recorded"

// strataOf is the strata a member counts in.
func (o Options) strataOf(m Member) []string {
	if !o.ByAge {
		return []string{""}
	}
	age := m.AgeGroup
	if age == "" {
		age = NotRecordedAge
	}
	return []string{"", age}
}

// stratumKeys lists the strata a section shows, in a fixed order.
func (o Options) stratumKeys() []string {
	if !o.ByAge {
		return []string{""}
	}
	return append(append([]string{""}, continuum.AgeGroups...), NotRecordedAge)
}

// RetentionDays are the days after admission retention is measured at.
var RetentionDays = []int{30, 90, 180}

// Retention is the share of members admitted in the period who were still
// in treatment 30, 90 and 180 days after admission (docs/reports.md):
// not discharged before (a completion counts as retained) and, when
// gapDays is above 0, never longer than gapDays without an attended
// session. Only members admitted at least that many days before the
// report's day count.
func Retention(members []Member, p Period, gapDays int, o Options) *Section {
	s := &Section{ID: "retention", Status: Ready, RowKind: "report_retention", Chart: 1,
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "retained", Kind: Percent}}}
	type tally struct{ eligible, retained int }
	tallies := map[string]map[int]*tally{}
	for _, st := range o.stratumKeys() {
		tallies[st] = map[int]*tally{}
		for _, n := range RetentionDays {
			tallies[st][n] = &tally{}
		}
	}
	for _, m := range members {
		if m.Admitted.Before(p.From) || m.Admitted.After(p.To) {
			continue
		}
		for _, n := range RetentionDays {
			if m.Admitted.AddDays(n).After(p.AsOf) {
				continue
			}
			kept := retained(m, n, gapDays)
			for _, st := range o.strataOf(m) {
				t := tallies[st][n]
				t.eligible++
				if kept {
					t.retained++
				}
			}
		}
	}
	for _, st := range o.stratumKeys() {
		for _, n := range RetentionDays {
			t := tallies[st][n]
			s.Rows = append(s.Rows, Row{Key: "day_" + strconv.Itoa(n), Stratum: st, Values: []Value{count(t.eligible), percent(t.retained, t.eligible)}})
		}
	}
	return s
}

// retained reports whether m was still in treatment n days after
// admission.
func retained(m Member, n, gapDays int) bool {
	stop := m.Admitted.AddDays(n)
	if m.Discharged != nil && m.Discharged.Before(stop) {
		if m.Reason != "completed" {
			return false
		}
		stop = *m.Discharged
	}
	if gapDays <= 0 {
		return true
	}
	var contacts []recovery.Date
	for _, r := range m.Attendance {
		if d := recovery.DateOf(r.StartsAt, m.Location); continuum.Present(r.Attendance) && !d.Before(m.Admitted) && !d.After(stop) {
			contacts = append(contacts, d)
		}
	}
	slices.SortFunc(contacts, recovery.Date.Compare)
	last := m.Admitted
	for _, c := range contacts {
		if last.DaysUntil(c) > gapDays {
			return false
		}
		last = c
	}
	return last.DaysUntil(stop) <= gapDays
}

// EngagementBuckets are the rows of Engagement: check-ins a week.
var EngagementBuckets = []string{"none", "under_1", "1_to_3", "4_to_6", "daily"}

// Engagement sorts the members who were in treatment for at least a week
// of the period by how many check-ins they made a week while they were.
func Engagement(members []Member, p Period, o Options) *Section {
	return parts("engagement", "report_engagement", 1, EngagementBuckets, members, o, func(m Member) (string, bool) {
		start, end, ok := activeIn(m, p)
		days := start.DaysUntil(end) + 1
		if !ok || days < 7 {
			return "", false
		}
		n := 0
		for _, d := range m.CheckIns {
			if !d.Before(start) && !d.After(end) {
				n++
			}
		}
		return engagementBucket(float64(n) * 7 / float64(days)), true
	})
}

// parts is a section that sorts members into keys (the rows, in order):
// each row counts its members and their share of the members sorted, per
// stratum. keyOf says a member's key, or false to leave them out.
func parts(id, rowKind string, chart int, keys []string, members []Member, o Options, keyOf func(Member) (string, bool)) *Section {
	s := &Section{ID: id, Status: Ready, RowKind: rowKind, Chart: chart,
		Columns: []Column{{ID: "members", Kind: Count, Parts: true}, {ID: "share", Kind: Percent}}}
	counts := map[string]map[string]int{}
	totals := map[string]int{}
	for _, st := range o.stratumKeys() {
		counts[st] = map[string]int{}
	}
	for _, m := range members {
		key, ok := keyOf(m)
		if !ok {
			continue
		}
		for _, st := range o.strataOf(m) {
			counts[st][key]++
			totals[st]++
		}
	}
	for _, st := range o.stratumKeys() {
		for _, k := range keys {
			s.Rows = append(s.Rows, Row{Key: k, Stratum: st, Values: []Value{count(counts[st][k]), percent(counts[st][k], totals[st])}})
		}
	}
	return s
}

func engagementBucket(perWeek float64) string {
	switch {
	case perWeek == 0:
		return "none"
	case perWeek < 1:
		return "under_1"
	case perWeek < 4:
		return "1_to_3"
	case perWeek < 7:
		return "4_to_6"
	}
	return "daily"
}

// activeIn is the part of the period m was in treatment, up to the day
// before the report's day (today is not over).
func activeIn(m Member, p Period) (start, end recovery.Date, ok bool) {
	start, end = m.Admitted, p.AsOf.AddDays(-1)
	if m.Discharged != nil && m.Discharged.Before(end) {
		end = *m.Discharged
	}
	if start.Before(p.From) {
		start = p.From
	}
	if end.After(p.To) {
		end = p.To
	}
	return start, end, !end.Before(start)
}

// Attendance compares attended hours with the hours each member's level
// of care expects, over the complete weeks of the period each member
// spent at one level, by level and for all levels ("all").
func Attendance(members []Member, p Period, hours continuum.Hours, o Options) *Section {
	s := &Section{ID: "attendance", Status: Ready, RowKind: "care_level", Chart: 3,
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "expected_hours", Kind: Hours}, {ID: "attended_hours", Kind: Hours},
			{ID: "attended_share", Kind: Ratio}, {ID: "weeks_met", Kind: Ratio}}}
	type tally struct {
		members       map[int]bool
		due, attended float64
		weeks, met    int
	}
	keys := append(continuum.LevelCodes(), "all")
	tallies := map[string]map[string]*tally{}
	for _, st := range o.stratumKeys() {
		tallies[st] = map[string]*tally{}
		for _, k := range keys {
			tallies[st][k] = &tally{members: map[int]bool{}}
		}
	}
	last := p.To
	if !last.Before(p.AsOf) {
		last = p.AsOf.AddDays(-1)
	}
	for i, m := range members {
		weeks := continuum.ByWeek(m.Attendance, m.Location)
		for w := continuum.Monday(p.From); !w.AddDays(6).After(last); w = w.AddDays(7) {
			if w.Before(p.From) {
				continue
			}
			level := levelThrough(m.Segments, w)
			expected := hours.Expected(level)
			if level == "" || expected <= 0 {
				continue
			}
			week := weeks[w]
			week.Start, week.Expected = w, expected
			for _, st := range o.strataOf(m) {
				for _, k := range []string{level, "all"} {
					t := tallies[st][k]
					t.members[i] = true
					t.due += week.Due()
					t.attended += week.Attended
					t.weeks++
					if !week.Below() {
						t.met++
					}
				}
			}
		}
	}
	for _, st := range o.stratumKeys() {
		for _, k := range keys {
			t := tallies[st][k]
			if t.weeks == 0 && k != "all" {
				continue
			}
			n := len(t.members)
			s.Rows = append(s.Rows, Row{Key: k, Stratum: st, Values: []Value{count(n), over(t.due, n), over(t.attended, n),
				ratio(t.attended, t.due, n), ratio(float64(t.met), float64(t.weeks), n)}})
		}
	}
	return s
}

// levelThrough is the level of the segment covering the whole week
// starting on monday, or "".
func levelThrough(segments []continuum.Segment, monday recovery.Date) string {
	next := monday.AddDays(7)
	for _, g := range segments {
		if !g.Start.After(monday) && (g.End == nil || !g.End.Before(next)) {
			return g.Level
		}
	}
	return ""
}

// Discharges counts the members discharged in the period by reason.
func Discharges(members []Member, p Period, o Options) *Section {
	return parts("discharges", "discharge", 0, onward.DischargeReasons, members, o, func(m Member) (string, bool) {
		return m.Reason, m.Discharged != nil && !m.Discharged.Before(p.From) && !m.Discharged.After(p.To)
	})
}

// Measures are the rows of ScoreChange, with whether a lower score is
// better (for BAM's protective factors higher is better).
var Measures = []struct {
	ID          string
	LowerBetter bool
}{{"phq9", true}, {"gad7", true}, {"bam_use", true}, {"bam_risk", true}, {"bam_protective", false}}

// ScoreChange compares each member's latest score of a measure taken in
// the period with their baseline (the score marked as baseline, else
// their first): the mean of each, the mean change, and the share who
// improved.
func ScoreChange(members []Member, p Period, o Options) *Section {
	s := &Section{ID: "assessments", Status: Ready, RowKind: "report_measure", Chart: 3,
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "baseline_mean", Kind: Mean}, {ID: "latest_mean", Kind: Mean},
			{ID: "change_mean", Kind: Mean}, {ID: "improved", Kind: Percent}}}
	type tally struct {
		n, improved      int
		baseline, latest float64
	}
	tallies := map[string]map[string]*tally{}
	for _, st := range o.stratumKeys() {
		tallies[st] = map[string]*tally{}
		for _, ms := range Measures {
			tallies[st][ms.ID] = &tally{}
		}
	}
	for _, m := range members {
		for _, ms := range Measures {
			base, latest, ok := baselineAndLatest(m.Scores, ms.ID, p, m.Location)
			if !ok {
				continue
			}
			better := latest < base
			if !ms.LowerBetter {
				better = latest > base
			}
			for _, st := range o.strataOf(m) {
				t := tallies[st][ms.ID]
				t.n++
				t.baseline += base
				t.latest += latest
				if better {
					t.improved++
				}
			}
		}
	}
	for _, st := range o.stratumKeys() {
		for _, ms := range Measures {
			t := tallies[st][ms.ID]
			var b, l float64
			if t.n > 0 {
				b, l = t.baseline/float64(t.n), t.latest/float64(t.n)
			}
			s.Rows = append(s.Rows, Row{Key: ms.ID, Stratum: st, Values: []Value{count(t.n), over(b, t.n), over(l, t.n), over(l-b, t.n),
				percent(t.improved, t.n)}})
		}
	}
	return s
}

// baselineAndLatest finds a member's baseline of a measure and their
// latest later score taken in the period.
func baselineAndLatest(scores []Score, measure string, p Period, loc *time.Location) (base, latest float64, ok bool) {
	var first, marked, last *Score
	for i := range scores {
		sc := &scores[i]
		if sc.Measure != measure {
			continue
		}
		if first == nil || sc.TakenAt.Before(first.TakenAt) {
			first = sc
		}
		if sc.Baseline && (marked == nil || sc.TakenAt.Before(marked.TakenAt)) {
			marked = sc
		}
	}
	if marked != nil {
		first = marked
	}
	if first == nil {
		return 0, 0, false
	}
	for i := range scores {
		sc := &scores[i]
		day := recovery.DateOf(sc.TakenAt, loc)
		if sc.Measure != measure || !sc.TakenAt.After(first.TakenAt) || day.Before(p.From) || day.After(p.To) {
			continue
		}
		if last == nil || sc.TakenAt.After(last.TakenAt) {
			last = sc
		}
	}
	if last == nil {
		return 0, 0, false
	}
	return first.Value, last.Value, true
}
