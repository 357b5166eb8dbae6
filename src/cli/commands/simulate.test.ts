import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../engine/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { lineChunks } from './simulate.ts';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..', '..');
const amtsklar = join(repo, 'bin', 'amtsklar.js');

async function collect(pieces: Buffer[], size: number) {
  const out: { firstLine: number; bytes: Uint8Array }[] = [];
  for await (const c of lineChunks(Readable.from(pieces), size)) out.push(c);
  return out;
}

describe('lineChunks: the input cut into chunks of whole lines', () => {
  it('keeps every byte in order, cuts only after a line break and numbers the lines', async () => {
    const text = fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), async (lines, eol, trailing, cuts, size) => {
        const all = Buffer.from(lines.join(eol) + (trailing && lines.length ? eol : ''));
        // the stream delivers the bytes in arbitrary pieces, even inside a multi-byte character
        const points = [...new Set(cuts.map((c) => (all.length ? c % all.length : 0)))].sort((a, b) => a - b);
        const pieces = [0, ...points, all.length].slice(1).map((end, i, ends) => all.subarray(i === 0 ? 0 : ends[i - 1], end)).filter((p) => p.length > 0);
        const chunks = await collect(pieces, size);
        expect(Buffer.concat(chunks.map((c) => c.bytes))).toEqual(all);
        let line = 1;
        chunks.forEach((c, i) => {
          expect(c.firstLine).toBe(line);
          if (i < chunks.length - 1) expect(c.bytes[c.bytes.length - 1]).toBe(10);
          line += c.bytes.filter((b) => b === 10).length;
          // each chunk owns its memory, so it can be transferred to a worker
          expect(c.bytes.byteOffset).toBe(0);
          expect(c.bytes.buffer.byteLength).toBe(c.bytes.length);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('amtsklar simulate', () => {
  it('gives one output line per input line in any chunking: a blank line, invalid JSON and invalid input reported with their line number, CRLF', () => {
    const pack = resolvePack('wohngeld');
    const good = { stichtag: '2025-03-01', art: 'mietzuschuss', miete_monat: '480', mietenstufe: 3, haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1960-05-01', einkuenfte: [{ art: 'rente', brutto_monat: '1100' }] }] };
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(JSON.stringify({ ...good, aktenzeichen: `WG-Ä-${i}`, miete_monat: String(300 + i * 7) }));
    lines.splice(5, 0, '');
    lines.splice(17, 0, '{"stichtag": kaputt');
    lines.splice(33, 0, JSON.stringify({ ...good, mietenstufe: 9 }));
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, lines.join('\r\n'));
    const run = (chunk: string) => {
      const output = join(dir, `out-${chunk}.jsonl`);
      const r = spawnSync(process.execPath, [amtsklar, 'simulate', 'wohngeld', '--input', input, '--output', output, '--workers', '2', '--quiet', '--chunk-bytes', chunk], { encoding: 'utf8', cwd: repo });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/63 Anträge .* 60 decided, 3 ungültig/);
      return readFileSync(output, 'utf8');
    };
    const small = run('300');
    expect(run('1000000')).toBe(small);
    const out = small.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // output line k answers input line k: a consumer can pair them by position
    expect(out).toHaveLength(63);
    expect(out[5]).toEqual({ line: 6, error: { path: '$', message: 'leere Zeile – kein Antrag' } });
    expect(out[17]).toEqual({ line: 18, error: { path: '$', message: 'kein gültiges JSON (unerwartetes Zeichen „k“)' } });
    expect(out[33]).toMatchObject({ line: 34, error: { path: '$.mietenstufe' } });
    const expected = decide(pack, JSON.parse(lines[0]!), { trace: false, embedRequest: false });
    expect(out[0]).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((out[62] as { aktenzeichen: string }).aktenzeichen).toBe('WG-Ä-59');
  }, 120_000);

  it('refuses what it cannot read or write, and its own input as output, with exit status 2 and a German message, and ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bad-'));
    const input = join(dir, 'in.jsonl');
    const content = `${JSON.stringify({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: 480, haushaltsmitglieder: [{ id: 'p1' }] })}\n`.repeat(50);
    writeFileSync(input, content);
    const sim = (...args: string[]) => spawnSync(process.execPath, [amtsklar, 'simulate', 'wohngeld', '--quiet', ...args], { encoding: 'utf8', cwd: repo, timeout: 60_000 });
    for (const [args, message] of [
      [['--input', dir, '--output', join(dir, 'x.jsonl')], /ist ein Verzeichnis/],
      [['--input', input, '--output', join(dir, 'fehlt', 'x.jsonl')], /Ausgabedatei .*Verzeichnis nicht gefunden/],
      [['--input', input, '--output', dir], /Ausgabedatei .*ist ein Verzeichnis/],
      [['--input', input, '--output', input], /ist die Eingabedatei/],
      [['--input', input, '--output', join(dir, 'y.jsonl'), '--workers', '100000'], /--workers muss eine ganze Zahl von 1 bis/],
    ] as const) {
      const r = sim(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(input, 'utf8')).toBe(content);
  }, 120_000);
});
