-- Finding whether a record (register version, configuration, drafting revision) is already
-- in the log is a lookup by what the leaf covers.
CREATE INDEX ledger_leaves_covers ON ledger_leaves (covers);
