-- A decision document (with its trace some 20 KB) is written whole and read whole; the database
-- looks inside only for a few fields. `json` keeps the text as sent, where `jsonb` would parse
-- every submission into a binary tree first: that parse was a third of the database's work per
-- submission. The same for the two decisions of a recalculation proposal.
ALTER TABLE cases ALTER COLUMN decision TYPE json USING decision::json;
ALTER TABLE recalc_proposals ALTER COLUMN old_decision TYPE json USING old_decision::json;
ALTER TABLE recalc_proposals ALTER COLUMN new_decision TYPE json USING new_decision::json;

-- lz4 compresses these documents several times faster than the default pglz. A server built
-- without lz4 (and the embedded PGlite) keeps pglz: same data, only slower.
DO $$
BEGIN
  ALTER TABLE cases ALTER COLUMN decision SET COMPRESSION lz4;
  ALTER TABLE recalc_proposals ALTER COLUMN old_decision SET COMPRESSION lz4;
  ALTER TABLE recalc_proposals ALTER COLUMN new_decision SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
  NULL;
END $$;
