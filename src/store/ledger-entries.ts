import { contentHash } from '../common/index.ts';
import { commit, newSalt, type LedgerEntry } from '../ledger/index.ts';
import type { Sql } from './db.ts';
import type { LeafMeta } from './ledger-storage.ts';

/**
 * Turns what the platform records (case_events, drafts, objections, data_access_log) into
 * ledger entries. Only hashes, salted commitments, codes and pseudonymous ids leave here.
 */

export interface PendingEntry {
  entry: LedgerEntry;
  meta: LeafMeta;
}

const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(Buffer.from(String(v).replace(/^\\x/, ''), 'hex')));
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const CODE = /^[a-z][a-z0-9_.-]{0,63}$/;
const REF = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/;

/** The case's salt, created on first use; undefined when the case's data was erased. */
export async function caseSalt(sql: Sql, caseId: string, create = true): Promise<Uint8Array | undefined> {
  if (create) {
    const fresh = Buffer.from(newSalt()).toString('hex');
    await sql.query(`INSERT INTO ledger_case_salts (case_id, salt) VALUES ($1, decode($2, 'hex')) ON CONFLICT (case_id) DO NOTHING`, [caseId, fresh]);
  }
  const [row] = await sql.query<{ salt: unknown }>('SELECT salt FROM ledger_case_salts WHERE case_id = $1', [caseId]);
  return row ? bytes(row.salt) : undefined;
}

/** The commitment that names a case in its entries. */
export function caseCommitment(salt: Uint8Array, caseId: string): string {
  return commit(salt, { caseId });
}

interface EventRow {
  id: string | number;
  case_id: string;
  municipality_id: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  at: unknown;
  pack_id: string;
  pack_release: string;
  approvals: { by: string; name: string; at: string; resultHash: string }[] | null;
  user_role: string | null;
}

function actor(row: { actor_kind: string; actor_id: string | null; user_role: string | null }): { actorRole: string; actor: string } {
  if (row.actor_kind === 'user' && row.actor_id && REF.test(row.actor_id)) return { actorRole: row.user_role ?? 'staff', actor: row.actor_id };
  // Citizens act under their own name; the log keeps only that a citizen acted.
  return { actorRole: CODE.test(row.actor_kind) ? row.actor_kind : 'system', actor: row.actor_kind === 'citizen' ? 'citizen' : 'system' };
}

/** Latest letter draft of a case at or before the event. */
async function letterDraft(sql: Sql, caseId: string): Promise<{ id: string; kind: string; text_hash: string } | undefined> {
  const [d] = await sql.query<{ id: string; kind: string; text_hash: string }>(
    `SELECT id, kind, text_hash FROM drafts WHERE case_id = $1 AND kind IN ('bescheid', 'abhilfebescheid') ORDER BY created_at DESC, id DESC LIMIT 1`,
    [caseId],
  );
  return d;
}

async function fromEvent(sql: Sql, e: EventRow): Promise<PendingEntry[]> {
  const salt = await caseSalt(sql, e.case_id);
  if (!salt) return [];
  const base = { v: 1 as const, at: iso(e.at), municipality: e.municipality_id, case: caseCommitment(salt, e.case_id) };
  const d = e.data ?? {};
  const meta = (entryType: string, covers: string): LeafMeta => ({ entryType, caseId: e.case_id, covers });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (e.type) {
    case 'received':
      return [{ entry: { ...base, type: 'application_received', inputHash: String(d.inputHash), packId: str(d.packId) ?? e.pack_id }, meta: meta('application_received', 'application') }];
    case 'checked':
    case 'recomputed':
    case 'recalculation_accepted': {
      if (!str(d.resultHash)) return [];
      // The event carries what the engine sealed; fill gaps from the case row it was written with.
      const [c] = await sql.query<{ decision: Record<string, unknown> | null }>('SELECT decision FROM cases WHERE id = $1', [e.case_id]);
      const dec = c?.decision as { packHash?: string; outcome?: string; packVersion?: string; receipt?: { inputHash?: string; resultHash?: string } } | null;
      const current = dec?.receipt?.resultHash === d.resultHash ? dec : null;
      return [
        {
          entry: {
            ...base,
            type: 'decision',
            packId: e.pack_id,
            packRelease: str(d.packVersion) ?? str(d.toRelease) ?? current?.packVersion ?? e.pack_release,
            packHash: str(d.packHash) ?? current?.packHash ?? '',
            inputHash: str(d.inputHash) ?? current?.receipt?.inputHash ?? '',
            resultHash: String(d.resultHash),
            outcome: str(d.outcome) ?? current?.outcome ?? '',
          },
          meta: meta('decision', 'decision'),
        },
      ];
    }
    case 'discretion_decided':
      return [
        {
          entry: { ...base, type: 'discretion_decision', ...actor(e), point: String(d.point), valueHash: contentHash(d.option ?? null), reasonHash: contentHash(e.reason ?? null) },
          meta: meta('discretion_decision', `discretion:${String(d.point)}`),
        },
      ];
    case 'value_overridden':
      return [
        {
          entry: { ...base, type: 'override', ...actor(e), field: String(d.name), valueHash: contentHash(d.to ?? null), reasonHash: contentHash(e.reason ?? null) },
          meta: meta('override', `override:${String(d.name)}`),
        },
      ];
    case 'approve':
    case 'approval_recorded': {
      const step = typeof d.approvals === 'number' ? d.approvals : (e.approvals?.length ?? 0);
      const record = e.approvals?.[step - 1];
      // The approval was reset (new calculation) before it reached the log: nothing left to cover.
      if (!record) return [];
      return [
        {
          entry: {
            ...base,
            type: 'approval',
            actorRole: actor(e).actorRole,
            actor: REF.test(record.by) ? record.by : actor(e).actor,
            step,
            resultHash: record.resultHash,
            ...(str(d.draftHash) ? { textHash: str(d.draftHash) } : {}),
            recordCommitment: commit(salt, record),
          },
          meta: meta('approval', `approval:${step}`),
        },
      ];
    }
    case 'issue': {
      const letter = await letterDraft(sql, e.case_id);
      if (!letter) return [];
      return [
        {
          entry: { ...base, type: 'letter_issued', ...actor(e), letterId: letter.id, kind: letter.kind, textHash: letter.text_hash },
          meta: meta('letter_issued', `letter:${letter.id}`),
        },
      ];
    }
    case 'file_objection': {
      const [o] = await sql.query<{ id: string; reason: string }>('SELECT id, reason FROM objections WHERE id = $1', [String(d.objectionId)]);
      if (!o) return [];
      return [{ entry: { ...base, type: 'objection', objectionId: o.id, textCommitment: commit(salt, o.reason) }, meta: meta('objection', `objection:${o.id}`) }];
    }
    case 'anonymised': {
      // The retention sweep erased the case's personal data; its salt goes with it.
      await sql.query('DELETE FROM ledger_case_salts WHERE case_id = $1', [e.case_id]);
      return [{ entry: { ...base, type: 'erasure', ...actor(e), legalBasis: 'retention_end', method: 'anonymisation' }, meta: meta('erasure', 'erasure') }];
    }
    default:
      return [];
  }
}

async function cursor(sql: Sql, source: string): Promise<string> {
  await sql.query(`INSERT INTO ledger_cursors (source, last_id) VALUES ($1, '0') ON CONFLICT (source) DO NOTHING`, [source]);
  const [row] = await sql.query<{ last_id: string }>('SELECT last_id FROM ledger_cursors WHERE source = $1 FOR UPDATE', [source]);
  return row!.last_id;
}

/**
 * Everything recorded since the last call, as entries, oldest first: drafts written so far
 * come before the events that follow them. Advances the cursors in the same transaction.
 */
export async function pendingEntries(sql: Sql, limit = 5000): Promise<PendingEntry[]> {
  // One catch-up at a time across processes: the sources without a cursor are read by absence.
  await sql.query('SELECT pg_advisory_xact_lock($1)', [71_354_311]);
  const out: PendingEntry[] = [];
  const drafts = await sql.query<{ id: string; case_id: string; municipality_id: string; kind: string; text_hash: string; result_hash: string | null; created_at: unknown }>(
    `SELECT d.id, d.case_id, d.municipality_id, d.kind, d.text_hash, d.result_hash, d.created_at FROM drafts d
     WHERE NOT EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.case_id = d.case_id AND l.covers = 'draft:' || d.id::text)
     ORDER BY d.created_at, d.id LIMIT $1`,
    [limit],
  );
  for (const d of drafts) {
    const salt = await caseSalt(sql, d.case_id);
    if (!salt) continue;
    out.push({
      entry: {
        v: 1,
        type: 'draft',
        at: iso(d.created_at),
        municipality: d.municipality_id,
        case: caseCommitment(salt, d.case_id),
        draftId: d.id,
        kind: d.kind,
        textHash: d.text_hash,
        ...(d.result_hash ? { resultHash: d.result_hash } : {}),
      },
      meta: { entryType: 'draft', caseId: d.case_id, covers: `draft:${d.id}` },
    });
  }
  const after = await cursor(sql, 'case_events');
  const events = await sql.query<EventRow>(
    `SELECT e.id, e.case_id, e.municipality_id, e.type, e.actor_kind, e.actor_id, e.reason, e.data, e.at,
            c.pack_id, c.pack_release, c.approvals, u.role AS user_role
     FROM case_events e JOIN cases c ON c.id = e.case_id
     LEFT JOIN users u ON e.actor_kind = 'user' AND u.id::text = e.actor_id
     WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
    [after, limit],
  );
  for (const e of events) out.push(...(await fromEvent(sql, e)));
  if (events.length) await sql.query('UPDATE ledger_cursors SET last_id = $2 WHERE source = $1', ['case_events', String(events[events.length - 1]!.id)]);

  const afterAccess = await cursor(sql, 'data_access_log');
  const reads = await sql.query<{ id: string | number; municipality_id: string; case_id: string | null; actor_kind: string; actor_id: string | null; purpose: string; what: string; at: unknown; user_role: string | null }>(
    `SELECT a.id, a.municipality_id, a.case_id, a.actor_kind, a.actor_id, a.purpose, a.what, a.at, u.role AS user_role
     FROM data_access_log a LEFT JOIN users u ON a.actor_kind = 'user' AND u.id::text = a.actor_id
     WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
    [afterAccess, limit],
  );
  for (const a of reads) {
    const salt = a.case_id ? await caseSalt(sql, a.case_id) : undefined;
    out.push({
      entry: {
        v: 1,
        type: 'data_access',
        at: iso(a.at),
        municipality: a.municipality_id,
        ...(salt && a.case_id ? { case: caseCommitment(salt, a.case_id) } : {}),
        ...actor(a),
        purposeHash: contentHash(a.purpose),
        whatHash: contentHash(a.what),
      },
      meta: { entryType: 'data_access', caseId: a.case_id, covers: `access:${a.id}` },
    });
  }
  if (reads.length) await sql.query('UPDATE ledger_cursors SET last_id = $2 WHERE source = $1', ['data_access_log', String(reads[reads.length - 1]!.id)]);
  out.push(...(await modelDrafts(sql, limit)), ...(await registerChanges(sql, limit)), ...(await configurationChanges(sql)));
  return out;
}

async function tableExists(sql: Sql, name: string): Promise<boolean> {
  const [r] = await sql.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name]);
  return !!r?.ok;
}

/** Revisions of the drafting capability, with the model that wrote parts of them (provenance). */
async function modelDrafts(sql: Sql, limit: number): Promise<PendingEntry[]> {
  if (!(await tableExists(sql, 'drafting_drafts'))) return [];
  const rows = await sql.query<{ id: string; case_id: string; municipality_id: string; kind: string; text_hash: string; result_hash: string; provenance: Record<string, unknown> | null; created_at: unknown }>(
    `SELECT d.id, d.case_id, d.municipality_id, d.kind, d.text_hash, d.result_hash, d.provenance, d.created_at FROM drafting_drafts d
     WHERE NOT EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.covers = 'mdraft:' || d.id::text) ORDER BY d.created_at, d.id LIMIT $1`,
    [limit],
  );
  const out: PendingEntry[] = [];
  for (const d of rows) {
    const salt = await caseSalt(sql, d.case_id);
    if (!salt) continue;
    const p = (d.provenance ?? {}) as { model?: { name?: unknown }; hashes?: { prompt?: unknown } };
    const model = typeof p.model?.name === 'string' && REF.test(p.model.name) ? p.model.name : undefined;
    const prompt = typeof p.hashes?.prompt === 'string' ? p.hashes.prompt : undefined;
    out.push({
      entry: {
        v: 1,
        type: 'draft',
        at: iso(d.created_at),
        municipality: d.municipality_id,
        case: caseCommitment(salt, d.case_id),
        draftId: d.id,
        kind: d.kind,
        textHash: d.text_hash,
        resultHash: d.result_hash,
        ...(model ? { model } : {}),
        ...(prompt ? { promptHash: prompt } : {}),
      },
      meta: { entryType: 'draft', caseId: d.case_id, covers: `mdraft:${d.id}` },
    });
  }
  return out;
}

/** Each version of an AI register entry, by the hash of its content. */
async function registerChanges(sql: Sql, limit: number): Promise<PendingEntry[]> {
  if (!(await tableExists(sql, 'governance_entries'))) return [];
  const rows = await sql.query<{ municipality_id: string; id: string; version: number; entry: unknown; updated_at: unknown }>(
    `SELECT g.municipality_id, g.id, g.version, g.entry, g.updated_at FROM governance_entries g
     WHERE NOT EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.covers = 'register:' || g.municipality_id || '/' || g.id || '@' || g.version)
     ORDER BY g.updated_at LIMIT $1`,
    [limit],
  );
  return rows.map((g) => ({
    entry: { v: 1, type: 'register_change', at: iso(g.updated_at), municipality: g.municipality_id, actorRole: 'system', actor: 'system', registerId: g.id, contentHash: contentHash(g.entry) },
    meta: { entryType: 'register_change', caseId: null, covers: `register:${g.municipality_id}/${g.id}@${g.version}` },
  }));
}

/** A municipality's settings, whenever they differ from what the log last recorded. */
async function configurationChanges(sql: Sql): Promise<PendingEntry[]> {
  const rows = await sql.query<{ id: string; settings: unknown; logged: string | null }>(
    `SELECT m.id, m.settings, (SELECT l.data FROM ledger_leaves l WHERE l.covers = 'config:' || m.id ORDER BY l.idx DESC LIMIT 1) AS logged FROM municipalities m ORDER BY m.id`,
  );
  const out: PendingEntry[] = [];
  for (const m of rows) {
    const valueHash = contentHash(m.settings ?? {});
    if (m.logged && (JSON.parse(m.logged) as { valueHash?: string }).valueHash === valueHash) continue;
    out.push({
      entry: { v: 1, type: 'configuration_change', at: new Date().toISOString(), municipality: m.id, actorRole: 'system', actor: 'system', key: 'settings', valueHash },
      meta: { entryType: 'configuration_change', caseId: null, covers: `config:${m.id}` },
    });
  }
  return out;
}
