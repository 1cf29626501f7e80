package web

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// chartDays is the span of the trend charts.
const chartDays = 30

type historyView struct {
	Month     recovery.Date // first day of the month shown
	Prev      string        // "2026-10", "" when before the recovery start
	Next      string        // "" when it would be in the future
	Weeks     [][]calendarDay
	Charts    []chart
	Recent    []onward.CheckIn // newest first, for the text list
	Notes     []onward.CheckIn // the recent check-ins with a note, newest first
	HasCharts bool
}

// ChartRight and ChartBottom place the grid's end and the day labels.
func (historyView) ChartRight() int  { return chartWidth - 4 }
func (historyView) ChartBottom() int { return chartHeight - 4 }

type calendarDay struct {
	Day      recovery.Date
	InMonth  bool
	CheckIn  *onward.CheckIn
	Lapse    bool
	Today    bool
	Recovery bool // on or after the recovery start
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	month := recovery.Date{Year: today.Year, Month: today.Month, Day: 1}
	if m := r.FormValue("month"); m != "" {
		t, err := time.Parse("2006-01", m)
		if err != nil || t.Year() < 1950 {
			return onward.NewError(onward.EINVALID, "recovery.choose_a_month_like_2026_03")
		}
		month = recovery.Date{Year: t.Year(), Month: t.Month(), Day: 1}
		if month.After(today) {
			return onward.NewError(onward.EINVALID, "recovery.that_month_has_not_happened_yet")
		}
	}
	gridStart, gridEnd := calendarBounds(month)
	from := today.AddDays(1 - chartDays)
	if gridStart.Before(from) {
		from = gridStart
	}
	h, err := s.app.HistorySince(r.Context(), u, from)
	if err != nil {
		return err
	}
	profile, checkIns, lapses := h.Profile, h.CheckIns, h.Lapses
	v := historyView{Month: month, Weeks: calendarWeeks(month, gridStart, gridEnd, today, profile, checkIns, lapses)}
	prev := month.AddMonths(-1)
	if profile == nil || !prev.AddMonths(1).AddDays(-1).Before(profile.LastUse) {
		v.Prev = fmt.Sprintf("%04d-%02d", prev.Year, prev.Month)
	}
	if next := month.AddMonths(1); !next.After(today) {
		v.Next = fmt.Sprintf("%04d-%02d", next.Year, next.Month)
	}
	var recent []onward.CheckIn
	for _, c := range checkIns {
		if !c.Day.Before(today.AddDays(1 - chartDays)) {
			recent = append(recent, c)
		}
	}
	v.Charts = trendCharts(state(r).locale, recent, today.AddDays(1-chartDays), today)
	v.HasCharts = len(recent) > 0
	for i := len(recent) - 1; i >= 0; i-- {
		v.Recent = append(v.Recent, recent[i])
		if recent[i].Note != "" {
			v.Notes = append(v.Notes, recent[i])
		}
	}
	return s.render(w, r, "history", pageData{Title: "recovery.history", Data: v})
}

// calendarBounds returns the Monday on or before the month's first day and
// the Sunday on or after its last day.
func calendarBounds(month recovery.Date) (recovery.Date, recovery.Date) {
	first := time.Date(month.Year, month.Month, 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	start := month.AddDays(-((int(first.Weekday()) + 6) % 7))
	end := recovery.Date{Year: last.Year(), Month: last.Month(), Day: last.Day()}.AddDays((7 - int(last.Weekday())) % 7)
	return start, end
}

func calendarWeeks(month, start, end, today recovery.Date, p *onward.RecoveryProfile, checkIns []onward.CheckIn, lapses []onward.Lapse) [][]calendarDay {
	byDay := map[recovery.Date]*onward.CheckIn{}
	for i := range checkIns {
		byDay[checkIns[i].Day] = &checkIns[i]
	}
	lapsed := map[recovery.Date]bool{}
	for _, l := range lapses {
		lapsed[l.Day] = true
	}
	var weeks [][]calendarDay
	for d := start; !d.After(end); d = d.AddDays(7) {
		week := make([]calendarDay, 7)
		for i := range week {
			day := d.AddDays(i)
			week[i] = calendarDay{Day: day, InMonth: day.Month == month.Month, CheckIn: byDay[day], Lapse: lapsed[day],
				Today: day == today, Recovery: p != nil && !day.Before(p.LastUse) && !day.After(today)}
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// chart is a small line chart drawn on the server as SVG, with a text
// summary for screen readers and anyone who prefers numbers.
type chart struct {
	ID      string
	Title   string
	Summary string
	Width   int
	Height  int
	Points  string // SVG polyline points
	Dots    []chartDot
	YTicks  []chartTick
	XTicks  []chartTick
}

type chartDot struct{ X, Y float64 }

type chartTick struct {
	Pos    float64
	Label  string
	Anchor string // SVG text-anchor, so the end labels stay inside the chart
}

const (
	chartWidth   = 320
	chartHeight  = 140
	chartPadLeft = 28
	chartPadBot  = 20
	chartPadTop  = 8
)

func trendCharts(locale string, checkIns []onward.CheckIn, from, to recovery.Date) []chart {
	mood := func(c onward.CheckIn) (float64, bool) { return float64(c.Mood), c.Mood > 0 }
	craving := func(c onward.CheckIn) (float64, bool) { return float64(c.Craving), true }
	sleep := func(c onward.CheckIn) (float64, bool) {
		if c.SleepHours == nil {
			return 0, false
		}
		return *c.SleepHours, true
	}
	return []chart{
		lineChart(locale, "mood", translate(locale, "recovery.mood"), translate(locale, "recovery.from_1_very_low_to_5_very"), checkIns, from, to, 1, 5, mood),
		lineChart(locale, "craving", translate(locale, "recovery.craving"), translate(locale, "recovery.from_0_none_to_10_strongest"), checkIns, from, to, 0, 10, craving),
		lineChart(locale, "sleep", translate(locale, "recovery.sleep"), translate(locale, "recovery.hours_a_night"), checkIns, from, to, 0, 12, sleep),
	}
}

func lineChart(locale, id, title, scale string, checkIns []onward.CheckIn, from, to recovery.Date, lo, hi float64,
	value func(onward.CheckIn) (float64, bool)) chart {
	c := chart{ID: id, Title: title, Width: chartWidth, Height: chartHeight}
	span := float64(from.DaysUntil(to))
	plotW := float64(chartWidth - chartPadLeft - 10)
	plotH := float64(chartHeight - chartPadBot - chartPadTop)
	x := func(d recovery.Date) float64 { return chartPadLeft + plotW*float64(from.DaysUntil(d))/span }
	y := func(v float64) float64 {
		v = max(lo, min(v, hi))
		return chartPadTop + plotH*(1-(v-lo)/(hi-lo))
	}
	var pts []string
	var values []float64
	for _, ci := range checkIns {
		v, ok := value(ci)
		if !ok {
			continue
		}
		values = append(values, v)
		dot := chartDot{X: x(ci.Day), Y: y(v)}
		c.Dots = append(c.Dots, dot)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", dot.X, dot.Y))
	}
	c.Points = strings.Join(pts, " ")
	for _, v := range []float64{lo, (lo + hi) / 2, hi} {
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), Label: localizer(locale).Number(v)})
	}
	c.XTicks = []chartTick{{Pos: x(from), Label: localizer(locale).ShortDay(from.Month, from.Day), Anchor: "start"}, {Pos: x(to), Label: localizer(locale).ShortDay(to.Month, to.Day), Anchor: "end"}}
	c.Summary = chartSummary(locale, title, scale, values)
	return c
}

// chartSummary says in words what the chart shows.
func chartSummary(locale, title, scale string, values []float64) string {
	if len(values) == 0 {
		return translate(locale, "recovery.no_answers_in_the_last_30_days", "Title", title)
	}
	sum, lo, hi := 0.0, values[0], values[0]
	for _, v := range values {
		sum += v
		lo = min(lo, v)
		hi = max(hi, v)
	}
	first, last := values[0], values[len(values)-1]
	trend := translate(locale, "recovery.about_the_same_as_the_first")
	switch {
	case last > first:
		trend = translate(locale, "recovery.higher_than_the_first")
	case last < first:
		trend = translate(locale, "recovery.lower_than_the_first")
	}
	return translate(locale, "recovery.days_answered_in_the_last_30_average",
		"Title", title, "Scale", scale, "Count", len(values), "Average", math.Round(sum/float64(len(values))*10)/10, "Lowest", lo, "Highest", hi, "Trend", trend)
}
