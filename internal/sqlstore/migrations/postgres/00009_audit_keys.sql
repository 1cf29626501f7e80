-- +goose Up
-- The audit chain is sealed with a key kept outside the database (see
-- internal/audit). genesis is the seal a keyed log's first entry links to;
-- it depends on the key alone, so it tells whether a key is the log's own.
-- NULL: a log written before keys, re-sealed once at the next start.
ALTER TABLE audit_head ADD COLUMN genesis TEXT;

-- Signed checkpoints of the chain: seq entries, the newest sealed hash.
CREATE TABLE audit_checkpoints (
    seq        BIGINT PRIMARY KEY,
    hash       TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

-- Rows found past the chain's head (written by someone other than Onward)
-- are moved here when the chain reaches them, and the move is an entry of
-- the chain: they neither block the next entry nor vanish.
CREATE TABLE audit_set_aside (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    set_aside_at TIMESTAMPTZ NOT NULL,
    seq          BIGINT,
    at           TIMESTAMPTZ,
    actor_id     TEXT,
    subject_id   TEXT,
    category     TEXT,
    action       TEXT,
    allowed      BOOLEAN,
    reason       TEXT,
    prev_hash    TEXT,
    hash         TEXT
);

-- +goose Down
DROP TABLE audit_set_aside;
DROP TABLE audit_checkpoints;
ALTER TABLE audit_head DROP COLUMN genesis;
