package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/report"
)

// The text summary of a chart agrees with its table: a share is "of" its
// members, and a figure hidden by the small-cell rule is not said to be
// about too few members when its own row has many.
func TestReportSummaryAgreesWithTheTable(t *testing.T) {
	sec := &report.Section{ID: "discharges", Status: report.Ready, RowKind: "discharge",
		Columns: []report.Column{{ID: "members", Kind: report.Count}, {ID: "share", Kind: report.Percent}}, Chart: 1,
		Rows: []report.Row{
			{Key: "completed", Values: []report.Value{{Number: 0, Members: 31}, {Number: 0, Members: 31, Part: 0}}},
			{Key: "transferred", Values: []report.Value{{Number: 22, Members: 31}, {Number: 71, Members: 31, Part: 22, Suppressed: true}}},
			{Key: "moved", Stratum: "age_26_34", Values: []report.Value{{Number: 12}, {Number: 100, Members: 12, Part: 12}}},
		}}
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"Treatment completed: Share 0% of 31 members",
			"Transferred to another program or level of care: not shown, as it would reveal a group of fewer than 11 members"}},
		{"es", []string{"Tratamiento completado: Proporción 0 % de 31 miembros",
			"Trasladado a otro programa o nivel de atención: no se muestra, porque revelaría un grupo de menos de 11 miembros"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := summaryOf(localizer(tt.lang), sec); !slices.Equal(got, tt.want) {
				t.Errorf("summary\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// A row the program named (a funder) is called by its name, in every
// language, not looked up as a label.
func TestReportRowsTheProgramNamed(t *testing.T) {
	sec := &report.Section{ID: "cm_spend", Status: report.Ready, RowKind: "funder", Names: map[string]string{"f1": "County opioid settlement"},
		Columns: []report.Column{{ID: "members", Kind: report.Count}, {ID: "earned_dollars", Kind: report.Amount}, {ID: "near_cap", Kind: report.Percent}},
		Chart:   2, Rows: []report.Row{{Key: "f1", Values: []report.Value{{Number: 20, Members: 20}, {Number: 1234.5, Members: 20}, {Number: 50, Members: 20, Part: 10, Suppressed: true}}}}}
	for _, lang := range []string{"en", "es"} {
		if got := summaryOf(localizer(lang), sec); len(got) != 1 || !strings.HasPrefix(got[0], "County opioid settlement: ") {
			t.Errorf("%s summary %q", lang, got)
		}
	}
}
