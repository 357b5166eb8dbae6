-- Reading stored subtree hashes through a PL/pgSQL function: its statement plan is cached per
-- connection, where the same query sent as text is planned again on every proof (planning
-- cost more than executing). Each run of consecutive indices is one index range scan.
CREATE FUNCTION ledger_read_nodes(lvls smallint[], los bigint[], his bigint[])
RETURNS TABLE (level smallint, idx bigint, hash bytea)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT u.l, x.idx, x.hash FROM unnest(lvls, los, his) AS u(l, lo, hi)
      CROSS JOIN LATERAL (SELECT ll.idx, ll.hash FROM ledger_leaves ll WHERE u.l = 0 AND ll.idx BETWEEN u.lo AND u.hi OFFSET 0) x
    UNION ALL
    SELECT u.l, y.idx, y.hash FROM unnest(lvls, los, his) AS u(l, lo, hi)
      CROSS JOIN LATERAL (SELECT ln.idx, ln.hash FROM ledger_nodes ln WHERE u.l > 0 AND ln.level = u.l AND ln.idx BETWEEN u.lo AND u.hi OFFSET 0) y;
END
$$;
