-- An alert is a task for the owners of the register entry it went to (docs/fairness.md):
-- the owners at the time are kept with it, they find it in their inbox (GET
-- /api/fairness/alerts) and record that they took it up, with a note. The formal record
-- stays the incident in the register entry.
ALTER TABLE fairness.alerts ADD COLUMN notified text[] NOT NULL DEFAULT '{}';
ALTER TABLE fairness.alerts ADD COLUMN acknowledged_by text;
ALTER TABLE fairness.alerts ADD COLUMN acknowledged_role text;
ALTER TABLE fairness.alerts ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE fairness.alerts ADD COLUMN note text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000);
ALTER TABLE fairness.alerts ADD CONSTRAINT fairness_alerts_ack CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL));
