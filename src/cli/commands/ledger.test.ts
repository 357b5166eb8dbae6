import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../common/index.ts';
import { resultHash } from '../../engine/index.ts';
import { generateKey, receiptToText } from '../../ledger/index.ts';
import { Ledger, migrate, openPglite } from '../../store/index.ts';

const ROOT = join(import.meta.dirname, '../../..');
const key = generateKey('musterstadt.example/amtsklar');
let dir: string;

function amtsklar(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/amtsklar.js', ...args], { cwd: ROOT, timeout: 120_000, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}

let caseId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtsklar-ledger-cli-'));
  const db = await openPglite(join(dir, 'data'));
  await migrate(db);
  const ledger = new Ledger(db, { signerKey: key.signerKey });
  await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
  const d = { pack: 'wohngeld', packVersion: '2025.1', packHash: `sha256:${'c'.repeat(64)}`, asOf: '2025-03-01', outcome: 'decided', values: { wohngeld_monat: '180.00' }, reasons: [], missing: [], discretion: [] };
  const decision = { ...d, trace: [], receipt: { inputHash: contentHash({ a: 2 }), resultHash: resultHash(d as never), engineVersion: 'x' } };
  caseId = '6f1c2a7e-1b2c-4d3e-8f90-123456789abc';
  await db.query(`INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash) VALUES ($1, 'musterstadt', 'WG-2025-000042', 'wohngeld', '2025.1', 'issued', $2, 'decided', $3)`, [
    caseId,
    JSON.stringify(decision),
    decision.receipt.resultHash,
  ]);
  await db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data) VALUES ($1, 'musterstadt', 'checked', 'system', $2)`, [
    caseId,
    JSON.stringify({ outcome: 'decided', packVersion: '2025.1', packHash: d.packHash, inputHash: decision.receipt.inputHash, resultHash: decision.receipt.resultHash }),
  ]);
  await ledger.catchUp();
  const receipt = await ledger.receiptForCase(caseId);
  writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt, null, 2));
  writeFileSync(join(dir, 'receipt.txt'), `${receiptToText(receipt)}\n`);
  writeFileSync(join(dir, 'decision.json'), JSON.stringify(decision));
  writeFileSync(join(dir, 'other-decision.json'), JSON.stringify({ ...decision, receipt: { ...decision.receipt, resultHash: `sha256:${'0'.repeat(64)}` } }));
  // the amount edited, the receipt.resultHash it names left as it was: the content counts
  writeFileSync(join(dir, 'edited-decision.json'), JSON.stringify({ ...decision, values: { wohngeld_monat: '999.00' } }));
  await db.close();
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('amtsklar receipt verify and ledger verify (real processes)', () => {
  it('verifies a receipt offline, and refuses it for another decision', async () => {
    const ok = await amtsklar(['receipt', 'verify', join(dir, 'receipt.json'), '--key', key.verifierKey, '--decision', join(dir, 'decision.json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ Signatur des Prüfpunkts: signiert von musterstadt\.example\/amtsklar/);
    expect(ok.stdout).toMatch(/Die Quittung ist gültig\./);
    const text = await amtsklar(['receipt', 'verify', join(dir, 'receipt.txt'), '--decision', join(dir, 'edited-decision.json')], { AMTSKLAR_TRUSTED_LEDGER_KEYS: key.verifierKey });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Die Quittung ist NICHT gültig\./);
    expect(text.stderr).toMatch(/wurde verändert/);
    // a bare claim (no content, only hashes) is taken as it names itself
    const claim = join(dir, 'claim.json');
    writeFileSync(claim, JSON.stringify({ resultHash: `sha256:${'0'.repeat(64)}` }));
    const other = await amtsklar(['receipt', 'verify', join(dir, 'receipt.json'), '--key', key.verifierKey, '--decision', claim]);
    expect(other.code).toBe(1);
  }, 240_000);

  it('re-checks the whole log from the database and names the changed row in German', async () => {
    const env = { AMTSKLAR_DATA_DIR: join(dir, 'data'), AMTSKLAR_LEDGER_KEY: key.signerKey, DATABASE_URL: '' };
    const clean = await amtsklar(['ledger', 'verify'], env);
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);
    expect(clean.stdout).toMatch(/^Protokoll intakt: \d+ Einträge geprüft/);
    const db = await openPglite(join(dir, 'data'));
    await db.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{values,wohngeld_monat}', '"999.00"') WHERE id = $1`, [caseId]);
    await db.close();
    const tampered = await amtsklar(['ledger', 'verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(new RegExp(`✗ Fall WG-2025-000042 \\(${caseId}\\), Entscheidung: passt nicht zu Eintrag \\d+`));
    // the release alone changed (the amount restored): the entry names the release it was decided under
    const db2 = await openPglite(join(dir, 'data'));
    await db2.query(`UPDATE cases SET decision = jsonb_set(jsonb_set(decision::jsonb, '{values,wohngeld_monat}', '"180.00"'), '{packVersion}', '"2023.1"') WHERE id = $1`, [caseId]);
    await db2.close();
    const release = await amtsklar(['ledger', 'verify'], env);
    expect(release.code).toBe(1);
    expect(release.stdout).toMatch(/Release 2023\.1, protokolliert 2025\.1/);
  }, 240_000);
});
