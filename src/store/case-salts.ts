import { newSalt } from '../ledger/index.ts';
import type { CaseCipher } from '../privacy/index.ts';
import { FIELD, openBytes, sealBytes, type CaseKeys } from './case-keys.ts';
import { bytes, insertSalts, isPlainSalt, type SaltVault } from './ledger-entries.ts';

/**
 * The ledger's commitment salts sealed under each case's data key: a salt is personal data
 * in the sense that with it anyone can link the case's entries to the case. Destroying the
 * key (erasure) makes every stored copy of the salt useless, like the rest of the case's
 * data. A case without a key has no salt, so nothing new can be linked to an erased case.
 */
export function sealedSalts(keys: CaseKeys): SaltVault {
  const open = (cipher: CaseCipher, stored: Uint8Array) => (isPlainSalt(stored) ? stored : new Uint8Array(openBytes(cipher, FIELD.ledgerSalt, stored)));
  const vault: SaltVault = {
    async salts(sql, caseIds, create) {
      const ids = [...new Set(caseIds)];
      const out = new Map<string, Uint8Array>();
      if (ids.length === 0) return out;
      const rows = await sql.query<{ case_id: string; municipality_id: string; wrapped: string; salt: unknown }>(
        // Each case's key and salt by primary key, whatever the planner guesses: as a join with
        // `= ANY`, it read every key and every salt there is whenever statistics were missing.
        `SELECT k.case_id, k.municipality_id, k.wrapped, s.salt FROM unnest($1::uuid[]) AS x(id)
         CROSS JOIN LATERAL (SELECT case_id, municipality_id, wrapped FROM case_keys WHERE case_id = x.id LIMIT 1) k
         LEFT JOIN LATERAL (SELECT salt FROM ledger_case_salts WHERE case_id = x.id LIMIT 1) s ON true`,
        [ids],
      );
      const fresh: { caseId: string; salt: Uint8Array; stored: Uint8Array }[] = [];
      for (const r of rows) {
        const cipher = keys.open(r.wrapped, r.municipality_id, r.case_id);
        try {
          if (r.salt != null) out.set(r.case_id, open(cipher, bytes(r.salt)));
          else if (create) {
            const salt = newSalt();
            fresh.push({ caseId: r.case_id, salt, stored: sealBytes(cipher, FIELD.ledgerSalt, salt) });
          }
        } finally {
          cipher.close();
        }
      }
      const inserted = await insertSalts(sql, fresh);
      for (const f of fresh) if (inserted.has(f.caseId)) out.set(f.caseId, f.salt);
      // Another process created it at the same moment: read theirs.
      const lost = fresh.filter((f) => !inserted.has(f.caseId)).map((f) => f.caseId);
      if (lost.length > 0) for (const [id, salt] of await vault.salts(sql, lost, false)) out.set(id, salt);
      return out;
    },
    async all(sql) {
      const rows = await sql.query<{ case_id: string; municipality_id: string | null; wrapped: string | null; salt: unknown }>(
        'SELECT s.case_id, k.municipality_id, k.wrapped, s.salt FROM ledger_case_salts s LEFT JOIN case_keys k ON k.case_id = s.case_id',
      );
      const out = new Map<string, Uint8Array>();
      for (const r of rows) {
        const stored = bytes(r.salt);
        if (!r.wrapped || !r.municipality_id) {
          // A salt written before salts were sealed, of a case without a key: still in the clear.
          if (isPlainSalt(stored)) out.set(r.case_id, stored);
          continue;
        }
        const cipher = keys.open(r.wrapped, r.municipality_id, r.case_id);
        try {
          out.set(r.case_id, open(cipher, stored));
        } finally {
          cipher.close();
        }
      }
      return out;
    },
  };
  return vault;
}
