-- The catch-up after every commit asks for the latest leaf covering a record
-- (`covers = 'config:…' ORDER BY idx DESC LIMIT 1`). With `covers` alone indexed, PostgreSQL
-- walked the primary key backwards through every leaf appended since that record was last
-- logged — for a municipality whose settings rarely change, most of the log, on every commit.
-- With `idx` in the index the latest leaf is one probe; equality and the prefix scans of the
-- re-check are served as before.
DROP INDEX ledger_leaves_covers;
CREATE INDEX ledger_leaves_covers ON ledger_leaves (covers text_pattern_ops, idx);
