-- The revisions of the drafting capability are read by the log by cursor, as the platform's
-- drafts are (0106_ledger_draft_cursor.sql).
ALTER TABLE drafting_drafts ADD COLUMN ledger_seq bigserial;
CREATE INDEX drafting_drafts_ledger_seq ON drafting_drafts (ledger_seq);
