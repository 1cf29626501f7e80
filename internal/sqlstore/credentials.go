package sqlstore

// An API request finds its account by the token's hash; the use cases keep
// what they found for a short while (internal/app TokenUser). What they
// keep must end the moment a token is revoked or expires, or its account
// is changed or deleted: every write that does so marks its transaction
// (Tx.changedCredentials), and Store.Write moves the store's credentials
// version on once the write is committed, before it returns to its caller.
// So a lookup that noted the version before reading from the database is
// stale as soon as the version differs, and a request that starts after
// a revocation has returned finds the new version. The version lives in
// this process only: another process writing the same database (a second
// server on PostgreSQL) does not move it.

// CredentialsVersion is the store's credentials version: it changes after
// every committed write of this process that revoked an API token or
// session, or changed or deleted an account.
func (s *Store) CredentialsVersion() uint64 { return s.credentials.Load() }

// changedCredentials marks tx as ending or changing credentials.
func (tx *Tx) changedCredentials() { tx.changesCredentials = true }
