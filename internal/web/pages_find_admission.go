package web

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Requests to a program's admissions, shared by the page and the API.
// Anyone may send one, signed in or not, so the form guards against
// automated spam: a field hidden from people (the honeypot) and a limit
// per client address.

const (
	maxAdmissionsPerAddress = 5
	admissionWindow         = time.Hour
	maxAdmissionMessage     = 500
	maxAdmissionName        = 80
)

var errTooManyAdmissions = onward.NewError(onward.ETOOMANY,
	"directory.several_requests_have_come_from_your")

var errHoneypot = onward.NewError(onward.EINVALID,
	"directory.we_could_not_send_this_request_leave")

// admissionInput is what a person gives to be contacted.
type admissionInput struct {
	Name, Phone, Email, BestTime, Message string
	Consent                               bool
	Honeypot                              string // people never see it; software that fills every field does
}

func (in *admissionInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Email = onward.NormalizeEmail(in.Email)
	in.BestTime = strings.TrimSpace(in.BestTime)
	in.Message = strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n"))
}

func (in admissionInput) validate() error {
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
	if _, ok := admissionBestTimeLabels[in.BestTime]; !ok {
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

// singleCleanLine reports whether s is valid UTF-8 on one line without control
// characters.
func singleCleanLine(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) < 0
}

// submitAdmission validates in and puts it in the program's queue. Input
// with mistakes is refused before it counts against the address's limit;
// a filled-in honeypot counts but stores nothing.
func (s *Server) submitAdmission(ctx context.Context, programID string, in admissionInput, ip string) (*sqlstore.AdmissionRequest, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return nil, err
	}
	req := &sqlstore.AdmissionRequest{ProgramID: programID, Name: in.Name, Phone: in.Phone, Email: in.Email,
		BestTime: in.BestTime, Message: in.Message, Consent: in.Consent}
	spam := in.Honeypot != ""
	err := s.store.Write(ctx, func(tx *sqlstore.Tx) error {
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
