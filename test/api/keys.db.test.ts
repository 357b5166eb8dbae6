import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/ledger/index.ts';
import { DecryptionError, parseMasterKeyring } from '../../src/privacy/index.ts';
import { installedEngine, openPlatform } from '../../src/server/index.ts';
import { CaseKeys, caseStore, eraseCase, FIELD, openBytes, openPglite, type Db } from '../../src/store/index.ts';
import { seedTenant } from '../../src/seed/index.ts';
import { STORES, testDatabase } from './helpers.ts';
import { amtsklar } from './processes.ts';

/**
 * The operator's view of per-case encryption, through the real command line: after a case's
 * key is destroyed its personal data is unreadable in the raw tables (and in a copy taken
 * before), the erasure is a ledger entry, `amtsklar ledger verify` finds the whole log intact
 * and `amtsklar receipt verify` accepts the receipt issued before; `amtsklar keys rotate`
 * rewraps every case key so the old master key can go; a missing, wrong or malformed master
 * key ends with a German message naming the setting, not a crash.
 */
const OLD = `2025-01:${randomBytes(32).toString('base64')}`;
const NEW = `2026-01:${randomBytes(32).toString('base64')}`;
const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '500.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1980-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '1600.00' }] }] };

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const p = amtsklar(args, env);
  const code = await p.exited;
  return { code, out: p.output() };
}

describe.each(STORES)('master keys and erasure on the command line (%s)', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'amtsklar-keys-cli-'));
  const dataDir = join(dir, 'data');
  const signer = generateKey('keys-test.amtsklar.local/log');
  let url: string | null = null;
  let dropDb: () => Promise<void> = async () => undefined;
  let sharedDb: Db | null = null;
  let env: Record<string, string>;
  const ids = { erased: '', kept: '' };
  let backup: { applicant: string; document: { id: string; content: Uint8Array } | null };
  let keyFingerprint: string;

  /** PGlite allows one process at a time: the test opens it only while no command runs. */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (sharedDb) return fn(sharedDb);
    const db = await openPglite(dataDir);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    if (kind === 'postgres') {
      const t = await testDatabase('postgres');
      url = t.url;
      sharedDb = t.db;
      dropDb = t.drop;
    }
    env = { AMTSKLAR_DATA_DIR: dataDir, AMTSKLAR_LEDGER_KEY: signer.signerKey, ...(url ? { DATABASE_URL: url } : {}) };
    const previous = process.env.AMTSKLAR_LEDGER_KEY;
    process.env.AMTSKLAR_LEDGER_KEY = signer.signerKey;
    const db = sharedDb ?? (await openPglite(dataDir));
    const keys = new CaseKeys(parseMasterKeyring(OLD));
    const p = await openPlatform({ store: {}, db, engine: installedEngine(), keys, logger: false, worker: false, sweepEveryMs: 0, server: { rateLimitPerMinute: 100_000 } });
    try {
      await seedTenant(db, 'musterstadt', 'Stadt Musterstadt', []);
      for (const name of ['Erika Gelöscht', 'Karl Bleibt'] as const) {
        const r = await p.app!.inject({ method: 'POST', url: '/api/applications', payload: { packId: 'wohngeld', applicant: { name }, antrag } });
        expect(r.statusCode, r.body).toBe(201);
        ids[name === 'Erika Gelöscht' ? 'erased' : 'kept'] = r.json().caseId;
      }
      // A document on the case to be erased, written the way the workflow writes it.
      const docId = '7a1c0b5e-3f0e-4c55-9d2b-5a3f4f2d9e01';
      const cipher = (await keys.load(db, ids.erased))!;
      await db.query(
        `INSERT INTO documents (id, case_id, municipality_id, filename, content_type, size, sha256, content, uploaded_by_kind) VALUES ($1, $2, 'musterstadt', $3, 'application/pdf', 20, 'x', $4, 'citizen')`,
        [docId, ids.erased, cipher.encrypt(FIELD.documentName(docId), 'lohn-erika.pdf'), Buffer.from(cipher.encrypt(FIELD.documentContent(docId), 'Lohnabrechnung Erika').slice(4), 'base64url')],
      );
      cipher.close();
      await p.ledger.catchUp();
      const receipt = await p.ledger.receiptForCase(ids.erased);
      writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
      const [c] = await db.query<{ decision: unknown }>('SELECT decision FROM cases WHERE id = $1', [ids.erased]);
      writeFileSync(join(dir, 'decision.json'), JSON.stringify(c!.decision));
      writeFileSync(join(dir, 'vkey'), p.ledger.verifierKey);
      // A backup holds the ciphertexts as they were.
      const [personal] = await db.query<{ applicant: string }>('SELECT applicant FROM case_personal WHERE case_id = $1', [ids.erased]);
      const [doc] = await db.query<{ id: string; content: Uint8Array }>('SELECT id, content FROM documents WHERE case_id = $1', [ids.erased]);
      backup = { applicant: personal!.applicant, document: doc ?? null };
      const record = await eraseCase(db, p.ledger, keys, { municipalityId: 'musterstadt', caseId: ids.erased, legalBasis: 'dsgvo-art17', mode: 'anonymise', actor: { role: 'dpo', id: 'dsb-1' } });
      keyFingerprint = record.keyFingerprint!;
      await p.ledger.catchUp();
      await p.ledger.publishCheckpoint();
    } finally {
      await p.close();
      if (!sharedDb) await db.close();
      if (previous === undefined) delete process.env.AMTSKLAR_LEDGER_KEY;
      else process.env.AMTSKLAR_LEDGER_KEY = previous;
    }
  }, 300_000);

  afterAll(async () => {
    await dropDb();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after key destruction the raw rows hold nothing readable, the erasure is an entry, and the log and the earlier receipt verify', { timeout: 180_000 }, async () => {
    await withDb(async (db) => {
      expect(await db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [ids.erased])).toEqual([]);
      expect(await db.query('SELECT 1 FROM case_personal WHERE case_id = $1', [ids.erased])).toEqual([]);
      expect(await db.query('SELECT 1 FROM documents WHERE case_id = $1', [ids.erased])).toEqual([]);
      expect(await db.query('SELECT 1 FROM ledger_case_salts WHERE case_id = $1', [ids.erased])).toEqual([]);
      // The copy from before: its ciphertext starts like any other, and no key that is left opens it.
      expect(backup.applicant).toMatch(/^ak1\./);
      expect(backup.applicant).not.toContain('Erika');
      const left = await db.query<{ case_id: string; municipality_id: string; wrapped: string }>('SELECT case_id, municipality_id, wrapped FROM case_keys');
      expect(left.map((k) => k.case_id)).toEqual([ids.kept]);
      const keys = new CaseKeys(parseMasterKeyring(OLD));
      for (const k of left) {
        const other = keys.open(k.wrapped, k.municipality_id, k.case_id);
        expect(() => other.decryptText(FIELD.applicant, backup.applicant)).toThrow(DecryptionError);
        expect(() => openBytes(other, FIELD.documentContent(backup.document!.id), backup.document!.content)).toThrow(DecryptionError);
        other.close();
      }
      const erasures = await db.query<{ data: string }>(`SELECT data FROM ledger_leaves WHERE entry_type = 'erasure' AND case_id = $1`, [ids.erased]);
      expect(erasures.map((e) => JSON.parse(e.data))).toEqual([
        expect.objectContaining({ type: 'erasure', legalBasis: 'dsgvo-art17', method: 'crypto-shredding', keyFingerprint, actorRole: 'dpo', actor: 'dsb-1' }),
      ]);
      expect(JSON.stringify(erasures)).not.toContain('Erika');
    });
    const verify = await run(['ledger', 'verify'], { ...env, AMTSKLAR_MASTER_KEYS: OLD });
    expect(verify.out).toMatch(/^Protokoll intakt: \d+ Einträge geprüft/m);
    expect(verify.code).toBe(0);
    const receipt = await run(['receipt', 'verify', join(dir, 'receipt.json'), '--key-file', join(dir, 'vkey'), '--decision', join(dir, 'decision.json')], env);
    expect(receipt.out).toContain('Die Quittung ist gültig.');
    expect(receipt.code).toBe(0);
  });

  it('a missing, wrong or malformed master key is a German error naming the setting, from `ledger verify` and from `serve`', { timeout: 180_000 }, async () => {
    // Not configured at all: the data folder's development key is made, and it is not the one the cases need.
    const missing = await run(['ledger', 'verify'], { ...env, AMTSKLAR_MASTER_KEYS: '' });
    expect(missing.out).toContain(`Fehler: Hauptschlüssel „2025-01“ fehlt in ${join(dataDir, 'master.key')}: die personenbezogenen Daten von 1 Fall sind`);
    expect(missing.code).toBe(2);
    const wrong = await run(['serve', '--port', '0', '--no-seed', '--no-worker'], { ...env, AMTSKLAR_MASTER_KEYS: `2025-01:${randomBytes(32).toString('base64')}` });
    expect(wrong.out).toContain('Fehler: Hauptschlüssel „2025-01“ in AMTSKLAR_MASTER_KEYS ist nicht der, unter dem die Fallschlüssel verpackt wurden');
    expect(wrong.code).toBe(2);
    const malformed = await run(['ledger', 'verify'], { ...env, AMTSKLAR_MASTER_KEYS: '2025-01:kurz' });
    expect(malformed.out).toMatch(/Fehler: Ungültiger Hauptschlüssel bei AMTSKLAR_MASTER_KEYS\[0\]/);
    expect(malformed.code).toBe(2);
    for (const r of [missing, wrong, malformed]) expect(r.out).not.toMatch(/Interner Fehler|DecryptionError|\n\s+at /);
  });

  it('`amtsklar keys rotate` rewraps every case key under the new master key; the old one can then be removed and the data still reads', { timeout: 180_000 }, async () => {
    const both = { ...env, AMTSKLAR_MASTER_KEYS: `${NEW},${OLD}` };
    const rotate = await run(['keys', 'rotate'], both);
    expect(rotate.out).toContain('1 Fallschlüssel neu verpackt unter „2026-01“.');
    expect(rotate.code).toBe(0);
    expect((await run(['keys', 'rotate'], both)).out).toContain('0 Fallschlüssel neu verpackt');
    const onlyNew = { ...env, AMTSKLAR_MASTER_KEYS: NEW };
    const status = await run(['keys', 'status'], onlyNew);
    expect(status.out.trim()).toBe('2026-01: 1 Fall (aktuell)');
    expect((await run(['ledger', 'verify'], onlyNew)).code).toBe(0);
    await withDb(async (db) => {
      const personal = await caseStore(db, async () => undefined, new CaseKeys(parseMasterKeyring(NEW))).unitOfWork((u) => u.getPersonal(ids.kept));
      expect(personal).toEqual({ applicant: { name: 'Karl Bleibt' }, application: antrag });
      // The old master key alone opens nothing any more.
      await expect(caseStore(db, async () => undefined, new CaseKeys(parseMasterKeyring(OLD))).unitOfWork((u) => u.getPersonal(ids.kept))).rejects.toBeInstanceOf(DecryptionError);
    });
    const oldOnly = await run(['ledger', 'verify'], { ...env, AMTSKLAR_MASTER_KEYS: OLD });
    expect(oldOnly.out).toContain('Fehler: Hauptschlüssel „2026-01“ fehlt in AMTSKLAR_MASTER_KEYS');
    expect(oldOnly.code).toBe(2);
  });
});
