import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { germanUsageError } from './usage-errors.ts';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');
const amtsklar = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin', 'amtsklar.js'), ...args], { cwd: repo, encoding: 'utf8' });

describe('usage errors of the command line', () => {
  it.each([
    [['decide', 'wohngeld', '--json'], 'Die Angabe „--input <file>“ fehlt'],
    [['decide', 'wohngeld', '--input', 'x.json', '--inpt', 'y.json'], 'Unbekannte Angabe „--inpt“'],
    [['simulate', 'wohngeld', '--input', 'x.jsonl'], 'Die Angabe „--output <file>“ fehlt'],
    [['decde', 'wohngeld'], 'Unbekannter Befehl „decde“'],
  ])('amtsklar %j: exit status 2, a German message, nothing on stdout', (args, message) => {
    const r = amtsklar(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Fehler: ${message}`);
    expect(r.stderr).not.toMatch(/^error:/m);
  }, 60_000);

  it('refuses an unknown audience of the explanation like any other bad option value', () => {
    const r = amtsklar('decide', 'wohngeld', '--input', 'x.json', '--fuer', 'xyz');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unbekannte Zielgruppe „xyz“');
  }, 60_000);

  it('helps in German and tells its version', () => {
    const help = amtsklar('decide', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Aufruf: amtsklar decide/);
    expect(help.stdout).toContain('Optionen:');
    expect(help.stdout).toContain('(Standard: "sachbearbeitung")');
    expect(help.stdout).not.toMatch(/Usage:|Options:|display help|\(default:/);
    const version = amtsklar('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 60_000);

  it('keeps commander’s suggestion, in German', () => {
    expect(germanUsageError("error: unknown option '--inpt'\n(Did you mean --input?)\n")).toBe('Fehler: Unbekannte Angabe „--inpt“.\n(Meinten Sie --input?)\n');
  });
});

it('reads an application file that starts with a byte order mark', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'amtsklar-bom-')), 'antrag.json');
  writeFileSync(file, `\uFEFF${JSON.stringify({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '500.00', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'rente', brutto_monat: '900' }] }] })}`);
  const r = amtsklar('decide', 'wohngeld', '--input', file, '--json');
  expect(r.status, r.stderr).toBe(0);
  expect((JSON.parse(r.stdout) as { outcome: string }).outcome).toBe('decided');
}, 60_000);
