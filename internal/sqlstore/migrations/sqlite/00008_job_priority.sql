-- +goose Up
-- Urgent deliveries first: each job has a priority (lower is claimed
-- first; sqlstore.PriorityUrgent is 0, PriorityRoutine 100). The claim
-- reads not-done jobs in (priority, run_at) order from a partial index, so
-- an urgent job is found first however many routine ones are due. Jobs
-- queued before this migration keep their meaning: reminder deliveries
-- become routine, everything else urgent.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET priority = 100 WHERE kind IN ('email', 'push')
    AND ref_id IN (SELECT id FROM notifications WHERE kind = 'checkin_reminder');
DROP INDEX jobs_due;
CREATE INDEX jobs_claim ON jobs (priority, run_at, id) WHERE done_at IS NULL;

-- +goose Down
DROP INDEX jobs_claim;
CREATE INDEX jobs_due ON jobs (done_at, run_at);
ALTER TABLE jobs DROP COLUMN priority;
