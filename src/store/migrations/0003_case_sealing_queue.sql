-- The cases whose personal data was written in the clear before per-case keys existed
-- (0002). Only this migration fills the queue: the platform writes every new case with its
-- key, so after the queue is empty no case is left to seal and a start costs one look at
-- an empty table (src/store/case-sealing.ts). Sealing takes rows out as it encrypts them.
CREATE TABLE case_sealing_queue (
  case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE
);
INSERT INTO case_sealing_queue (case_id)
SELECT c.id FROM cases c
WHERE c.anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id);
