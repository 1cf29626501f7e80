-- +goose Up
-- A program's staff managed in Onward: what each person does there (their
-- title), and invitations to join sent by e-mail.

ALTER TABLE program_staff ADD COLUMN title TEXT NOT NULL DEFAULT 'clinician';
UPDATE program_staff SET title = 'program_admin'
    WHERE user_id IN (SELECT id FROM users WHERE role = 'program_admin');

-- An invitation is accepted once, before it expires, unless withdrawn; only
-- the hash of its link's token is kept.
CREATE TABLE staff_invites (
    id          TEXT PRIMARY KEY,
    program_id  TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    title       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX staff_invites_program ON staff_invites (program_id, created_at);

-- +goose Down
DROP TABLE staff_invites;
ALTER TABLE program_staff DROP COLUMN title;
