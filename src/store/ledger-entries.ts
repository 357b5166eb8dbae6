import { contentHash } from '../common/index.ts';
import { commit, newSalt, SALT_BYTES, type LedgerEntry } from '../ledger/index.ts';
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

export const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(Buffer.from(String(v).replace(/^\\x/, ''), 'hex')));
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const CODE = /^[a-z][a-z0-9_.-]{0,63}$/;
const REF = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/;

/**
 * Where the commitment salts live. The platform seals each salt under its case's data key
 * (store/case-salts.ts), so destroying the key erases the salt together with the personal
 * data; `plainSalts` keeps them as they are (the log on its own, as in its tests). A case
 * that has an erasure entry never gets a salt again.
 */
export interface SaltVault {
  /** The salts of these cases, missing ones created when `create`; a case that cannot have one (erased) is absent. */
  salts(sql: Sql, caseIds: readonly string[], create: boolean): Promise<Map<string, Uint8Array>>;
  /** Every salt there is (for the full re-check). */
  all(sql: Sql): Promise<Map<string, Uint8Array>>;
}

/**
 * Inserts fresh salts (stored form per case) for cases without an erasure entry; returns the ids
 * that got one. The erasure check is a probe of each case's own leaves: as NOT EXISTS, the
 * planner hashed the whole log for it on every catch-up.
 */
export async function insertSalts(sql: Sql, rows: readonly { caseId: string; stored: Uint8Array }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await sql.query<{ case_id: string }>(
    `INSERT INTO ledger_case_salts (case_id, salt)
     SELECT x.case_id, decode(x.salt, 'hex') FROM unnest($1::uuid[], $2::text[]) AS x(case_id, salt)
     LEFT JOIN LATERAL (SELECT 1 AS erased FROM ledger_leaves l WHERE l.case_id = x.case_id AND l.entry_type = 'erasure' LIMIT 1) e ON true
     WHERE e.erased IS NULL
     ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
    [rows.map((r) => r.caseId), rows.map((r) => Buffer.from(r.stored).toString('hex'))],
  );
  return new Set(inserted.map((r) => r.case_id));
}

export const plainSalts: SaltVault = {
  async salts(sql, caseIds, create) {
    const ids = [...new Set(caseIds)];
    if (ids.length === 0) return new Map();
    if (create) await insertSalts(sql, ids.map((caseId) => ({ caseId, stored: newSalt() })));
    const rows = await sql.query<{ case_id: string; salt: unknown }>(
      'SELECT s.case_id, s.salt FROM unnest($1::uuid[]) AS x(id) CROSS JOIN LATERAL (SELECT case_id, salt FROM ledger_case_salts WHERE case_id = x.id LIMIT 1) s',
      [ids],
    );
    return new Map(rows.map((r) => [r.case_id, bytes(r.salt)]));
  },
  async all(sql) {
    const rows = await sql.query<{ case_id: string; salt: unknown }>('SELECT case_id, salt FROM ledger_case_salts');
    return new Map(rows.map((r) => [r.case_id, bytes(r.salt)]));
  },
};

/** A salt read from the table as it is: only a plain (not yet sealed) salt has exactly SALT_BYTES bytes. */
export function isPlainSalt(stored: Uint8Array): boolean {
  return stored.length === SALT_BYTES;
}

/** The case's salt, created on first use; undefined when the case's data was erased. */
export async function caseSalt(sql: Sql, caseId: string, create = true, vault: SaltVault = plainSalts): Promise<Uint8Array | undefined> {
  return (await vault.salts(sql, [caseId], create)).get(caseId);
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

async function fromEvent(sql: Sql, e: EventRow, salt: Uint8Array | undefined): Promise<PendingEntry[]> {
  if (!salt) return [];
  const base = { v: 1 as const, at: iso(e.at), municipality: e.municipality_id, case: caseCommitment(salt, e.case_id) };
  const d = e.data ?? {};
  const meta = (entryType: string, covers: string): LeafMeta => ({ entryType, caseId: e.case_id, covers });
  const approval = (record: NonNullable<EventRow['approvals']>[number], step: number, actorRole: string, textHash?: string): PendingEntry => ({
    entry: {
      ...base,
      type: 'approval',
      actorRole,
      actor: REF.test(record.by) ? record.by : actor(e).actor,
      step,
      resultHash: record.resultHash,
      ...(textHash ? { textHash } : {}),
      recordCommitment: commit(salt, record),
    },
    meta: meta('approval', `approval:${step}`),
  });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (e.type) {
    case 'received':
      return [{ entry: { ...base, type: 'application_received', inputHash: String(d.inputHash), packId: str(d.packId) ?? e.pack_id }, meta: meta('application_received', 'application') }];
    case 'checked':
    case 'recomputed':
    case 'recalculation_accepted': {
      if (!str(d.resultHash)) return [];
      // The event carries what the engine sealed; fill gaps from the case row it was written with.
      type Sealed = { packHash?: string; outcome?: string; packVersion?: string; receipt?: { inputHash?: string; resultHash?: string } };
      let current: Sealed | null = null;
      if (!str(d.packHash) || !str(d.inputHash) || !str(d.outcome) || !(str(d.packVersion) ?? str(d.toRelease))) {
        const [c] = await sql.query<{ decision: Sealed | null }>('SELECT decision FROM cases WHERE id = $1', [e.case_id]);
        current = c?.decision && c.decision.receipt?.resultHash === d.resultHash ? c.decision : null;
      }
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
    // A decision changed on objection at once is approved by the person who changed it (its only approval).
    case 'approve':
    case 'approval_recorded':
    case 'reassess_changed': {
      const step = typeof d.approvals === 'number' ? d.approvals : (e.approvals?.length ?? 0);
      const record = e.approvals?.[step - 1];
      // The approval was reset (new calculation) before it reached the log: nothing left to cover.
      if (!record) return [];
      return [approval(record, step, actor(e).actorRole, str(d.draftHash))];
    }
    // An Abhilfe approved under four-eyes: the proposer's approval and the second person's, both
    // after the entry of the changed decision they approve.
    case 'approve_abhilfe': {
      const proposerRole = str(d.proposerRole);
      return (e.approvals ?? []).map((record, k) => approval(record, k + 1, k === 0 && proposerRole && CODE.test(proposerRole) ? proposerRole : actor(e).actorRole));
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
  const [row] = await sql.query<{ last_id: string }>('SELECT last_id FROM ledger_cursors WHERE source = $1 FOR UPDATE', [source]);
  if (row) return row.last_id;
  // First catch-up on this database (the advisory lock keeps a second one from racing here).
  await sql.query(`INSERT INTO ledger_cursors (source, last_id) VALUES ($1, '0') ON CONFLICT (source) DO NOTHING`, [source]);
  return '0';
}

/**
 * The latest leaf covering `prefix || key`, for "is this record in the log yet?" — one probe of
 * the covers index per record. Written as a LATERAL subquery with LIMIT so that PostgreSQL keeps
 * it a probe: a NOT EXISTS became a hash anti-join that read the whole log whenever the planner
 * guessed the records to check were many.
 */
const LOGGED = (prefix: string, key: string) => `SELECT l.idx FROM ledger_leaves l WHERE l.covers = '${prefix}' || ${key} ORDER BY l.idx DESC LIMIT 1`;

/** How long a catch-up waits for transactions in flight before it enters only what is certain. */
const IN_FLIGHT_WAIT_MS = 1000;

/**
 * For each source read by cursor (table and sequence column), the value up to which its rows
 * are final. Ids are drawn when a row is inserted, not when its transaction commits: a later id can commit first, and a cursor moved
 * past it would skip the earlier row for good — a hole in the log that `verify` reports as an
 * uncovered record. So the catch-up notes the last id drawn, then waits until every transaction
 * that was running at that moment has ended; from then on each id up to it is committed or never
 * will be. A transaction that stays open longer (an idle session, one that waits for this very
 * catch-up) ends the wait: `settled` is false, and only the unbroken run of ids after the cursor
 * is entered — the rest comes with a later catch-up.
 */
async function finalIds(sql: Sql, sources: readonly (readonly [table: string, column: string])[]): Promise<{ bounds: string[]; settled: boolean }> {
  const [last] = await sql.queryArrays<(string | null)[]>(
    `SELECT ${sources.map(([table, column]) => `pg_sequence_last_value(pg_get_serial_sequence('${table}', '${column}')::regclass)::text`).join(', ')}`,
  );
  // a second statement, so its snapshot is taken after the ids above were drawn
  const [running] = await sql.query<{ xids: string[] | null }>(
    `SELECT array_agg(x::text) AS xids FROM pg_snapshot_xip(pg_current_snapshot()) x WHERE x IS DISTINCT FROM pg_current_xact_id_if_assigned()`,
  );
  let settled = true;
  const xids = running?.xids ?? [];
  if (xids.length > 0) {
    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      const [open] = await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM unnest($1::xid8[]) x WHERE pg_xact_status(x) = 'in progress'`, [xids]);
      if (Number(open!.n) === 0) break;
      if (Date.now() >= deadline) {
        settled = false;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  return { bounds: sources.map((_, i) => last?.[i] ?? '0'), settled };
}

/** Rows in sequence order, cut at the first value after `after` that is not there (not final yet, or rolled back). */
function unbroken<T extends { seq: string }>(rows: T[], after: string): T[] {
  let next = BigInt(after) + 1n;
  let i = 0;
  for (; i < rows.length; i++, next++) if (BigInt(rows[i]!.seq) !== next) break;
  return i === rows.length ? rows : rows.slice(0, i);
}

/**
 * The rows of a source the log follows by cursor: `select` gets the cursor, `bound` and `limit`
 * as $1–$3 and names each row's sequence value `seq`; rows with `logged` set are already covered
 * by a leaf (drafts logged before they had a sequence number). Moves the cursor past every row
 * returned, in the catch-up's transaction.
 */
async function sequenced<T extends { seq: string; logged?: boolean }>(
  sql: Sql,
  source: string,
  select: string,
  bound: string,
  settled: boolean,
  limit: number,
): Promise<T[]> {
  const after = await cursor(sql, source);
  const all = await sql.query<T>(select, [after, bound, limit]);
  const rows = settled ? all : unbroken(all, after);
  if (rows.length) await sql.query('UPDATE ledger_cursors SET last_id = $2 WHERE source = $1', [source, rows[rows.length - 1]!.seq]);
  return rows.filter((r) => !r.logged);
}

/**
 * Everything recorded since the last call, as entries, oldest first: drafts written so far
 * come before the events that follow them. Advances the cursors in the same transaction.
 */
export async function pendingEntries(sql: Sql, limit = 5000, vault: SaltVault = plainSalts): Promise<PendingEntry[]> {
  // One catch-up at a time across processes: the cursors, and the sources read by absence (register, settings).
  await sql.query('SELECT pg_advisory_xact_lock($1)', [71_354_311]);
  const out: PendingEntry[] = [];
  // The tables of later capabilities exist once their migrations ran; asked in one round trip.
  const [t] = await sql.query<{ drafting: boolean; governance: boolean }>(
    `SELECT to_regclass('drafting_drafts') IS NOT NULL AS drafting, to_regclass('governance_entries') IS NOT NULL AS governance`,
  );
  const final = await finalIds(sql, [['case_events', 'id'], ['data_access_log', 'id'], ['drafts', 'ledger_seq'], ...(t?.drafting ? [['drafting_drafts', 'ledger_seq'] as const] : [])]);
  const [eventsBound, readsBound, draftsBound, modelDraftsBound] = final.bounds as [string, string, string, string | undefined];
  const drafts = await sequenced<{ seq: string; logged: boolean; id: string; case_id: string; municipality_id: string; kind: string; text_hash: string; result_hash: string | null; created_at: unknown }>(
    sql,
    'drafts',
    `SELECT d.ledger_seq::text AS seq, l.idx IS NOT NULL AS logged, d.id, d.case_id, d.municipality_id, d.kind, d.text_hash, d.result_hash, d.created_at FROM drafts d
     LEFT JOIN LATERAL (${LOGGED('draft:', 'd.id::text')}) l ON true
     WHERE d.ledger_seq > $1::bigint AND d.ledger_seq <= $2::bigint ORDER BY d.ledger_seq LIMIT $3`,
    draftsBound,
    final.settled,
    limit,
  );
  const events = await sequenced<EventRow & { seq: string }>(
    sql,
    'case_events',
    // The batch is cut from case_events first; each event then looks up its case by primary key.
    // As a plain join, the planner (guessing a third of all events past the cursor) hashed the
    // whole cases table on every catch-up — work that grew with every case ever stored.
    `SELECT e.id::text AS seq, e.id, e.case_id, e.municipality_id, e.type, e.actor_kind, e.actor_id, e.reason, e.data, e.at,
            c.pack_id, c.pack_release, c.approvals, u.role AS user_role
     FROM (SELECT * FROM case_events WHERE id > $1::bigint AND id <= $2::bigint ORDER BY id LIMIT $3) e
     CROSS JOIN LATERAL (SELECT pack_id, pack_release, approvals FROM cases WHERE id = e.case_id LIMIT 1) c
     LEFT JOIN users u ON e.actor_kind = 'user' AND u.id::text = e.actor_id
     ORDER BY e.id`,
    eventsBound,
    final.settled,
    limit,
  );
  const reads = await sequenced<{ seq: string; id: string | number; municipality_id: string; case_id: string | null; actor_kind: string; actor_id: string | null; purpose: string; what: string; at: unknown; user_role: string | null }>(
    sql,
    'data_access_log',
    `SELECT a.id::text AS seq, a.id, a.municipality_id, a.case_id, a.actor_kind, a.actor_id, a.purpose, a.what, a.at, u.role AS user_role
     FROM data_access_log a LEFT JOIN users u ON a.actor_kind = 'user' AND u.id::text = a.actor_id
     WHERE a.id > $1::bigint AND a.id <= $2::bigint ORDER BY a.id LIMIT $3`,
    readsBound,
    final.settled,
    limit,
  );
  // One look-up (and creation) of every salt this round needs.
  const salts = await vault.salts(sql, [...drafts.map((d) => d.case_id), ...events.map((e) => e.case_id), ...reads.flatMap((a) => (a.case_id ? [a.case_id] : []))], true);
  for (const d of drafts) {
    const salt = salts.get(d.case_id);
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
  for (const e of events) out.push(...(await fromEvent(sql, e, salts.get(e.case_id))));

  for (const a of reads) {
    const salt = a.case_id ? salts.get(a.case_id) : undefined;
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
  if (modelDraftsBound !== undefined) out.push(...(await modelDrafts(sql, limit, vault, modelDraftsBound, final.settled)));
  if (t?.governance) out.push(...(await registerChanges(sql, limit)));
  out.push(...(await configurationChanges(sql)));
  return out;
}

/** Revisions of the drafting capability, with the model that wrote parts of them (provenance). */
async function modelDrafts(sql: Sql, limit: number, vault: SaltVault, bound: string, settled: boolean): Promise<PendingEntry[]> {
  const rows = await sequenced<{ seq: string; logged: boolean; id: string; case_id: string; municipality_id: string; kind: string; text_hash: string; result_hash: string; provenance: Record<string, unknown> | null; created_at: unknown }>(
    sql,
    'drafting_drafts',
    `SELECT d.ledger_seq::text AS seq, l.idx IS NOT NULL AS logged, d.id, d.case_id, d.municipality_id, d.kind, d.text_hash, d.result_hash, d.provenance, d.created_at FROM drafting_drafts d
     LEFT JOIN LATERAL (${LOGGED('mdraft:', 'd.id::text')}) l ON true
     WHERE d.ledger_seq > $1::bigint AND d.ledger_seq <= $2::bigint ORDER BY d.ledger_seq LIMIT $3`,
    bound,
    settled,
    limit,
  );
  const out: PendingEntry[] = [];
  const salts = await vault.salts(sql, rows.map((d) => d.case_id), true);
  for (const d of rows) {
    const salt = salts.get(d.case_id);
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
  const rows = await sql.query<{ municipality_id: string; id: string; version: number; entry: unknown; updated_at: unknown }>(
    `SELECT g.municipality_id, g.id, g.version, g.entry, g.updated_at FROM governance_entries g
     LEFT JOIN LATERAL (${LOGGED('register:', "g.municipality_id || '/' || g.id || '@' || g.version")}) l ON true
     WHERE l.idx IS NULL ORDER BY g.updated_at LIMIT $1`,
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
