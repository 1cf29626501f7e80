package web

import (
	"cmp"
	"encoding/csv"
	"html/template"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/report"
)

// A program's reports for its admins (docs/reports.md): each section as a
// chart drawn here (SVG), a text summary and a table
// (GET /program/reports), the same figures as CSV
// (GET /program/reports.csv) and JSON (GET /api/v1/programs/{program}/reports).

// reportFilter reads a report's filter from a query.
func reportFilter(q url.Values) (app.ReportFilter, error) {
	errs := onward.FieldErrors{}
	f := app.ReportFilter{Level: q.Get("level"), Clinician: q.Get("clinician"), ByAge: q.Get("by") == "age_group"}
	if d := parseDay(errs, "from", q.Get("from"), true); d != nil {
		f.From = *d
	}
	if d := parseDay(errs, "to", q.Get("to"), true); d != nil {
		f.To = *d
	}
	return f, errs.Err()
}

type reportView struct {
	staffProgramsView
	Report   *app.Report // named: its ProgramID would hide staffProgramsView's from the template
	Staff    []onward.StaffMember
	Levels   []string
	Sections []reportSectionView
	CSV      template.URL // the CSV of the report shown
}

// reportSectionView is a section as the page shows it.
type reportSectionView struct {
	*report.Section
	Chart     template.HTML
	Summary   []string
	Cells     [][]string // the figures of each row, written for people
	RowLabels []string   // each row's name
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	programs, err := s.chooseStaffProgram(r, q.Get("program"))
	if err != nil {
		return err
	}
	v := reportView{staffProgramsView: programs, Levels: continuum.LevelCodes()}
	data := pageData{Title: "report.reports", Data: v}
	if programs.NotStaff {
		return s.render(w, r, "program_reports", data)
	}
	u := state(r).user
	if v.Staff, err = s.app.ProgramStaff(r.Context(), u, programs.ProgramID); err != nil {
		return err
	}
	f, err := reportFilter(q)
	if err == nil {
		v.Report, err = s.app.ProgramReport(r.Context(), u, programs.ProgramID, f)
	}
	if err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		data.Data = v
		r.PostForm = q // the filter form comes back as it was sent
		return s.renderForm(w, r, "program_reports", data, err)
	}
	l := localizer(state(r).locale)
	for _, sec := range v.Report.Sections {
		sv := reportSectionView{Section: sec, Chart: chartSVG(l, sec), Summary: summaryOf(l, sec)}
		for _, row := range sec.Rows {
			cells := make([]string, len(row.Values))
			for c, x := range row.Values {
				cells[c] = figure(l, sec.Columns[c].Kind, x)
			}
			sv.Cells = append(sv.Cells, cells)
			sv.RowLabels = append(sv.RowLabels, rowLabel(l, sec, row.Key))
		}
		v.Sections = append(v.Sections, sv)
	}
	v.CSV = template.URL("/program/reports.csv?" + reportQuery(programs.ProgramID, v.Report.Filter).Encode())
	data.Data = v
	data.Form = reportQuery(programs.ProgramID, v.Report.Filter)
	return s.render(w, r, "program_reports", data)
}

// reportQuery writes a resolved filter back as a query.
func reportQuery(programID string, f app.ReportFilter) url.Values {
	q := url.Values{"program": {programID}, "from": {f.From.String()}, "to": {f.To.String()}}
	if f.Level != "" {
		q.Set("level", f.Level)
	}
	if f.Clinician != "" {
		q.Set("clinician", f.Clinician)
	}
	if f.ByAge {
		q.Set("by", "age_group")
	}
	return q
}

// rowLabel names a row of a section, and stratumLabel a stratum.
func rowLabel(l *locale.Localizer, s *report.Section, key string) string {
	if name, ok := s.Names[key]; ok {
		return name
	}
	return l.Label(s.RowKind, key)
}

func stratumLabel(l *locale.Localizer, stratum string) string {
	if stratum == "" {
		return l.T("report.all_members")
	}
	return l.Label("age_group", stratum)
}

// figure writes a value for people, or says it is suppressed.
func figure(l *locale.Localizer, kind report.Kind, v report.Value) string {
	switch {
	case v.Suppressed:
		return l.T("report.suppressed", "Count", report.MinCell)
	case kind == report.Count:
		return l.Int(int(v.Number))
	case kind == report.Percent || kind == report.Ratio:
		return l.T("report.percent", "Number", l.Number(math.Round(v.Number)))
	}
	return l.Number(math.Round(v.Number*10) / 10)
}

// summaryOf is the section's text summary: the charted figure of each row
// for all members, with the members behind it.
func summaryOf(l *locale.Localizer, s *report.Section) []string {
	if s.Status != report.Ready {
		return nil
	}
	var out []string
	col := s.Columns[s.Chart]
	for _, row := range s.Rows {
		if row.Stratum != "" {
			continue
		}
		v := row.Values[s.Chart]
		if v.Suppressed {
			out = append(out, l.T("report.summary_suppressed", "Row", rowLabel(l, s, row.Key)))
			continue
		}
		// A share is of its members ("0% of 31 members"): "(31 members)"
		// would read as 31 members in a row of none.
		line := "report.summary_line"
		if col.Kind == report.Percent {
			line = "report.summary_share"
		}
		out = append(out, l.T(line, "Row", rowLabel(l, s, row.Key), "Measure", l.Label("report_column", col.ID),
			"Value", figure(l, col.Kind, v), "Members", l.T("report.members_count", "Count", v.Members)))
	}
	return out
}

func (s *Server) reportsCSV(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := reportFilter(q)
	if err != nil {
		return err
	}
	rep, err := s.app.ProgramReport(r.Context(), state(r).user, q.Get("program"), f)
	if err != nil {
		return err
	}
	return writeReportCSV(w, localizer(state(r).locale), rep)
}

// writeReportCSV writes a report as CSV, one line per figure, with the
// same rounding as the JSON (GET /program/reports.csv, and
// GET /api/v1/programs/{program}/reports asked for text/csv).
func writeReportCSV(w http.ResponseWriter, l *locale.Localizer, rep *app.Report) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="onward-report-`+rep.Filter.From.String()+`-`+rep.Filter.To.String()+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	out := csv.NewWriter(w)
	out.Write([]string{"section", "section_label", "stratum", "row", "row_label", "measure", "measure_label", "value", "suppressed"})
	for _, sec := range rep.Sections {
		if sec.Status != report.Ready {
			out.Write([]string{sec.ID, l.Label("report_section", sec.ID), "", "", "", "", "", "", ""})
			continue
		}
		for _, row := range sec.Rows {
			for c, col := range sec.Columns {
				v := row.Values[c]
				value := ""
				if !v.Suppressed {
					value = strconv.FormatFloat(rounded(col.Kind, v.Number), 'f', -1, 64)
				}
				out.Write([]string{sec.ID, l.Label("report_section", sec.ID), row.Stratum, row.Key, rowLabel(l, sec, row.Key), col.ID,
					l.Label("report_column", col.ID), value, strconv.FormatBool(v.Suppressed)})
			}
		}
	}
	out.Flush()
	return out.Error()
}

// prefersCSV reports whether a request's Accept header ranks text/csv above
// application/json by their q values. JSON is the answer otherwise, a tie
// included.
func prefersCSV(r *http.Request) bool {
	weight := map[string]float64{}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || (mt != "text/csv" && mt != "application/json") {
			continue
		}
		q, err := strconv.ParseFloat(cmp.Or(params["q"], "1"), 64)
		if _, seen := weight[mt]; err == nil && !seen {
			weight[mt] = q
		}
	}
	csv, json := weight["text/csv"], weight["application/json"]
	_, jsonListed := weight["application/json"]
	return csv > 0 && (!jsonListed || csv > json)
}

// rounded is a figure as the CSV and the API give it: counts whole, the
// rest to one decimal.
func rounded(kind report.Kind, x float64) float64 {
	if kind == report.Count {
		return math.Round(x)
	}
	return math.Round(x*10) / 10
}

type reportValueJSON struct {
	Value      *float64 `json:"value"`
	Members    *int     `json:"members"`
	Suppressed bool     `json:"suppressed"`
}

type reportRowJSON struct {
	Key     string            `json:"key"`
	Stratum string            `json:"stratum,omitempty"`
	Values  []reportValueJSON `json:"values"`
}

type reportColumnJSON struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
}

type reportSectionJSON struct {
	ID      string             `json:"id"`
	Status  string             `json:"status"`
	RowKind string             `json:"row_kind,omitempty"`
	Columns []reportColumnJSON `json:"columns"`
	Rows    []reportRowJSON    `json:"rows"`
}

func valueJSON(kind report.Kind, v report.Value) reportValueJSON {
	if v.Suppressed {
		return reportValueJSON{Suppressed: true}
	}
	x, n := rounded(kind, v.Number), v.Members
	return reportValueJSON{Value: &x, Members: &n}
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	f, err := reportFilter(r.URL.Query())
	if err != nil {
		return err
	}
	rep, err := s.app.ProgramReport(r.Context(), state(r).user, r.PathValue("program"), f)
	if err != nil {
		return err
	}
	if prefersCSV(r) {
		return writeReportCSV(w, localizer(state(r).locale), rep)
	}
	sections := make([]reportSectionJSON, 0, len(rep.Sections))
	for _, sec := range rep.Sections {
		j := reportSectionJSON{ID: sec.ID, Status: string(sec.Status), RowKind: sec.RowKind, Columns: []reportColumnJSON{}, Rows: []reportRowJSON{}}
		for _, c := range sec.Columns {
			j.Columns = append(j.Columns, reportColumnJSON{ID: c.ID, Kind: string(c.Kind)})
		}
		for _, row := range sec.Rows {
			rj := reportRowJSON{Key: row.Key, Stratum: row.Stratum, Values: []reportValueJSON{}}
			for c, v := range row.Values {
				rj.Values = append(rj.Values, valueJSON(sec.Columns[c].Kind, v))
			}
			j.Rows = append(j.Rows, rj)
		}
		sections = append(sections, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"program_id": rep.ProgramID,
		"period":     map[string]recovery.Date{"from": rep.Filter.From, "to": rep.Filter.To, "as_of": rep.Input.Period.AsOf},
		"filter":     map[string]any{"level": rep.Filter.Level, "clinician": rep.Filter.Clinician, "by_age_group": rep.Filter.ByAge},
		"settings":   map[string]int{"retention_gap_days": rep.Input.Settings.RetentionGapDays},
		"members":    valueJSON(report.Count, rep.Members),
		"sections":   sections,
	})
	return nil
}
