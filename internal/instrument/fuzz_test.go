package instrument

import (
	"errors"
	"testing"
)

// FuzzScore feeds arbitrary answer maps and options to every instrument.
// Score must never panic; it either reports an error or returns a total
// inside the definition's range, a band that holds it, and subscales that
// stay within their items' bounds.
//
// raw is read two bytes at a time: the first picks an item id (or, past the
// item list, an unknown id); the second, below 128, picks one of the item's
// options and, from 128 up, is a raw answer that is probably not allowed.
// With complete set, required items left out get their first option, so
// most inputs score instead of stopping at "missing answer".
func FuzzScore(f *testing.F) {
	for i := range All() {
		f.Add(uint8(i), 0, false, false, []byte{})
		f.Add(uint8(i), 0, false, true, []byte{})
		f.Add(uint8(i), 12, true, true, []byte{0, 1, 1, 2, 2, 4, 3, 0, 4, 1, 5, 3, 6, 0, 7, 2, 8, 1, 9, 0, 10, 5})
	}
	defs := All()
	f.Fuzz(func(t *testing.T, pick uint8, threshold int, supervised, complete bool, raw []byte) {
		d := defs[int(pick)%len(defs)]
		answers := map[string]int{}
		for i := 0; i+1 < len(raw); i += 2 {
			n, value := int(raw[i]), raw[i+1]
			if n >= len(d.Items) {
				answers["unknown"] = int(int8(value))
				continue
			}
			item := d.Items[n]
			if value < 128 {
				answers[item.ID] = item.Options[int(value)%len(item.Options)].Value
			} else {
				answers[item.ID] = int(int8(value))
			}
		}
		if complete {
			for _, item := range d.Items {
				if _, ok := answers[item.ID]; !ok && !item.Optional {
					answers[item.ID] = item.Options[0].Value
				}
			}
		}
		opts := Options{BuprenorphineStartThreshold: threshold, MedicallySupervised: supervised}

		r, err := d.Score(answers, opts)
		if err != nil {
			var answerErr *AnswerError
			if errors.As(err, &answerErr) && len(answerErr.Fields) == 0 {
				t.Fatal("AnswerError with no fields")
			}
			return
		}
		if r.Total < d.MinTotal || r.Total > d.MaxTotal {
			t.Fatalf("%s: Total %d outside %d..%d for %v", d.ID, r.Total, d.MinTotal, d.MaxTotal, answers)
		}
		if len(d.Bands) > 0 && (r.Band == nil || r.Total < r.Band.Min || r.Total > r.Band.Max) {
			t.Fatalf("%s: Total %d not inside Band %+v", d.ID, r.Total, r.Band)
		}
		for id, v := range r.Subscales {
			if v < 0 || v > d.MaxTotal {
				t.Fatalf("%s: subscale %s = %d", d.ID, id, v)
			}
		}
		if r.Flags == nil {
			t.Fatal("Flags = nil")
		}
	})
}
