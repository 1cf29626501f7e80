package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
)

// secretKeys finds the keyring that seals secrets kept in the database
// (two-step sign-in keys): keys in the configuration, or a key file, by
// default beside a SQLite database, created there on first start. A
// PostgreSQL database has no place beside it on this machine, so there
// the keys (or the key file's path) must be configured.
func secretKeys(cfg config.Config, dialect string, stdout io.Writer) (*auth.Keyring, error) {
	if cfg.SecretKeys != "" {
		if cfg.SecretKeyFile != "" {
			return nil, errors.New("secret keys: give ONWARD_SECRET_KEYS or ONWARD_SECRET_KEY_FILE, not both")
		}
		return auth.ParseKeyring(cfg.SecretKeys)
	}
	path := cfg.SecretKeyFile
	if path == "" {
		if dialect != "sqlite" {
			return nil, errors.New("secret keys: with PostgreSQL, keep them on this machine, not in the database: " +
				"give --secret-key-file PATH (ONWARD_SECRET_KEY_FILE; created on first start), or ONWARD_SECRET_KEYS " +
				"(32 random bytes, base64: openssl rand -base64 32)")
		}
		path = cfg.DB + ".secret-keys"
	}
	k, err := auth.ReadSecretKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if k, err = auth.CreateSecretKeyFile(path); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "Created the secret key file %s (readable by its owner only). Keep a copy somewhere safe, apart from the database and its backups: without it, two-step sign-in must be set up again.\n", path)
	return k, nil
}
