-- An Abhilfe (a changed decision on an objection) that the municipality's four-eyes rule sends to
-- a second person: the human inputs of the changed decision, applied only when approved
-- (src/cases/model.ts, AbhilfeProposal). Erasure removes it with the case's other reasons.
ALTER TABLE cases ADD COLUMN abhilfe jsonb;
