package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onward.db.audit-keys")
	k, err := CreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("key file mode %o, want 600", mode)
	}
	read, err := ReadKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if read.Genesis() != k.Genesis() || read.PublicKey() != k.PublicKey() {
		t.Fatal("the key file read back holds other keys than were written")
	}
	if _, err := CreateKeyFile(path); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("creating over an existing key file: %v", err)
	}
	if again, _ := ReadKeyFile(path); again.Genesis() != k.Genesis() {
		t.Fatal("a refused second creation changed the key file")
	}
}

func TestKeyFileRefusesBadContent(t *testing.T) {
	tests := map[string]string{
		"ErrEmpty":      "",
		"ErrOneKeyOnly": "hmac-sha256 " + strings.Repeat("A", 43) + "=\n",
		"ErrNotBase64":  "hmac-sha256 !!!\ned25519-seed !!!\n",
		"ErrShortKey":   "hmac-sha256 AAAA\ned25519-seed AAAA\n",
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keys")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadKeyFile(path); err == nil {
				t.Fatalf("key file %q accepted", content)
			}
		})
	}
}

func TestParseKeys(t *testing.T) {
	key := "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=" // 32 bytes
	a, err := ParseKeys(key, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseKeys(" "+key+"\n", key)
	if a.Genesis() != b.Genesis() {
		t.Fatal("surrounding white space changed the key")
	}
	if _, err := ParseKeys("c2hvcnQ=", key); err == nil || !strings.Contains(err.Error(), "32") {
		t.Fatalf("a short key: %v", err)
	}
}
