import { AmtsklarError } from '../common/index.ts';
import { buildTransparencyView, type RegisterEntry, type SystemFigures, type TransparencyView } from '../governance/index.ts';
import type { Sql } from './db.ts';
import type { GovernanceStore } from './governance-store.ts';

/**
 * Live figures of a register entry for the public page, counted from the decision records
 * (never from personal data): issued decisions of the linked packs over the last twelve
 * months, how many a person took, and the objections with their outcome.
 */
export async function systemFigures(sql: Sql, m: string, entry: RegisterEntry, now: Date): Promise<SystemFigures | undefined> {
  if (entry.links.packs.length === 0) return undefined;
  const to = now.toISOString().slice(0, 10);
  const fromDate = new Date(now);
  fromDate.setUTCFullYear(fromDate.getUTCFullYear() - 1);
  const from = fromDate.toISOString().slice(0, 10);
  const automatedOnly = entry.links.features.some((f) => f.feature === 'automated-decisions');
  // A fully automated decision carries the system's approval (src/cases: approvals by "system").
  const automated = `c.approvals @> '[{"by":"system"}]'::jsonb`;
  const scope = `c.municipality_id = $1 AND c.pack_id = ANY($2) AND c.issued_at >= $3::date AND c.issued_at < ($4::date + 1)${automatedOnly ? ` AND ${automated}` : ''}`;
  const [d] = await sql.query<{ decisions: number | string; human: number | string }>(
    `SELECT count(*)::int AS decisions, count(*) FILTER (WHERE NOT (${automated}))::int AS human FROM cases c WHERE ${scope}`,
    [m, entry.links.packs, from, to],
  );
  const [o] = await sql.query<{ filed: number | string; changed: number | string; upheld: number | string; pending: number | string }>(
    `SELECT count(*)::int AS filed,
            count(*) FILTER (WHERE o.result = 'changed')::int AS changed,
            count(*) FILTER (WHERE o.result = 'upheld')::int AS upheld,
            count(*) FILTER (WHERE o.result IS NULL)::int AS pending
     FROM objections o JOIN cases c ON c.id = o.case_id
     WHERE c.municipality_id = $1 AND c.pack_id = ANY($2) AND o.filed_at >= $3::date AND o.filed_at < ($4::date + 1)${automatedOnly ? ` AND ${automated}` : ''}`,
    [m, entry.links.packs, from, to],
  );
  return {
    period: { from, to },
    decisions: Number(d!.decisions),
    decidedByHumans: Number(d!.human),
    // "changed": the decision was corrected (objection successful); "upheld": the decision stands.
    objections: { filed: Number(o!.filed), upheld: Number(o!.changed), partlyUpheld: 0, rejected: Number(o!.upheld), pending: Number(o!.pending) },
  };
}

/** The public transparency page of a municipality, as data. */
export async function transparencyView(store: GovernanceStore, m: string, now = new Date()): Promise<TransparencyView> {
  const [muni] = await store.db.query<{ name: string }>('SELECT name FROM municipalities WHERE id = $1', [m]);
  if (!muni) throw new AmtsklarError('not_found', 'Diese Gemeinde gibt es hier nicht.');
  const [states, settingsContact] = await Promise.all([store.states(m), store.db.query<{ email: string }>(
    `SELECT entry->'contact'->>'email' AS email FROM governance_entries WHERE municipality_id = $1 AND status <> 'draft' ORDER BY id LIMIT 1`,
    [m],
  )]);
  const systems = [];
  for (const s of states) {
    const counted = s.entry.status === 'draft' ? undefined : await systemFigures(store.db, m, s.entry, now);
    const fairness = counted ? await store.fairnessStatus(m, s.entry) : undefined;
    const figures = counted && fairness ? { ...counted, fairness } : counted;
    systems.push({ entry: s.entry, ...(s.classification ? { classification: s.classification } : {}), ...(figures ? { figures } : {}) });
  }
  return buildTransparencyView(store.rules, {
    municipality: { name: muni.name, contactEmail: settingsContact[0]?.email ?? '' },
    systems,
    generatedAt: now.toISOString(),
  });
}
