package auth

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// A Keyring seals small secrets for storage (TOTP keys) and for a round
// trip through a browser (a key being set up, a confirmation), with
// AES-256-GCM under keys kept outside the database. The first key seals;
// every key opens, so keys can be rotated: add a new first key, restart
// (the server seals what it stores again under it), then drop the old one.
//
// A sealed value is "v1.KEYID.BASE64(nonce|ciphertext)". Each is bound to
// a purpose (such as "totp:" and the account id), so a value copied to
// another account or another use does not open.
type Keyring struct {
	keys []sealKey // the first seals
}

type sealKey struct {
	id   string
	aead cipher.AEAD
}

// SecretKeySize is the length of a sealing key: 32 random bytes.
const SecretKeySize = 32

// ErrNotSealed means a value was not sealed by any key of the keyring for
// its purpose: tampered with, sealed elsewhere, or under a dropped key.
var ErrNotSealed = errors.New("not sealed by this keyring")

// NewKeyring returns a keyring over keys, the first sealing.
func NewKeyring(keys ...[]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("secret keys: give at least one")
	}
	k := &Keyring{}
	for _, key := range keys {
		if len(key) != SecretKeySize {
			return nil, fmt.Errorf("secret key: %d bytes, want %d random bytes", len(key), SecretKeySize)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(key)
		k.keys = append(k.keys, sealKey{id: hex.EncodeToString(sum[:4]), aead: aead})
	}
	return k, nil
}

// NewSecretKey returns a fresh random key.
func NewSecretKey() []byte {
	b := make([]byte, SecretKeySize)
	rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}

// ParseKeyring reads base64 keys separated by commas, the sealing one first.
func ParseKeyring(s string) (*Keyring, error) {
	var keys [][]byte
	for _, part := range strings.Split(s, ",") {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(part))
		if err != nil {
			return nil, errors.New("secret key: not base64")
		}
		keys = append(keys, b)
	}
	return NewKeyring(keys...)
}

const sealVersion = "v1"

// Seal seals plain for purpose under the first key.
func (k *Keyring) Seal(plain, purpose string) string {
	key := k.keys[0]
	nonce := make([]byte, key.aead.NonceSize())
	rand.Read(nonce)
	out := key.aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return sealVersion + "." + key.id + "." + base64.RawURLEncoding.EncodeToString(out)
}

// maxSealedLength bounds what Open reads: more is not a value Seal made
// from the small secrets Onward seals.
const maxSealedLength = 4096

// Open returns the secret sealed in sealed for purpose.
func (k *Keyring) Open(sealed, purpose string) (string, error) {
	if len(sealed) > maxSealedLength {
		return "", ErrNotSealed
	}
	version, rest, _ := strings.Cut(sealed, ".")
	id, body, ok := strings.Cut(rest, ".")
	if version != sealVersion || !ok {
		return "", ErrNotSealed
	}
	data, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", ErrNotSealed
	}
	for _, key := range k.keys {
		if key.id != id || len(data) < key.aead.NonceSize() {
			continue
		}
		n := key.aead.NonceSize()
		plain, err := key.aead.Open(nil, data[:n], data[n:], []byte(purpose))
		if err == nil {
			return string(plain), nil
		}
	}
	return "", ErrNotSealed
}

// SealedWithCurrent reports whether sealed was sealed under the sealing key.
func (k *Keyring) SealedWithCurrent(sealed string) bool {
	return strings.HasPrefix(sealed, sealVersion+"."+k.keys[0].id+".")
}

// The key file holds one "aes-256-gcm BASE64" line per key, the sealing
// key first.
const secretKeyLine = "aes-256-gcm"

// ReadSecretKeyFile reads a keyring from a key file.
func ReadSecretKeyFile(path string) (*Keyring, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read secret key file: %w", err)
	}
	var keys [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, val, _ := strings.Cut(line, " ")
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(val))
		if kind != secretKeyLine || err != nil {
			return nil, fmt.Errorf("secret key file %s: want lines %q and a base64 key", path, secretKeyLine)
		}
		keys = append(keys, b)
	}
	k, err := NewKeyring(keys...)
	if err != nil {
		return nil, fmt.Errorf("secret key file %s: %w", path, err)
	}
	return k, nil
}

// CreateSecretKeyFile writes a new key file with one fresh key, readable
// by its owner only. It never replaces a file: secrets sealed under its
// keys could no longer be opened.
func CreateSecretKeyFile(path string) (*Keyring, error) {
	key := NewSecretKey()
	content := fmt.Sprintf("# Onward's keys for secrets kept in the database (two-step sign-in keys).\n"+
		"# The first line seals; every line opens. Keep this file off the database server and\n"+
		"# out of database backups, with a copy somewhere safe (docs/operations.md).\n"+
		"%s %s\n", secretKeyLine, base64.StdEncoding.EncodeToString(key))
	if err := WriteKeyFile(path, []byte(content)); err != nil {
		return nil, fmt.Errorf("create secret key file: %w", err)
	}
	return NewKeyring(key)
}

// WriteKeyFile creates a file of keys, readable by its owner only (mode
// 0600). It never replaces a file (fs.ErrExist), and removes one it could
// not write whole.
func WriteKeyFile(path string, content []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: %w", path, fs.ErrExist)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
