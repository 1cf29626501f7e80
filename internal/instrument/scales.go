package instrument

import (
	"strconv"
	"strings"

	"github.com/onward-recovery/onward/internal/i18n"
)

// The wording of every instrument is in the message catalogs
// (internal/locale/messages/instrument.LANG.toml), by ids built from the
// instrument's and the item's ids: an item's text is "PREFIX.item_ID.text"
// ("instrument.phq9.item_9.text"), an answer of its own "PREFIX.item_ID.option_N"
// ("instrument.cows.item_1.option_2"), N being the answer's published score.
// Answer scales shared by several instruments are "instrument.scale.NAME.option_N".
// Each call returns fresh slices so definitions never share mutable data.

// options lists answers scored as published, each labelled prefix+"option_N".
func options(prefix string, scores ...int) []Option {
	out := make([]Option, len(scores))
	for i, score := range scores {
		out[i] = Option{Value: score, Label: i18n.M(prefix + "option_" + strconv.Itoa(score))}
	}
	return out
}

// itemPrefix is the start of the ids of an item's wording.
func itemPrefix(prefix, id string) string { return prefix + "item_" + strings.ToLower(id) + "." }

// item builds a scored item of the instrument whose ids start with prefix.
func item(prefix, id string, opts []Option) Item {
	return Item{ID: id, Text: i18n.M(itemPrefix(prefix, id) + "text"), Options: opts, Scored: true}
}

// itemWithOwnAnswers builds a scored item whose answers are its own, with
// their published scores.
func itemWithOwnAnswers(prefix, id string, scores ...int) Item {
	return item(prefix, id, options(itemPrefix(prefix, id), scores...))
}

// numberedItems builds count scored items numbered from "1", each with its
// own copy of the answer scale.
func numberedItems(prefix string, count int, scale func() []Option) []Item {
	items := make([]Item, count)
	for i := range items {
		items[i] = item(prefix, strconv.Itoa(i+1), scale())
	}
	return items
}

// band is a published score range labelled prefix+"band.ID".
func band(prefix, id string, lowest, highest int) Band {
	return Band{ID: id, Min: lowest, Max: highest, Label: i18n.M(prefix + "band." + id)}
}

// bandWithAdvice is a band whose source also gives a suggested action,
// prefix+"band_advice.ID".
func bandWithAdvice(prefix, id string, lowest, highest int) Band {
	b := band(prefix, id, lowest, highest)
	b.Advice = i18n.M(prefix + "band_advice." + id)
	return b
}

// yesNo is the published yes = 1, no = 0 answer pair.
func yesNo() []Option { return options("instrument.scale.yes_no.", 1, 0) }

// twoWeekFrequency is the PHQ and GAD answer scale: how often in the last
// 2 weeks, scored 0–3.
func twoWeekFrequency() []Option { return options("instrument.scale.two_week_frequency.", 0, 1, 2, 3) }

// intensity0to4 rates how strong something is, 0–4 (SOWS symptoms).
func intensity0to4() []Option { return options("instrument.scale.intensity.", 0, 1, 2, 3, 4) }

// extent0to4 is BAM's "how much" scale, 0–4.
func extent0to4() []Option { return options("instrument.scale.extent.", 0, 1, 2, 3, 4) }

// dayCount is BAM's "on how many of the past 30 days" scale: the published
// ranges 0, 1–3, 4–8, 9–15 and 16–30 score 0–4.
func dayCount() []Option { return options("instrument.scale.day_count.", 0, 1, 2, 3, 4) }

func lastTwoWeeks() i18n.Msg { return i18n.M("instrument.timeframe.last_2_weeks") }
