package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewToken returns a random token of 160 bits with a readable prefix
// ("onw_" for API tokens) so a leaked one is recognisable in logs and
// secret scanners.
func NewToken(prefix string) string {
	b := make([]byte, 20)
	rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return prefix + strings.ToLower(tokenEncoding.EncodeToString(b))
}

// HashToken returns the hex SHA-256 of a token. Tokens are random and
// long, so a fast hash is enough; the database never holds the token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
