import type { PersonalData } from '../../src/cases/index.ts';
import { FIELD, type CaseKeys, type Db } from '../../src/store/index.ts';

/**
 * Personal data for cases inserted in bulk (scale tests, benches), stored as the platform
 * stores it: every case gets its own key, wrapped under the master key, and its applicant
 * and application only as ciphertext under that key. Cases without a key read as erased.
 */
export async function insertSealedPersonal(db: Db, keys: CaseKeys, rows: { caseId: string; municipalityId: string; personal: PersonalData }[], chunk = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const sealed = part.map((r) => {
      const key = keys.create(r.municipalityId, r.caseId);
      try {
        return {
          wrapped: key.wrapped,
          masterKeyId: key.masterKeyId,
          applicant: key.cipher.encrypt(FIELD.applicant, JSON.stringify(r.personal.applicant)),
          application: key.cipher.encrypt(FIELD.application, JSON.stringify(r.personal.application)),
        };
      } finally {
        key.cipher.close();
      }
    });
    await db.transaction(async (tx) => {
      const ids = part.map((r) => r.caseId);
      const tenants = part.map((r) => r.municipalityId);
      await tx.query('INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])', [
        ids,
        tenants,
        sealed.map((s) => s.wrapped),
        sealed.map((s) => s.masterKeyId),
      ]);
      await tx.query('INSERT INTO case_personal (case_id, municipality_id, applicant, application) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])', [
        ids,
        tenants,
        sealed.map((s) => s.applicant),
        sealed.map((s) => s.application),
      ]);
    });
  }
}
