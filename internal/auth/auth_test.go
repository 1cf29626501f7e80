package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

// fastParams keep tests quick; the format and logic are the same.
var fastParams = Params{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	if ok, err := CheckPassword("correct horse battery", h); !ok || err != nil {
		t.Fatalf("right password rejected: %v", err)
	}
	if ok, _ := CheckPassword("correct horse batterY", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery", fastParams)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA",
		"$argon2id$v=18$m=1024,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=1024,t=1,p=0$AAAA$AAAA", "$argon2id$v=19$m=1024,t=1,p=1$!!$AAAA"} {
		if _, err := CheckPassword("x", h); err != ErrMalformedHash {
			t.Errorf("CheckPassword(%q) error = %v, want ErrMalformedHash", h, err)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken("onw_"), NewToken("onw_")
	if a == b || !strings.HasPrefix(a, "onw_") || len(a) != 4+32 {
		t.Fatalf("tokens %q %q: want distinct, prefixed, 32 base32 characters", a, b)
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Fatal("token hashes collide or are not hex SHA-256")
	}
}

func TestTOTP(t *testing.T) {
	key, err := NewTOTPKey("Onward", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 15, 0, time.UTC)
	code, _ := TOTPCode(key.Secret(), now)
	step, ok := TOTPStep(code, key.Secret(), now)
	if !ok || step != now.Unix()/30 {
		t.Fatalf("current code: ok=%v step=%d", ok, step)
	}
	if _, ok := TOTPStep(code, key.Secret(), now.Add(31*time.Second)); !ok {
		t.Fatal("code from the previous step refused (clock drift allowance)")
	}
	if _, ok := TOTPStep(code, key.Secret(), now.Add(2*time.Minute)); ok {
		t.Fatal("a code two minutes old was accepted")
	}
	if _, ok := TOTPStep("12345", key.Secret(), now); ok {
		t.Fatal("a five-digit code was accepted")
	}
}

func TestHasherWaitsForASlot(t *testing.T) {
	h := NewHasher(fastParams, 1)
	h.slots <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "a long passphrase"); err == nil {
		t.Fatal("Hash ran although no slot was free")
	}
	<-h.slots
	hash, err := h.Hash(context.Background(), "a long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Check(context.Background(), "a long passphrase", hash); !ok || err != nil {
		t.Fatalf("Check = %v, %v", ok, err)
	}
	if len(h.slots) != 0 {
		t.Fatal("a slot was not given back")
	}
}

func TestTOTPKeyFromSecretShowsTheSameKey(t *testing.T) {
	key, _ := NewTOTPKey("Onward", "ana@example.com")
	again, err := TOTPKeyFromSecret("Onward", "ana@example.com", key.Secret())
	if err != nil || again.Secret() != key.Secret() || again.Issuer() != "Onward" || again.AccountName() != "ana@example.com" {
		t.Fatalf("rebuilt key %v (%v), want the same secret, issuer and account", again, err)
	}
	if _, err := again.Image(100, 100); err != nil {
		t.Fatalf("no QR image for the rebuilt key: %v", err)
	}
}
