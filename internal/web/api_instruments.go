package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/instrument"
)

// The instruments API: the definitions of the clinical instruments and a
// scorer. It is stateless and open to anyone, signed in or not: nothing
// sent to it is stored or logged.

type instrumentSummaryJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name"`
	Audience   string `json:"audience"`
	ItemCount  int    `json:"item_count"`
	LOINCPanel string `json:"loinc_panel,omitempty"`
	LOINCTotal string `json:"loinc_total,omitempty"`
}

type instrumentJSON struct {
	ID            string               `json:"id"`
	Locale        string               `json:"locale"`
	Name          string               `json:"name"`
	ShortName     string               `json:"short_name"`
	Description   string               `json:"description"`
	Timeframe     string               `json:"timeframe"`
	Audience      string               `json:"audience"`
	Items         []instrumentItemJSON `json:"items"`
	MinTotal      int                  `json:"min_total"`
	MaxTotal      int                  `json:"max_total"`
	HasTotal      bool                 `json:"has_total"`
	Bands         []instrumentBandJSON `json:"bands"`
	Subscales     []subscaleJSON       `json:"subscales"`
	LOINCPanel    string               `json:"loinc_panel,omitempty"`
	LOINCTotal    string               `json:"loinc_total,omitempty"`
	Sources       []instrument.Source  `json:"sources"`
	NotADiagnosis bool                 `json:"not_a_diagnosis"`
}

type instrumentItemJSON struct {
	ID                    string                 `json:"id"`
	Text                  string                 `json:"text"`
	Options               []instrumentOptionJSON `json:"options"`
	Scored                bool                   `json:"scored"`
	Subscale              string                 `json:"subscale,omitempty"`
	Optional              bool                   `json:"optional"`
	ReverseScored         bool                   `json:"reverse_scored"`
	IgnoredWhenSupervised bool                   `json:"ignored_when_supervised"`
}

type instrumentOptionJSON struct {
	Value int    `json:"value"`
	Label string `json:"label"`
}

type instrumentBandJSON struct {
	ID     string `json:"id"`
	Min    int    `json:"min"`
	Max    int    `json:"max"`
	Label  string `json:"label"`
	Advice string `json:"advice,omitempty"`
}

type subscaleJSON struct {
	ID             string `json:"id"`
	Label          string `json:"label"`
	HigherIsBetter bool   `json:"higher_is_better"`
}

type flagJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type scoreJSON struct {
	Instrument string              `json:"instrument"`
	Total      int                 `json:"total"`
	Band       *instrumentBandJSON `json:"band"`
	Subscales  map[string]int      `json:"subscales,omitempty"`
	Flags      []flagJSON          `json:"flags"`
}

// apiLocale reads ?locale= ("en", the default, or "es").
func apiLocale(r *http.Request) (string, error) {
	locale := r.URL.Query().Get("locale")
	if locale == "" {
		return "en", nil
	}
	if !onward.ValidLocale(locale) {
		return "", onward.Invalid("locale", "api.locale_field", "Languages", onward.LocaleCodes())
	}
	return locale, nil
}

// apiInstrumentDefinition returns the instrument named in the path.
func apiInstrumentDefinition(r *http.Request) (*instrument.Definition, error) {
	def, ok := instrument.Get(r.PathValue("id"))
	if !ok {
		return nil, onward.NewError(onward.ENOTFOUND, "api.no_such_instrument")
	}
	return def, nil
}

func (s *Server) apiInstruments(w http.ResponseWriter, r *http.Request) error {
	locale, err := apiLocale(r)
	if err != nil {
		return err
	}
	list := []instrumentSummaryJSON{}
	for _, d := range instrument.All() {
		list = append(list, instrumentSummaryJSON{ID: d.ID, Name: translateMsg(locale, d.Name), ShortName: d.ShortName,
			Audience: d.Audience, ItemCount: len(d.Items), LOINCPanel: d.LOINCPanel, LOINCTotal: d.LOINCTotal})
	}
	writeJSON(w, http.StatusOK, map[string]any{"instruments": list})
	return nil
}

func (s *Server) apiInstrument(w http.ResponseWriter, r *http.Request) error {
	locale, err := apiLocale(r)
	if err != nil {
		return err
	}
	d, err := apiInstrumentDefinition(r)
	if err != nil {
		return err
	}
	out := instrumentJSON{ID: d.ID, Locale: locale, Name: translateMsg(locale, d.Name), ShortName: d.ShortName,
		Description: translateMsg(locale, d.Description), Timeframe: translateMsg(locale, d.Timeframe), Audience: d.Audience,
		MinTotal: d.MinTotal, MaxTotal: d.MaxTotal, HasTotal: d.HasTotal, LOINCPanel: d.LOINCPanel, LOINCTotal: d.LOINCTotal,
		Sources: d.Sources, NotADiagnosis: d.NotADiagnosis, Bands: []instrumentBandJSON{}, Subscales: []subscaleJSON{}}
	for _, it := range d.Items {
		item := instrumentItemJSON{ID: it.ID, Text: translateMsg(locale, it.Text), Scored: it.Scored, Subscale: it.Subscale,
			Optional: it.Optional, ReverseScored: it.ReverseScored, IgnoredWhenSupervised: it.IgnoredWhenSupervised}
		for _, o := range it.Options {
			item.Options = append(item.Options, instrumentOptionJSON{Value: o.Value, Label: translateMsg(locale, o.Label)})
		}
		out.Items = append(out.Items, item)
	}
	for _, b := range d.Bands {
		out.Bands = append(out.Bands, toBandJSON(b, locale))
	}
	for _, sc := range d.Subscales {
		out.Subscales = append(out.Subscales, subscaleJSON{ID: sc.ID, Label: translateMsg(locale, sc.Label), HigherIsBetter: sc.HigherIsBetter})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toBandJSON(b instrument.Band, locale string) instrumentBandJSON {
	return instrumentBandJSON{ID: b.ID, Min: b.Min, Max: b.Max, Label: translateMsg(locale, b.Label), Advice: translateMsg(locale, b.Advice)}
}

// apiScoreInstrument scores a set of answers. Every bad answer is reported
// at once under error.fields, keyed by item id.
func (s *Server) apiScoreInstrument(w http.ResponseWriter, r *http.Request) error {
	locale, err := apiLocale(r)
	if err != nil {
		return err
	}
	d, err := apiInstrumentDefinition(r)
	if err != nil {
		return err
	}
	var in struct {
		// Answers are raw so that each one that is not a whole number is
		// named by its item id, with every other problem, in one reply.
		Answers                map[string]json.RawMessage `json:"answers"`
		BuprenorphineThreshold *int                       `json:"buprenorphine_threshold"`
		MedicallySupervised    bool                       `json:"medically_supervised"`
	}
	if err := decodeJSON(r, &in); err != nil {
		// The generic type message would name a Go type; say what to send.
		var e *onward.Error
		if errors.As(err, &e) && e.Fields["answers"].ID != "" {
			return &onward.Error{Code: onward.EINVALID, Message: "api.answers_object",
				Fields: onward.FieldErrors{"answers": i18n.M("api.answers_object_field")}}
		}
		return err
	}

	fields := onward.FieldErrors{}
	answers := make(map[string]int, len(in.Answers))
	for id, raw := range in.Answers {
		n, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil {
			fields.Add(id, "api.answer_whole_number")
			continue
		}
		answers[id] = n
	}
	opts := instrument.Options{MedicallySupervised: in.MedicallySupervised}
	if t := in.BuprenorphineThreshold; t != nil {
		if *t < 1 || *t > 48 {
			fields.Add("buprenorphine_threshold", "api.cows_threshold")
		} else {
			opts.BuprenorphineStartThreshold = *t
		}
	}
	result, err := d.Score(answers, opts)
	var answerErr *instrument.AnswerError
	switch {
	case errors.As(err, &answerErr):
		for id, msg := range answerErr.Fields {
			fields.Add(id, msg.ID, msg.Args...)
		}
	case err != nil:
		return err
	}
	if len(fields) > 0 {
		return &onward.Error{Code: onward.EINVALID, Message: "api.answers_invalid", Fields: fields}
	}

	out := scoreJSON{Instrument: result.Instrument, Total: result.Total, Subscales: result.Subscales, Flags: []flagJSON{}}
	if result.Band != nil {
		band := toBandJSON(*result.Band, locale)
		out.Band = &band
	}
	for _, f := range result.Flags {
		out.Flags = append(out.Flags, flagJSON{Code: f.Code, Message: translateMsg(locale, f.Message)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
