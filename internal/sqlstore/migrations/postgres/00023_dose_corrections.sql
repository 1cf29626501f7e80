-- +goose Up
-- A dose a program recorded in error is corrected, never erased: each
-- correction keeps the values it replaced with who corrected them, when and
-- why.

CREATE TABLE medication_dose_corrections (
    dose_id      TEXT NOT NULL REFERENCES medication_doses (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    dose_mg      DOUBLE PRECISION NOT NULL,
    taken_at     TIMESTAMPTZ,
    reason       TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dose_id, version)
);

-- +goose Down
DROP TABLE medication_dose_corrections;
