package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A parallel burst of wrong passwords for one account: at most the limit
// are checked (hashed), the rest refused before hashing, however the
// requests interleave. (Before the check and the count were one
// statement, all 300 of such a burst were evaluated.)
func TestSignInBurstChecksAtMostTheLimit(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	const burst = 100
	before := e.server.app.PasswordHashes()
	statuses := make([]int, burst)
	var wg sync.WaitGroup
	for i := range burst {
		wg.Go(func() {
			// A client with an anti-forgery token of its own, as a script would make.
			const csrf = "burst-csrf-token-burst-csrf-token"
			form := url.Values{"email": {u.Email}, "password": {fmt.Sprintf("wrong password %d", i)}, "csrf": {csrf}}
			req, _ := http.NewRequest("POST", e.srv.URL+"/signin", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "csrf", Value: csrf})
			res, err := e.newClient().http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		})
	}
	wg.Wait()
	checked := e.server.app.PasswordHashes() - before
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	t.Logf("a burst of %d: %d passwords hashed; statuses %v", burst, checked, count)
	if checked > app.MaxGuessesPerAccount {
		t.Errorf("%d passwords were hashed in a burst of %d; at most %d may be", checked, burst, app.MaxGuessesPerAccount)
	}
	if count[http.StatusUnauthorized] != app.MaxGuessesPerAccount || count[http.StatusTooManyRequests] != burst-app.MaxGuessesPerAccount {
		t.Errorf("statuses %v, want %d wrong-password answers and the rest refused (429)", count, app.MaxGuessesPerAccount)
	}
	// The right password too waits for the window to end.
	wantStatus(t, e.newClient().post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}}), http.StatusTooManyRequests)
}

// Wrong second-step codes count against the account like wrong passwords,
// on the web: a right password does not wipe the count, and once the
// limit is reached even the right code waits for the window to end. (The
// right password used to reset the counter before the code was checked,
// so codes could be tried without end.)
func TestTwoStepCodesCountLikePasswordsOnTheWeb(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("lee@example.com", onward.RoleClinician)
	secret, _ := e.enableTOTP(u)
	c := e.newClient()
	wrong := 0
	for wrong < app.MaxGuessesPerAccount {
		// A new password step now and then, as an attacker with the password would.
		res := c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
		if loc := res.header.Get("Location"); loc != "/signin/code" {
			t.Fatalf("after %d wrong codes the password step went to %q (status %d), want /signin/code", wrong, loc, res.status)
		}
		for range 2 {
			if wrong == app.MaxGuessesPerAccount {
				break
			}
			res := c.post("/signin/code", url.Values{"code": {wrongCode(t, secret, e.clock.now())}})
			wantStatus(t, res, http.StatusUnauthorized)
			wantBody(t, res, "That code is not right")
			wrong++
		}
	}
	right, _ := auth.TOTPCode(secret, e.clock.now())
	res := c.post("/signin/code", url.Values{"code": {right}})
	wantStatus(t, res, http.StatusTooManyRequests)
	wantBody(t, res, "Too many sign-in attempts")
	wantStatus(t, e.newClient().post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}}), http.StatusTooManyRequests)

	e.clock.advance(app.SignInWindow + time.Second)
	c.signIn(u)
	wantStatus(t, c.get("/account"), http.StatusOK)
}

// The same through the API, where password and code come in one request:
// a brute force of the code with the right password is stopped at the
// limit, and the right code does not get through after it.
func TestTwoStepCodesCountLikePasswordsInTheAPI(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("lee@example.com", onward.RoleClinician)
	secret, _ := e.enableTOTP(u)
	c := e.newClient()
	token := func(code string) response {
		return c.api("POST", "/api/v1/auth/tokens", "", `{"email":"lee@example.com","password":"`+testPassword+`","totp":"`+code+`"}`)
	}
	for i := range app.MaxGuessesPerAccount {
		res := token(wrongCode(t, secret, e.clock.now()))
		if res.status != http.StatusUnauthorized || decodeError(t, res).Error.Fields["totp"] == "" {
			t.Fatalf("wrong code %d: status %d, %s; want 401 naming totp", i+1, res.status, res.body)
		}
	}
	right, _ := auth.TOTPCode(secret, e.clock.now())
	res := token(right)
	wantStatus(t, res, http.StatusTooManyRequests)
	if decodeError(t, res).Error.Code != onward.ETOOMANY {
		t.Fatalf("after the limit: %s", res.body)
	}
	e.clock.advance(app.SignInWindow + time.Second)
	right, _ = auth.TOTPCode(secret, e.clock.now())
	wantStatus(t, token(right), http.StatusCreated)
}

// wrongCode returns a six-digit code that is not valid for secret around t.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	for n := 0; n < 1000000; n += 7919 {
		code := fmt.Sprintf("%06d", n)
		if _, ok := auth.TOTPStep(code, secret, at); !ok {
			return code
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

// A recovery code signs in once, in place of the app's code; a used one is
// refused, and counts like any wrong code.
func TestRecoveryCodesSignInOnce(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	_, codes := e.enableTOTP(u)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes, want 10", len(codes))
	}
	c := e.newClient()
	c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	wantBody(t, c.get("/signin/code"), "Use a recovery code")
	wantStatus(t, c.post("/signin/code", url.Values{"code": {strings.ToUpper(codes[3])}}), http.StatusSeeOther)
	wantBody(t, c.get("/account"), "9 recovery codes left.")

	again := e.newClient()
	again.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	res := again.post("/signin/code", url.Values{"code": {codes[3]}})
	wantStatus(t, res, http.StatusUnauthorized)

	// New codes replace the old ones, once the password is given.
	wantStatus(t, c.post("/account/two-factor/recovery-codes", url.Values{"codes_password": {"not my password"}}), http.StatusBadRequest)
	fresh := c.post("/account/two-factor/recovery-codes", url.Values{"codes_password": {testPassword}})
	wantStatus(t, fresh, http.StatusOK)
	wantBody(t, fresh, "These codes are shown only now")
	res = again.post("/signin/code", url.Values{"code": {codes[4]}})
	wantStatus(t, res, http.StatusUnauthorized)
}

// Two-step keys are stored sealed: the database does not hold the key an
// authenticator app needs, and a sealed key copied to another account
// does not open there.
func TestTwoStepKeysAreSealedAtRest(t *testing.T) {
	e := newEnv(t)
	ana := e.addUser("ana@example.com", onward.RoleMember)
	ben := e.addUser("ben@example.com", onward.RoleMember)
	secret, _ := e.enableTOTP(ana)
	ctx := context.Background()
	all, err := e.store.SealedTOTPSecrets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := all[ana.ID]
	if stored == "" || strings.Contains(stored, secret) || strings.Contains(strings.ToUpper(stored), secret) {
		t.Fatalf("the database holds the two-step key as %q", stored)
	}
	// Ben's row given Ana's sealed key: his sign-in cannot use it.
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.ResealTOTP(ctx, ben.ID, "", stored) }); err != nil {
		t.Fatal(err)
	}
	c := e.newClient()
	c.post("/signin", url.Values{"email": {ben.Email}, "password": {testPassword}})
	code, _ := auth.TOTPCode(secret, e.clock.now())
	if res := c.post("/signin/code", url.Values{"code": {code}}); res.status == http.StatusSeeOther {
		t.Fatal("a sealed key copied to another account signed it in")
	}
}

// Typing the password again (to change it, delete the account, change the
// address or turn two-step sign-in off) is a guess like a sign-in: counted,
// and refused past the limit.
func TestPasswordReentryIsLimited(t *testing.T) {
	tests := []struct {
		name string
		path string
		form func(password string) url.Values
	}{
		{"ChangePassword", "/account/password", func(p string) url.Values {
			return url.Values{"current_password": {p}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}}
		}},
		{"DeleteAccount", "/account/delete", func(p string) url.Values { return url.Values{"password": {p}} }},
		{"ChangeEmail", "/account/email", func(p string) url.Values {
			return url.Values{"email": {"new@example.com"}, "email_password": {p}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			u := e.addUser("ana@example.com", onward.RoleMember)
			c := e.newClient()
			c.signIn(u)
			for range app.MaxGuessesPerAccount {
				wantStatus(t, c.post(tt.path, tt.form("not my password")), http.StatusBadRequest)
			}
			res := c.post(tt.path, tt.form(testPassword))
			wantStatus(t, res, http.StatusTooManyRequests)
			wantBody(t, res, "Too many sign-in attempts")
		})
	}
}

// Behind the operator's proxy, the client is the address the proxy adds
// last: a client cannot escape its limit by sending X-Forwarded-For.
func TestClientAddressIsTheProxysLastHop(t *testing.T) {
	e := newEnv(t)
	e.server.cfg.TrustProxy = true
	r := httptestRequest("203.0.113.7, 198.51.100.2")
	if got := e.server.clientIP(r); got != "198.51.100.2" {
		t.Fatalf("clientIP = %q, want the proxy's hop 198.51.100.2", got)
	}
}

func httptestRequest(forwardedFor string) *http.Request {
	r, _ := http.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:5555"
	r.Header.Set("X-Forwarded-For", forwardedFor)
	return r
}
