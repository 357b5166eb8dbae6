import type { CaseEvent, CaseRecord, CaseState, DocumentMeta, Draft, MunicipalitySettings } from '../cases/index.ts';
import { mergeSettings } from '../cases/index.ts';
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
  page: number;
  pageSize: number;
}

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
  const w = where.join(' AND ');
  const total = await db.query<{ n: string | number }>(`SELECT count(*)::int AS n FROM cases WHERE ${w}`, params);
  const rows = await db.query(
    `SELECT ${caseColumns()} FROM cases WHERE ${w} ORDER BY documents_due NULLS LAST, created_at, id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    params,
  );
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

export { insertDocument } from './documents.ts';

export async function getDocument(db: Sql, caseId: string, docId: string): Promise<(DocumentMeta & { content: Uint8Array }) | null> {
  if (!isUuid(docId)) return null;
  const rows = await db.query('SELECT * FROM documents WHERE case_id = $1 AND id = $2', [caseId, docId]);
  const r = rows[0];
  if (!r) return null;
  return { ...documentFromRow(r), content: r.content as Uint8Array };
}

export async function listDocuments(db: Sql, caseId: string): Promise<DocumentMeta[]> {
  const rows = await db.query(
    'SELECT id, case_id, checklist_id, filename, content_type, size, sha256, uploaded_by_kind, created_at FROM documents WHERE case_id = $1 ORDER BY created_at, id',
    [caseId],
  );
  return rows.map(documentFromRow);
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
  let w = 'municipality_id = $1';
  if (caseId) {
    params.push(caseId);
    w += ' AND case_id = $2';
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_access_log WHERE ${w}`, params);
  const rows = await db.query(
    `SELECT id::text AS id, case_id, actor_kind, actor_id, purpose, what, at FROM data_access_log WHERE ${w} ORDER BY id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
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

/**
 * Retention: closed cases of a pack closed before the cutoff lose their personal data.
 * `anonymise` keeps the pseudonymous decision record; `delete` removes the case entirely.
 */
export async function applyRetention(db: Sql, municipalityId: string, packId: string, cutoff: Date, mode: 'anonymise' | 'delete', limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM cases WHERE municipality_id = $1 AND pack_id = $2 AND state = 'closed' AND closed_at < $3 AND anonymised_at IS NULL
     ORDER BY closed_at LIMIT $4 FOR UPDATE SKIP LOCKED`,
    [municipalityId, packId, cutoff.toISOString(), limit],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return ids;
  if (mode === 'delete') {
    await db.query('DELETE FROM cases WHERE id = ANY($1)', [ids]);
    await db.query('DELETE FROM citizens c WHERE c.municipality_id = $1 AND NOT EXISTS (SELECT 1 FROM cases WHERE citizen_id = c.id)', [municipalityId]);
    return ids;
  }
  await db.query('DELETE FROM case_personal WHERE case_id = ANY($1)', [ids]);
  await db.query('DELETE FROM documents WHERE case_id = ANY($1)', [ids]);
  await db.query("UPDATE objections SET reason = '[gelöscht]', assessment = CASE WHEN assessment IS NULL THEN NULL ELSE '[gelöscht]' END WHERE case_id = ANY($1)", [ids]);
  await db.query("UPDATE drafts SET text = '[gelöscht nach Ablauf der Aufbewahrungsfrist]' WHERE case_id = ANY($1)", [ids]);
  await db.query("UPDATE case_events SET reason = CASE WHEN reason IS NULL THEN NULL ELSE '[gelöscht]' END WHERE case_id = ANY($1)", [ids]);
  await db.query(
    `UPDATE cases SET citizen_id = NULL, access_code_hash = NULL, anonymised_at = now(), version = version + 1,
       decision = decision - 'aktenzeichen' WHERE id = ANY($1)`,
    [ids],
  );
  await db.query('DELETE FROM citizens c WHERE c.municipality_id = $1 AND NOT EXISTS (SELECT 1 FROM cases WHERE citizen_id = c.id)', [municipalityId]);
  await db.query(
    `INSERT INTO case_events (case_id, municipality_id, type, from_state, to_state, actor_kind, actor_id, actor_name, data)
     SELECT id, municipality_id, 'anonymised', 'closed', 'closed', 'system', 'system', 'Aufbewahrungsfristen', jsonb_build_object('cutoff', $2::text) FROM cases WHERE id = ANY($1)`,
    [ids, cutoff.toISOString()],
  );
  return ids;
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
