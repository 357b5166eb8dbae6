import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../common/index.ts';
import { resultHash, type Decision } from '../engine/index.ts';
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
    const runId = randomUUID();
    let ledger: Ledger;

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      // The platform's log: salts sealed under the case keys.
      ledger = new Ledger(db, { signerKey: key.signerKey, salts: sealedSalts(keys) });
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
      const d = {
        pack: 'wohngeld',
        packVersion: '2025.1',
        packHash: `sha256:${'b'.repeat(64)}`,
        asOf: '2025-03-01',
        outcome: 'decided',
        values: { wohngeld_monat: '212.00' },
        reasons: [],
        missing: [],
        discretion: [],
        // free text a caseworker wrote, sealed by the resultHash
        overrides: [{ rule: 'miete_monat', computed: '650.00', value: '600.00', by: 'Sabine Sachbearbeiterin', reason: 'Untermiete an Herrn Özdemir, Vertrag liegt vor' }],
        humanDecisions: [{ point: 'vermoegen_erheblich', option: 'nicht_erheblich', by: 'Sabine Sachbearbeiterin', reason: 'Sparbuch der Tochter Lea für ihre Ausbildung' }],
      };
      const decision = { ...d, aktenzeichen: 'WG-1', trace: [{ rule: 'einkommen', inputs: { brutto_monat: '1432.17' } }], receipt: { inputHash: contentHash({ a: 1 }), resultHash: resultHash(d as never), engineVersion: 'x' } };
      await db.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash, overrides, discretion) VALUES ($1, 'musterstadt', 'WG-1', 'wohngeld', '2025.1', 'issued', $2, 'decided', $3, $4, $5)`,
        [
          caseId,
          JSON.stringify(decision),
          decision.receipt.resultHash,
          JSON.stringify({ miete_monat: { value: '600.00', by: d.overrides[0]!.by, reason: d.overrides[0]!.reason } }),
          JSON.stringify({ vermoegen_erheblich: { option: 'nicht_erheblich', by: d.humanDecisions[0]!.by, reason: d.humanDecisions[0]!.reason } }),
        ],
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
      // Copies of the decision's text elsewhere: a recalculation's proposal (with the Rechenweg) and a letter draft.
      await db.query(`INSERT INTO recalc_runs (id, municipality_id, pack_id, to_release) VALUES ($1, 'musterstadt', 'wohngeld', '2025.2')`, [runId]);
      await db.query(
        `INSERT INTO recalc_proposals (id, run_id, case_id, municipality_id, from_release, to_release, old_decision, new_decision, status, reason) VALUES ($1, $2, $3, 'musterstadt', '2025.1', '2025.2', $4, $4, 'rejected', 'Herr Özdemir zieht aus')`,
        [randomUUID(), runId, caseId, JSON.stringify(decision)],
      );
      const letter = { kind: 'bescheid', salutation: 'Sehr geehrte Frau Mustermann,', sections: [{ id: 'begruendung', heading: 'Begründung', binding: true, origin: 'human', blocks: [{ type: 'p', text: 'Erwägungen: Sparbuch der Tochter Lea' }] }] };
      await db.query(
        `INSERT INTO drafting_drafts (id, municipality_id, case_id, kind, revision, result_hash, letter, text_hash, gate, gate_passed, model_use, provenance, created_by)
         VALUES ($1, 'musterstadt', $2, 'bescheid', 1, $3, $4, $5, '{}', true, '{}', '{}', 'sb')`,
        [randomUUID(), caseId, decision.receipt.resultHash, JSON.stringify(letter), contentHash('letter text')],
      );
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

      // No free text, no application fact stays: the written reasons are kept as their hashes,
      // which the resultHash covers in their place, so the sealed decision still verifies.
      const [row] = await db.query<{ decision: Decision }>('SELECT decision FROM cases WHERE id = $1', [caseId]);
      const [proposal] = await db.query<{ old_decision: Decision; reason: string }>('SELECT old_decision, reason FROM recalc_proposals WHERE case_id = $1', [caseId]);
      const [draft] = await db.query<{ letter: unknown }>('SELECT letter FROM drafting_drafts WHERE case_id = $1', [caseId]);
      expect(JSON.stringify([row, proposal, draft])).not.toMatch(/Özdemir|Lea|Mustermann|1432|WG-1/);
      expect(row!.decision.humanDecisions).toEqual([{ point: 'vermoegen_erheblich', option: 'nicht_erheblich', by: 'Sabine Sachbearbeiterin', reason: '[gelöscht]', reasonHash: contentHash('Sparbuch der Tochter Lea für ihre Ausbildung') }]);
      expect(row!.decision.overrides![0]).toMatchObject({ value: '600.00', reason: '[gelöscht]', reasonHash: contentHash('Untermiete an Herrn Özdemir, Vertrag liegt vor') });
      expect(resultHash(row!.decision)).toBe(row!.decision.receipt.resultHash);
      expect(proposal).toMatchObject({ reason: '[gelöscht]', old_decision: { values: { wohngeld_monat: '212.00' } } });
      expect(proposal!.old_decision).not.toHaveProperty('trace');

      // The hash cannot vouch for a reason that was not erased: forging one, or erasing one on a live case, is found.
      const forged = { ...row!.decision, humanDecisions: [{ ...row!.decision.humanDecisions![0]!, reasonHash: contentHash('Vermögen ist geschützt') }] };
      await db.query('UPDATE cases SET decision = $2::json WHERE id = $1', [caseId, JSON.stringify(forged)]);
      expect((await ledger.verify()).map((f) => f.message).join(' ')).toMatch(/Inhalt ergibt resultHash/);
      await db.query('UPDATE cases SET decision = $2::json, anonymised_at = NULL WHERE id = $1', [caseId, JSON.stringify(row!.decision)]);
      expect((await ledger.verify()).map((f) => f.message).join(' ')).toMatch(/versiegelte Begründung ist gelöscht, der Fall aber nicht anonymisiert/);
      await db.query('UPDATE cases SET anonymised_at = now() WHERE id = $1', [caseId]);
      expect(await ledger.verify()).toEqual([]);
    });
  });
}
