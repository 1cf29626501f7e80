package web

// scaleField is one 1–5 (or 0–10) question of the check-in, shown as a
// group of radio buttons with a legend.
type scaleField struct {
	Name    string
	Legend  string
	Options []scaleOption
}

type scaleOption struct {
	Value string
	Label string
}

// checkInScales are the rating questions, in the order a person answers
// them fastest: mood first, the rest optional.
var checkInScales = []scaleField{
	{Name: "sleep_quality", Legend: "How well did you sleep?", Options: []scaleOption{
		{"1", "Very badly"}, {"2", "Badly"}, {"3", "OK"}, {"4", "Well"}, {"5", "Very well"}}},
	{Name: "stress", Legend: "How stressed do you feel?", Options: []scaleOption{
		{"1", "Not at all"}, {"2", "A little"}, {"3", "Somewhat"}, {"4", "Very"}, {"5", "Extremely"}}},
	{Name: "lonely", Legend: "How lonely or cut off do you feel?", Options: []scaleOption{
		{"1", "Not at all"}, {"2", "A little"}, {"3", "Somewhat"}, {"4", "Very"}, {"5", "Completely"}}},
	{Name: "irritable", Legend: "How irritable or on edge are you?", Options: []scaleOption{
		{"1", "Not at all"}, {"2", "A little"}, {"3", "Somewhat"}, {"4", "Very"}, {"5", "Extremely"}}},
}

// moodOptions are the answers to "How is your mood today?".
var moodOptions = []scaleOption{{"1", "Very low"}, {"2", "Low"}, {"3", "OK"}, {"4", "Good"}, {"5", "Very good"}}

// cravingOptions are 0–10, with words at the ends.
var cravingOptions = []scaleOption{{"0", "0 none"}, {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
	{"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"10", "10 strongest"}}
