package app

import (
	"sync"
	"time"

	"github.com/onward-recovery/onward"
)

// An app calls the API with its token on every request; finding the
// token's account in the database costs more than a check-in's own
// early warning. TokenUser keeps what it found for a token until the
// token's "last used" time is next due (touchEvery), and no longer than
// the store's credentials version stays the same: any revocation, expiry
// by a change of password, two-step sign-in or role, change to the
// account or deletion moves it on when committed (sqlstore's
// credentials.go), so the next request reads the database again. A
// token's own end (expiry, staff idle limit) is checked on every request.
//
// The version is this process's: on PostgreSQL several server processes
// may share one database, and a token revoked through one would go on
// working on the others for up to touchEvery, so there the cache is off.
// On SQLite one server process writes the database (the operator commands
// that run beside it add accounts, programs and meetings, and never end a
// credential).

// maxCachedTokens bounds the cache; when full it starts again empty.
const maxCachedTokens = 10000

// tokenCache maps a token's hash to what TokenUser found for it.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]cachedToken
}

type cachedToken struct {
	token   onward.APIToken
	user    onward.User
	version uint64    // the store's credentials version before the read
	until   time.Time // when the token's "last used" is next due
}

// get returns a copy of the account cached for hash, if it is still good
// at version and now.
func (c *tokenCache) get(hash string, version uint64, now time.Time) (*onward.User, bool) {
	c.mu.Lock()
	e, ok := c.entries[hash]
	c.mu.Unlock()
	if !ok || e.version != version || !now.Before(e.until) || !now.Before(e.token.EndsAt(e.user.Role)) {
		return nil, false
	}
	u := e.user
	return &u, true
}

func (c *tokenCache) put(hash string, e cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedTokens {
		c.entries = make(map[string]cachedToken)
	}
	c.entries[hash] = e
}
