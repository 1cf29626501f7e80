-- +goose Up
-- The early warning's state as the last check-in left it: the few days of
-- check-ins and lapses the assessment looks at, in a compact form the
-- check-in reads with the profile instead of reading the history again.
-- It holds only while warning_state_version is the history_version: any
-- other write that moves the history on (a lapse, a profile change)
-- leaves it behind, and the next check-in reads the history.
ALTER TABLE recovery_profiles ADD COLUMN warning_state TEXT;
ALTER TABLE recovery_profiles ADD COLUMN warning_state_version BIGINT;

-- +goose Down
ALTER TABLE recovery_profiles DROP COLUMN warning_state_version;
ALTER TABLE recovery_profiles DROP COLUMN warning_state;
