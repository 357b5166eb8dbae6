import { AmtsklarError } from '../common/index.ts';
import type {
  AccessRecord,
  CaseEvent,
  CaseRecord,
  CaseState,
  DocumentMeta,
  Draft,
  IdempotentAnswer,
  JobRequest,
  MunicipalitySettings,
  Objection,
  PersonalData,
  RecalcItemResult,
  RecalcProposal,
  RecalcRun,
  RecalcUnitOfWork,
  NewSubmission,
  StoredSubmission,
  SubmissionSettings,
} from '../cases/index.ts';
import { mergeSettings } from '../cases/index.ts';
import type { CaseCipher } from '../privacy/index.ts';
import { caseKeys, FIELD, sealBytes, type CaseKeys, type NewCaseKey } from './case-keys.ts';
import { prepared, type Db, type Row, type Sql } from './db.ts';
import { insertDocument as insertDocumentRow } from './documents.ts';

/** Hands a job to the queue inside the caller's transaction (see src/jobs). */
export type Enqueue = (tx: Sql, job: JobRequest) => Promise<void>;

const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
const day = (v: unknown): string | null => {
  if (v == null) return null;
  if (v instanceof Date) {
    // DATE columns arrive as local midnight; read the calendar date back in local time.
    const y = v.getFullYear();
    const m = String(v.getMonth() + 1).padStart(2, '0');
    const d = String(v.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(v).slice(0, 10);
};

export function caseColumns(t = ''): string {
  const p = t ? `${t}.` : '';
  return `${p}id, ${p}municipality_id, ${p}aktenzeichen, ${p}pack_id, ${p}pack_release, ${p}state, ${p}version, ${p}team_id, ${p}assigned_to,
  ${p}citizen_id, ${p}decision, ${p}discretion, ${p}overrides, ${p}approvals, ${p}abhilfe, ${p}documents_due::text AS documents_due, ${p}reminded_at,
  ${p}issued_at, ${p}issued_by, ${p}objection_due::text AS objection_due, ${p}closed_at, ${p}anonymised_at, ${p}created_at, ${p}updated_at`;
}
export const CASE_COLUMNS = caseColumns();

export function caseFromRow(r: Row): CaseRecord {
  return {
    id: r.id as string,
    municipalityId: r.municipality_id as string,
    aktenzeichen: r.aktenzeichen as string,
    packId: r.pack_id as string,
    packRelease: r.pack_release as string,
    state: r.state as CaseState,
    version: Number(r.version),
    teamId: (r.team_id as string | null) ?? null,
    assignedTo: (r.assigned_to as string | null) ?? null,
    citizenId: (r.citizen_id as string | null) ?? null,
    decision: (r.decision as CaseRecord['decision']) ?? null,
    discretion: (r.discretion as CaseRecord['discretion']) ?? {},
    overrides: (r.overrides as CaseRecord['overrides']) ?? {},
    approvals: (r.approvals as CaseRecord['approvals']) ?? [],
    abhilfe: (r.abhilfe as CaseRecord['abhilfe']) ?? null,
    documentsDue: day(r.documents_due),
    remindedAt: iso(r.reminded_at),
    issuedAt: iso(r.issued_at),
    issuedBy: (r.issued_by as string | null) ?? null,
    objectionDue: day(r.objection_due),
    closedAt: iso(r.closed_at),
    anonymisedAt: iso(r.anonymised_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const json = (v: unknown): string => JSON.stringify(v);

export function documentFromRow(r: Row, cipher: CaseCipher): DocumentMeta {
  const id = r.id as string;
  return {
    id,
    caseId: r.case_id as string,
    checklistId: (r.checklist_id as string | null) ?? null,
    filename: cipher.decryptText(FIELD.documentName(id), r.filename as string),
    contentType: r.content_type as string,
    size: Number(r.size),
    sha256: r.sha256 as string,
    uploadedByKind: r.uploaded_by_kind as string,
    createdAt: iso(r.created_at)!,
  };
}

function draftFromRow(r: Row): Draft {
  return {
    id: r.id as string,
    caseId: r.case_id as string,
    kind: r.kind as Draft['kind'],
    text: r.text as string,
    textHash: r.text_hash as string,
    resultHash: (r.result_hash as string | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: iso(r.created_at)!,
  };
}

function objectionFromRow(r: Row, cipher: CaseCipher): Objection {
  const id = r.id as string;
  return {
    id,
    caseId: r.case_id as string,
    reason: sealedText(cipher, FIELD.objectionReason(id), r.reason as string),
    filedAt: iso(r.filed_at)!,
    result: (r.result as Objection['result']) ?? null,
    assessedBy: (r.assessed_by as string | null) ?? null,
    assessment: r.assessment == null ? null : sealedText(cipher, FIELD.objectionAssessment(id), r.assessment as string),
    decidedAt: iso(r.decided_at),
  };
}

/** An objection text the ledger committed to before texts were sealed stays in the clear (case-sealing.ts). */
function sealedText(cipher: CaseCipher, field: string, stored: string): string {
  return stored.startsWith('ak1.') ? cipher.decryptText(field, stored) : stored;
}

/** The personal data of a case from its two ciphertexts. */
export function openPersonal(cipher: CaseCipher, applicant: string, application: string): PersonalData {
  return { applicant: JSON.parse(cipher.decryptText(FIELD.applicant, applicant)), application: JSON.parse(cipher.decryptText(FIELD.application, application)) };
}

export function sealPersonal(cipher: CaseCipher, personal: PersonalData): { applicant: string; application: string } {
  return { applicant: cipher.encrypt(FIELD.applicant, json(personal.applicant)), application: cipher.encrypt(FIELD.application, json(personal.application)) };
}

function proposalFromRow(r: Row): RecalcProposal {
  return {
    id: r.id as string,
    runId: r.run_id as string,
    caseId: r.case_id as string,
    fromRelease: r.from_release as string,
    toRelease: r.to_release as string,
    oldDecision: r.old_decision as RecalcProposal['oldDecision'],
    newDecision: r.new_decision as RecalcProposal['newDecision'],
    status: r.status as RecalcProposal['status'],
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: iso(r.decided_at),
    reason: (r.reason as string | null) ?? null,
    createdAt: iso(r.created_at)!,
  };
}

/**
 * The SQL behind the workflow's unit of work; one instance per transaction. Personal data
 * is encrypted on the way in and decrypted on the way out with the case's key, opened at
 * most once per unit of work and destroyed at its end (`close`).
 */
export class SqlCaseUnitOfWork implements RecalcUnitOfWork {
  private readonly ciphers = new Map<string, CaseCipher | null>();

  constructor(
    private readonly tx: Sql,
    private readonly enqueueJob: Enqueue,
    private readonly keys: CaseKeys,
  ) {}

  /** The case's cipher; null when its key was destroyed (erased). */
  private async cipher(caseId: string): Promise<CaseCipher | null> {
    if (!this.ciphers.has(caseId)) this.ciphers.set(caseId, await this.keys.load(this.tx, caseId));
    return this.ciphers.get(caseId)!;
  }

  private async requireCipher(caseId: string): Promise<CaseCipher> {
    const c = await this.cipher(caseId);
    if (!c) throw new AmtsklarError('conflict', 'Die personenbezogenen Daten dieses Falls sind gelöscht; er kann nicht mehr bearbeitet werden.');
    return c;
  }

  close(): void {
    for (const c of this.ciphers.values()) c?.close();
    this.ciphers.clear();
  }

  async settings(municipalityId: string): Promise<MunicipalitySettings> {
    const rows = await this.tx.query<{ settings: Partial<MunicipalitySettings> }>('SELECT settings FROM municipalities WHERE id = $1', [municipalityId]);
    return mergeSettings(rows[0]?.settings);
  }

  async getCase(municipalityId: string, caseId: string): Promise<CaseRecord | null> {
    if (!isUuid(caseId)) return null;
    const rows = await this.tx.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 AND municipality_id = $2 FOR UPDATE`, [caseId, municipalityId]);
    return rows[0] ? caseFromRow(rows[0]) : null;
  }

  async updateCase(c: CaseRecord, expectedVersion: number): Promise<boolean> {
    const rows = await this.tx.query(
      `UPDATE cases SET pack_release=$3, state=$4, version=$5, team_id=$6, assigned_to=$7, decision=$8, outcome=$9, result_hash=$10,
        discretion=$11, overrides=$12, approvals=$13, documents_due=$14, reminded_at=$15, issued_at=$16, issued_by=$17, objection_due=$18,
        closed_at=$19, updated_at=$20, abhilfe=$21
       WHERE id=$1 AND version=$2 RETURNING id`,
      [
        c.id, expectedVersion, c.packRelease, c.state, c.version, c.teamId, c.assignedTo, json(c.decision), c.decision?.outcome ?? null,
        c.decision?.receipt.resultHash ?? null, json(c.discretion), json(c.overrides), json(c.approvals), c.documentsDue, c.remindedAt,
        c.issuedAt, c.issuedBy, c.objectionDue, c.closedAt, c.updatedAt, c.abhilfe === null ? null : json(c.abhilfe),
      ],
    );
    return rows.length === 1;
  }

  /** The ciphertexts and the wrapped key in one round trip (the most frequent read of personal data). */
  async getPersonal(caseId: string): Promise<PersonalData | null> {
    const [r] = await this.tx.query<{ applicant: string; application: string; municipality_id: string | null; wrapped: string | null }>(
      'SELECT p.applicant, p.application, k.municipality_id, k.wrapped FROM case_personal p LEFT JOIN case_keys k ON k.case_id = p.case_id WHERE p.case_id = $1',
      [caseId],
    );
    if (!r) return null;
    if (!this.ciphers.has(caseId)) this.ciphers.set(caseId, r.wrapped ? this.keys.open(r.wrapped, r.municipality_id!, caseId) : null);
    const cipher = this.ciphers.get(caseId);
    return cipher ? openPersonal(cipher, r.applicant, r.application) : null;
  }

  async updatePersonal(caseId: string, personal: PersonalData): Promise<void> {
    const sealed = sealPersonal(await this.requireCipher(caseId), personal);
    await this.tx.query('UPDATE case_personal SET applicant = $2, application = $3, updated_at = now() WHERE case_id = $1', [caseId, sealed.applicant, sealed.application]);
  }

  async appendEvents(events: CaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    const params: unknown[] = [];
    const values = events.map((e, i) => {
      params.push(e.caseId, e.municipalityId, e.type, e.from, e.to, e.actor.kind, e.actor.id, e.actor.name, e.reason, json(e.data), e.at);
      const b = i * 11;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10},$${b + 11})`;
    });
    await this.tx.query(
      `INSERT INTO case_events (case_id, municipality_id, type, from_state, to_state, actor_kind, actor_id, actor_name, reason, data, at) VALUES ${values.join(',')}`,
      params,
    );
  }

  async documents(caseId: string): Promise<DocumentMeta[]> {
    const rows = await this.tx.query(
      'SELECT id, case_id, checklist_id, filename, content_type, size, sha256, uploaded_by_kind, created_at FROM documents WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    );
    if (rows.length === 0) return [];
    const cipher = await this.requireCipher(caseId);
    return rows.map((r) => documentFromRow(r, cipher));
  }

  async insertDocument(d: DocumentMeta, content: Uint8Array, uploadedBy: string): Promise<void> {
    const cipher = await this.requireCipher(d.caseId);
    await insertDocumentRow(this.tx, { ...d, filename: cipher.encrypt(FIELD.documentName(d.id), d.filename), content: sealBytes(cipher, FIELD.documentContent(d.id), content), uploadedBy });
  }

  async addDraft(d: Draft): Promise<void> {
    await this.tx.query(
      'INSERT INTO drafts (id, case_id, municipality_id, kind, text, text_hash, result_hash, created_by, created_at) SELECT $1, $2, municipality_id, $3, $4, $5, $6, $7, $8 FROM cases WHERE id = $2',
      [d.id, d.caseId, d.kind, d.text, d.textHash, d.resultHash, d.createdBy, d.createdAt],
    );
  }

  async latestDraft(caseId: string, kinds: Draft['kind'][]): Promise<Draft | null> {
    const rows = await this.tx.query('SELECT * FROM drafts WHERE case_id = $1 AND kind = ANY($2) ORDER BY created_at DESC, id DESC LIMIT 1', [caseId, kinds]);
    return rows[0] ? draftFromRow(rows[0]) : null;
  }

  async openObjection(caseId: string): Promise<Objection | null> {
    const rows = await this.tx.query('SELECT * FROM objections WHERE case_id = $1 AND result IS NULL ORDER BY filed_at DESC LIMIT 1', [caseId]);
    return rows[0] ? objectionFromRow(rows[0], await this.requireCipher(caseId)) : null;
  }

  async addObjection(o: Objection): Promise<void> {
    const reason = (await this.requireCipher(o.caseId)).encrypt(FIELD.objectionReason(o.id), o.reason);
    await this.tx.query('INSERT INTO objections (id, case_id, municipality_id, reason, filed_at) SELECT $1, $2, municipality_id, $3, $4 FROM cases WHERE id = $2', [
      o.id, o.caseId, reason, o.filedAt,
    ]);
  }

  async decideObjection(o: Objection): Promise<void> {
    const assessment = o.assessment === null ? null : (await this.requireCipher(o.caseId)).encrypt(FIELD.objectionAssessment(o.id), o.assessment);
    await this.tx.query('UPDATE objections SET result = $2, assessed_by = $3, assessment = $4, decided_at = $5 WHERE id = $1', [
      o.id, o.result, o.assessedBy, assessment, o.decidedAt,
    ]);
  }

  async enqueue(job: JobRequest): Promise<void> {
    await this.enqueueJob(this.tx, job);
  }

  async recordAccess(e: AccessRecord): Promise<void> {
    await recordAccess(this.tx, e);
  }

  // ——— recalculation ———

  async createRun(run: RecalcRun, runningStates: readonly string[], batchSize: number): Promise<{ total: number; batches: number }> {
    await this.tx.query('INSERT INTO recalc_runs (id, municipality_id, pack_id, to_release, started_by, started_at) VALUES ($1,$2,$3,$4,$5,$6)', [
      run.id, run.municipalityId, run.packId, run.toRelease, run.startedBy, run.startedAt,
    ]);
    await this.tx.query(
      `INSERT INTO recalc_items (run_id, case_id, batch)
       SELECT $1, id, ((row_number() OVER (ORDER BY id)) - 1) / $5 FROM cases
       WHERE municipality_id = $2 AND pack_id = $3 AND state = ANY($4) AND pack_release <> $6`,
      [run.id, run.municipalityId, run.packId, [...runningStates], batchSize, run.toRelease],
    );
    const rows = await this.tx.query<{ total: number }>('UPDATE recalc_runs SET total = (SELECT count(*) FROM recalc_items WHERE run_id = $1) WHERE id = $1 RETURNING total', [run.id]);
    const total = Number(rows[0]!.total);
    return { total, batches: Math.ceil(total / batchSize) };
  }

  async getRun(municipalityId: string, runId: string): Promise<RecalcRun | null> {
    if (!isUuid(runId)) return null;
    const rows = await this.tx.query('SELECT * FROM recalc_runs WHERE id = $1 AND municipality_id = $2', [runId, municipalityId]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      municipalityId: r.municipality_id as string,
      packId: r.pack_id as string,
      toRelease: r.to_release as string,
      startedBy: (r.started_by as string | null) ?? null,
      startedAt: iso(r.started_at)!,
      total: Number(r.total),
      finishedAt: iso(r.finished_at),
    };
  }

  async claimBatch(runId: string, batch: number): Promise<string[]> {
    const rows = await this.tx.query<{ case_id: string }>(
      "SELECT case_id FROM recalc_items WHERE run_id = $1 AND batch = $2 AND state = 'pending' FOR UPDATE SKIP LOCKED",
      [runId, batch],
    );
    return rows.map((r) => r.case_id);
  }

  async casesWithPersonal(municipalityId: string, caseIds: string[]): Promise<{ c: CaseRecord; personal: PersonalData | null }[]> {
    const rows = await this.tx.query(
      `SELECT ${caseColumns('c')}, p.applicant AS p_applicant, p.application AS p_application, k.wrapped AS k_wrapped
       FROM cases c LEFT JOIN case_personal p ON p.case_id = c.id LEFT JOIN case_keys k ON k.case_id = c.id
       WHERE c.municipality_id = $1 AND c.id = ANY($2)`,
      [municipalityId, caseIds],
    );
    return rows.map((r) => {
      const c = caseFromRow(r);
      if (!r.p_application || !r.k_wrapped) return { c, personal: null };
      const cipher = this.keys.open(r.k_wrapped as string, c.municipalityId, c.id);
      try {
        return { c, personal: openPersonal(cipher, r.p_applicant as string, r.p_application as string) };
      } finally {
        cipher.close();
      }
    });
  }

  async finishItems(runId: string, worker: string, results: RecalcItemResult[], proposals: RecalcProposal[]): Promise<void> {
    if (proposals.length > 0) {
      const params: unknown[] = [];
      const values = proposals.map((p, i) => {
        params.push(p.id, p.runId, p.caseId, p.fromRelease, p.toRelease, json(p.oldDecision), json(p.newDecision), p.createdAt);
        const b = i * 8;
        return `($${b + 1},$${b + 2},$${b + 3},(SELECT municipality_id FROM cases WHERE id = $${b + 3}),$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8})`;
      });
      await this.tx.query(
        `INSERT INTO recalc_proposals (id, run_id, case_id, municipality_id, from_release, to_release, old_decision, new_decision, created_at) VALUES ${values.join(',')}`,
        params,
      );
    }
    await this.tx.query(
      `UPDATE recalc_items i SET state = r.state, error = r.error, handled_count = i.handled_count + 1, handled_by = $2, handled_at = now()
       FROM (SELECT unnest($3::uuid[]) AS case_id, unnest($4::text[]) AS state, unnest($5::text[]) AS error) r
       WHERE i.run_id = $1 AND i.case_id = r.case_id`,
      [runId, worker, results.map((r) => r.caseId), results.map((r) => r.state), results.map((r) => r.error ?? null)],
    );
  }

  async finishRunIfDone(runId: string): Promise<void> {
    await this.tx.query(
      "UPDATE recalc_runs SET finished_at = now() WHERE id = $1 AND finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM recalc_items WHERE run_id = $1 AND state = 'pending')",
      [runId],
    );
  }

  async getProposal(municipalityId: string, proposalId: string): Promise<RecalcProposal | null> {
    if (!isUuid(proposalId)) return null;
    const rows = await this.tx.query('SELECT * FROM recalc_proposals WHERE id = $1 AND municipality_id = $2', [proposalId, municipalityId]);
    return rows[0] ? proposalFromRow(rows[0]) : null;
  }

  async proposalsForCase(caseId: string): Promise<RecalcProposal[]> {
    const rows = await this.tx.query('SELECT * FROM recalc_proposals WHERE case_id = $1 ORDER BY created_at DESC', [caseId]);
    return rows.map(proposalFromRow);
  }

  async updateProposal(p: RecalcProposal): Promise<void> {
    await this.tx.query('UPDATE recalc_proposals SET status = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1', [
      p.id, p.status, p.decidedBy, p.decidedAt, p.reason,
    ]);
  }
}

export async function recordAccess(tx: Sql, e: AccessRecord): Promise<void> {
  await tx.query('INSERT INTO data_access_log (municipality_id, case_id, actor_kind, actor_id, purpose, what) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.municipalityId, e.caseId, e.actorKind, e.actorId, e.purpose, e.what,
  ]);
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/**
 * One statement stores a whole submission (no BEGIN/COMMIT round trips: a single statement is
 * atomic) — only if the key has no answer yet and the settings are still those the application
 * was checked under ($30). The Aktenzeichen is drawn only then (a volatile CTE is evaluated
 * once, and not at all for a row its WHERE drops), so a refused, repeated or re-checked
 * application uses up no number. It always answers one row: the Aktenzeichen, or the earlier
 * answer under the key, and whether the settings were current. The idempotency row goes in last
 * without ON CONFLICT: a key taken meanwhile by a request running at the same time fails the
 * whole statement, and nothing of it is stored. Foreign keys are checked at its end.
 */
const STORE_SUBMISSION = prepared(`
WITH prior AS (SELECT status, response, request_hash FROM idempotency_keys WHERE municipality_id = $2 AND key = $23::text),
current AS (SELECT settings = $30::jsonb AS same FROM municipalities WHERE id = $2),
az AS (SELECT $3::text || lpad(nextval('aktenzeichen_seq')::text, 6, '0') AS v
  WHERE NOT EXISTS (SELECT 1 FROM prior) AND (SELECT same FROM current) IS TRUE),
citizen AS (INSERT INTO citizens (id, municipality_id) SELECT $10::uuid, $2 FROM az WHERE $10::uuid IS NOT NULL ON CONFLICT (id) DO NOTHING),
c AS (INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, version, team_id, assigned_to, citizen_id, access_code_hash,
    decision, outcome, result_hash, discretion, overrides, approvals, created_at, updated_at)
  SELECT $1,$2,az.v,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18 FROM az RETURNING id, aktenzeichen),
k AS (INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) SELECT id, $2, $21, $22 FROM c),
p AS (INSERT INTO case_personal (case_id, municipality_id, applicant, application) SELECT id, $2, $19, $20 FROM c),
l AS (INSERT INTO login_links (token_hash, municipality_id, citizen_id, expires_at) SELECT $27, $2, $10::uuid, $28::timestamptz FROM c WHERE $10::uuid IS NOT NULL),
e AS (INSERT INTO case_events (case_id, municipality_id, type, from_state, to_state, actor_kind, actor_id, actor_name, reason, data, at)
  SELECT c.id, $2, x.e->>'type', x.e->>'from_state', x.e->>'to_state', x.e->>'actor_kind', x.e->>'actor_id', x.e->>'actor_name', x.e->>'reason', x.e->'data', (x.e->>'at')::timestamptz
  FROM c, jsonb_array_elements($29::jsonb) WITH ORDINALITY AS x(e, ord)
  ORDER BY x.ord),
claim AS (INSERT INTO idempotency_keys (municipality_id, key, request_hash, status, response)
  SELECT $2, $23::text, $24, $25, jsonb_set($26::jsonb, '{aktenzeichen}', to_jsonb(c.aktenzeichen)) FROM c WHERE $23::text IS NOT NULL)
SELECT (SELECT aktenzeichen FROM c) AS aktenzeichen, (SELECT same FROM current) AS same, prior.status, prior.response, prior.request_hash
FROM (SELECT 1) AS one LEFT JOIN prior ON true`);

function submissionParams(s: NewSubmission, key: NewCaseKey): unknown[] {
  const c = s.case;
  const sealed = sealPersonal(key.cipher, s.personal);
  const events = s.events.map((e) => ({
    type: e.type, from_state: e.from, to_state: e.to, actor_kind: e.actor.kind, actor_id: e.actor.id, actor_name: e.actor.name, reason: e.reason, data: e.data, at: e.at,
  }));
  return [
    c.id, c.municipalityId, s.aktenzeichenPrefix, c.packId, c.packRelease, c.state, c.version, c.teamId, c.assignedTo, c.citizenId, s.accessCodeHash,
    json(c.decision), c.decision?.outcome ?? null, c.decision?.receipt.resultHash ?? null, json(c.discretion), json(c.overrides), json(c.approvals), c.createdAt,
    sealed.applicant, sealed.application, key.wrapped, key.masterKeyId,
    s.idempotency?.key ?? null, s.idempotency?.requestHash ?? null, s.idempotency?.status ?? null, s.idempotency ? json(sealAnswer(key.cipher, s.idempotency.response)) : null,
    s.loginLink.tokenHash, s.loginLink.expiresAt.toISOString(), json(events), json(s.settingsChecked ?? {}),
  ];
}

/**
 * A submission's answer as kept under its idempotency key: the access code and the login link's
 * token only encrypted with the case's key (a day-long copy of both in plain text would let anyone
 * who reads the table into the citizen's case), opened again for a repeated request. Once the
 * case is erased the key is gone and a repeat gets the answer without them.
 */
const SECRETS = ['accessCode', 'loginToken'] as const;

function sealAnswer(cipher: CaseCipher, response: unknown): unknown {
  if (!response || typeof response !== 'object') return response;
  const r = { ...(response as Record<string, unknown>) };
  const secrets: Record<string, unknown> = {};
  for (const k of SECRETS) {
    if (k in r) {
      secrets[k] = r[k];
      delete r[k];
    }
  }
  if (Object.keys(secrets).length > 0) r.sealedSecrets = cipher.encrypt(FIELD.answerSecrets, JSON.stringify(secrets));
  return r;
}

async function openAnswer(sql: Sql, keys: CaseKeys, response: unknown): Promise<unknown> {
  if (!response || typeof response !== 'object' || !('sealedSecrets' in response)) return response;
  const { sealedSecrets, ...rest } = response as Record<string, unknown>;
  const caseId = typeof rest.caseId === 'string' ? rest.caseId : null;
  const cipher = caseId ? await keys.load(sql, caseId) : null;
  if (!cipher) return rest;
  try {
    return { ...rest, ...(JSON.parse(cipher.decryptText(FIELD.answerSecrets, String(sealedSecrets))) as Record<string, unknown>) };
  } finally {
    cipher.close();
  }
}

/** The idempotency key's primary key refused a second row: the same key was stored first by another request. */
function keyTaken(e: unknown): boolean {
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  return err?.code === '23505' && (String(err.constraint ?? '').startsWith('idempotency_keys') || String(err.message ?? '').includes('idempotency_keys'));
}

/** The workflow's store over a Db: each unit of work is one transaction. */
export function caseStore(db: Db, enqueue: Enqueue, keys: CaseKeys = caseKeys()) {
  async function idempotentAnswer(municipalityId: string, key: string): Promise<IdempotentAnswer | null> {
    const [r] = await db.query<{ status: number; response: unknown; request_hash: string }>(
      'SELECT status, response, request_hash FROM idempotency_keys WHERE municipality_id = $1 AND key = $2',
      [municipalityId, key],
    );
    return r ? { status: Number(r.status), response: await openAnswer(db, keys, r.response), requestHash: r.request_hash } : null;
  }
  return {
    keys,
    async submissionSettings(municipalityId: string): Promise<SubmissionSettings | null> {
      const [r] = await db.query<{ settings: Partial<MunicipalitySettings> | null }>('SELECT settings FROM municipalities WHERE id = $1', [municipalityId]);
      return r ? { settings: mergeSettings(r.settings), stored: r.settings ?? {} } : null;
    },
    async storeSubmission(s: NewSubmission): Promise<StoredSubmission> {
      const key = keys.create(s.case.municipalityId, s.case.id);
      try {
        const params = submissionParams(s, key);
        const run = async (sql: Sql): Promise<StoredSubmission> => {
          const [r] = await sql.query<{ aktenzeichen: string | null; same: boolean | null; status: number | null; response: unknown; request_hash: string | null }>(STORE_SUBMISSION, params);
          if (r!.request_hash !== null) return { prior: { status: Number(r!.status), response: await openAnswer(sql, keys, r!.response), requestHash: r!.request_hash } };
          if (r!.aktenzeichen === null) return { settingsChanged: true };
          if (s.job) await enqueue(sql, s.job);
          return { aktenzeichen: r!.aktenzeichen };
        };
        // A job must commit with the case: then (only then) a transaction around both.
        return s.job ? await db.transaction(run) : await run(db);
      } catch (e) {
        // the same key stored meanwhile by a request running at the same time
        if (s.idempotency && keyTaken(e)) return { prior: await idempotentAnswer(s.case.municipalityId, s.idempotency.key) };
        throw e;
      } finally {
        key.cipher.close();
      }
    },
    idempotentAnswer,
    unitOfWork<T>(fn: (u: SqlCaseUnitOfWork) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        const u = new SqlCaseUnitOfWork(tx, enqueue, keys);
        try {
          return await fn(u);
        } finally {
          u.close();
        }
      });
    },
  };
}
