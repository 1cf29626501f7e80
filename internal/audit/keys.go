package audit

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/onward-recovery/onward/internal/auth"
)

// keySize is the length of both secrets: the HMAC key and the Ed25519 seed.
const keySize = 32

// Keys are the audit log's two secrets, kept outside the database: the
// HMAC key that seals entries and the Ed25519 key that signs checkpoints.
// They are separate so a checkpoint can be checked with the public half
// alone, by someone who must not be able to seal entries.
type Keys struct {
	mac     []byte
	signing ed25519.PrivateKey
}

// NewKeys returns fresh random keys.
func NewKeys() (Keys, error) {
	mac := make([]byte, keySize)
	seed := make([]byte, keySize)
	if _, err := rand.Read(mac); err != nil {
		return Keys{}, fmt.Errorf("generate audit key: %w", err)
	}
	if _, err := rand.Read(seed); err != nil {
		return Keys{}, fmt.Errorf("generate audit signing key: %w", err)
	}
	return Keys{mac: mac, signing: ed25519.NewKeyFromSeed(seed)}, nil
}

// ParseKeys reads the keys from their base64 forms: 32 random bytes each
// (for example from `openssl rand -base64 32`).
func ParseKeys(mac, signingSeed string) (Keys, error) {
	m, err := decodeKey(mac)
	if err != nil {
		return Keys{}, fmt.Errorf("audit key: %w", err)
	}
	seed, err := decodeKey(signingSeed)
	if err != nil {
		return Keys{}, fmt.Errorf("audit signing key: %w", err)
	}
	return Keys{mac: m, signing: ed25519.NewKeyFromSeed(seed)}, nil
}

func decodeKey(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("not base64")
	}
	if len(b) != keySize {
		return nil, fmt.Errorf("%d bytes, want %d random bytes in base64", len(b), keySize)
	}
	return b, nil
}

// PublicKey is the base64 public half of the signing key, which checks
// checkpoints.
func (k Keys) PublicKey() string {
	return base64.StdEncoding.EncodeToString(k.signing.Public().(ed25519.PublicKey))
}

// The key file holds one "name base64" line per key.
const (
	keyFileMAC     = "hmac-sha256"
	keyFileSigning = "ed25519-seed"
)

// ReadKeyFile reads keys written by CreateKeyFile.
func ReadKeyFile(path string) (Keys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Keys{}, fmt.Errorf("read audit key file: %w", err)
	}
	vals := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, val, _ := strings.Cut(line, " ")
		vals[name] = val
	}
	if vals[keyFileMAC] == "" || vals[keyFileSigning] == "" {
		return Keys{}, fmt.Errorf("audit key file %s: want a %q and an %q line", path, keyFileMAC, keyFileSigning)
	}
	k, err := ParseKeys(vals[keyFileMAC], vals[keyFileSigning])
	if err != nil {
		return Keys{}, fmt.Errorf("audit key file %s: %w", path, err)
	}
	return k, nil
}

// CreateKeyFile writes fresh keys to a new file that only its owner can
// read (mode 0600). It never replaces a file: a log sealed with the old
// keys could no longer be checked.
func CreateKeyFile(path string) (Keys, error) {
	k, err := NewKeys()
	if err != nil {
		return Keys{}, err
	}
	content := fmt.Sprintf("# Onward audit log keys. Keep this file off the database server and out of database\n"+
		"# backups, with a copy somewhere safe: without it the audit log cannot be checked.\n"+
		"%s %s\n%s %s\n",
		keyFileMAC, base64.StdEncoding.EncodeToString(k.mac),
		keyFileSigning, base64.StdEncoding.EncodeToString(k.signing.Seed()))
	if err := auth.WriteKeyFile(path, []byte(content)); err != nil {
		return Keys{}, fmt.Errorf("create audit key file: %w", err)
	}
	return k, nil
}
