import type { CaseCipher } from '../privacy/index.ts';
import { FIELD, sealBytes, type CaseKeys } from './case-keys.ts';
import type { Db, Sql } from './db.ts';
import { bytes, isPlainSalt } from './ledger-entries.ts';

const SEALED = 'ak1.';
// An arbitrary constant: the advisory lock that lets one process at a time take a batch.
const SEALING_LOCK = 71_354_202;

/**
 * Cases written before per-case keys existed (their personal data in the clear; migration
 * 0003 lists them in `case_sealing_queue`) get a key, and their applicant, application,
 * documents, objection texts and commitment salt are encrypted under it, each batch in one
 * transaction. The platform calls this at every start before it serves: with the queue
 * empty that is one look at an empty table.
 *
 * Several processes starting at once are safe: each batch first takes a transaction-scoped
 * advisory lock, so batches run one after another and each sees what the previous one
 * committed; a process returns only when the queue is empty, never while another still
 * seals (it would read those cases as erased). A case that already has a key is only taken
 * off the queue — sealing it again under a second key would make its data unreadable.
 *
 * An objection text the ledger already committed to in the clear stays as it is (its
 * commitment covers those bytes); it goes with the case's erasure.
 */
export async function sealLegacyCases(db: Db, keys: CaseKeys, batch = 200): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEALING_LOCK]);
      const rows = await tx.query<{ id: string; municipality_id: string }>(
        `SELECT c.id, c.municipality_id FROM case_sealing_queue q JOIN cases c ON c.id = q.case_id
         ORDER BY q.case_id LIMIT $1 FOR UPDATE OF c`,
        [batch],
      );
      let done = 0;
      for (const r of rows) {
        const key = keys.create(r.municipality_id, r.id);
        try {
          const [own] = await tx.query(
            'INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING RETURNING case_id',
            [r.id, r.municipality_id, key.wrapped, key.masterKeyId],
          );
          if (own) {
            await sealCase(tx, r.id, key.cipher);
            done++;
          }
        } finally {
          key.cipher.close();
        }
      }
      await tx.query('DELETE FROM case_sealing_queue WHERE case_id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      return { taken: rows.length, done };
    });
    sealed += n.done;
    if (n.taken < batch) return sealed;
  }
}

async function sealCase(tx: Sql, caseId: string, cipher: CaseCipher): Promise<void> {
  const [p] = await tx.query<{ applicant: string; application: string }>('SELECT applicant, application FROM case_personal WHERE case_id = $1', [caseId]);
  if (p && !p.applicant.startsWith(SEALED)) {
    // The migration turned the JSON columns into text: the stored text is the JSON itself.
    await tx.query('UPDATE case_personal SET applicant = $2, application = $3 WHERE case_id = $1', [
      caseId,
      cipher.encrypt(FIELD.applicant, p.applicant),
      cipher.encrypt(FIELD.application, p.application),
    ]);
  }
  const docs = await tx.query<{ id: string; filename: string; content: unknown }>('SELECT id, filename, content FROM documents WHERE case_id = $1', [caseId]);
  for (const d of docs) {
    await tx.query('UPDATE documents SET filename = $2, content = $3 WHERE id = $1', [
      d.id,
      cipher.encrypt(FIELD.documentName(d.id), d.filename),
      sealBytes(cipher, FIELD.documentContent(d.id), bytes(d.content)),
    ]);
  }
  const objections = await tx.query<{ id: string; reason: string; assessment: string | null; committed: boolean }>(
    `SELECT o.id, o.reason, o.assessment, EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.case_id = o.case_id AND l.covers = 'objection:' || o.id::text) AS committed
     FROM objections o WHERE o.case_id = $1`,
    [caseId],
  );
  for (const o of objections) {
    await tx.query('UPDATE objections SET reason = $2, assessment = $3 WHERE id = $1', [
      o.id,
      o.committed ? o.reason : cipher.encrypt(FIELD.objectionReason(o.id), o.reason),
      o.assessment === null ? null : cipher.encrypt(FIELD.objectionAssessment(o.id), o.assessment),
    ]);
  }
  const [s] = await tx.query<{ salt: unknown }>('SELECT salt FROM ledger_case_salts WHERE case_id = $1', [caseId]);
  if (s && isPlainSalt(bytes(s.salt))) {
    await tx.query(`UPDATE ledger_case_salts SET salt = decode($2, 'hex') WHERE case_id = $1`, [caseId, sealBytes(cipher, FIELD.ledgerSalt, bytes(s.salt)).toString('hex')]);
  }
}
