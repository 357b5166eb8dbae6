import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');

it('ends quietly with status 0 when the reader of its output stops early (`amtsklar decide … | head`)', async () => {
  // a large household, so the decision with its trace is far larger than a pipe's buffer
  const members = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, rolle: i ? 'kind' : 'antragsteller', geburtsdatum: '1980-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '100.00' }] }));
  const file = join(mkdtempSync(join(tmpdir(), 'amtsklar-pipe-')), 'antrag.json');
  writeFileSync(file, JSON.stringify({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '900.00', haushaltsmitglieder: members }));
  const child = spawn(process.execPath, [join(repo, 'bin', 'amtsklar.js'), 'decide', 'wohngeld', '--input', file, '--json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  expect(stderr).not.toMatch(/EPIPE|Error/);
  expect(code).toBe(0);
}, 60_000);
