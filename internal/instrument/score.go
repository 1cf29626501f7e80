package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// Options are the per-program and per-person settings that change how a
// score is read.
type Options struct {
	// BuprenorphineStartThreshold is the COWS total at which a program
	// considers a first buprenorphine dose; 0 means
	// DefaultBuprenorphineStartThreshold.
	BuprenorphineStartThreshold int
	// MedicallySupervised is set for someone taking opioids only under
	// appropriate medical supervision (buprenorphine or methadone treatment,
	// prescribed analgesics): DSM-5 OUD criteria 10 and 11 then do not count.
	MedicallySupervised bool
}

// Flag is something a result asks the product to act on.
type Flag struct {
	Code    string   `json:"code"`
	Message i18n.Msg `json:"message"`
}

// Result is a scored set of answers.
type Result struct {
	Instrument string `json:"instrument"`
	// Total is the sum of the scored items, or 0 when the definition has no
	// total (Definition.HasTotal false).
	Total int `json:"total"`
	// Band is nil when the instrument has no bands.
	Band *Band `json:"band"`
	// Subscales holds BAM's use, risk and protective sums; nil otherwise.
	Subscales map[string]int `json:"subscales,omitempty"`
	// Flags is never nil, so it encodes as an empty list.
	Flags []Flag `json:"flags"`
}

// Score checks the answers (item id -> published value of the chosen option)
// and scores them. Every bad answer is reported at once in an *AnswerError;
// an impossible option (a COWS threshold outside the scale) is a plain error.
func (d *Definition) Score(answers map[string]int, opts Options) (Result, error) {
	if err := d.checkAnswers(answers); err != nil {
		return Result{}, err
	}

	var subscales map[string]int
	if len(d.Subscales) > 0 {
		subscales = make(map[string]int, len(d.Subscales))
		for _, s := range d.Subscales {
			subscales[s.ID] = 0
		}
	}
	sum := 0
	for _, item := range d.Items {
		answer, answered := answers[item.ID]
		if !answered || !item.Scored || (item.IgnoredWhenSupervised && opts.MedicallySupervised) {
			continue
		}
		points := item.points(answer)
		sum += points
		if item.Subscale != "" {
			subscales[item.Subscale] += points
		}
	}

	flags := []Flag{}
	if d.flags != nil {
		extra, err := d.flags(sum, answers, opts)
		if err != nil {
			return Result{}, err
		}
		flags = append(flags, extra...)
	}

	result := Result{Instrument: d.ID, Subscales: subscales, Flags: flags}
	if d.HasTotal {
		result.Total = sum
		result.Band = d.bandFor(sum)
	}
	return result, nil
}

// points is what an allowed answer adds to the total.
func (it Item) points(answer int) int {
	if !it.ReverseScored {
		return answer
	}
	lowest, highest := it.Options[0].Value, it.Options[0].Value
	for _, o := range it.Options[1:] {
		lowest = min(lowest, o.Value)
		highest = max(highest, o.Value)
	}
	return lowest + highest - answer
}

// bandFor returns the band holding total; nil when there are no bands.
func (d *Definition) bandFor(total int) *Band {
	for _, b := range d.Bands {
		if b.Min <= total && total <= b.Max {
			return &b
		}
	}
	return nil
}
