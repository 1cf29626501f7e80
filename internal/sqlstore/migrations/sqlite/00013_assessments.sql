-- +goose Up
-- Measurement-based care. Each completed instrument is kept as its answers
-- and the scoring engine's result at the time (total, band, subscales,
-- flags), never scored again; safety is 1 when the result raised a safety
-- flag (PHQ-9 item 9 above 0), so the care team's query for them reads an
-- index. Answers and subscales are JSON objects; flags a comma list.
CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    instrument     TEXT NOT NULL,
    answers        TEXT NOT NULL,
    total          INTEGER NOT NULL,
    band           TEXT NOT NULL,
    subscales      TEXT NOT NULL,
    flags          TEXT NOT NULL,
    safety         INTEGER NOT NULL,
    bup_threshold  INTEGER NOT NULL,
    taken_at       TEXT NOT NULL,
    baseline       INTEGER NOT NULL,
    recorded_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    recorder_role  TEXT NOT NULL,
    program_id     TEXT REFERENCES programs (id) ON DELETE SET NULL,
    level_of_care  TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX assessments_member ON assessments (user_id, instrument, taken_at, created_at, id);
-- A double submit or an offline replay carries the same client id.
CREATE UNIQUE INDEX assessments_client ON assessments (user_id, client_id) WHERE client_id <> '';
CREATE INDEX assessments_safety ON assessments (user_id, taken_at) WHERE safety = 1;

-- A member's current withdrawal: what they last used and when.
CREATE TABLE withdrawal_trackers (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    substance   TEXT NOT NULL,
    last_use_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A program's settings for measurement-based care: the COWS total at
-- which it considers a first buprenorphine dose (8 when it has no row).
CREATE TABLE program_assessment_settings (
    program_id                    TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    buprenorphine_start_threshold INTEGER NOT NULL,
    updated_at                    TEXT NOT NULL
);

-- +goose Down
DROP TABLE program_assessment_settings;
DROP TABLE withdrawal_trackers;
DROP INDEX assessments_safety;
DROP INDEX assessments_client;
DROP INDEX assessments_member;
DROP TABLE assessments;
