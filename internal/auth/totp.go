package auth

import (
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings shared by every authenticator app: 30-second steps, six
// digits, SHA-1 (RFC 6238 defaults; the only combination all apps accept).
const totpPeriod = 30

// NewTOTPKey makes a new secret for account on issuer.
func NewTOTPKey(issuer, account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod})
}

// TOTPKeyFromSecret rebuilds the key for a secret already shown to
// account, to show it again (as a QR code) after a mistyped code.
func TOTPKeyFromSecret(issuer, account, secret string) (*otp.Key, error) {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account,
		RawQuery: url.Values{"secret": {secret}, "issuer": {issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}.Encode()}
	return otp.NewKeyFromURL(u.String())
}

// TOTPStep returns the time step a code is checked against and whether code
// is valid for secret at t, allowing one step of clock drift either way.
// The caller records the step so the same code cannot be used twice.
func TOTPStep(code, secret string, t time.Time) (int64, bool) {
	for _, skew := range []int64{0, -1, 1} {
		at := t.Add(time.Duration(skew*totpPeriod) * time.Second)
		ok, err := totp.ValidateCustom(code, secret, at, totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && ok {
			return at.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// TOTPCode returns the current code for secret (tests and the demo use it).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}
