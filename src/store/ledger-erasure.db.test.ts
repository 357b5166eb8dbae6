import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../common/index.ts';
import { resultHash } from '../engine/index.ts';
import { generateKey, verifyReceipt } from '../ledger/index.ts';
import { DecryptionError, parseMasterKeyring } from '../privacy/index.ts';
import { CaseKeys, FIELD } from './case-keys.ts';
import { eraseCase } from './case-erasure.ts';
import { sealedSalts } from './case-salts.ts';
import type { Db } from './db.ts';
import { Ledger } from './ledger.ts';
import { migrate } from './migrate.ts';
import { testDatabase } from './test-database.ts';



for (const kind of ['pglite', 'postgres'] as const) {
  describe(`erasure by key destruction (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const keys = new CaseKeys(parseMasterKeyring(`test-2026:${randomBytes(32).toString('base64')}`));
    const key = generateKey('musterstadt.example/amtsklar');
    const caseId = randomUUID();
    let ledger: Ledger;

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      // The platform's log: salts sealed under the case keys.
      ledger = new Ledger(db, { signerKey: key.signerKey, salts: sealedSalts(keys) });
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
      const d = { pack: 'wohngeld', packVersion: '2025.1', packHash: `sha256:${'b'.repeat(64)}`, asOf: '2025-03-01', outcome: 'decided', values: { wohngeld_monat: '212.00' }, reasons: [], missing: [], discretion: [] };
      const decision = { ...d, trace: [], receipt: { inputHash: contentHash({ a: 1 }), resultHash: resultHash(d as never), engineVersion: 'x' } };
      await db.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash) VALUES ($1, 'musterstadt', 'WG-1', 'wohngeld', '2025.1', 'issued', $2, 'decided', $3)`,
        [caseId, JSON.stringify(decision), decision.receipt.resultHash],
      );
      // The wrapped case key beside the case, the personal data as ciphertext (as the workflow writes them).
      const k = keys.create('musterstadt', caseId);
      await keys.insert(db, 'musterstadt', caseId, k);
      await db.query(`INSERT INTO case_personal (case_id, municipality_id, applicant, application) VALUES ($1, 'musterstadt', $2, $3)`, [
        caseId,
        k.cipher.encrypt(FIELD.applicant, JSON.stringify({ name: 'Erika Mustermann', anschrift: 'Hauptstraße 1' })),
        k.cipher.encrypt(FIELD.application, JSON.stringify({ miete_monat: '650.00' })),
      ]);
      k.cipher.close();
      await db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data) VALUES ($1, 'musterstadt', 'checked', 'system', $2)`, [
        caseId,
        JSON.stringify({ outcome: 'decided', packVersion: '2025.1', packHash: d.packHash, inputHash: decision.receipt.inputHash, resultHash: decision.receipt.resultHash }),
      ]);
      await ledger.catchUp();
    }, 300_000);
    afterAll(async () => drop?.());

    it('makes the personal data unreadable while the receipt and the whole log still verify', async () => {
      const before = await ledger.receiptForCase(caseId);
      // A backup: the ciphertexts and the sealed salt as they are stored.
      const [backup] = await db.query<{ applicant: string }>('SELECT applicant FROM case_personal WHERE case_id = $1', [caseId]);
      const [sealedSalt] = await db.query<{ salt: Uint8Array }>('SELECT salt FROM ledger_case_salts WHERE case_id = $1', [caseId]);
      expect(backup!.applicant).toMatch(/^ak1\./);
      expect(sealedSalt!.salt.length).toBeGreaterThan(32);
      const readPersonal = async () => {
        const cipher = await keys.load(db, caseId);
        if (!cipher) throw new DecryptionError('Schlüssel vernichtet');
        try {
          return cipher.decryptText(FIELD.applicant, backup!.applicant);
        } finally {
          cipher.close();
        }
      };
      expect(await readPersonal()).toContain('Erika Mustermann');

      const r = await eraseCase(db, ledger, keys, { municipalityId: 'musterstadt', caseId, legalBasis: 'dsgvo-art17', mode: 'anonymise', actor: { role: 'dpo', id: randomUUID() } });

      // The backup copy is still there, but nobody can read it any more.
      await expect(readPersonal()).rejects.toBeInstanceOf(DecryptionError);
      expect(await db.query('SELECT 1 FROM case_personal WHERE case_id = $1', [caseId])).toEqual([]);
      // The salt is gone: the case's entries can no longer be linked to it by recomputation.
      expect(await db.query('SELECT 1 FROM ledger_case_salts WHERE case_id = $1', [caseId])).toEqual([]);
      expect(await ledger.entry(r.ledgerIndex)).toMatchObject({ type: 'erasure', legalBasis: 'dsgvo-art17', method: 'crypto-shredding', keyFingerprint: r.keyFingerprint });
      // Nothing new links to the erased case: a later read of it is logged without the case.
      await db.query(`INSERT INTO data_access_log (municipality_id, case_id, actor_kind, actor_id, purpose, what) VALUES ('musterstadt', $1, 'system', 'system', 'Prüfung', 'Fall')`, [caseId]);
      await ledger.catchUp();
      expect(await db.query('SELECT 1 FROM ledger_case_salts WHERE case_id = $1', [caseId])).toEqual([]);

      // The receipt issued before still verifies, and so does a fresh one, and the whole log.
      await ledger.publishCheckpoint();
      const decision = { resultHash: before.entry.type === 'decision' ? before.entry.resultHash : '', packHash: `sha256:${'b'.repeat(64)}` };
      expect(verifyReceipt(before, [ledger.verifierKey], { decision }).ok).toBe(true);
      const after = await ledger.receiptForCase(caseId);
      expect(verifyReceipt(after, [ledger.verifierKey], { decision }).ok).toBe(true);
      expect(after.leafIndex).toBe(before.leafIndex);
      expect(await ledger.verify()).toEqual([]);
    });
  });
}
