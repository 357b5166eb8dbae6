-- Leaf data is canonical JSON (UTF-8): kept as text, it travels without hex encoding,
-- which halves what a full re-check reads. The leaf hash stays over the exact UTF-8 bytes.
ALTER TABLE ledger_leaves ALTER COLUMN data TYPE text USING convert_from(data, 'UTF8');
