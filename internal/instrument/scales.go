package instrument

import "strconv"

// Answer scales shared by several instruments. Each call returns fresh
// slices so definitions never share mutable data.

// yesNo is the published yes = 1, no = 0 answer pair.
func yesNo() []Option {
	return []Option{
		{1, Text{"en": "Yes", "es": "Sí"}},
		{0, Text{"en": "No", "es": "No"}},
	}
}

// twoWeekFrequency is the PHQ and GAD answer scale: how often in the last
// 2 weeks, scored 0–3.
func twoWeekFrequency() []Option {
	return []Option{
		{0, Text{"en": "Not at all", "es": "Nunca"}},
		{1, Text{"en": "Several days", "es": "Varios días"}},
		{2, Text{"en": "More than half the days", "es": "Más de la mitad de los días"}},
		{3, Text{"en": "Nearly every day", "es": "Casi todos los días"}},
	}
}

// intensity0to4 rates how strong something is, 0–4 (SOWS symptoms).
func intensity0to4() []Option {
	return []Option{
		{0, Text{"en": "Not at all", "es": "Nada"}},
		{1, Text{"en": "A little", "es": "Un poco"}},
		{2, Text{"en": "Moderately", "es": "Moderadamente"}},
		{3, Text{"en": "Quite a bit", "es": "Bastante"}},
		{4, Text{"en": "Extremely", "es": "Muchísimo"}},
	}
}

// extent0to4 is BAM's "how much" scale, 0–4.
func extent0to4() []Option {
	return []Option{
		{0, Text{"en": "Not at all", "es": "Nada"}},
		{1, Text{"en": "Slightly", "es": "Un poco"}},
		{2, Text{"en": "Moderately", "es": "Moderadamente"}},
		{3, Text{"en": "Considerably", "es": "Considerablemente"}},
		{4, Text{"en": "Extremely", "es": "Muchísimo"}},
	}
}

// dayCount is BAM's "on how many of the past 30 days" scale: the published
// ranges 0, 1–3, 4–8, 9–15 and 16–30 score 0–4.
func dayCount() []Option {
	return []Option{
		{0, Text{"en": "0", "es": "0"}},
		{1, Text{"en": "1–3", "es": "1–3"}},
		{2, Text{"en": "4–8", "es": "4–8"}},
		{3, Text{"en": "9–15", "es": "9–15"}},
		{4, Text{"en": "16–30", "es": "16–30"}},
	}
}

// numberedItems turns item texts into scored items numbered from "1", each
// with its own copy of the answer scale.
func numberedItems(texts []Text, scale func() []Option) []Item {
	items := make([]Item, len(texts))
	for i, text := range texts {
		items[i] = Item{ID: strconv.Itoa(i + 1), Text: text, Options: scale(), Scored: true}
	}
	return items
}
