-- +goose Up
-- The treatment-program and meeting directories, requests to be contacted by
-- a program's admissions, the staff of each program, and the meetings members
-- say they went to.

-- A program's levels, medications, payments and languages are stored as
-- comma-framed lists (",otp,outpatient,"), so a filter is one LIKE on the
-- entries the position index already narrowed down, and a result is one row.
-- The values come from closed lists without commas (languages are language
-- tags), which the store checks on every write.
CREATE TABLE programs (
    id              TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    street          TEXT NOT NULL,
    city            TEXT NOT NULL,
    state           TEXT NOT NULL,
    zip             TEXT NOT NULL,
    country         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    website         TEXT NOT NULL,
    lat             DOUBLE PRECISION NOT NULL,
    lng             DOUBLE PRECISION NOT NULL,
    levels          TEXT NOT NULL,
    medications     TEXT NOT NULL,
    payments        TEXT NOT NULL,
    languages       TEXT NOT NULL,
    admissions_24h  BOOLEAN NOT NULL,
    hours           TEXT NOT NULL,
    staff_edited_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (source, source_id)
);
-- The position index also carries the filtered lists and the id: a search
-- narrows to its box and filters on the index alone, then reads in full
-- only the programs it shows.
CREATE INDEX programs_position ON programs (lat, lng, levels, medications, payments, id);
CREATE INDEX programs_zip ON programs (zip);
CREATE INDEX programs_state ON programs (state);

-- A meeting repeats weekly on day (0 Sunday ... 6 Saturday) at start
-- ("19:30") in time_zone. lat and lng are NULL when unknown, as for every
-- meeting online, so a search by position never finds them.
CREATE TABLE meetings (
    id               TEXT PRIMARY KEY,
    source           TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    fellowship       TEXT NOT NULL,
    name             TEXT NOT NULL,
    day              INTEGER NOT NULL CHECK (day BETWEEN 0 AND 6),
    start            TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    time_zone        TEXT NOT NULL,
    mode             TEXT NOT NULL,
    venue            TEXT NOT NULL,
    street           TEXT NOT NULL,
    city             TEXT NOT NULL,
    state            TEXT NOT NULL,
    zip              TEXT NOT NULL,
    country          TEXT NOT NULL,
    lat              DOUBLE PRECISION,
    lng              DOUBLE PRECISION,
    url              TEXT NOT NULL,
    phone            TEXT NOT NULL,
    formats          TEXT NOT NULL,
    notes            TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX meetings_position ON meetings (lat, lng);
CREATE INDEX meetings_mode_day ON meetings (mode, day);
CREATE INDEX meetings_zip ON meetings (zip);
CREATE INDEX meetings_state ON meetings (state);

-- Who works for which program: program admins and clinicians.
CREATE TABLE program_staff (
    program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_staff_user ON program_staff (user_id);

-- A request to be contacted by a program's admissions, from anyone,
-- signed in or not. It keeps no account and no network address of the sender.
CREATE TABLE admission_requests (
    id          TEXT PRIMARY KEY,
    program_id  TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    reference   TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    best_time   TEXT NOT NULL,
    message     TEXT NOT NULL,
    consent     BOOLEAN NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'closed')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX admission_requests_program ON admission_requests (program_id, created_at);

-- Recent requests by client address, for the rate limit only; rows older
-- than the limit's window are deleted as new ones come.
CREATE TABLE admission_attempts (
    id TEXT PRIMARY KEY,
    ip TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX admission_attempts_ip ON admission_attempts (ip, at);
CREATE INDEX admission_attempts_at ON admission_attempts (at);

-- Meetings a member says they went to, one row per meeting and local day.
CREATE TABLE meeting_attendance (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, meeting_id, day)
);
CREATE INDEX meeting_attendance_meeting ON meeting_attendance (meeting_id);

-- +goose Down
DROP TABLE meeting_attendance;
DROP TABLE admission_attempts;
DROP TABLE admission_requests;
DROP TABLE program_staff;
DROP TABLE meetings;
DROP TABLE programs;
