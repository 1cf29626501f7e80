package directory

import (
	"maps"
	"slices"
)

// Format is one of a meeting's format or type codes, with what it means when the
// list or the directory knows: "C", "Closed", and a sentence for people who have
// never been to a meeting.
type Format struct {
	Code        string `json:"code"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Codes returns the codes of formats, in order.
func Codes(formats []Format) []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Code
	}
	return out
}

// The explanations of the two formats a newcomer most needs to understand, written
// for this directory (not copied from a fellowship's literature). A family group's
// closed meetings are for its members, the relatives and friends.
// They are stored (and given by the API) in English; the pages translate them.
const (
	OpenMeaning         = "Open: anyone may come, including family, friends and people who are curious."
	ClosedMeaning       = "Closed: for people who want to stop themselves; family, friends and the curious are welcome at open meetings."
	ClosedFamilyMeaning = "Closed: for members only, people affected by someone else's drinking or drug use."
)

// GuideTypeCodes lists the Meeting Guide type codes.
func GuideTypeCodes() map[string]string { return maps.Clone(meetingGuideTypes) }

// GuideTypeName is the English name of a Meeting Guide type code, and whether
// the specification has the code.
func GuideTypeName(code string) (string, bool) {
	name, ok := meetingGuideTypes[code]
	return name, ok
}

// describeFormats gives each code a name and, for open and closed meetings, an
// explanation. A name the list gave wins; names are looked up in the Meeting Guide
// types only for the lists that use them (Meeting Guide feeds).
func describeFormats(codes []string, names map[string]Format, guideTypes bool) []Format {
	if len(codes) == 0 {
		return nil
	}
	out := make([]Format, len(codes))
	for i, code := range codes {
		f, ok := names[code]
		if !ok {
			f = Format{Code: code}
			if guideTypes {
				f.Name = meetingGuideTypes[code]
			}
		}
		f.Code = code
		out[i] = f
	}
	return out
}

// explainOpenClosed adds the explanation of "O" and "C" to a meeting's formats when
// its list gave none: the two codes mean the same in every fellowship's lists.
func explainOpenClosed(formats []Format, fellowship Fellowship) {
	for i := range formats {
		f := &formats[i]
		if f.Description != "" {
			continue
		}
		switch f.Code {
		case "O":
			f.Description = OpenMeaning
		case "C":
			f.Description = ClosedMeaning
			if fellowship.ForFamilies() {
				f.Description = ClosedFamilyMeaning
			}
		}
	}
}

// guideLanguages are the Meeting Guide type codes that say a meeting's language, and
// the language's BCP 47 tag.
var guideLanguages = map[string]string{
	"AF": "af", "AM": "am", "AR": "ar", "ASL": "ase", "BG": "bg", "DA": "da", "DE": "de", "EL": "el",
	"EN": "en", "FA": "fa", "FI": "fi", "FR": "fr", "HE": "he", "HI": "hi", "HR": "hr", "HU": "hu",
	"IS": "is", "ITA": "it", "JA": "ja", "KA": "ka", "KOR": "ko", "LT": "lt", "ML": "ml", "MT": "mt",
	"NE": "ne", "NL": "nl", "NO": "no", "POL": "pl", "POR": "pt", "PUN": "pa", "RUS": "ru", "S": "es",
	"SK": "sk", "SL": "sl", "SV": "sv", "TH": "th", "TL": "tl", "TUR": "tr", "UK": "uk",
}

// languagesOfTypes returns the languages a meeting's Meeting Guide types name.
func languagesOfTypes(codes []string) []string {
	var out []string
	for _, c := range codes {
		if tag, ok := guideLanguages[c]; ok && !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out
}
