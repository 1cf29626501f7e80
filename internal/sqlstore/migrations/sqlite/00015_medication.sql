-- +goose Up
-- Medication for opioid use disorder (internal/medication): a member's own
-- plans and dose log, their choice to tell their people of a missed dose,
-- a program's dose orders in versions (a change is a new row, never an
-- overwrite), its take-home decisions (each with a reason and a review
-- date) and supplies, and its medication settings. Days are the member's
-- local calendar days as 'YYYY-MM-DD'; dose times are 'HH:MM'.

CREATE TABLE medication_plans (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    form        TEXT NOT NULL,
    dose_mg     REAL NOT NULL,
    times       TEXT NOT NULL, -- comma-separated
    next_due    TEXT,
    kit_expires TEXT,
    prescriber  TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    stopped_on  TEXT,
    remind      INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    client_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX medication_plans_member ON medication_plans (member_id);
-- A double submit or an offline replay of a new plan carries the same client id.
CREATE UNIQUE INDEX medication_plans_client ON medication_plans (member_id, client_id) WHERE client_id <> '';

CREATE TABLE medication_prefs (
    member_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    alert_missed INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE dose_orders (
    id              TEXT PRIMARY KEY,
    series_id       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    program_id      TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    enrolment_id    TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    form            TEXT NOT NULL,
    dose_mg         REAL NOT NULL,
    times           TEXT NOT NULL,
    start_on        TEXT NOT NULL,
    end_on          TEXT,
    start_type      TEXT NOT NULL,
    low_dose        TEXT NOT NULL, -- the day's total doses of a low-dose start, comma-separated
    last_opioid_use TEXT,
    override_reason TEXT NOT NULL,
    note            TEXT NOT NULL,
    ordered_by      TEXT NOT NULL,
    ordered_at      TEXT NOT NULL
);
-- Two changes made at once from the same version: one wins, the other is told.
CREATE UNIQUE INDEX dose_orders_version ON dose_orders (series_id, version);
CREATE INDEX dose_orders_member ON dose_orders (member_id);
CREATE INDEX dose_orders_program ON dose_orders (program_id, start_on);

-- One row per scheduled dose: (schedule_id, day, slot) is the dose of a
-- member's plan or of an order series on a day at a dose time.
CREATE TABLE medication_doses (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    schedule_id TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    program_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    day         TEXT NOT NULL,
    slot        TEXT NOT NULL,
    status      TEXT NOT NULL,
    setting     TEXT NOT NULL,
    dose_mg     REAL NOT NULL,
    taken_at    TEXT,
    recorded_by TEXT NOT NULL,
    by_staff    INTEGER NOT NULL,
    client_id   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX medication_doses_slot ON medication_doses (schedule_id, day, slot);
CREATE UNIQUE INDEX medication_doses_client ON medication_doses (member_id, client_id) WHERE client_id <> '';
CREATE INDEX medication_doses_member ON medication_doses (member_id, day);

CREATE TABLE take_home_decisions (
    id                TEXT PRIMARY KEY,
    program_id        TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    member_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    series_id         TEXT NOT NULL,
    days              INTEGER NOT NULL,
    change_kind       TEXT NOT NULL,
    reason            TEXT NOT NULL,
    criteria          TEXT NOT NULL, -- "stability=1,attendance=0": answered considerations
    benefit           INTEGER NOT NULL,
    note              TEXT NOT NULL,
    review_on         TEXT NOT NULL,
    days_in_treatment INTEGER NOT NULL,
    ceiling           INTEGER NOT NULL,
    decided_by        TEXT NOT NULL,
    decided_at        TEXT NOT NULL
);
CREATE INDEX take_home_decisions_member ON take_home_decisions (member_id, series_id, decided_at);

CREATE TABLE take_home_dispenses (
    id                TEXT PRIMARY KEY,
    program_id        TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    member_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    series_id         TEXT NOT NULL,
    order_id          TEXT NOT NULL,
    kind              TEXT NOT NULL,
    day               TEXT NOT NULL,
    days              INTEGER NOT NULL,
    closure_days      INTEGER NOT NULL,
    bottles           INTEGER NOT NULL,
    dose_mg           REAL NOT NULL,
    dispensed_by      TEXT NOT NULL,
    client_id         TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    returned_bottles  INTEGER,
    return_checked_at TEXT,
    return_checked_by TEXT NOT NULL,
    return_note       TEXT NOT NULL
);
CREATE INDEX take_home_dispenses_member ON take_home_dispenses (member_id, series_id, day);
CREATE UNIQUE INDEX take_home_dispenses_client ON take_home_dispenses (member_id, client_id) WHERE client_id <> '';

CREATE TABLE medication_program_settings (
    program_id       TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    missed_doses     INTEGER NOT NULL,
    take_home_policy TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- +goose Down
DROP TABLE medication_program_settings;
DROP TABLE take_home_dispenses;
DROP TABLE take_home_decisions;
DROP TABLE medication_doses;
DROP TABLE dose_orders;
DROP TABLE medication_prefs;
DROP TABLE medication_plans;
