-- +goose Up
-- A member's recovery: the profile from onboarding, daily check-ins, lapses,
-- the relapse-prevention plan, urges, and milestones already celebrated.
-- Calendar days are TEXT 'YYYY-MM-DD' in the member's own time zone.
CREATE TABLE recovery_profiles (
    user_id         TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_use_day    TEXT NOT NULL,
    last_use_at     TEXT,
    convention      TEXT NOT NULL,
    substances      TEXT NOT NULL,
    medication      TEXT NOT NULL,
    treatment_level TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    daily_spend     REAL NOT NULL,
    daily_hours     REAL NOT NULL,
    checkin_time    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE checkins (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day              TEXT NOT NULL,
    mood             INTEGER NOT NULL,
    craving          INTEGER NOT NULL,
    sleep_hours      REAL,
    sleep_quality    INTEGER NOT NULL,
    stress           INTEGER NOT NULL,
    lonely           INTEGER NOT NULL,
    irritable        INTEGER NOT NULL,
    romanticising    INTEGER NOT NULL,
    used             INTEGER NOT NULL,
    medication_taken INTEGER,
    meeting          INTEGER NOT NULL,
    therapy          INTEGER NOT NULL,
    support_contact  INTEGER NOT NULL,
    exercise         INTEGER NOT NULL,
    food             INTEGER NOT NULL,
    mindfulness      INTEGER NOT NULL,
    note             TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (user_id, day)
);

CREATE TABLE lapses (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    what       TEXT NOT NULL,
    led_to     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- One lapse per member per day: a day with use is one event, however it
-- was recorded (the lapse form, or a check-in saying "I used today").
CREATE UNIQUE INDEX lapses_user_day ON lapses (user_id, day);

CREATE TABLE plans (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE urges (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at   TEXT NOT NULL,
    passed     INTEGER NOT NULL,
    helped     TEXT NOT NULL,
    note       TEXT NOT NULL
);
CREATE INDEX urges_user ON urges (user_id, started_at);

CREATE TABLE milestone_celebrations (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    milestone_id TEXT NOT NULL,
    reached_on   TEXT NOT NULL,
    celebrated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, milestone_id, reached_on)
);

-- +goose Down
DROP TABLE milestone_celebrations;
DROP TABLE urges;
DROP TABLE plans;
DROP TABLE lapses;
DROP TABLE checkins;
DROP TABLE recovery_profiles;
