import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { DecryptionError, parseMasterKeyring } from '../privacy/index.ts';
import { CaseKeys, FIELD, openBytes } from './case-keys.ts';
import { caseStore } from './case-repository.ts';
import { sealLegacyCases } from './case-sealing.ts';
import type { Db } from './db.ts';
import { masterKeySpec } from './master-keys.ts';
import { migrate, readMigrations } from './migrate.ts';
import { testDatabase } from './test-database.ts';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;


async function insertCase(db: Db, id: string, n: number): Promise<void> {
  await db.query(`INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state) VALUES ($1, 'musterstadt', $2, 'wohngeld', '2025.1', 'checked')`, [id, `WG-2025-${n}`]);
}

describe('master keys from configuration', () => {
  it('generates one key once into the data folder with mode 0600, and takes AMTSKLAR_MASTER_KEYS before any file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsklar-keys-'));
    try {
      const first = masterKeySpec({ AMTSKLAR_DATA_DIR: dir });
      expect(first.where).toBe(join(dir, 'master.key'));
      expect(statSync(first.where).mode & 0o777).toBe(0o600);
      expect(parseMasterKeyring(first.spec).keys).toHaveLength(1);
      expect(masterKeySpec({ AMTSKLAR_DATA_DIR: dir }).spec).toBe(first.spec);
      expect(readFileSync(first.where, 'utf8').trim()).toBe(first.spec);
      const configured = spec('prod-1');
      expect(masterKeySpec({ AMTSKLAR_DATA_DIR: dir, AMTSKLAR_MASTER_KEYS: configured })).toEqual({ spec: configured, where: 'AMTSKLAR_MASTER_KEYS' });
      expect(() => masterKeySpec({ AMTSKLAR_MASTER_KEYS_FILE: join(dir, 'fehlt.key') })).toThrow(/Schlüsseldatei .* nicht gefunden/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`case keys in the store (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const oldSpec = spec('2025-01');
    const newSpec = spec('2026-01');

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
    }, 300_000);
    afterAll(async () => drop?.());

    it('rotation rewraps every case key under the new master key; the data stays readable, the old master key is no longer needed', async () => {
      const before = new CaseKeys(parseMasterKeyring(oldSpec));
      const store = caseStore(db, async () => undefined, before);
      const ids = Array.from({ length: 7 }, () => randomUUID());
      for (const [n, id] of ids.entries()) {
        await insertCase(db, id, n);
        const k = before.create('musterstadt', id);
        await before.insert(db, 'musterstadt', id, k);
        await db.query(`INSERT INTO case_personal (case_id, municipality_id, applicant, application) VALUES ($1, 'musterstadt', $2, $3)`, [
          id,
          k.cipher.encrypt(FIELD.applicant, JSON.stringify({ name: `Person ${n}` })),
          k.cipher.encrypt(FIELD.application, JSON.stringify({ n })),
        ]);
        k.cipher.close();
      }
      expect(await before.status(db)).toEqual([{ masterKeyId: '2025-01', cases: 7, configured: true, current: true }]);

      const rotating = new CaseKeys(parseMasterKeyring(`${newSpec},${oldSpec}`));
      expect(await rotating.rotate(db, 3)).toEqual({ rewrapped: 7, current: '2026-01' });
      expect(await rotating.status(db)).toEqual([{ masterKeyId: '2026-01', cases: 7, configured: true, current: true }]);
      expect(await rotating.rotate(db)).toEqual({ rewrapped: 0, current: '2026-01' });

      // Only the new master key configured: everything still reads.
      const after = caseStore(db, async () => undefined, new CaseKeys(parseMasterKeyring(newSpec)));
      for (const [n, id] of ids.entries()) expect(await after.unitOfWork((u) => u.getPersonal(id))).toEqual({ applicant: { name: `Person ${n}` }, application: { n } });
      // Only the old one: nothing does.
      await expect(store.unitOfWork((u) => u.getPersonal(ids[0]!))).rejects.toBeInstanceOf(DecryptionError);
    });

    it('names a master key that is missing or wrong, in German, before anything is read', async () => {
      // The cases above are wrapped under 2026-01 now.
      await expect(new CaseKeys(parseMasterKeyring(newSpec)).check(db)).resolves.toBeUndefined();
      await expect(new CaseKeys(parseMasterKeyring(newSpec + ',' + oldSpec)).check(db)).resolves.toBeUndefined();
      const missing = new CaseKeys(parseMasterKeyring(spec('2027-01')), 'AMTSKLAR_MASTER_KEYS');
      await expect(missing.check(db)).rejects.toThrow(/^Hauptschlüssel „2026-01“ fehlt in AMTSKLAR_MASTER_KEYS: die personenbezogenen Daten von 7 Fällen .*amtsklar keys rotate/);
      await expect(missing.check(db)).rejects.toBeInstanceOf(AmtsklarError);
      // Same id, other key bytes: a wrong value, not a missing one.
      const wrong = new CaseKeys(parseMasterKeyring(spec('2026-01')), '/etc/amtsklar/master.key');
      await expect(wrong.check(db)).rejects.toThrow(/^Hauptschlüssel „2026-01“ in \/etc\/amtsklar\/master\.key ist nicht der, unter dem die Fallschlüssel verpackt wurden/);
    });
  });

  describe(`upgrade of a store written before case keys existed (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const keys = new CaseKeys(parseMasterKeyring(spec('2026-01')));
    const legacy = Array.from({ length: 23 }, () => randomUUID());
    const docId = randomUUID();
    const objectionId = randomUUID();
    const content = Buffer.from('%PDF-1.4 Kontoauszug Gustav Gestern');

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      // The schema as it was: every migration except the case keys (0002) and the sealing queue (0003).
      const dir = mkdtempSync(join(tmpdir(), 'amtsklar-migrations-'));
      for (const m of readMigrations()) if (m.version !== 2 && m.version !== 3) writeFileSync(join(dir, `${String(m.version).padStart(4, '0')}_${m.name}.sql`), m.sql);
      await migrate(db, dir);
      rmSync(dir, { recursive: true, force: true });
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
      for (const [n, id] of legacy.entries()) {
        await insertCase(db, id, 200 + n);
        await db.query(`INSERT INTO case_personal (case_id, municipality_id, applicant, application) VALUES ($1, 'musterstadt', $2, $3)`, [id, JSON.stringify({ name: n === 0 ? 'Gustav Gestern' : `Alt ${n}` }), '{"miete_monat": "500.00"}']);
      }
      const id = legacy[0]!;
      await db.query(
        `INSERT INTO documents (id, case_id, municipality_id, filename, content_type, size, sha256, content, uploaded_by_kind) VALUES ($1, $2, 'musterstadt', 'konto-gestern.pdf', 'application/pdf', $3, 'x', $4, 'citizen')`,
        [docId, id, content.length, content],
      );
      await db.query(`INSERT INTO objections (id, case_id, municipality_id, reason) VALUES ($1, $2, 'musterstadt', 'Gustav Gestern widerspricht.')`, [objectionId, id]);
      await db.query(`INSERT INTO ledger_case_salts (case_id, salt) VALUES ($1, $2)`, [id, randomBytes(32)]);
      // An erased case stays erased: no key, nothing to seal.
      const erased = randomUUID();
      await insertCase(db, erased, 999);
      await db.query('UPDATE cases SET anonymised_at = now() WHERE id = $1', [erased]);
      // Now the new migrations: the columns become text, the queue lists the 23 cases.
      expect(await migrate(db)).toEqual([2, 3]);
    }, 300_000);
    afterAll(async () => drop?.());

    it('seals every case written in the clear exactly once, also with two processes at once, without losing anything', async () => {
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_sealing_queue'))[0]!.n).toBe(23);
      // Two platforms starting together (on PostgreSQL truly in parallel, two connections).
      const [a, b] = await Promise.all([sealLegacyCases(db, keys, 4), sealLegacyCases(db, keys, 4)]);
      expect(a + b).toBe(23);
      expect(await sealLegacyCases(db, keys)).toBe(0);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_keys'))[0]!.n).toBe(23);
      expect(await db.query('SELECT 1 FROM case_sealing_queue')).toEqual([]);

      const id = legacy[0]!;
      const raw = JSON.stringify(await db.query('SELECT p.applicant, p.application, d.filename, encode(d.content, $2) AS content, o.reason FROM case_personal p, documents d, objections o WHERE p.case_id = $1 AND d.case_id = $1 AND o.case_id = $1', [id, 'escape']));
      expect(raw).not.toMatch(/Gustav|Gestern|500\.00|konto/);
      const plain = await db.query(`SELECT case_id FROM case_personal WHERE applicant NOT LIKE 'ak1.%' OR application NOT LIKE 'ak1.%'`);
      expect(plain).toEqual([]);
      const [salt] = await db.query<{ salt: Uint8Array }>('SELECT salt FROM ledger_case_salts WHERE case_id = $1', [id]);
      expect(salt!.salt.length).toBeGreaterThan(32);

      const store = caseStore(db, async () => undefined, keys);
      expect(await store.unitOfWork((u) => u.getPersonal(id))).toEqual({ applicant: { name: 'Gustav Gestern' }, application: { miete_monat: '500.00' } });
      for (const [n, other] of legacy.entries()) if (n > 0) expect((await store.unitOfWork((u) => u.getPersonal(other)))?.applicant).toEqual({ name: `Alt ${n}` });
      expect((await store.unitOfWork((u) => u.documents(id))).map((d) => d.filename)).toEqual(['konto-gestern.pdf']);
      expect((await store.unitOfWork((u) => u.openObjection(id)))?.reason).toBe('Gustav Gestern widerspricht.');
      const cipher = (await keys.load(db, id))!;
      const [doc] = await db.query<{ content: Uint8Array }>('SELECT content FROM documents WHERE id = $1', [docId]);
      expect(openBytes(cipher, FIELD.documentContent(docId), doc!.content).equals(content)).toBe(true);
      cipher.close();
    });

    it('takes a case that already has a key only off the queue: a second key would make its data unreadable', async () => {
      const id = legacy[1]!;
      await db.query('INSERT INTO case_sealing_queue (case_id) VALUES ($1)', [id]);
      expect(await sealLegacyCases(db, keys)).toBe(0);
      expect(await db.query('SELECT 1 FROM case_sealing_queue')).toEqual([]);
      expect((await caseStore(db, async () => undefined, keys).unitOfWork((u) => u.getPersonal(id)))?.applicant).toEqual({ name: 'Alt 1' });
    });
  });
}
