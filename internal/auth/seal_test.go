package auth

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyringSealsForOnePurpose(t *testing.T) {
	k, err := NewKeyring(NewSecretKey())
	if err != nil {
		t.Fatal(err)
	}
	sealed := k.Seal("JBSWY3DPEHPK3PXP", "totp:ana")
	if strings.Contains(sealed, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("the sealed value %q holds the secret", sealed)
	}
	if got, err := k.Open(sealed, "totp:ana"); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if k.Seal("x", "p") == k.Seal("x", "p") {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	other, _ := NewKeyring(NewSecretKey())
	tampered := sealed[:len(sealed)-3] + "AAA"
	for name, open := range map[string]func() (string, error){
		"ErrOtherPurpose": func() (string, error) { return k.Open(sealed, "totp:ben") },
		"ErrOtherKey":     func() (string, error) { return other.Open(sealed, "totp:ana") },
		"ErrTampered":     func() (string, error) { return k.Open(tampered, "totp:ana") },
		"ErrPlain":        func() (string, error) { return k.Open("JBSWY3DPEHPK3PXP", "totp:ana") },
		"ErrHuge":         func() (string, error) { return k.Open("v1."+strings.Repeat("A", 5000), "totp:ana") },
		"ErrEmpty":        func() (string, error) { return k.Open("", "totp:ana") },
	} {
		if got, err := open(); err != ErrNotSealed || got != "" {
			t.Errorf("%s: Open = %q, %v; want ErrNotSealed", name, got, err)
		}
	}
}

// Rotation: a new first key seals, the old one still opens what it sealed.
func TestKeyringRotation(t *testing.T) {
	oldKey, newKey := NewSecretKey(), NewSecretKey()
	before, _ := NewKeyring(oldKey)
	sealed := before.Seal("secret", "p")
	after, _ := NewKeyring(newKey, oldKey)
	if after.SealedWithCurrent(sealed) || !before.SealedWithCurrent(sealed) {
		t.Fatal("SealedWithCurrent does not tell the sealing key")
	}
	if got, err := after.Open(sealed, "p"); err != nil || got != "secret" {
		t.Fatalf("the rotated keyring does not open the old seal: %q, %v", got, err)
	}
	if !after.SealedWithCurrent(after.Seal("secret", "p")) {
		t.Fatal("a new seal is not under the first key")
	}
	newOnly, _ := NewKeyring(newKey)
	if _, err := newOnly.Open(sealed, "p"); err != ErrNotSealed {
		t.Fatal("a dropped key still opens")
	}
}

func TestSecretKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onward.db.secret-keys")
	k, err := CreateSecretKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key file has mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := CreateSecretKeyFile(path); err == nil {
		t.Fatal("an existing key file was replaced")
	}
	again, err := ReadSecretKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Open(k.Seal("s", "p"), "p"); err != nil || got != "s" {
		t.Fatal("the key read back is not the key written")
	}
	// A second line: a new key first, the old one after.
	data, _ := os.ReadFile(path)
	rotated := "aes-256-gcm " + base64.StdEncoding.EncodeToString(NewSecretKey()) + "\n" + string(data)
	os.WriteFile(path, []byte(rotated), 0o600)
	r, err := ReadSecretKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if sealed := k.Seal("s", "p"); r.SealedWithCurrent(sealed) {
		t.Fatal("the old key still seals after a new first line")
	} else if got, err := r.Open(sealed, "p"); err != nil || got != "s" {
		t.Fatal("the old key no longer opens")
	}
	for name, content := range map[string]string{"ErrEmpty": "# nothing\n", "ErrShort": "aes-256-gcm c2hvcnQ=\n", "ErrKind": "rot13 " + base64.StdEncoding.EncodeToString(NewSecretKey()) + "\n"} {
		bad := filepath.Join(t.TempDir(), name)
		os.WriteFile(bad, []byte(content), 0o600)
		if _, err := ReadSecretKeyFile(bad); err == nil {
			t.Errorf("%s: a bad key file was read", name)
		}
	}
}

func TestParseKeyring(t *testing.T) {
	a, b := base64.StdEncoding.EncodeToString(NewSecretKey()), base64.StdEncoding.EncodeToString(NewSecretKey())
	if _, err := ParseKeyring(a + ", " + b); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString([]byte("short")), a + ","} {
		if _, err := ParseKeyring(bad); err == nil {
			t.Errorf("ParseKeyring(%q) accepted", bad)
		}
	}
}
