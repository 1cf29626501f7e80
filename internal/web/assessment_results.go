package web

import (
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
)

// What a stored assessment looks like on a page and in the API, for the
// member and for their care team: the engine's result as recorded, in
// words, with its change from baseline and the trend charts.

// resultMeanings are our plain readings of a result for the member, by
// instrument; the PHQ-9, GAD-7 and DAST-10 use the self-checks' reading of
// their band (selfCheckMeanings).
var resultMeanings = map[string]string{
	instrument.COWS: "assessment.cows_meaning",
	instrument.SOWS: "assessment.sows_meaning",
	instrument.BAM:  "assessment.bam_meaning",
}

// flagMessages say what a stored flag asks of the reader.
var flagMessages = map[string]string{
	instrument.FlagSuicideRisk:                    "assessment.flag_suicide_risk",
	instrument.FlagBuprenorphineStartThresholdMet: "assessment.flag_buprenorphine_start_threshold_met",
}

// resultView is one stored result in the page's language.
type resultView struct {
	ID, Instrument, ShortName, Name string
	TakenAt                         time.Time
	HasTotal                        bool
	Total, Max                      int
	Band, BandAdvice                string
	// Meaning is our plain reading of the result, for the member.
	Meaning   string
	Subscales []subscaleView
	Baseline  bool
	// Change is the change of the total from the baseline it is compared
	// with, taken at BaselineWhen; nil for a baseline. ChangeText says it.
	Change       *int
	ChangeText   string
	BaselineWhen string
	When         string // when it was taken, in the viewer's time zone
	// SuicideRisk puts crisis help before everything else.
	SuicideRisk bool
	// Threshold is the program's buprenorphine-start threshold the COWS
	// was read against; ThresholdMet when the total reached it.
	Threshold    int
	ThresholdMet bool
	// SelfRecorded is set when the member recorded it; otherwise
	// RecordedByName (empty once that account is gone) and the program.
	SelfRecorded   bool
	RecordedByName string
	ProgramName    string
	LevelOfCare    string
	NotADiagnosis  bool
}

// subscaleView is one BAM composite.
type subscaleView struct {
	ID, Label      string
	Value, Max     int
	ChangeText     string // "" for a baseline
	HigherIsBetter bool
}

// changeText says a change from baseline in points.
func changeText(locale string, change int) string {
	switch {
	case change > 0:
		return translate(locale, "assessment.points_higher", "Count", change)
	case change < 0:
		return translate(locale, "assessment.points_lower", "Count", -change)
	}
	return translate(locale, "assessment.no_change")
}

func newResultView(locale string, loc *time.Location, def *instrument.Definition, r app.AssessmentResult) resultView {
	v := resultView{ID: r.ID, Instrument: def.ID, ShortName: def.ShortName, Name: translateMsg(locale, def.Name), TakenAt: r.TakenAt,
		When:     localizer(locale).DateTime(r.TakenAt.In(loc)),
		HasTotal: def.HasTotal, Total: r.Total, Max: def.MaxTotal, Baseline: r.Baseline,
		SuicideRisk: r.HasFlag(instrument.FlagSuicideRisk), Threshold: r.BuprenorphineThreshold,
		ThresholdMet: r.HasFlag(instrument.FlagBuprenorphineStartThresholdMet), SelfRecorded: r.SelfRecorded(),
		RecordedByName: r.RecordedByName, ProgramName: r.ProgramName, LevelOfCare: r.LevelOfCare, NotADiagnosis: def.NotADiagnosis}
	for _, b := range def.Bands {
		if b.ID == r.Band {
			v.Band, v.BandAdvice = translateMsg(locale, b.Label), translateMsg(locale, b.Advice)
		}
	}
	if id, ok := resultMeanings[def.ID]; ok {
		v.Meaning = translate(locale, id)
	} else if id, ok := selfCheckMeanings[def.ID+"/"+r.Band]; ok {
		v.Meaning = translate(locale, id)
	}
	if r.Compared != nil && def.HasTotal {
		change := r.Change
		v.Change, v.ChangeText = &change, changeText(locale, change)
		v.BaselineWhen = localizer(locale).DateTime(r.Compared.TakenAt.In(loc))
	}
	for _, sc := range def.Subscales {
		sv := subscaleView{ID: sc.ID, Label: translateMsg(locale, sc.Label), Value: r.Subscales[sc.ID], Max: subscaleMax(def, sc.ID),
			HigherIsBetter: sc.HigherIsBetter}
		if c, ok := r.SubscaleChange[sc.ID]; ok {
			sv.ChangeText = changeText(locale, c)
		}
		v.Subscales = append(v.Subscales, sv)
	}
	return v
}

// subscaleMax is the highest sum a subscale can reach.
func subscaleMax(def *instrument.Definition, id string) int {
	total := 0
	for _, it := range def.Items {
		if it.Subscale != id {
			continue
		}
		best := 0
		for _, o := range it.Options {
			best = max(best, o.Value)
		}
		total += best
	}
	return total
}

// trendView is a member's results on one instrument: the newest, the
// charts, and every result newest first for the table.
type trendView struct {
	ID, ShortName, Name string
	Latest              resultView
	Results             []resultView
	Charts              []assessmentChart
	// Series is a COWS induction series (the results since its
	// baseline, oldest first), for the care team; nil otherwise.
	Series []resultView
	// Staff words the results for the member's care team.
	Staff bool
}

func newTrendViews(locale string, loc *time.Location, trends []app.AssessmentTrend, staff bool) []trendView {
	out := make([]trendView, 0, len(trends))
	for _, t := range trends {
		def := t.Instrument
		v := trendView{ID: def.ID, ShortName: def.ShortName, Name: translateMsg(locale, def.Name), Staff: staff,
			Latest: newResultView(locale, loc, def, t.Latest()), Charts: assessmentCharts(locale, loc, t)}
		for i := len(t.Results) - 1; i >= 0; i-- {
			v.Results = append(v.Results, newResultView(locale, loc, def, t.Results[i]))
		}
		if staff && def.ID == instrument.COWS {
			for _, r := range t.Series() {
				v.Series = append(v.Series, newResultView(locale, loc, def, r))
			}
		}
		out = append(out, v)
	}
	return out
}

// assessmentJSON is a stored assessment on the wire.
type assessmentJSON struct {
	ID                     string              `json:"id"`
	Instrument             string              `json:"instrument"`
	Answers                map[string]int      `json:"answers"`
	Total                  int                 `json:"total"`
	Band                   *instrumentBandJSON `json:"band"`
	Subscales              map[string]int      `json:"subscales,omitempty"`
	Flags                  []flagJSON          `json:"flags"`
	BuprenorphineThreshold int                 `json:"buprenorphine_start_threshold,omitempty"`
	TakenAt                time.Time           `json:"taken_at"`
	Baseline               bool                `json:"baseline"`
	ChangeFromBaseline     *int                `json:"change_from_baseline"`
	SubscaleChange         map[string]int      `json:"subscale_change_from_baseline,omitempty"`
	RecordedBy             recorderJSON        `json:"recorded_by"`
	ProgramID              string              `json:"program_id,omitempty"`
	ProgramName            string              `json:"program_name,omitempty"`
	LevelOfCare            string              `json:"level_of_care,omitempty"`
	ClientID               string              `json:"client_id,omitempty"`
	CreatedAt              time.Time           `json:"created_at"`
	// Crisis comes with every result that raised a safety flag: the
	// numbers to call now.
	Crisis *crisisJSON `json:"crisis,omitempty"`
}

type recorderJSON struct {
	ID   string      `json:"id,omitempty"`
	Name string      `json:"name,omitempty"`
	Role onward.Role `json:"role"`
}

// crisisJSON is crisis help for an API client to show at once.
type crisisJSON struct {
	Message   string     `json:"message"`
	Emergency lineJSON   `json:"emergency"`
	Lines     []lineJSON `json:"lines"`
	Page      string     `json:"crisis_url"`
}

func (s *Server) crisisHelpJSON(locale string) *crisisJSON {
	c := s.crisis
	out := &crisisJSON{Message: translate(locale, "help.you_said_you_have_had_thoughts_of"), Page: "/crisis", Lines: []lineJSON{},
		Emergency: lineJSON{Name: c.Emergency.Name, Number: c.Emergency.Number, Tel: "tel:" + c.Emergency.Tel}}
	for _, l := range c.Lines {
		out.Lines = append(out.Lines, lineJSON{Name: l.Name, Number: l.Number, Tel: "tel:" + l.Tel})
	}
	return out
}

func (s *Server) newAssessmentJSON(locale string, r app.AssessmentResult) assessmentJSON {
	def, _ := instrument.Get(r.Instrument)
	out := assessmentJSON{ID: r.ID, Instrument: r.Instrument, Answers: r.Answers, Total: r.Total, Subscales: r.Subscales, Flags: []flagJSON{},
		BuprenorphineThreshold: r.BuprenorphineThreshold, TakenAt: r.TakenAt.UTC(), Baseline: r.Baseline,
		RecordedBy: recorderJSON{ID: r.RecordedBy, Name: r.RecordedByName, Role: r.RecordedByRole},
		ProgramID:  r.ProgramID, ProgramName: r.ProgramName, LevelOfCare: r.LevelOfCare, ClientID: r.ClientID, CreatedAt: r.CreatedAt.UTC()}
	for _, b := range def.Bands {
		if b.ID == r.Band {
			band := toBandJSON(b, locale)
			out.Band = &band
		}
	}
	if r.Compared != nil {
		change := r.Change
		out.ChangeFromBaseline, out.SubscaleChange = &change, r.SubscaleChange
	}
	for _, code := range r.Flags {
		f := flagJSON{Code: code}
		if id, ok := flagMessages[code]; ok {
			f.Message = translate(locale, id, "Total", r.Total, "Threshold", r.BuprenorphineThreshold)
		}
		out.Flags = append(out.Flags, f)
	}
	if r.HasFlag(instrument.FlagSuicideRisk) {
		out.Crisis = s.crisisHelpJSON(locale)
	}
	return out
}
