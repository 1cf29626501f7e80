-- +goose Up
-- A member's consent, under 42 CFR Part 2, for a treatment program's staff
-- to see chosen categories. It holds every element the rule asks of a
-- written consent: the patient's name, the categories (the description),
-- the program (the recipient), the purpose, the expiry (a date, or the end
-- of treatment), the typed signature and the date signed. The discloser is
-- always the member through Onward, and the right to revoke was
-- acknowledged before the row could be written, so neither needs a column.
CREATE TABLE program_consents (
    id                     TEXT PRIMARY KEY,
    subject_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id             TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    categories             TEXT NOT NULL,
    purpose                TEXT NOT NULL,
    patient_name           TEXT NOT NULL,
    signature              TEXT NOT NULL,
    until_end_of_treatment INTEGER NOT NULL,
    expires_at             TIMESTAMPTZ,
    signed_at              TIMESTAMPTZ NOT NULL,
    revoked_at             TIMESTAMPTZ
);
CREATE INDEX program_consents_subject ON program_consents (subject_id, signed_at);
CREATE INDEX program_consents_program ON program_consents (program_id, subject_id);

-- +goose Down
DROP INDEX program_consents_program;
DROP INDEX program_consents_subject;
DROP TABLE program_consents;
