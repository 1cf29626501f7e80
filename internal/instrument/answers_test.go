package instrument

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
)

func TestBadAnswersNameEachItem(t *testing.T) {
	tests := []struct {
		name       string
		instrument string
		answers    map[string]int
		want       map[string]string
	}{
		{
			name:       "missing answer",
			instrument: PHQ9,
			answers:    func() map[string]int { a := repeat(9, 0); delete(a, "4"); return a }(),
			want:       map[string]string{"4": "missing answer"},
		},
		{
			name:       "unknown item",
			instrument: GAD2,
			answers:    map[string]int{"1": 0, "2": 0, "3": 1},
			want:       map[string]string{"3": "unknown item"},
		},
		{
			name:       "COWS score that the item does not allow",
			instrument: COWS,
			answers:    with(repeat(11, 0), map[string]int{"1": 3}),
			want:       map[string]string{"1": "3 is not an allowed answer; allowed: 0, 1, 2, 4"},
		},
		{
			name:       "DAST-10 answer other than yes or no",
			instrument: DAST10,
			answers:    with(repeat(10, 0), map[string]int{"3": 2}),
			want:       map[string]string{"3": "2 is not an allowed answer; allowed: 0, 1"},
		},
		{
			name:       "BAM income is no (0) or yes (4)",
			instrument: BAM,
			answers:    with(answersTotalling(t, mustGet(t, BAM), 0), map[string]int{"14": 1}),
			want:       map[string]string{"14": "1 is not an allowed answer; allowed: 0, 4"},
		},
		{
			name:       "BAM optional drug class must still be allowed",
			instrument: BAM,
			answers:    with(answersTotalling(t, mustGet(t, BAM), 0), map[string]int{"7C": 5}),
			want:       map[string]string{"7C": "5 is not an allowed answer; allowed: 0, 1, 2, 3, 4"},
		},
		{
			name:       "BAM unscored item 17 is still required",
			instrument: BAM,
			answers:    func() map[string]int { a := answersTotalling(t, mustGet(t, BAM), 0); delete(a, "17"); return a }(),
			want:       map[string]string{"17": "missing answer"},
		},
		{
			name:       "every problem at once",
			instrument: PHQ2,
			answers:    map[string]int{"2": -1, "x": 0},
			want: map[string]string{
				"1": "missing answer",
				"2": "-1 is not an allowed answer; allowed: 0, 1, 2, 3",
				"x": "unknown item",
			},
		},
		{
			name:       "nil answers",
			instrument: GAD2,
			answers:    nil,
			want:       map[string]string{"1": "missing answer", "2": "missing answer"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mustGet(t, tt.instrument).Score(tt.answers, Options{})
			var answerErr *AnswerError
			if !errors.As(err, &answerErr) {
				t.Fatalf("Score error = %v, want *AnswerError", err)
			}
			got := map[string]string{}
			for id, msg := range answerErr.Fields {
				got[id] = locale.Default().For("en").Msg(msg)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAnswerErrorMessageListsItemsInFormOrder(t *testing.T) {
	err := &AnswerError{Fields: map[string]i18n.Msg{
		"10": i18n.M(MsgMissingAnswer), "7A": i18n.M(MsgUnknownItem), "2": i18n.M(MsgMissingAnswer), "zz": i18n.M(MsgUnknownItem),
	}}
	got := err.Error()
	order := []string{`"2"`, `"7A"`, `"10"`, `"zz"`}
	last := -1
	for _, id := range order {
		i := strings.Index(got, id)
		if i < last {
			t.Fatalf("items out of order in %q; want %v", got, order)
		}
		last = i
	}
}
