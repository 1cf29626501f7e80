-- +goose Up
-- Sign-in limits: one counter per account address and per client address
-- (both hashed), counted before a password is checked, in one statement
-- that refuses once the limit is reached (internal/sqlstore/signin_limits.go).
CREATE TABLE sign_in_attempts (
    key          TEXT PRIMARY KEY,
    attempts     INTEGER NOT NULL,
    window_start TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_start);
DROP TABLE login_failures;

-- API tokens end: at a time chosen when they are made. Tokens made before
-- tokens could end keep 90 days for members and supporters; staff tokens
-- end now (a staff token must also have been used in the last 30 minutes).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = CASE
    WHEN (SELECT role FROM users WHERE users.id = api_tokens.user_id) IN ('member', 'supporter')
    THEN strftime('%Y-%m-%dT%H:%M:%S', 'now', '+90 days') || '.000000Z'
    ELSE created_at END;

-- Two-step recovery codes: shown once, kept as hashes, each used once.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- A sign-up waits for its address to be confirmed by a link, so the answer
-- to a sign-up never says whether the address has an account.
CREATE TABLE pending_signups (
    token_hash    TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale        TEXT NOT NULL,
    time_zone     TEXT NOT NULL,
    next_path     TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX pending_signups_expiry ON pending_signups (expires_at);

-- A new email address is used once a link sent to it is followed.
CREATE TABLE email_changes (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX email_changes_user ON email_changes (user_id);

-- +goose Down
DROP TABLE email_changes;
DROP TABLE pending_signups;
DROP TABLE recovery_codes;
ALTER TABLE api_tokens DROP COLUMN expires_at;
CREATE TABLE login_failures (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    ip         TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
DROP TABLE sign_in_attempts;
