package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// Instrument ids, stable across the API, the database and exports.
const (
	COWS    = "cows"
	SOWS    = "sows"
	PHQ9    = "phq9"
	PHQ2    = "phq2"
	GAD7    = "gad7"
	GAD2    = "gad2"
	DAST10  = "dast10"
	BAM     = "bam"
	DSM5OUD = "dsm5-oud"
)

// Audiences: who fills the instrument in.
const (
	AudienceSelf      = "self"
	AudienceClinician = "clinician"
)

// Option is one allowed answer. Value is the published score of the option,
// which is also what a client sends as the answer.
type Option struct {
	Value int      `json:"value"`
	Label i18n.Msg `json:"label"`
}

// Item is one question or observed sign.
type Item struct {
	// ID numbers the item as the published form does ("1", "2", ...; BAM's
	// drug classes "7A".."7G").
	ID      string   `json:"id"`
	Text    i18n.Msg `json:"text"`
	Options []Option `json:"options"`
	// Scored is false for items that add detail but no points (BAM 7A–G, 17).
	Scored bool `json:"scored"`
	// Subscale names the BAM composite the item adds to; "" elsewhere.
	Subscale string `json:"subscale,omitempty"`
	// Optional items may be left unanswered (BAM 7A–G, asked only when
	// item 6 reports drug use).
	Optional bool `json:"optional,omitempty"`
	// ReverseScored items count the lowest answer as the highest score, as
	// DAST-10 item 3 does: being unable to stop ("no") is the problem sign.
	// Answers stay the published yes = 1 / no = 0; the engine reverses.
	ReverseScored bool `json:"reverse_scored,omitempty"`
	// IgnoredWhenSupervised items do not count when Options.MedicallySupervised
	// is set: tolerance and withdrawal are expected for someone taking opioids
	// only under appropriate medical supervision (DSM-5 OUD criteria 10, 11).
	IgnoredWhenSupervised bool `json:"ignored_when_supervised,omitempty"`
}

// Band is a published score range with its label and, where the source gives
// one, its suggested action.
type Band struct {
	ID     string   `json:"id"`
	Min    int      `json:"min"`
	Max    int      `json:"max"`
	Label  i18n.Msg `json:"label"`
	Advice i18n.Msg `json:"advice,omitempty"`
}

// Subscale is a composite score reported beside (or instead of) the total.
type Subscale struct {
	ID    string   `json:"id"`
	Label i18n.Msg `json:"label"`
	// HigherIsBetter tells a chart which way is good: true for BAM's
	// protective factors, false for use and risk.
	HigherIsBetter bool `json:"higher_is_better"`
}

// Source is a citation for the instrument, its scoring or its bands.
type Source struct {
	Citation string `json:"citation"`
	URL      string `json:"url,omitempty"`
}

// Definition is one instrument: what to ask, which answers are allowed, how
// totals are read, and where that comes from.
type Definition struct {
	ID          string   `json:"id"`
	Name        i18n.Msg `json:"name"`
	ShortName   string   `json:"short_name"`
	Description i18n.Msg `json:"description"`
	Timeframe   i18n.Msg `json:"timeframe"`
	// Audience is AudienceSelf or AudienceClinician (COWS is clinician-rated).
	Audience string `json:"audience"`
	Items    []Item `json:"items"`
	// MinTotal and MaxTotal bound the sum of the scored items.
	MinTotal int `json:"min_total"`
	MaxTotal int `json:"max_total"`
	// HasTotal is false when the developers publish no total score (BAM):
	// Result.Total is then always 0 and the subscales carry the meaning.
	HasTotal bool `json:"has_total"`
	// Bands is empty when the source defines none; we never invent them.
	Bands      []Band     `json:"bands,omitempty"`
	Subscales  []Subscale `json:"subscales,omitempty"`
	LOINCPanel string     `json:"loinc_panel,omitempty"`
	LOINCTotal string     `json:"loinc_total,omitempty"`
	Sources    []Source   `json:"sources"`
	// NotADiagnosis asks the interface to say that a score is not a diagnosis.
	NotADiagnosis bool `json:"not_a_diagnosis"`

	// flags adds the instrument's own flags (safety, next steps) to a
	// result; nil when the instrument has none.
	flags func(sum int, answers map[string]int, opts Options) ([]Flag, error)
}

// registry lists every instrument in the order All returns them. Each
// definition is built afresh on request, so a caller that changes one cannot
// change what the next caller sees.
var registry = []struct {
	id    string
	build func() *Definition
}{
	{COWS, newCOWS},
	{SOWS, newSOWS},
	{PHQ9, newPHQ9},
	{PHQ2, newPHQ2},
	{GAD7, newGAD7},
	{GAD2, newGAD2},
	{DAST10, newDAST10},
	{BAM, newBAM},
	{DSM5OUD, newDSM5OUD},
}

// All returns every instrument, always in the same order.
func All() []*Definition {
	defs := make([]*Definition, 0, len(registry))
	for _, entry := range registry {
		defs = append(defs, entry.build())
	}
	return defs
}

// Get returns the instrument with the given id.
func Get(id string) (*Definition, bool) {
	for _, entry := range registry {
		if entry.id == id {
			return entry.build(), true
		}
	}
	return nil, false
}
