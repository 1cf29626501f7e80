-- +goose Up
-- The continuum of care (docs/continuum.md). An enrolment is a treatment
-- episode: its level-of-care segments, what the care team plans next and
-- the age group the program recorded; the sessions a program holds and
-- each member's attendance; a program's expected hours a week by level and
-- its report settings; each member's private calendar link.

CREATE TABLE care_episodes (
    enrolment_id TEXT PRIMARY KEY REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_level   TEXT NOT NULL DEFAULT '',
    age_group    TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Days are the member's calendar days (2006-01-02). An open segment has no
-- end day; a discharge ends it when read (the enrolment keeps the day and
-- the reason), so the two never disagree.
CREATE TABLE care_segments (
    id           TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    level        TEXT NOT NULL,
    start_day    TEXT NOT NULL,
    end_day      TEXT,
    end_reason   TEXT NOT NULL DEFAULT '',
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX care_segments_enrolment ON care_segments (enrolment_id, start_day);
-- One open segment per episode, however many requests race.
CREATE UNIQUE INDEX care_segments_open ON care_segments (enrolment_id) WHERE end_day IS NULL;

-- version is the iCalendar SEQUENCE: it goes up when the session changes.
CREATE TABLE care_sessions (
    id           TEXT PRIMARY KEY,
    program_id   TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    format       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    minutes      INTEGER NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    leader_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    client_id    TEXT NOT NULL DEFAULT '',
    cancelled_at TIMESTAMPTZ,
    version      INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX care_sessions_program ON care_sessions (program_id, starts_at);
-- A double submit or a replay carries the same client id: scheduled once.
CREATE UNIQUE INDEX care_sessions_client ON care_sessions (program_id, client_id) WHERE client_id <> '';

-- attendance is '' until staff record it: attended, late, missed, excused.
CREATE TABLE session_members (
    session_id   TEXT NOT NULL REFERENCES care_sessions (id) ON DELETE CASCADE,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    attendance   TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  TIMESTAMPTZ,
    PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX session_members_member ON session_members (member_id);
CREATE INDEX session_members_enrolment ON session_members (enrolment_id);

CREATE TABLE program_level_hours (
    program_id     TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    level          TEXT NOT NULL,
    hours_per_week DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (program_id, level)
);

CREATE TABLE program_report_settings (
    program_id         TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    retention_gap_days INTEGER NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- A member's private iCalendar link: only the token's hash is kept; a new
-- link replaces the old one, which stops working at once.
CREATE TABLE calendar_feeds (
    member_id  TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    details    INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE program_report_settings;
DROP TABLE program_level_hours;
DROP TABLE session_members;
DROP TABLE care_sessions;
DROP TABLE care_segments;
DROP TABLE care_episodes;
