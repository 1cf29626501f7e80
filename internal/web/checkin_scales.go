package web

// scaleField is one 1–5 (or 0–10) question of the check-in, shown as a
// group of radio buttons with a legend.
type scaleField struct {
	Name    string
	Legend  string
	Options []scaleOption
}

// scaleOption is one answer; without a Label (a message id) the value
// itself is shown.
type scaleOption struct {
	Value string
	Label string
}

// checkInScales are the rating questions, in the order a person answers
// them fastest: mood first, the rest optional.
var checkInScales = []scaleField{
	{Name: "sleep_quality", Legend: "recovery.how_well_did_you_sleep", Options: []scaleOption{
		{"1", "recovery.very_badly"}, {"2", "recovery.badly"}, {"3", "recovery.ok"}, {"4", "recovery.well"}, {"5", "recovery.very_well"}}},
	{Name: "stress", Legend: "recovery.how_stressed_do_you_feel", Options: []scaleOption{
		{"1", "recovery.not_at_all"}, {"2", "recovery.a_little"}, {"3", "recovery.somewhat"}, {"4", "recovery.very"}, {"5", "recovery.extremely"}}},
	{Name: "lonely", Legend: "recovery.how_lonely_or_cut_off_do_you", Options: []scaleOption{
		{"1", "recovery.not_at_all"}, {"2", "recovery.a_little"}, {"3", "recovery.somewhat"}, {"4", "recovery.very"}, {"5", "recovery.completely"}}},
	{Name: "irritable", Legend: "recovery.how_irritable_or_on_edge_are_you", Options: []scaleOption{
		{"1", "recovery.not_at_all"}, {"2", "recovery.a_little"}, {"3", "recovery.somewhat"}, {"4", "recovery.very"}, {"5", "recovery.extremely"}}},
}

// moodOptions are the answers to "How is your mood today?".
var moodOptions = []scaleOption{{"1", "recovery.very_low"}, {"2", "recovery.low"}, {"3", "recovery.ok"}, {"4", "recovery.good"}, {"5", "recovery.very_good"}}

// cravingOptions are 0–10, with words at the ends.
var cravingOptions = []scaleOption{{"0", "recovery.n0_none"}, {"1", ""}, {"2", ""}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", "recovery.n10_strongest"}}
