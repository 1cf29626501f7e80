package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
)

// Trend charts of stored assessments: drawn on the server as SVG like the
// check-in charts (recovery_history.go), on a time axis since results come
// at any hour (SOWS every few hours in withdrawal, BAM monthly), each with
// a summary in words. A COWS chart carries the program's
// buprenorphine-start threshold as a line.

// assessmentChart is one line chart of a score over time.
type assessmentChart struct {
	ID, Title, Summary string
	Width, Height      int
	Right, Bottom      int // where the grid ends and the time labels sit
	Points             string
	Dots               []chartDot
	YTicks, XTicks     []chartTick
	// Threshold is a horizontal line at the program's threshold; nil
	// when the chart has none.
	Threshold *chartTick
}

// scorePoint is one result on a chart.
type scorePoint struct {
	At    time.Time
	Value int
}

// assessmentCharts draws a chart of the total, or for BAM one per subscale.
func assessmentCharts(locale string, loc *time.Location, t app.AssessmentTrend) []assessmentChart {
	def := t.Instrument
	if !def.HasTotal {
		var out []assessmentChart
		for _, sc := range def.Subscales {
			var pts []scorePoint
			for _, r := range t.Results {
				pts = append(pts, scorePoint{At: r.TakenAt, Value: r.Subscales[sc.ID]})
			}
			out = append(out, scoreChart(locale, loc, def.ID+"-"+sc.ID, translateMsg(locale, sc.Label), pts, 0, subscaleMax(def, sc.ID), 0))
		}
		return out
	}
	var pts []scorePoint
	for _, r := range t.Results {
		pts = append(pts, scorePoint{At: r.TakenAt, Value: r.Total})
	}
	threshold := 0
	if def.ID == instrument.COWS {
		threshold = t.Latest().BuprenorphineThreshold
	}
	return []assessmentChart{scoreChart(locale, loc, def.ID, def.ShortName, pts, def.MinTotal, def.MaxTotal, threshold)}
}

// scoreChart draws pts (oldest first) between lo and hi, with a threshold
// line when threshold is above 0.
func scoreChart(locale string, loc *time.Location, id, title string, pts []scorePoint, lo, hi, threshold int) assessmentChart {
	c := assessmentChart{ID: "chart-" + id, Title: title, Width: chartWidth, Height: chartHeight, Right: chartWidth - 4, Bottom: chartHeight - 4}
	plotW := float64(chartWidth - chartPadLeft - 10)
	plotH := float64(chartHeight - chartPadBot - chartPadTop)
	first, last := pts[0].At, pts[len(pts)-1].At
	span := last.Sub(first)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return chartPadLeft + plotW/2
		}
		return chartPadLeft + plotW*float64(t.Sub(first))/float64(span)
	}
	y := func(v int) float64 {
		v = max(lo, min(v, hi))
		return chartPadTop + plotH*(1-float64(v-lo)/float64(hi-lo))
	}
	var line []string
	for _, p := range pts {
		dot := chartDot{X: x(p.At), Y: y(p.Value)}
		c.Dots = append(c.Dots, dot)
		line = append(line, fmt.Sprintf("%.1f,%.1f", dot.X, dot.Y))
	}
	if len(line) > 1 {
		c.Points = strings.Join(line, " ")
	}
	l := localizer(locale)
	for _, v := range []int{lo, (lo + hi) / 2, hi} {
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), Label: l.Int(v)})
	}
	label := func(t time.Time) string {
		t = t.In(loc)
		if span < 48*time.Hour {
			return t.Format("15:04")
		}
		return l.ShortDay(t.Month(), t.Day())
	}
	if span <= 0 {
		c.XTicks = []chartTick{{Pos: x(first), Label: label(first), Anchor: "middle"}}
	} else {
		c.XTicks = []chartTick{{Pos: x(first), Label: label(first), Anchor: "start"}, {Pos: x(last), Label: label(last), Anchor: "end"}}
	}
	if threshold > 0 {
		c.Threshold = &chartTick{Pos: y(threshold), Label: translate(locale, "assessment.start_threshold_line", "Threshold", threshold)}
	}
	c.Summary = scoreSummary(locale, loc, title, pts, hi, threshold)
	return c
}

// scoreSummary says in words what a chart shows.
func scoreSummary(locale string, loc *time.Location, title string, pts []scorePoint, hi, threshold int) string {
	l := localizer(locale)
	lowest, highest := pts[0].Value, pts[0].Value
	for _, p := range pts {
		lowest, highest = min(lowest, p.Value), max(highest, p.Value)
	}
	first, last := pts[0], pts[len(pts)-1]
	trend := translate(locale, "recovery.about_the_same_as_the_first")
	switch {
	case last.Value > first.Value:
		trend = translate(locale, "recovery.higher_than_the_first")
	case last.Value < first.Value:
		trend = translate(locale, "recovery.lower_than_the_first")
	}
	out := translate(locale, "assessment.chart_summary", "Title", title, "Count", len(pts), "From", l.DateTime(first.At.In(loc)),
		"To", l.DateTime(last.At.In(loc)), "Latest", last.Value, "Max", hi, "Lowest", lowest, "Highest", highest, "Trend", trend)
	if threshold > 0 {
		out += " " + translate(locale, "assessment.chart_threshold_summary", "Threshold", threshold)
	}
	return out
}
