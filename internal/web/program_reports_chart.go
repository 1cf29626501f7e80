package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/report"
)

// Charts are drawn on the server as inline SVG: no script, no request
// elsewhere, styled by class from the site's stylesheet, read by screen
// readers as one image with a title and the text summary as its
// description. The table beside each chart holds the same figures.

const (
	reportChartWidth  = 640
	reportChartLabels = 230 // width of the row labels
	reportChartBars   = 300 // width of the bars
	reportChartRow    = 30
)

// chartSVG draws a section's charted column for all members as
// horizontal bars; suppressed figures get no bar and say why.
func chartSVG(l *locale.Localizer, s *report.Section) template.HTML {
	if s.Status != report.Ready {
		return ""
	}
	col := s.Columns[s.Chart]
	var rows []report.Row
	for _, r := range s.Rows {
		if r.Stratum == "" {
			rows = append(rows, r)
		}
	}
	top := 100.0 // percents and ratios are drawn on 0 to 100
	if col.Kind != report.Percent && col.Kind != report.Ratio {
		top = 0
		for _, r := range rows {
			if v := r.Values[s.Chart]; !v.Suppressed {
				top = max(top, math.Abs(v.Number))
			}
		}
	}
	negative := false
	for _, r := range rows {
		negative = negative || !r.Values[s.Chart].Suppressed && r.Values[s.Chart].Number < 0
	}
	zero := float64(reportChartLabels)
	span := float64(reportChartBars)
	if negative {
		span /= 2
		zero += span
	}
	height := len(rows)*reportChartRow + 10
	id := "chart-" + s.ID
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc">`,
		reportChartWidth, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id,
		esc(l.T("report.chart_title", "Section", l.Label("report_section", s.ID), "Measure", l.Label("report_column", col.ID))), id,
		esc(strings.Join(summaryOf(l, s), " ")))
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%.1f" y1="0" x2="%.1f" y2="%d"/>`, zero, zero, height)
	for i, r := range rows {
		y := float64(i*reportChartRow + 5)
		mid := y + reportChartRow/2
		v := r.Values[s.Chart]
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`,
			reportChartLabels-8, mid, esc(rowLabel(l, s, r.Key)))
		if v.Suppressed {
			fmt.Fprintf(&b, `<text class="chart-suppressed" x="%.1f" y="%.1f" dominant-baseline="middle">%s</text>`, zero+6, mid,
				esc(l.T("report.fewer_than", "Count", report.MinCell)))
			continue
		}
		w := 0.0
		if top > 0 {
			w = math.Abs(v.Number) / top * span
		}
		x := zero
		if v.Number < 0 {
			x = zero - w
		}
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%d"/>`, x, y+4, w, reportChartRow-8)
		textX, anchor := zero+w+6, "start"
		if v.Number < 0 {
			textX, anchor = zero-w-6, "end"
		}
		fmt.Fprintf(&b, `<text class="chart-value" x="%.1f" y="%.1f" text-anchor="%s" dominant-baseline="middle">%s</text>`, textX, mid,
			anchor, esc(figure(l, col.Kind, v)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
