-- The re-check finds the latest leaf of each covered record by prefix ('config:%', 'register:%').
-- Under a database collation other than "C" a plain index cannot serve LIKE 'prefix%', and
-- every `ledger verify` read all leaves twice; text_pattern_ops serves the prefix and equality.
DROP INDEX ledger_leaves_covers;
CREATE INDEX ledger_leaves_covers ON ledger_leaves (covers text_pattern_ops);
