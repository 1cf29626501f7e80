-- +goose Up
-- A session's start kept on each of its members' rows (sessions are never
-- moved: a changed time is a new session), so the caseload reads the last
-- two weeks of attendance of the members it shows through
-- (enrolment_id, starts_at), not the whole program's sessions; the index
-- holds what that read needs. The care team's index holds the enrolment:
-- a clinician's caseload is found in the index alone.
ALTER TABLE session_members ADD COLUMN starts_at TIMESTAMPTZ;
UPDATE session_members m SET starts_at = c.starts_at FROM care_sessions c WHERE c.id = m.session_id;
ALTER TABLE session_members ALTER COLUMN starts_at SET NOT NULL;
CREATE INDEX session_members_enrolment_start ON session_members (enrolment_id, starts_at, attendance, session_id);
DROP INDEX session_members_enrolment;
CREATE INDEX care_team_staff_enrolment ON care_team (staff_id, enrolment_id);
DROP INDEX care_team_staff;

-- +goose Down
CREATE INDEX care_team_staff ON care_team (staff_id);
DROP INDEX care_team_staff_enrolment;
CREATE INDEX session_members_enrolment ON session_members (enrolment_id);
DROP INDEX session_members_enrolment_start;
ALTER TABLE session_members DROP COLUMN starts_at;
