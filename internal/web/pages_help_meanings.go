package web

// Keys for the PHQ-2 and GAD-2, which have no bands: their published
// screening cut-off of 3 decides which reading applies (clinical-facts.md §5).
const (
	screenAtCutoff    = "at_cutoff"
	screenBelowCutoff = "below_cutoff"
)

// selfCheckMeanings is our own plain, kind reading of each published band
// of each self-check, keyed "instrument/band". The words are ours; the bands
// and cut-offs are the published ones (clinical-facts.md §3–5), and the
// result page always adds that a score is not a diagnosis.
// TestSelfCheckMeaningsCoverEveryBand keeps this in step with the bands.
var selfCheckMeanings = map[string]string{
	"dast10/none":        "Your answers do not point to problems with drug use in the past year. If something still worries you, it is always fine to talk it over with a doctor or counselor.",
	"dast10/low":         "Your answers point to a low level of problems with drug use. It is worth keeping an eye on, and checking again later. If you want to cut down, help is there.",
	"dast10/moderate":    "Your answers point to a moderate level of problems with drug use. It would help to talk it through with a doctor or counselor, who can look at it more closely with you.",
	"dast10/substantial": "Your answers point to a substantial level of problems with drug use. You deserve support: a doctor, counselor or treatment program can look at it more closely with you, and treatment works.",
	"dast10/severe":      "Your answers point to a severe level of problems with drug use. That can be hard to read. Help works, and you can start today: a doctor, counselor or treatment program can look at it more closely with you.",

	"dsm5-oud/below_threshold": "You recognized fewer than 2 of the 11 signs. That is below the point where clinicians would think of opioid use disorder. If you are still worried, a doctor or counselor can talk it through with you.",
	"dsm5-oud/mild":            "You recognized 2 or 3 of the 11 signs, which clinicians call the mild range. This is a good moment to talk with a doctor or counselor: change is easier early on.",
	"dsm5-oud/moderate":        "You recognized 4 or 5 of the 11 signs, which clinicians call the moderate range. Opioid use disorder is a health condition, and it can be treated. A doctor or counselor can look at it with you and talk about the options, medication included.",
	"dsm5-oud/severe":          "You recognized 6 or more of the 11 signs, which clinicians call the severe range. This is not a judgment of you: it is a health condition, and treatment works, medication included. Please reach out to a doctor, a program or a helpline.",

	"phq9/minimal":           "Your answers suggest few or no signs of depression over the last 2 weeks.",
	"phq9/mild":              "Your answers suggest mild signs of depression. Sleep, a daily routine and the people around you can help; if it does not get better, talk to a doctor.",
	"phq9/moderate":          "Your answers suggest moderate signs of depression. Depression is common and treatable, also alongside recovery from opioids. A doctor or counselor can help.",
	"phq9/moderately_severe": "Your answers suggest moderately severe signs of depression. Please talk to a doctor or counselor soon. Depression is treatable, and you do not have to carry it alone.",
	"phq9/severe":            "Your answers suggest severe signs of depression. Please talk to a doctor or counselor soon, today if you can. Depression is treatable, and you do not have to carry it alone.",

	"gad7/minimal":  "Your answers suggest few or no signs of anxiety over the last 2 weeks.",
	"gad7/mild":     "Your answers suggest mild signs of anxiety. Rest, a daily routine and talking to someone you trust can help; if it does not ease, talk to a doctor.",
	"gad7/moderate": "Your answers suggest moderate signs of anxiety. Anxiety is common and treatable. A doctor or counselor can help.",
	"gad7/severe":   "Your answers suggest severe signs of anxiety. Please talk to a doctor or counselor soon. Anxiety is treatable, and you do not have to manage it alone.",

	"phq2/" + screenAtCutoff:    "Your score is 3 or more, the usual point at which the full PHQ-9 is suggested. It asks 7 more questions and gives a clearer picture.",
	"phq2/" + screenBelowCutoff: "Your score is below 3, the usual point at which the full PHQ-9 is suggested. If low mood still bothers you, talk to a doctor, or take the full PHQ-9 anyway.",
	"gad2/" + screenAtCutoff:    "Your score is 3 or more, the usual point at which the full GAD-7 is suggested. It asks 5 more questions and gives a clearer picture.",
	"gad2/" + screenBelowCutoff: "Your score is below 3, the usual point at which the full GAD-7 is suggested. If worry still bothers you, talk to a doctor, or take the full GAD-7 anyway.",
}
