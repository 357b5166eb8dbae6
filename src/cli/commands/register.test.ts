import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EUROCITIES_ATS } from '../../governance/index.ts';
import { migrate, openPglite } from '../../store/index.ts';

const ROOT = join(import.meta.dirname, '../../..');
let dir: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/amtsklar.js'), 'register', ...args], { cwd: ROOT, env: { ...process.env, AMTSKLAR_DATA_DIR: dir, DATABASE_URL: '' }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('amtsklar register', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsklar-register-'));
    const db = await openPglite(dir);
    await migrate(db);
    await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the product systems, lists them with open obligations, exports them validated, and reports closed gates', async () => {
    const seeded = await run(['seed-product', '--organisation', 'Stadt Musterstadt', '--email', 'ki@musterstadt.example']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^entwurfsassistent\tangelegt\tlimited_risk$/m);
    expect(seeded.stdout).toMatch(/^wohngeld-regelwerk\tangelegt\tnot_ai_system$/m);

    const list = await run(['list']);
    expect(list.stdout).toMatch(/^entwurfsassistent\tdraft\tlimited_risk\toffen: .*LIT-1/m);

    const csv = await run(['export', 'entwurfsassistent', 'buerger-chatbot', '--standard', 'eurocities', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(EUROCITIES_ATS.fields.map((f) => `"${f.name}"`).join(';'));
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(3);

    const gate = await run(['gate', 'drafting']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/ist nicht möglich:/);
    expect(gate.stdout).toMatch(/nicht aktiv \(Status: Entwurf\)/);

    const bad = await run(['gate', 'telepathie']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unbekannte Funktion „telepathie“/);
  }, 300_000);
});
