import { STATE_LABELS, type CaseState } from '../cases/index.ts';
import { AmtsklarError } from '../common/index.ts';
import { ERASED_REASON, eraseWrittenReasons, type Decision } from '../engine/index.ts';
import type { CaseKeys } from './case-keys.ts';
import type { Db, Sql } from './db.ts';
import type { Ledger } from './ledger.ts';

/**
 * Erasure of a case's personal data (retention end, or a request under Art. 17 GDPR through
 * the data-protection officer). One path for every reason and both modes:
 *
 * 1. the ledger catches up, so everything recorded about the case is entered under its salt;
 * 2. the key's fingerprint is taken (it names the destroyed key in the log);
 * 3. in one transaction (`Ledger.eraseCase`): the `erasure` entry is appended, the wrapped
 *    case key is deleted (crypto-shredding: every remaining copy of the ciphertext, backups
 *    included, is unreadable from now on), the commitment salt is dropped, and the live rows
 *    go too — `anonymise` keeps the pseudonymous decision record (decision, approvals,
 *    history without reasons, letter hashes) for the log and statistics and cuts the link to
 *    the citizen; `delete` removes the case row and everything hanging on it.
 *
 * The log keeps verifying: it holds hashes and commitments only, and `ledger verify` accepts
 * missing rows and texts of a case that has an erasure entry.
 */
export type ErasureMode = 'anonymise' | 'delete';

export interface ErasureRequest {
  municipalityId: string;
  caseId: string;
  /** A code for the ledger: `retention_end`, `dsgvo-art17`. */
  legalBasis: string;
  mode: ErasureMode;
  actor: { role: string; id: string };
  /**
   * States in which the case may be erased, checked under the row lock (a request under
   * Art. 17 waits for the procedure's end: Art. 17 Abs. 3 Buchst. b and e GDPR).
   */
  onlyInStates?: readonly string[];
}

export interface ErasureRecord {
  caseId: string;
  municipalityId: string;
  legalBasis: string;
  method: string;
  mode: ErasureMode;
  keyFingerprint: string | null;
  ledgerIndex: number;
  actorRole: string;
  actorId: string;
  erasedAt: string;
}

const ERASED = ERASED_REASON;
const ERASED_LETTER = '[gelöscht: personenbezogene Daten des Falls vernichtet]';

export async function eraseCase(db: Db, ledger: Ledger, keys: CaseKeys, r: ErasureRequest): Promise<ErasureRecord> {
  await ledger.catchUp();
  const [k] = await db.query<{ wrapped: string }>('SELECT k.wrapped FROM case_keys k JOIN cases c ON c.id = k.case_id WHERE k.case_id = $1 AND c.municipality_id = $2', [
    r.caseId,
    r.municipalityId,
  ]);
  if (!k) {
    const [c] = await db.query<{ anonymised_at: unknown }>('SELECT anonymised_at FROM cases WHERE id = $1 AND municipality_id = $2', [r.caseId, r.municipalityId]);
    if (!c) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
    throw new AmtsklarError('conflict', 'Die personenbezogenen Daten dieses Falls sind bereits gelöscht.');
  }
  const cipher = keys.open(k.wrapped, r.municipalityId, r.caseId);
  const keyFingerprint = cipher.fingerprint;
  cipher.close();
  const method = 'crypto-shredding';
  let record: ErasureRecord | null = null;
  await ledger.eraseCase(
    r.caseId,
    { municipalityId: r.municipalityId, actorRole: r.actor.role, actor: r.actor.id, legalBasis: r.legalBasis, keyFingerprint },
    async (tx, ledgerIndex) => {
      const [c] = await tx.query<{ citizen_id: string | null; state: string }>('SELECT citizen_id, state FROM cases WHERE id = $1 AND municipality_id = $2 FOR UPDATE', [r.caseId, r.municipalityId]);
      if (!c) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
      if (r.onlyInStates && !r.onlyInStates.includes(c.state)) {
        throw new AmtsklarError(
          'conflict',
          `Der Fall ist noch nicht abgeschlossen (Status „${stateLabel(c.state)}“). Solange das Verfahren läuft – bis zur Bestandskraft des Bescheids oder zur Entscheidung über den Widerspruch –, sind die Daten dafür erforderlich (Art. 17 Abs. 3 Buchst. b und e DSGVO); gelöscht werden kann erst der abgeschlossene Fall.`,
          [{ path: '$.aktenzeichen', message: `Fall im Status „${stateLabel(c.state)}“` }],
        );
      }
      const destroyed = await tx.query('DELETE FROM case_keys WHERE case_id = $1 RETURNING case_id', [r.caseId]);
      if (destroyed.length !== 1) throw new AmtsklarError('conflict', 'Die personenbezogenen Daten dieses Falls sind bereits gelöscht.');
      await removeRows(tx, r.caseId, r.mode);
      if (c.citizen_id) await forgetCitizen(tx, c.citizen_id);
      const [row] = await tx.query<{ erased_at: unknown }>(
        `INSERT INTO case_erasures (case_id, municipality_id, legal_basis, method, mode, key_fingerprint, ledger_index, actor_role, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING erased_at`,
        [r.caseId, r.municipalityId, r.legalBasis, method, r.mode, keyFingerprint, ledgerIndex, r.actor.role, r.actor.id],
      );
      record = {
        caseId: r.caseId,
        municipalityId: r.municipalityId,
        legalBasis: r.legalBasis,
        method,
        mode: r.mode,
        keyFingerprint,
        ledgerIndex,
        actorRole: r.actor.role,
        actorId: r.actor.id,
        erasedAt: new Date(String(row!.erased_at instanceof Date ? row!.erased_at.toISOString() : row!.erased_at)).toISOString(),
      };
    },
  );
  return record!;
}

/** A jsonb column of entries by name (overrides, discretion decisions) with each entry's `reason` replaced by $2. */
const blankReasons = (column: string) =>
  `COALESCE((SELECT jsonb_object_agg(k, CASE WHEN jsonb_typeof(v) = 'object' AND v ? 'reason' THEN jsonb_set(v, '{reason}', to_jsonb($2::text)) ELSE v END) FROM jsonb_each(${column}) AS e(k, v)), ${column})`;

/** The live rows: gone (`delete`), or the personal ones gone and free texts blanked (`anonymise`). */
async function removeRows(tx: Sql, caseId: string, mode: ErasureMode): Promise<void> {
  if (mode === 'delete') {
    // Drafting revisions have no foreign key to the case; the log keeps their hashes.
    await tx.query('DELETE FROM drafting_drafts WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM cases WHERE id = $1', [caseId]);
    return;
  }
  await tx.query('DELETE FROM case_personal WHERE case_id = $1', [caseId]);
  await tx.query('DELETE FROM documents WHERE case_id = $1', [caseId]);
  // A reply to a citizen's e-mail may quote it.
  await tx.query('DELETE FROM drafting_drafts WHERE case_id = $1 AND holds_personal_data', [caseId]);
  // A letter's text repeats the application's facts and the written reasons (Erwägungen), and a
  // caseworker may have edited it by hand; its hash stays in the row and in the log.
  await tx.query(`UPDATE drafting_drafts SET letter = jsonb_set(jsonb_set(letter, '{sections}', $2::jsonb), '{salutation}', to_jsonb($3::text)) WHERE case_id = $1`, [
    caseId,
    JSON.stringify([{ id: 'erlaeuterung', heading: null, binding: false, origin: 'template', blocks: [{ type: 'p', text: ERASED_LETTER }] }]),
    ERASED,
  ]);
  await tx.query(`UPDATE objections SET reason = $2, assessment = CASE WHEN assessment IS NULL THEN NULL ELSE $2 END WHERE case_id = $1`, [caseId, ERASED]);
  await tx.query('UPDATE drafts SET text = $2 WHERE case_id = $1', [caseId, ERASED_LETTER]);
  await tx.query(`UPDATE case_events SET reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END WHERE case_id = $1`, [caseId, ERASED]);
  // The decision keeps what its resultHash seals; its Rechenweg and embedded request repeat the
  // application's facts (incomes, birth dates, names of children) and are not sealed, so they go.
  // The reasons a caseworker wrote for overrides and discretion decisions are free text that may
  // name a person's circumstances: blanked in the workflow's columns like the history's reasons,
  // and in the sealed decision replaced by their hashes, which its resultHash covers in their
  // place; an Abhilfe still waiting for approval holds more of them and goes.
  const [row] = await tx.query<{ decision: SealedDecision | null }>('SELECT decision FROM cases WHERE id = $1', [caseId]);
  await tx.query(
    `UPDATE cases SET citizen_id = NULL, access_code_hash = NULL, anonymised_at = now(), version = version + 1, updated_at = now(),
       decision = $3::json, overrides = ${blankReasons('overrides')}, discretion = ${blankReasons('discretion')}, abhilfe = NULL
     WHERE id = $1`,
    [caseId, ERASED, row?.decision ? JSON.stringify(pseudonymousDecision(row.decision)) : null],
  );
  // A recalculation's proposal holds the old decision with its recomputed Rechenweg, and the
  // reason a caseworker gave for accepting or rejecting it.
  const proposals = await tx.query<{ id: string; old_decision: SealedDecision; new_decision: SealedDecision; reason: string | null }>(
    'SELECT id, old_decision, new_decision, reason FROM recalc_proposals WHERE case_id = $1',
    [caseId],
  );
  for (const p of proposals) {
    await tx.query('UPDATE recalc_proposals SET old_decision = $2::json, new_decision = $3::json, reason = $4 WHERE id = $1', [
      p.id,
      JSON.stringify(pseudonymousDecision(p.old_decision)),
      JSON.stringify(pseudonymousDecision(p.new_decision)),
      p.reason === null ? null : ERASED,
    ]);
  }
  await tx.query(
    `INSERT INTO case_events (case_id, municipality_id, type, from_state, to_state, actor_kind, actor_id, actor_name, data)
     SELECT id, municipality_id, 'erased', state, state, 'system', 'system', 'Datenschutz', '{}'::jsonb FROM cases WHERE id = $1`,
    [caseId],
  );
}

type SealedDecision = Pick<Decision, 'overrides' | 'humanDecisions'> & Record<string, unknown>;

/** What an anonymised case keeps of a decision: what its resultHash seals, written reasons only as their hashes. */
function pseudonymousDecision(d: SealedDecision): SealedDecision {
  const { aktenzeichen: _a, trace: _t, request: _r, rechenwegProblem: _p, ...kept } = d;
  return eraseWrittenReasons(kept);
}

/** A citizen without any remaining case is forgotten with their sessions and login links. */
async function forgetCitizen(tx: Sql, citizenId: string): Promise<void> {
  const [other] = await tx.query('SELECT 1 FROM cases WHERE citizen_id = $1 LIMIT 1', [citizenId]);
  if (other) return;
  await tx.query('DELETE FROM sessions WHERE citizen_id = $1', [citizenId]);
  await tx.query('DELETE FROM citizens WHERE id = $1', [citizenId]);
}

/** Closed cases of a pack whose retention period has run out (oldest first). */
export async function dueForRetention(sql: Sql, municipalityId: string, packId: string, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT c.id FROM cases c JOIN case_keys k ON k.case_id = c.id
     WHERE c.municipality_id = $1 AND c.pack_id = $2 AND c.state = 'closed' AND c.closed_at < $3 AND c.anonymised_at IS NULL
     ORDER BY c.closed_at LIMIT $4`,
    [municipalityId, packId, cutoff.toISOString(), limit],
  );
  return rows.map((r) => r.id);
}

export async function listErasures(sql: Sql, municipalityId: string, page: number, pageSize: number): Promise<{ items: ErasureRecord[]; total: number; page: number; pageSize: number }> {
  const [n] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM case_erasures WHERE municipality_id = $1', [municipalityId]);
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT * FROM case_erasures WHERE municipality_id = $1 ORDER BY erased_at DESC, case_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    [municipalityId],
  );
  return {
    items: rows.map((x) => ({
      caseId: x.case_id as string,
      municipalityId: x.municipality_id as string,
      legalBasis: x.legal_basis as string,
      method: x.method as string,
      mode: x.mode as ErasureMode,
      keyFingerprint: (x.key_fingerprint as string | null) ?? null,
      ledgerIndex: Number(x.ledger_index),
      actorRole: x.actor_role as string,
      actorId: x.actor_id as string,
      erasedAt: new Date(String(x.erased_at instanceof Date ? x.erased_at.toISOString() : x.erased_at)).toISOString(),
    })),
    total: Number(n!.n),
    page,
    pageSize,
  };
}

/** The German name of a stored state, for the message to a person (the stored word if unknown). */
function stateLabel(state: string): string {
  return STATE_LABELS[state as CaseState] ?? state;
}
