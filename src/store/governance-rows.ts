import type {
  Classification,
  CompletionRecord,
  ConsultationRecord,
  DeployerBundle,
  FeatureSwitch,
  GovernanceSettings,
  ObligationRecord,
  RegisterEntry,
  StaffCouncilRecord,
} from '../governance/index.ts';
import type { Sql } from './db.ts';

/**
 * Reads and writes of the governance tables (migration 0300). Every read is scoped to one
 * municipality; JSON columns hold the core's objects unchanged.
 */

const json = (v: unknown) => JSON.stringify(v);
const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

export interface EntryRow {
  entry: RegisterEntry;
  owners: string[];
}

export async function readEntry(sql: Sql, m: string, id: string, lock = false): Promise<EntryRow | null> {
  const [r] = await sql.query<{ entry: RegisterEntry; owners: string[] }>(
    `SELECT entry, owners FROM governance_entries WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [m, id],
  );
  return r ? { entry: r.entry, owners: r.owners ?? [] } : null;
}

export async function readEntries(sql: Sql, m: string): Promise<EntryRow[]> {
  const rows = await sql.query<{ entry: RegisterEntry; owners: string[] }>('SELECT entry, owners FROM governance_entries WHERE municipality_id = $1 ORDER BY id', [m]);
  return rows.map((r) => ({ entry: r.entry, owners: r.owners ?? [] }));
}

export async function insertEntry(sql: Sql, m: string, e: RegisterEntry): Promise<void> {
  await sql.query(
    `INSERT INTO governance_entries (municipality_id, id, uuid, kind, status, version, entry, material_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
    [m, e.id, e.uuid, e.kind, e.status, e.version, json(e), e.materialHash],
  );
}

export async function writeEntry(sql: Sql, m: string, e: RegisterEntry): Promise<void> {
  await sql.query(
    `UPDATE governance_entries SET status = $3, version = $4, entry = $5::jsonb, material_hash = $6, updated_at = now()
     WHERE municipality_id = $1 AND id = $2`,
    [m, e.id, e.status, e.version, json(e), e.materialHash],
  );
}

export async function writeOwners(sql: Sql, m: string, id: string, owners: string[]): Promise<void> {
  await sql.query('UPDATE governance_entries SET owners = $3 WHERE municipality_id = $1 AND id = $2', [m, id, owners]);
}

export async function latestClassifications(sql: Sql, m: string): Promise<Map<string, Classification>> {
  const rows = await sql.query<{ entry_id: string; data: Classification }>(
    `SELECT DISTINCT ON (entry_id) entry_id, data FROM governance_classifications WHERE municipality_id = $1 ORDER BY entry_id, seq DESC`,
    [m],
  );
  return new Map(rows.map((r) => [r.entry_id, r.data]));
}

export async function insertClassification(sql: Sql, m: string, c: Classification, by: string): Promise<void> {
  await sql.query('INSERT INTO governance_classifications (municipality_id, entry_id, hash, data, recorded_by) VALUES ($1, $2, $3, $4::jsonb, $5)', [m, c.systemId, c.hash, json(c), by]);
}

export async function obligationRecords(sql: Sql, m: string): Promise<ObligationRecord[]> {
  const rows = await sql.query<{ record: ObligationRecord }>('SELECT record FROM governance_obligation_records WHERE municipality_id = $1 ORDER BY seq', [m]);
  return rows.map((r) => r.record);
}

export async function insertObligationRecord(sql: Sql, m: string, r: ObligationRecord): Promise<void> {
  await sql.query('INSERT INTO governance_obligation_records (municipality_id, entry_id, obligation_id, record) VALUES ($1, $2, $3, $4::jsonb)', [m, r.systemId, r.obligationId, json(r)]);
}

export async function bundles(sql: Sql, m: string): Promise<Map<string, { bundle: DeployerBundle; version: number }>> {
  const rows = await sql.query<{ entry_id: string; bundle: DeployerBundle; version: number }>('SELECT entry_id, bundle, version FROM governance_bundles WHERE municipality_id = $1', [m]);
  return new Map(rows.map((r) => [r.entry_id, { bundle: r.bundle, version: Number(r.version) }]));
}

export async function readBundle(sql: Sql, m: string, id: string, lock = false): Promise<{ bundle: DeployerBundle; version: number } | null> {
  const [r] = await sql.query<{ bundle: DeployerBundle; version: number }>(
    `SELECT bundle, version FROM governance_bundles WHERE municipality_id = $1 AND entry_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [m, id],
  );
  return r ? { bundle: r.bundle, version: Number(r.version) } : null;
}

export async function writeBundle(sql: Sql, m: string, b: DeployerBundle, version: number): Promise<void> {
  await sql.query(
    `INSERT INTO governance_bundles (municipality_id, entry_id, version, bundle) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (municipality_id, entry_id) DO UPDATE SET version = EXCLUDED.version, bundle = EXCLUDED.bundle, updated_at = now()`,
    [m, b.systemId, version, json(b)],
  );
}

export async function staffCouncilRecords(sql: Sql, m: string): Promise<StaffCouncilRecord[]> {
  const rows = await sql.query<{ record: StaffCouncilRecord }>('SELECT record FROM governance_staff_council WHERE municipality_id = $1 ORDER BY seq', [m]);
  return rows.map((r) => r.record);
}

export async function insertStaffCouncilRecord(sql: Sql, m: string, r: StaffCouncilRecord): Promise<void> {
  await sql.query('INSERT INTO governance_staff_council (municipality_id, system_id, record) VALUES ($1, $2, $3::jsonb)', [m, r.systemId, json(r)]);
}

export async function consultationRecords(sql: Sql, m: string): Promise<ConsultationRecord[]> {
  const rows = await sql.query<{ record: ConsultationRecord }>('SELECT record FROM governance_consultations WHERE municipality_id = $1 ORDER BY system_id, opened_at', [m]);
  return rows.map((r) => r.record);
}

export async function upsertConsultation(sql: Sql, m: string, r: ConsultationRecord): Promise<void> {
  await sql.query(
    `INSERT INTO governance_consultations (municipality_id, system_id, opened_at, record) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (municipality_id, system_id, opened_at) DO UPDATE SET record = EXCLUDED.record, updated_at = now()`,
    [m, r.systemId, r.openedAt, json(r)],
  );
}

export async function readSettings(sql: Sql, m: string): Promise<GovernanceSettings | null> {
  const [r] = await sql.query<{ settings: GovernanceSettings }>('SELECT settings FROM governance_settings WHERE municipality_id = $1', [m]);
  return r?.settings ?? null;
}

export async function writeSettings(sql: Sql, m: string, s: GovernanceSettings): Promise<void> {
  await sql.query(
    `INSERT INTO governance_settings (municipality_id, settings) VALUES ($1, $2::jsonb)
     ON CONFLICT (municipality_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [m, json(s)],
  );
}

export async function featureSwitches(sql: Sql, m: string): Promise<FeatureSwitch[]> {
  const rows = await sql.query<{ feature: FeatureSwitch['feature']; pack_id: string; enabled: boolean; changed_by: string; changed_at: unknown }>(
    'SELECT feature, pack_id, enabled, changed_by, changed_at FROM governance_feature_switches WHERE municipality_id = $1 ORDER BY seq',
    [m],
  );
  return rows.map((r) => ({ feature: r.feature, ...(r.pack_id ? { packId: r.pack_id } : {}), enabled: r.enabled, changedBy: r.changed_by, changedAt: iso(r.changed_at) }));
}

export async function insertFeatureSwitch(sql: Sql, m: string, s: FeatureSwitch): Promise<void> {
  await sql.query('INSERT INTO governance_feature_switches (municipality_id, feature, pack_id, enabled, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    m,
    s.feature,
    s.packId ?? '',
    s.enabled,
    s.changedBy,
    s.changedAt,
  ]);
}

export async function completions(sql: Sql, m: string, personId?: string): Promise<CompletionRecord[]> {
  const rows = await sql.query<{ record: CompletionRecord }>(
    `SELECT record FROM governance_literacy_completions WHERE municipality_id = $1${personId ? ' AND person_id = $2' : ''} ORDER BY seq`,
    personId ? [m, personId] : [m],
  );
  return rows.map((r) => r.record);
}

export async function insertCompletion(sql: Sql, m: string, r: CompletionRecord): Promise<void> {
  await sql.query('INSERT INTO governance_literacy_completions (municipality_id, person_id, unit_id, record) VALUES ($1, $2, $3, $4::jsonb)', [m, r.personId, r.unitId, json(r)]);
}

export interface GovernanceEventRow {
  seq: number;
  type: string;
  entryId: string | null;
  actorKind: string;
  actorId: string;
  summary: string;
  payloadHash: string;
  at: string;
}

export async function insertEvent(
  sql: Sql,
  m: string,
  e: { type: string; entryId?: string; actorKind: string; actorId: string; summary: string; payload: unknown; payloadHash: string; at: string },
): Promise<number> {
  const [r] = await sql.query<{ seq: string | number }>(
    `INSERT INTO governance_events (municipality_id, type, entry_id, actor_kind, actor_id, summary, payload, payload_hash, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) RETURNING seq`,
    [m, e.type, e.entryId ?? null, e.actorKind, e.actorId, e.summary, json(e.payload), e.payloadHash, e.at],
  );
  return Number(r!.seq);
}

export async function readEvents(sql: Sql, m: string, entryId?: string): Promise<GovernanceEventRow[]> {
  const rows = await sql.query<{ seq: string | number; type: string; entry_id: string | null; actor_kind: string; actor_id: string; summary: string; payload_hash: string; at: unknown }>(
    `SELECT seq, type, entry_id, actor_kind, actor_id, summary, payload_hash, at FROM governance_events WHERE municipality_id = $1${entryId ? ' AND entry_id = $2' : ''} ORDER BY seq`,
    entryId ? [m, entryId] : [m],
  );
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, entryId: r.entry_id, actorKind: r.actor_kind, actorId: r.actor_id, summary: r.summary, payloadHash: r.payload_hash, at: iso(r.at) }));
}
