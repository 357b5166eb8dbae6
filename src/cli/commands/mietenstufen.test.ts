import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide } from '../../engine/index.ts';
import { loadPackFromDir } from '../../pack-files/index.ts';
import { parseMietenstufenCsv } from './mietenstufen.ts';

const repo = new URL('../../..', import.meta.url).pathname;

describe('Mietenstufen import', () => {
  it('validates every row and names the line', () => {
    const { rows, problems } = parseMietenstufenCsv('AGS;Mietenstufe\n09162000;VII\n0916200;3\n11000000;8\n09162000;7\n01051;1\n', 'liste.csv');
    expect(rows.map((r) => [r.key, r.stufe])).toEqual([['09162000', 7], ['01051', 1]]);
    expect(problems.map((p) => p.path)).toEqual(['liste.csv:3', 'liste.csv:4', 'liste.csv:5']);
    expect(parseMietenstufenCsv('Gemeinde;Stufe\n', 'x.csv').problems[0]!.message).toContain('Kopfzeile');
  });

  it('adds a dated version that the pack then uses from its first day, and refuses a broken list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-'));
    cpSync(join(repo, 'packs', 'wohngeld'), join(dir, 'wohngeld'), { recursive: true });
    writeFileSync(join(dir, 'neu.csv'), 'AGS;Mietenstufe;Gemeinde\n12054000;6;Potsdam\n');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin', 'amtsklar.js'), ...args], { encoding: 'utf8', cwd: repo });
    const ok = cli('mietenstufen', 'import', join(dir, 'neu.csv'), '--valid-from', '2027-01-01', '--source', 'Testliste', '--pack', join(dir, 'wohngeld'));
    expect(ok.status, ok.stderr).toBe(0);
    const pack = loadPackFromDir(join(dir, 'wohngeld'));
    const antrag = (stichtag: string) => ({ stichtag, gemeindeschluessel: '12054000', miete_monat: 500, haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'rente', brutto_monat: 1000 }] }] });
    expect(decide(pack, antrag('2026-12-31')).values.mietenstufe_angewendet).toBe(4);
    expect(decide(pack, antrag('2027-01-01')).values.mietenstufe_angewendet).toBe(6);
    const before = readFileSync(join(dir, 'wohngeld', 'lookups', 'mietenstufen.yaml'), 'utf8');
    writeFileSync(join(dir, 'kaputt.csv'), 'AGS;Mietenstufe\n12054000;9\n');
    const bad = cli('mietenstufen', 'import', join(dir, 'kaputt.csv'), '--valid-from', '2028-01-01', '--source', 'x', '--pack', join(dir, 'wohngeld'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('kaputt.csv:2');
    expect(readFileSync(join(dir, 'wohngeld', 'lookups', 'mietenstufen.yaml'), 'utf8')).toBe(before);
  }, 120_000);
});
