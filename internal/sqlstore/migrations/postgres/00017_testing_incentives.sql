-- +goose Up
-- Drug testing (docs/testing.md) and contingency management
-- (docs/contingency-management.md): tests with their results, each
-- member's random testing schedule and the recorded draws of its days, a
-- program's funders and CM arms, the members of each arm, the targets
-- they met or missed, and the ledger of what they earned and redeemed.

-- The substances a program tests for (comma-separated); the full panel
-- until it chooses.
CREATE TABLE test_panels (
    program_id TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    substances TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE drug_tests (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id   TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,             -- collected, missed
    specimen     TEXT NOT NULL DEFAULT '',  -- urine, oral_fluid, breath
    observed     BOOLEAN NOT NULL DEFAULT FALSE,
    setting      TEXT NOT NULL DEFAULT '',  -- point_of_care, laboratory
    collected_at TIMESTAMPTZ NOT NULL,
    prescribed   TEXT,                      -- panel substances prescribed when recorded; NULL when not known
    confirms_id  TEXT REFERENCES drug_tests (id) ON DELETE CASCADE,
    disputed_at  TIMESTAMPTZ,
    dispute_note TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (member_id, idem_key)
);
CREATE INDEX drug_tests_member ON drug_tests (member_id, collected_at);
CREATE INDEX drug_tests_program ON drug_tests (program_id, disputed_at);
-- A disputed test has at most one confirmation.
CREATE UNIQUE INDEX drug_tests_confirmation ON drug_tests (confirms_id) WHERE confirms_id IS NOT NULL;

CREATE TABLE drug_test_results (
    test_id   TEXT NOT NULL REFERENCES drug_tests (id) ON DELETE CASCADE,
    substance TEXT NOT NULL,
    result    TEXT NOT NULL,  -- negative, positive, invalid
    expected  BOOLEAN,        -- given the prescriptions; NULL when they were not known
    PRIMARY KEY (test_id, substance)
);

-- A member's random testing schedule with a program.
CREATE TABLE test_schedules (
    enrolment_id  TEXT PRIMARY KEY REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id    TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    tests         INTEGER NOT NULL,
    per           TEXT NOT NULL,  -- week, month
    weekdays_only BOOLEAN NOT NULL,
    set_by        TEXT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Each period's draw of test days: its seed and algorithm, so the days can
-- be drawn again and checked.
CREATE TABLE test_draws (
    id            TEXT PRIMARY KEY,
    enrolment_id  TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    member_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    drawn_from    TEXT NOT NULL,
    tests         INTEGER NOT NULL,
    weekdays_only BOOLEAN NOT NULL,
    algorithm     TEXT NOT NULL,
    seed          TEXT NOT NULL,
    days          TEXT NOT NULL,
    drawn_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (enrolment_id, period_start)
);
CREATE INDEX test_draws_member ON test_draws (member_id, period_end);

-- The day's discreet notice, sent once.
CREATE TABLE test_notices (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (enrolment_id, day)
);

CREATE TABLE cm_funders (
    id               TEXT PRIMARY KEY,
    program_id       TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    annual_cap_cents BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (program_id, name)
);

CREATE TABLE cm_arms (
    id          TEXT PRIMARY KEY,
    program_id  TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    funder_id   TEXT NOT NULL REFERENCES cm_funders (id),
    name        TEXT NOT NULL,
    schedule    TEXT NOT NULL,  -- JSON of contingency.Schedule
    targets     TEXT NOT NULL,
    substances  TEXT NOT NULL DEFAULT '',
    tests       INTEGER NOT NULL DEFAULT 0,
    tests_per   TEXT NOT NULL DEFAULT '',
    tests_weekdays_only BOOLEAN NOT NULL DEFAULT FALSE,
    status      TEXT NOT NULL,  -- active, awaiting_review, closed
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TIMESTAMPTZ,
    review_note TEXT NOT NULL DEFAULT '',
    UNIQUE (program_id, name)
);

CREATE TABLE cm_participants (
    arm_id       TEXT NOT NULL REFERENCES cm_arms (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    joined_at    TIMESTAMPTZ NOT NULL,
    left_at      TIMESTAMPTZ,
    PRIMARY KEY (arm_id, member_id)
);
-- One arm at a time per enrolment.
CREATE UNIQUE INDEX cm_participants_current ON cm_participants (enrolment_id) WHERE left_at IS NULL;
CREATE INDEX cm_participants_member ON cm_participants (member_id);

-- Each occurrence of a target: a test, a session, a day's doses, a task.
CREATE TABLE cm_outcomes (
    id          TEXT PRIMARY KEY,
    arm_id      TEXT NOT NULL REFERENCES cm_arms (id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    source      TEXT NOT NULL,  -- test, session, dose, staff
    source_id   TEXT NOT NULL,
    status      TEXT NOT NULL,  -- met, not_met, pending
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (arm_id, member_id, target, source, source_id)
);
CREATE INDEX cm_outcomes_member ON cm_outcomes (member_id, arm_id, target, occurred_at);

-- Prize draws earned, and once drawn, how: seed, algorithm, bowl, slip.
CREATE TABLE cm_draws (
    id          TEXT PRIMARY KEY,
    arm_id      TEXT NOT NULL REFERENCES cm_arms (id) ON DELETE CASCADE,
    member_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    outcome_id  TEXT NOT NULL REFERENCES cm_outcomes (id) ON DELETE CASCADE,
    earned_at   TIMESTAMPTZ NOT NULL,
    drawn_at    TIMESTAMPTZ,
    drawn_by    TEXT NOT NULL DEFAULT '',
    algorithm   TEXT NOT NULL DEFAULT '',
    seed        TEXT NOT NULL DEFAULT '',
    bowl        TEXT NOT NULL DEFAULT '',  -- JSON of the tiers drawn from
    slip        INTEGER,
    tier        TEXT NOT NULL DEFAULT '',
    value_cents BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX cm_draws_member ON cm_draws (member_id, drawn_at);

-- Every amount earned or redeemed. cap_year and funder_id say which cap
-- an award counts against; held_cents is what the cap kept back.
CREATE TABLE cm_ledger (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    arm_id       TEXT NOT NULL REFERENCES cm_arms (id) ON DELETE CASCADE,
    funder_id    TEXT NOT NULL REFERENCES cm_funders (id),
    kind         TEXT NOT NULL,  -- voucher, bonus, prize, redemption
    outcome_id   TEXT REFERENCES cm_outcomes (id) ON DELETE CASCADE,
    draw_id      TEXT REFERENCES cm_draws (id) ON DELETE CASCADE,
    amount_cents BIGINT NOT NULL,
    held_cents   BIGINT NOT NULL DEFAULT 0,
    cap_year     INTEGER NOT NULL,
    form         TEXT NOT NULL DEFAULT '',  -- redemptions: gift_card, item, service
    item         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    idem_key     TEXT,
    at           TIMESTAMPTZ NOT NULL,
    UNIQUE (member_id, idem_key)
);
CREATE INDEX cm_ledger_member ON cm_ledger (member_id, at);

-- +goose Down
DROP TABLE cm_ledger;
DROP TABLE cm_draws;
DROP TABLE cm_outcomes;
DROP TABLE cm_participants;
DROP TABLE cm_arms;
DROP TABLE cm_funders;
DROP TABLE test_notices;
DROP TABLE test_draws;
DROP TABLE test_schedules;
DROP TABLE drug_test_results;
DROP TABLE drug_tests;
DROP TABLE test_panels;
