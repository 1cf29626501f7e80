package instrument

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward/internal/i18n"
)

// Message ids in AnswerError.Fields for a missing or unknown item, and
// for an answer that is not one of the item's options (with Answer and
// Allowed).
const (
	MsgMissingAnswer    = "instrument.missing_answer"
	MsgUnknownItem      = "instrument.unknown_item"
	MsgAnswerNotAllowed = "instrument.answer_not_allowed"
)

// AnswerError lists every bad answer: item id -> what is wrong with it.
type AnswerError struct {
	Fields map[string]i18n.Msg `json:"fields"`
}

func (e *AnswerError) Error() string {
	ids := slices.SortedFunc(maps.Keys(e.Fields), compareItemIDs)
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("item %q (%s %v)", id, e.Fields[id].ID, e.Fields[id].Args))
	}
	return "instrument: invalid answers: " + strings.Join(parts, "; ")
}

// checkAnswers returns an *AnswerError naming every missing required item,
// every answer outside an item's options and every id that is not an item.
func (d *Definition) checkAnswers(answers map[string]int) error {
	fields := map[string]i18n.Msg{}
	items := make(map[string]bool, len(d.Items))
	for _, item := range d.Items {
		items[item.ID] = true
		answer, answered := answers[item.ID]
		switch {
		case !answered && !item.Optional:
			fields[item.ID] = i18n.M(MsgMissingAnswer)
		case answered && !item.allows(answer):
			fields[item.ID] = i18n.M(MsgAnswerNotAllowed, "Answer", strconv.Itoa(answer), "Allowed", item.allowedValues())
		}
	}
	for id := range answers {
		if !items[id] {
			fields[id] = i18n.M(MsgUnknownItem)
		}
	}
	if len(fields) > 0 {
		return &AnswerError{Fields: fields}
	}
	return nil
}

func (it Item) allows(answer int) bool {
	return slices.ContainsFunc(it.Options, func(o Option) bool { return o.Value == answer })
}

// allowedValues lists the allowed answers in ascending order, e.g. "0, 1, 2, 4".
func (it Item) allowedValues() string {
	values := make([]int, 0, len(it.Options))
	for _, o := range it.Options {
		values = append(values, o.Value)
	}
	slices.Sort(values)
	text := make([]string, len(values))
	for i, v := range values {
		text[i] = strconv.Itoa(v)
	}
	return strings.Join(text, ", ")
}

// compareItemIDs orders ids as the forms number them ("2" < "7A" < "10"),
// by leading number and then by the rest, so error messages read in order.
func compareItemIDs(a, b string) int {
	numA, restA := splitLeadingNumber(a)
	numB, restB := splitLeadingNumber(b)
	return cmp.Or(cmp.Compare(numA, numB), strings.Compare(restA, restB))
}

// splitLeadingNumber splits "7A" into 7 and "A". An id without a leading
// number sorts after every numbered one.
func splitLeadingNumber(id string) (int, string) {
	digits := len(id) - len(strings.TrimLeft(id, "0123456789"))
	n, err := strconv.Atoi(id[:digits])
	if err != nil {
		return math.MaxInt, id
	}
	return n, id[digits:]
}
