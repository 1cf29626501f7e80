-- +goose Up
-- history_version changes with every check-in, lapse or change of the
-- recovery start, so a check-in that assessed the member's history on the
-- read pool can confirm, in its write, that the history is still the one
-- it read (internal/app/checkin.go).
ALTER TABLE recovery_profiles ADD COLUMN history_version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE recovery_profiles DROP COLUMN history_version;
