-- +goose Up
-- The phone number a member gives for the people who see their alerts, so
-- that an "I need support now" can be answered with a call. It is alerts
-- data: only those the member shares alerts with read it, through the
-- policy.
CREATE TABLE alert_phones (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    phone      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A supporter's inbox shows the answers they gave.
CREATE INDEX support_answers_supporter ON support_answers (supporter_id, created_at);

-- +goose Down
DROP INDEX support_answers_supporter;
DROP TABLE alert_phones;
