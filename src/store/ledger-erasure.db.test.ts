import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../common/index.ts';
import { resultHash } from '../engine/index.ts';
import { generateKey, verifyReceipt } from '../ledger/index.ts';
import { createCaseKey, DecryptionError, openCaseCipher, type MasterKey } from '../privacy/index.ts';
import type { Db } from './db.ts';
import { Ledger } from './ledger.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function openTestDb(kind: 'pglite' | 'postgres'): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  }
  const name = `amtsklar_erasure_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(SERVER, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const db = await openPostgres(SERVER.replace(/\/postgres$/, `/${name}`), 2);
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`erasure by key destruction (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const master: MasterKey = { id: 'test-2026', key: new Uint8Array(randomBytes(32)) };
    const key = generateKey('musterstadt.example/amtsklar');
    const caseId = randomUUID();
    const ctx = { tenant: 'musterstadt', caseId };
    let ledger: Ledger;

    beforeAll(async () => {
      ({ db, drop } = await openTestDb(kind));
      await migrate(db);
      ledger = new Ledger(db, { signerKey: key.signerKey });
      // The wrapped case key lives beside the case (the privacy capability's envelope format).
      await db.exec('CREATE TABLE test_case_keys (case_id uuid PRIMARY KEY, wrapped text NOT NULL)');
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
      const d = { pack: 'wohngeld', packVersion: '2025.1', packHash: `sha256:${'b'.repeat(64)}`, asOf: '2025-03-01', outcome: 'decided', values: { wohngeld_monat: '212.00' }, reasons: [], missing: [], discretion: [] };
      const decision = { ...d, trace: [], receipt: { inputHash: contentHash({ a: 1 }), resultHash: resultHash(d as never), engineVersion: 'x' } };
      const { wrapped, cipher } = createCaseKey(master, ctx);
      await db.query('INSERT INTO test_case_keys VALUES ($1, $2)', [caseId, wrapped]);
      await db.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash) VALUES ($1, 'musterstadt', 'WG-1', 'wohngeld', '2025.1', 'issued', $2, 'decided', $3)`,
        [caseId, JSON.stringify(decision), decision.receipt.resultHash],
      );
      await db.query(`INSERT INTO case_personal (case_id, municipality_id, applicant, application) VALUES ($1, 'musterstadt', $2, $3)`, [
        caseId,
        JSON.stringify({ enc: cipher.encrypt('applicant', JSON.stringify({ name: 'Erika Mustermann', anschrift: 'Hauptstraße 1' })) }),
        JSON.stringify({ enc: cipher.encrypt('application', JSON.stringify({ miete_monat: '650.00' })) }),
      ]);
      cipher.close();
      await db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data) VALUES ($1, 'musterstadt', 'checked', 'system', $2)`, [
        caseId,
        JSON.stringify({ outcome: 'decided', packVersion: '2025.1', packHash: d.packHash, inputHash: decision.receipt.inputHash, resultHash: decision.receipt.resultHash }),
      ]);
      await ledger.catchUp();
    }, 300_000);
    afterAll(async () => drop?.());

    it('makes the personal data unreadable while the receipt and the whole log still verify', async () => {
      const before = await ledger.receiptForCase(caseId);
      const readPersonal = async () => {
        const [k] = await db.query<{ wrapped: string }>('SELECT wrapped FROM test_case_keys WHERE case_id = $1', [caseId]);
        const [p] = await db.query<{ applicant: { enc: string } }>('SELECT applicant FROM case_personal WHERE case_id = $1', [caseId]);
        if (!k) throw new DecryptionError('Schlüssel vernichtet');
        return openCaseCipher(k.wrapped, master, ctx).decryptText('applicant', p!.applicant.enc);
      };
      expect(await readPersonal()).toContain('Erika Mustermann');
      const [k] = await db.query<{ wrapped: string }>('SELECT wrapped FROM test_case_keys WHERE case_id = $1', [caseId]);
      const cipher = openCaseCipher(k!.wrapped, master, ctx);
      const fingerprint = cipher.fingerprint;
      cipher.close();

      const { index } = await ledger.eraseCase(caseId, { municipalityId: 'musterstadt', actorRole: 'dpo', actor: randomUUID(), legalBasis: 'dsgvo-art17', keyFingerprint: fingerprint }, async (tx) => {
        await tx.query('DELETE FROM test_case_keys WHERE case_id = $1', [caseId]);
      });

      // The data is still there, but nobody can read it any more.
      await expect(readPersonal()).rejects.toBeInstanceOf(DecryptionError);
      const [row] = await db.query<{ applicant: { enc: string } }>('SELECT applicant FROM case_personal WHERE case_id = $1', [caseId]);
      expect(JSON.stringify(row)).not.toContain('Erika');
      // The salt is gone: the case's entries can no longer be linked to it by recomputation.
      expect(await db.query('SELECT 1 FROM ledger_case_salts WHERE case_id = $1', [caseId])).toEqual([]);
      expect(await ledger.entry(index)).toMatchObject({ type: 'erasure', legalBasis: 'dsgvo-art17', keyFingerprint: fingerprint });

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
