-- +goose Up
-- A member's support network. An invitation is a one-time link (only the
-- hash of its code is kept) that becomes a grant when accepted. Each grant
-- made through it has a support_consents row: the relationship, whether
-- check-ins are shared in detail or as a summary, and the purpose, so the
-- grant reads as a complete consent record.
CREATE TABLE support_invitations (
    id              TEXT PRIMARY KEY,
    member_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL UNIQUE,
    email           TEXT NOT NULL,
    relationship    TEXT NOT NULL,
    categories      TEXT NOT NULL,
    checkins_detail INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    withdrawn_at    TEXT,
    used_at         TEXT,
    used_by         TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX support_invitations_member ON support_invitations (member_id, created_at);

CREATE TABLE support_consents (
    grant_id        TEXT PRIMARY KEY REFERENCES grants (id) ON DELETE CASCADE,
    relationship    TEXT NOT NULL,
    checkins_detail INTEGER NOT NULL,
    purpose         TEXT NOT NULL
);
CREATE INDEX grants_grantee ON grants (grantee_id, subject_id);

-- +goose Down
DROP INDEX grants_grantee;
DROP TABLE support_consents;
DROP TABLE support_invitations;
