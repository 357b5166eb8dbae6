-- The log found drafts "by absence": every catch-up probed every draft ever written — after a
-- year, some hundred thousand probes after each commit. A sequence number lets it read drafts
-- by cursor like the case events (with the same care for transactions still open); a draft
-- logged before this column existed is recognised by its leaf once, when the cursor passes it.
ALTER TABLE drafts ADD COLUMN ledger_seq bigserial;
CREATE INDEX drafts_ledger_seq ON drafts (ledger_seq);
