-- +goose Up
-- Treatment programs and their members: enrolments (a member in a
-- program's care, from invitation or request to discharge), the care team
-- of each, what the caseload needs to know quickly, acknowledgements of
-- its flags, the program's own settings, and the care team's notes.

-- The member's early warning, kept by each check-in's write so the
-- caseload reads it instead of sixty days of check-ins per member.
ALTER TABLE recovery_profiles ADD COLUMN risk_high_since TIMESTAMPTZ;

-- The latest event of each kind per member that may need a look
-- (internal/caseload flag codes): written with the event itself.
CREATE TABLE member_events (
    member_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (member_id, code)
);

CREATE TABLE enrolments (
    id               TEXT PRIMARY KEY,
    program_id       TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    member_id        TEXT REFERENCES users (id) ON DELETE CASCADE, -- NULL while an invitation is unanswered
    status           TEXT NOT NULL,                                -- invited, requested, active, declined, discharged
    invite_code_hash TEXT UNIQUE,
    invite_name      TEXT NOT NULL DEFAULT '',
    consent_id       TEXT REFERENCES program_consents (id) ON DELETE SET NULL,
    level_of_care    TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ,
    end_reason       TEXT NOT NULL DEFAULT ''
);
-- One open enrolment per member and program.
CREATE UNIQUE INDEX enrolments_open ON enrolments (program_id, member_id) WHERE status IN ('requested', 'active');
CREATE INDEX enrolments_program ON enrolments (program_id, status);
CREATE INDEX enrolments_member ON enrolments (member_id);

CREATE TABLE care_team (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    staff_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (enrolment_id, staff_id)
);
CREATE INDEX care_team_staff ON care_team (staff_id);

CREATE TABLE flag_acks (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    acked_at     TIMESTAMPTZ NOT NULL,
    acked_by     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (enrolment_id, code)
);

CREATE TABLE program_settings (
    program_id      TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    no_checkin_days INTEGER NOT NULL,
    -- minutes an urgent flag may go unacknowledged by the care team
    -- before the program's other clinicians are told
    escalate_after_minutes INTEGER NOT NULL DEFAULT 30,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Urgent flags passed on to the rest of the program's staff, once each.
CREATE TABLE care_escalations (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    event_at     TIMESTAMPTZ NOT NULL,
    escalated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (enrolment_id, code, event_at)
);

CREATE TABLE clinical_notes (
    id           TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id    TEXT NOT NULL,
    kind         TEXT NOT NULL, -- care, counselling
    body         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX clinical_notes_member ON clinical_notes (member_id, created_at);

-- +goose Down
DROP TABLE care_escalations;
DROP TABLE clinical_notes;
DROP TABLE program_settings;
DROP TABLE flag_acks;
DROP TABLE care_team;
DROP TABLE enrolments;
DROP TABLE member_events;
ALTER TABLE recovery_profiles DROP COLUMN risk_high_since;
