import type { CaseCipher } from '../privacy/index.ts';
import { FIELD, sealBytes, type CaseKeys } from './case-keys.ts';
import type { Db, Sql } from './db.ts';
import { bytes, isPlainSalt } from './ledger-entries.ts';

const SEALED = 'ak1.';

/**
 * Cases written before per-case keys existed (their personal data in the clear) get a key,
 * and their applicant, application, documents, objection texts and commitment salt are
 * encrypted under it — at every start, in batches, until none is left. Nothing is lost:
 * each case is sealed in one transaction. An objection text the ledger already committed to
 * in the clear stays as it is (its commitment covers those bytes); it goes with the case's
 * erasure.
 */
export async function sealLegacyCases(db: Db, keys: CaseKeys, batch = 200): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; municipality_id: string }>(
        `SELECT c.id, c.municipality_id FROM cases c
         WHERE c.anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id)
         ORDER BY c.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      for (const r of rows) {
        const key = keys.create(r.municipality_id, r.id);
        try {
          await keys.insert(tx, r.municipality_id, r.id, key);
          await sealCase(tx, r.id, key.cipher);
        } finally {
          key.cipher.close();
        }
      }
      return rows.length;
    });
    sealed += n;
    if (n < batch) return sealed;
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
