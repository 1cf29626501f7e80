// Package report computes a treatment program's aggregate reports from
// plain facts about its members, and applies the small-cell rule that
// keeps any one member from being singled out (docs/reports.md). It is
// pure: the use cases read the facts and decide whose data may count.
package report

import (
	"cmp"
	"slices"
)

// MinCell is the smallest number of members a figure may be about: counts
// of 1 to MinCell-1 members, and anything they could be worked out from,
// are suppressed (the usual rule of public health data, CMS's "cells of
// 10 or fewer").
const MinCell = 11

// Kind is what a figure measures, which decides how it is written and how
// the small-cell rule applies to it.
type Kind string

const (
	Count   Kind = "count"   // members
	Percent Kind = "percent" // members in Part of Members, as a share
	Ratio   Kind = "ratio"   // a share of something other than members (hours, weeks), over Members members
	Mean    Kind = "mean"    // an average over Members members
	Hours   Kind = "hours"   // a sum of hours over Members members
)

// Value is one figure with the members behind it.
type Value struct {
	Number     float64
	Members    int // members the figure is about (a percent's denominator)
	Part       int // for a Percent: members in the numerator
	Suppressed bool
}

// Column is one measure of a section. Parts marks a Count column whose
// rows are parts of one whole (the reasons of all discharges): hiding one
// small cell then needs a second one hidden, or the total would give it
// away.
type Column struct {
	ID    string
	Kind  Kind
	Parts bool
}

// Row is one line of a section: a key (labelled by the section's row
// kind) for the members of one stratum ("" for everyone).
type Row struct {
	Key     string
	Stratum string
	Values  []Value
}

// Status says whether a section has figures.
type Status string

const (
	Ready       Status = "ready"
	NotRecorded Status = "not_recorded" // the data it needs is not recorded on this instance yet
)

// Section is one part of a report: a table of rows and columns, one of
// which is drawn as a chart.
type Section struct {
	ID      string
	Status  Status
	RowKind string // label kind of the row keys ("care_level", "discharge" ...)
	Columns []Column
	Rows    []Row
	Chart   int // the column drawn as bars
}

// Pending is a section whose data is not recorded yet.
func Pending(id string) *Section { return &Section{ID: id, Status: NotRecorded} }

// Suppress applies the small-cell rule to every figure of s:
//   - a count of 1 to MinCell-1 members is hidden;
//   - a percent is hidden when its members, its part or the rest of its
//     members number 1 to MinCell-1 (or its members are fewer than MinCell);
//   - a ratio, mean or sum of hours over fewer than MinCell members is hidden;
//   - in a Parts column, when one count of a stratum is hidden, the
//     smallest other count shown is hidden too, with the percents beside
//     them, so no hidden count can be worked out from the total.
func Suppress(s *Section) {
	small := func(n int) bool { return n > 0 && n < MinCell }
	for r := range s.Rows {
		for c, col := range s.Columns {
			v := &s.Rows[r].Values[c]
			switch col.Kind {
			case Count:
				v.Suppressed = small(int(v.Number))
			case Percent:
				v.Suppressed = v.Members < MinCell || small(v.Part) || small(v.Members-v.Part)
			default:
				v.Suppressed = v.Members < MinCell
			}
		}
	}
	for c, col := range s.Columns {
		if !col.Parts {
			continue
		}
		for _, stratum := range strata(s.Rows) {
			var hidden, shown []int
			for r := range s.Rows {
				if s.Rows[r].Stratum != stratum {
					continue
				}
				v := s.Rows[r].Values[c]
				switch {
				case v.Suppressed:
					hidden = append(hidden, r)
				case v.Number > 0:
					shown = append(shown, r)
				}
			}
			if len(hidden) != 1 || len(shown) == 0 {
				continue
			}
			smallest := slices.MinFunc(shown, func(a, b int) int {
				return cmp.Compare(s.Rows[a].Values[c].Number, s.Rows[b].Values[c].Number)
			})
			hideRow(s, smallest)
		}
	}
}

// hideRow hides every member figure of row r (its counts and percents).
func hideRow(s *Section, r int) {
	for c, col := range s.Columns {
		if col.Kind == Count || col.Kind == Percent {
			s.Rows[r].Values[c].Suppressed = true
		}
	}
}

// strata lists the strata of rows in order of first appearance.
func strata(rows []Row) []string {
	var out []string
	for _, r := range rows {
		if !slices.Contains(out, r.Stratum) {
			out = append(out, r.Stratum)
		}
	}
	return out
}

// Strata returns the strata of s's rows, "" (everyone) first.
func (s *Section) Strata() []string { return strata(s.Rows) }

// count is a Count value.
func count(n int) Value { return Value{Number: float64(n), Members: n} }

// percent is a Percent value of part in whole.
func percent(part, whole int) Value {
	v := Value{Members: whole, Part: part}
	if whole > 0 {
		v.Number = 100 * float64(part) / float64(whole)
	}
	return v
}

// ratio is a Ratio value of a to b, in percent, over members.
func ratio(a, b float64, members int) Value {
	v := Value{Members: members}
	if b > 0 {
		v.Number = 100 * a / b
	}
	return v
}

// over is a Mean or Hours value.
func over(x float64, members int) Value { return Value{Number: x, Members: members} }
