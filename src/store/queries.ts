import type { CaseEvent, CaseRecord, CaseState, DocumentMeta, Draft, MunicipalitySettings } from '../cases/index.ts';
import { mergeSettings } from '../cases/index.ts';
import { FIELD, openBytes, type CaseKeys } from './case-keys.ts';
import { caseColumns, caseFromRow, documentFromRow, isUuid } from './case-repository.ts';
import type { Row, Sql } from './db.ts';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CaseFilter {
  municipalityId: string;
  teamId?: string | null;
  citizenId?: string;
  state?: CaseState;
  packId?: string;
  needsHuman?: boolean;
  /** Part of the Aktenzeichen, any case: the caseworker finds the case of a citizen who phones in. */
  aktenzeichen?: string;
  /** The next deadline (documents or objection) relative to `today`: passed, within 7 days, none. */
  frist?: { kind: 'ueberschritten' | 'bald' | 'ohne'; today: string };
  sort?: QueueSort;
  dir?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export type QueueSort = 'aktenzeichen' | 'packId' | 'state' | 'outcome' | 'due' | 'updatedAt';

/** Sort keys to SQL (a closed list: nothing from the request reaches the statement's text). */
const SORT_SQL: Readonly<Record<QueueSort, string>> = {
  aktenzeichen: 'aktenzeichen',
  packId: 'pack_id',
  state: 'state',
  outcome: 'outcome',
  due: 'COALESCE(documents_due, objection_due)',
  updatedAt: 'updated_at',
};
const DUE = 'COALESCE(documents_due, objection_due)';

/** The work queue: decision data only, oldest deadline first. */
export async function listCases(db: Sql, f: CaseFilter): Promise<Page<CaseRecord>> {
  const where = ['municipality_id = $1'];
  const params: unknown[] = [f.municipalityId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.teamId !== undefined) add('team_id = ?', f.teamId);
  if (f.citizenId !== undefined) add('citizen_id = ?', f.citizenId);
  if (f.state) add('state = ?', f.state);
  if (f.packId) add('pack_id = ?', f.packId);
  if (f.needsHuman !== undefined) add(`(outcome = 'needs_human') = ?`, f.needsHuman);
  // LIKE's wildcards in the search text are searched for, not used
  if (f.aktenzeichen) add(`aktenzeichen ILIKE ? ESCAPE '\\'`, `%${f.aktenzeichen.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.frist?.kind === 'ohne') where.push(`${DUE} IS NULL`);
  if (f.frist?.kind === 'ueberschritten') add(`${DUE} < ?::date`, f.frist.today);
  if (f.frist?.kind === 'bald') {
    add(`${DUE} >= ?::date`, f.frist.today);
    add(`${DUE} <= ?::date + 7`, f.frist.today);
  }
  const w = where.join(' AND ');
  const total = await db.query<{ n: string | number }>(`SELECT count(*)::int AS n FROM cases WHERE ${w}`, params);
  const order = f.sort ? `${SORT_SQL[f.sort]} ${f.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, created_at, id` : 'documents_due NULLS LAST, created_at, id';
  const rows = await db.query(`SELECT ${caseColumns()} FROM cases WHERE ${w} ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`, params);
  return { items: rows.map(caseFromRow), total: Number(total[0]!.n), page: f.page, pageSize: f.pageSize };
}

export async function caseHistory(db: Sql, caseId: string): Promise<(CaseEvent & { id: number })[]> {
  const rows = await db.query('SELECT * FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: r.case_id as string,
    municipalityId: r.municipality_id as string,
    type: r.type as string,
    from: (r.from_state as CaseState | null) ?? null,
    to: (r.to_state as CaseState | null) ?? null,
    actor: { kind: r.actor_kind as CaseEvent['actor']['kind'], id: r.actor_id as string, name: r.actor_name as string },
    reason: (r.reason as string | null) ?? null,
    data: r.data as Record<string, unknown>,
    at: (r.at as Date).toISOString(),
  }));
}

/** A document with its content, decrypted with the case's key (the caller records the read). */
export async function getDocument(db: Sql, keys: CaseKeys, caseId: string, docId: string): Promise<(DocumentMeta & { content: Uint8Array }) | null> {
  if (!isUuid(docId)) return null;
  const rows = await db.query('SELECT * FROM documents WHERE case_id = $1 AND id = $2', [caseId, docId]);
  const r = rows[0];
  const cipher = r ? await keys.load(db, caseId) : null;
  if (!r || !cipher) return null;
  try {
    return { ...documentFromRow(r, cipher), content: openBytes(cipher, FIELD.documentContent(r.id as string), r.content as Uint8Array) };
  } finally {
    cipher.close();
  }
}

export async function listDocuments(db: Sql, keys: CaseKeys, caseId: string): Promise<DocumentMeta[]> {
  const rows = await db.query(
    'SELECT id, case_id, checklist_id, filename, content_type, size, sha256, uploaded_by_kind, created_at FROM documents WHERE case_id = $1 ORDER BY created_at, id',
    [caseId],
  );
  if (rows.length === 0) return [];
  const cipher = await keys.load(db, caseId);
  if (!cipher) return [];
  try {
    return rows.map((r) => documentFromRow(r, cipher));
  } finally {
    cipher.close();
  }
}

export async function listDrafts(db: Sql, caseId: string): Promise<Draft[]> {
  const rows = await db.query('SELECT * FROM drafts WHERE case_id = $1 ORDER BY created_at, id', [caseId]);
  return rows.map((r: Row) => ({
    id: r.id as string,
    caseId: r.case_id as string,
    kind: r.kind as Draft['kind'],
    text: r.text as string,
    textHash: r.text_hash as string,
    resultHash: (r.result_hash as string | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: (r.created_at as Date).toISOString(),
  }));
}

export async function getSettings(db: Sql, municipalityId: string): Promise<MunicipalitySettings | null> {
  const rows = await db.query<{ settings: Partial<MunicipalitySettings> }>('SELECT settings FROM municipalities WHERE id = $1', [municipalityId]);
  return rows[0] ? mergeSettings(rows[0].settings) : null;
}

export async function putSettings(db: Sql, municipalityId: string, settings: MunicipalitySettings): Promise<void> {
  await db.query('UPDATE municipalities SET settings = $2 WHERE id = $1', [municipalityId, JSON.stringify(settings)]);
}

export async function municipalityExists(db: Sql, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM municipalities WHERE id = $1', [id])).length === 1;
}

export async function accessLog(db: Sql, municipalityId: string, page: number, pageSize: number, caseId?: string): Promise<Page<Row>> {
  const params: unknown[] = [municipalityId];
  let w = 'a.municipality_id = $1';
  if (caseId) {
    params.push(caseId);
    w += ' AND a.case_id = $2';
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_access_log a WHERE ${w}`, params);
  // who read, by name and role, and which case by its Aktenzeichen: what the data-protection officer asks about
  const rows = await db.query(
    `SELECT a.id::text AS id, a.case_id, c.aktenzeichen, a.actor_kind, a.actor_id, u.display_name AS actor_name, u.role AS actor_role, a.purpose, a.what, a.at
     FROM data_access_log a
     LEFT JOIN users u ON a.actor_kind = 'user' AND u.id::text = a.actor_id
     LEFT JOIN cases c ON c.id = a.case_id
     WHERE ${w} ORDER BY a.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return { items: rows, total: Number(total[0]!.n), page, pageSize };
}

/** The auditor's view: decisions, receipts and history without any personal data. */
export async function auditDecisions(db: Sql, municipalityId: string, page: number, pageSize: number): Promise<Page<Row>> {
  const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE municipality_id = $1 AND decision IS NOT NULL', [municipalityId]);
  const rows = await db.query(
    `SELECT id, aktenzeichen, pack_id, pack_release, state, outcome, result_hash, decision->'receipt' AS receipt, decision->'values' AS "values",
       decision->'reasons' AS reasons, decision->>'packHash' AS pack_hash, jsonb_array_length(approvals) AS approvals, issued_at
     FROM cases WHERE municipality_id = $1 AND decision IS NOT NULL ORDER BY created_at, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    [municipalityId],
  );
  return { items: rows, total: Number(total[0]!.n), page, pageSize };
}

// ——— sweeps for the background jobs ———

export async function dueReminders(db: Sql, today: string, limit: number): Promise<{ municipalityId: string; caseId: string; version: number }[]> {
  const rows = await db.query<{ municipality_id: string; id: string; version: number }>(
    "SELECT municipality_id, id, version FROM cases WHERE state = 'documents_requested' AND documents_due < $1 ORDER BY documents_due LIMIT $2",
    [today, limit],
  );
  return rows.map((r) => ({ municipalityId: r.municipality_id, caseId: r.id, version: Number(r.version) }));
}

export async function dueClosing(db: Sql, today: string, limit: number): Promise<{ municipalityId: string; caseId: string }[]> {
  const rows = await db.query<{ municipality_id: string; id: string }>(
    "SELECT municipality_id, id FROM cases WHERE state IN ('issued', 'objection_upheld', 'decision_changed') AND objection_due < $1 LIMIT $2",
    [today, limit],
  );
  return rows.map((r) => ({ municipalityId: r.municipality_id, caseId: r.id }));
}

export async function municipalities(db: Sql): Promise<{ id: string; settings: MunicipalitySettings }[]> {
  const rows = await db.query<{ id: string; settings: Partial<MunicipalitySettings> }>('SELECT id, settings FROM municipalities ORDER BY id');
  return rows.map((r) => ({ id: r.id, settings: mergeSettings(r.settings) }));
}

/** Idempotency keys are kept a day: long enough for any client retry. */
export async function purgeExpired(db: Sql): Promise<void> {
  await db.query("DELETE FROM idempotency_keys WHERE created_at < now() - interval '1 day'");
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
}

/** A shared secret, created once by whichever process asks first. */
export async function serverSecret(db: Sql, name: string, fresh: () => string): Promise<string> {
  await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, fresh()]);
  const rows = await db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
  return rows[0]!.value;
}
