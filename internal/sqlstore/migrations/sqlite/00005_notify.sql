-- +goose Up
-- Notifications: each person's channels and quiet hours, the in-app inbox,
-- "I need support now" requests and the answers to them, Web Push
-- subscriptions, instance settings (the VAPID keys), and the job queue the
-- scheduler claims work from.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A person without a row has the defaults: email on, push on, discreet on,
-- no quiet hours, daily check-in reminders on. Quiet hours are 'HH:MM' in
-- the person's own time zone, both empty when none.
CREATE TABLE notify_prefs (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email       INTEGER NOT NULL,
    push        INTEGER NOT NULL,
    discreet    INTEGER NOT NULL,
    reminders   INTEGER NOT NULL,
    auto_alert  INTEGER NOT NULL,
    quiet_start TEXT NOT NULL,
    quiet_end   TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE support_requests (
    id         TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX support_requests_member ON support_requests (member_id, created_at);

CREATE TABLE support_answers (
    id           TEXT PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES support_requests (id) ON DELETE CASCADE,
    supporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX support_answers_request ON support_answers (request_id, created_at);

-- kind names what happened (support_request, support_answer,
-- checkin_reminder); ref_id is the support request it belongs to, if any.
-- The text shown is built from kind when the inbox is read, in the reader's
-- language, so no message text is stored.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    about_id   TEXT NOT NULL,
    ref_id     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

CREATE TABLE push_subscriptions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

-- One row per piece of work. idem_key makes planning the same work twice
-- (by two instances, or twice in a day) a no-op. A job is claimed by
-- setting claimed_until (a lease); done_at ends it.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ref_id        TEXT NOT NULL,
    idem_key      TEXT NOT NULL UNIQUE,
    run_at        TEXT NOT NULL,
    claimed_by    TEXT NOT NULL DEFAULT '',
    claimed_until TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    done_at       TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);

-- +goose Down
DROP TABLE jobs;
DROP TABLE push_subscriptions;
DROP TABLE notifications;
DROP TABLE support_answers;
DROP TABLE support_requests;
DROP TABLE notify_prefs;
DROP TABLE settings;
