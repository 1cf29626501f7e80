package app

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/directory/gazetteer"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The treatment finder (docs/directory.md): programs near a place, a
// program's listing, and asking its admissions to get in touch. Anyone
// may do these, signed in or not; nothing here is anyone's health data.

// DefaultRadiusKm is how far a search reaches unless the person chooses.
const DefaultRadiusKm = 25

// RadiiKm are the distances the finders offer, shortest first.
var RadiiKm = []float64{10, 25, 50, 100, 200, directory.MaxRadiusKm}

var (
	coordinatesRe = regexp.MustCompile(`^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$`)
	zipRe         = regexp.MustCompile(`^(\d{5})(?:-\d{4})?$`)
	cityStateRe   = regexp.MustCompile(`^(.*[^\s,])\s*(?:,\s*|\s+)([A-Za-z]{2})$`)
)

// ParseLatLng reads "39.78,-89.65" (spaces allowed); ok is false when s
// is not two numbers.
func ParseLatLng(s string) (directory.Point, bool) {
	m := coordinatesRe.FindStringSubmatch(s)
	if m == nil {
		return directory.Point{}, false
	}
	lat, err1 := strconv.ParseFloat(m[1], 64)
	lng, err2 := strconv.ParseFloat(m[2], 64)
	return directory.Point{Lat: lat, Lng: lng}, err1 == nil && err2 == nil
}

// ResolvePlace finds where a person means: coordinates ("39.78, -89.65"),
// a US ZIP code, or a town and state ("Springfield, IL", "Springfield,
// Illinois"). Names are looked up in the embedded gazetteer, then in the
// directory's own listings (the centre of its programs and meetings there),
// so no request goes to a map service. Errors are field errors on "place".
func (a *App) ResolvePlace(ctx context.Context, text string) (directory.Point, error) {
	text = strings.TrimSpace(text)
	placeErr := func(msg string) error {
		return onward.Invalid("place", msg)
	}
	if p, ok := ParseLatLng(text); ok {
		if err := directory.ValidateSearch(p.Lat, p.Lng, 1); err != nil || (p.Lat == 0 && p.Lng == 0) {
			return p, placeErr("directory.give_coordinates_as_latitude_longitude")
		}
		return p, nil
	}
	var place directory.Place
	var err error
	if m := zipRe.FindStringSubmatch(text); m != nil {
		if p, ok := gazetteer.ByZip(m[1]); ok {
			return directory.Point{Lat: p.Lat, Lng: p.Lng}, nil
		}
		place, err = a.store.PlaceByZip(ctx, m[1])
	} else if town, state, ok := splitTownState(text); ok {
		if p, ok := gazetteer.ByTown(town, state); ok {
			return directory.Point{Lat: p.Lat, Lng: p.Lng}, nil
		}
		place, err = a.store.PlaceByCity(ctx, town, state)
	} else {
		return directory.Point{}, placeErr("directory.enter_a_zip_code_a_city_and")
	}
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return directory.Point{}, placeErr("directory.we_do_not_know_that_place")
	}
	if err != nil {
		return directory.Point{}, err
	}
	return directory.Point{Lat: place.Lat, Lng: place.Lng}, nil
}

// splitTownState reads "Springfield, IL", "Springfield IL", "Springfield,
// Illinois" and "Springfield Illinois" into the town and the state's code.
func splitTownState(text string) (town, state string, ok bool) {
	if before, after, found := strings.Cut(text, ","); found {
		if code, known := gazetteer.State(after); known && strings.TrimSpace(before) != "" {
			return strings.TrimSpace(before), code, true
		}
	}
	if m := cityStateRe.FindStringSubmatch(text); m != nil {
		if code, known := gazetteer.State(m[2]); known {
			return m[1], code, true
		}
	}
	lower := strings.ToLower(text)
	for _, name := range gazetteer.StateNames() {
		if rest, found := strings.CutSuffix(lower, " "+strings.ToLower(name)); found && strings.TrimSpace(rest) != "" {
			code, _ := gazetteer.State(name)
			return strings.TrimSpace(text[:len(rest)]), code, true
		}
	}
	return "", "", false
}

// ProgramsFound is what a search for programs found. When it found
// nothing, Wider is the nearest longer distance that finds some (nil when
// even the longest finds none), offered instead of a dead end.
type ProgramsFound struct {
	directory.ProgramResults
	Limit int // how many the search could return
	Wider *WiderSearch
}

// WiderSearch is a longer distance and how many programs it finds.
type WiderSearch struct {
	RadiusKm float64
	Total    int
}

// FindPrograms searches the directory for programs.
func (a *App) FindPrograms(ctx context.Context, search directory.ProgramSearch) (*ProgramsFound, error) {
	res, err := a.store.SearchPrograms(ctx, search)
	if err != nil {
		return nil, err
	}
	found := &ProgramsFound{ProgramResults: res, Limit: search.Limit}
	if found.Limit == 0 {
		found.Limit = directory.DefaultSearchResults
	}
	if res.Total == 0 {
		found.Wider, err = a.searchWider(ctx, search)
	}
	return found, err
}

// searchWider tries the longer distances the finders offer, up to the
// longest allowed, with the same filters; nil when even that finds nothing.
func (a *App) searchWider(ctx context.Context, search directory.ProgramSearch) (*WiderSearch, error) {
	for _, km := range RadiiKm {
		if km <= search.RadiusKm {
			continue
		}
		search.RadiusKm, search.Limit = km, 1
		res, err := a.store.SearchPrograms(ctx, search)
		if err != nil {
			return nil, err
		}
		if res.Total > 0 {
			return &WiderSearch{RadiusKm: km, Total: res.Total}, nil
		}
	}
	return nil, nil
}

// ListedProgram returns a program the directory lists, or ENOTFOUND.
func (a *App) ListedProgram(ctx context.Context, id string) (*directory.ProgramListing, error) {
	return a.store.ListedProgram(ctx, id)
}

// Requests to a program's admissions. Anyone may send one, signed in or
// not, so they are guarded against automated spam: a field hidden from
// people (the honeypot) and a limit per client address.
const (
	maxAdmissionsPerAddress = 5
	admissionWindow         = time.Hour
	maxAdmissionMessage     = 500
	maxAdmissionName        = 80
)

// AdmissionBestTimes are the answers to "when is it best to call you?",
// "" for any time.
var AdmissionBestTimes = []string{"", "morning", "afternoon", "evening"}

var (
	errTooManyAdmissions = onward.NewError(onward.ETOOMANY, "directory.several_requests_have_come_from_your")
	errHoneypot          = onward.NewError(onward.EINVALID, "directory.we_could_not_send_this_request_leave")
	errNoSuchAdmission   = onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_request")
)

// AdmissionInput is what a person gives to be contacted.
type AdmissionInput struct {
	Name, Phone, Email, BestTime, Message string
	Consent                               bool
	Honeypot                              string // people never see it; software that fills every field does
}

func (in *AdmissionInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Email = onward.NormalizeEmail(in.Email)
	in.BestTime = strings.TrimSpace(in.BestTime)
	in.Message = strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n"))
}

func (in AdmissionInput) validate() error {
	errs := onward.FieldErrors{}
	switch {
	case in.Name == "":
		errs.Add("name", "directory.give_a_name_or_a_nickname_the")
	case utf8.RuneCountInString(in.Name) > maxAdmissionName || !singleCleanLine(in.Name):
		errs.Add("name", "directory.use_at_most_80_letters_numbers_and")
	}
	if in.Phone == "" && in.Email == "" {
		errs.Add("phone", "directory.give_a_phone_number_or_an_email")
	}
	if in.Phone != "" && !admissionPhoneValid(in.Phone) {
		errs.Add("phone", "directory.enter_a_phone_number_such_as_217")
	}
	if in.Email != "" {
		onward.ValidateEmail(errs, "email", in.Email)
	}
	if !slices.Contains(AdmissionBestTimes, in.BestTime) {
		errs.Add("best_time", "directory.choose_a_time_from_the_list")
	}
	if utf8.RuneCountInString(in.Message) > maxAdmissionMessage || !utf8.ValidString(in.Message) || strings.ContainsRune(in.Message, 0) {
		errs.Add("message", "directory.keep_the_message_to_500_characters")
	}
	if !in.Consent {
		errs.Add("consent", "directory.tick_the_box_to_agree_to_be")
	}
	return errs.Err()
}

// admissionPhoneValid accepts the ways people write a number: 7 to 15 digits with
// spaces, dashes, dots, brackets and a leading plus.
func admissionPhoneValid(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -.()", r), r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15 && len(s) <= 30
}

// singleCleanLine reports whether s is valid UTF-8 on one line without
// control characters.
func singleCleanLine(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) < 0
}

// AskToBeContacted validates in and puts it in the program's queue, from
// the client address ip. Input with mistakes is refused before it counts
// against the address's limit; a filled-in honeypot counts but stores
// nothing.
func (a *App) AskToBeContacted(ctx context.Context, programID string, in AdmissionInput, ip string) (*directory.AdmissionRequest, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return nil, err
	}
	req := &directory.AdmissionRequest{ProgramID: programID, Name: in.Name, Phone: in.Phone, Email: in.Email,
		BestTime: in.BestTime, Message: in.Message, Consent: in.Consent}
	spam := in.Honeypot != ""
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.RecentAdmissionAttempts(ctx, ip, tx.Now.Add(-admissionWindow))
		if err != nil {
			return err
		}
		if n >= maxAdmissionsPerAddress {
			return errTooManyAdmissions
		}
		if err := tx.RecordAdmissionAttempt(ctx, ip, admissionWindow); err != nil {
			return err
		}
		if spam {
			return nil
		}
		return tx.CreateAdmissionRequest(ctx, req)
	})
	if err != nil {
		return nil, err
	}
	if spam {
		return nil, errHoneypot
	}
	return req, nil
}

// CheckAdmissionRequest returns ENOTFOUND unless the program's queue holds
// a request with this reference: the page that confirms a request shows
// only its reference, so the address is safe to reload.
func (a *App) CheckAdmissionRequest(ctx context.Context, programID, reference string) error {
	ok, err := a.store.AdmissionRequestExists(ctx, programID, reference)
	if err != nil {
		return err
	}
	if !ok {
		return errNoSuchAdmission
	}
	return nil
}
