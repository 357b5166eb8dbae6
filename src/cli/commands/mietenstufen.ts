/**
 * `amtsklar mietenstufen import DATEI.csv --valid-from JJJJ-MM-TT --source "…"`: takes an
 * authority's full list of Mietenstufen (CSV `AGS;Mietenstufe`, header line, `;` or `,`),
 * validates every row and writes it as a new dated version of the Wohngeld pack's lookup table.
 * The previous version ends the day before. Any invalid row: nothing is written, exit status 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AmtsklarError, type Problem } from '../../common/index.ts';
import { checkPack } from '../../engine/index.ts';
import { packDir, readPackFiles } from '../../pack-files/index.ts';
import { readText } from '../io.ts';

export interface ParsedList {
  rows: { key: string; stufe: number; name: string }[];
  problems: Problem[];
}

export function parseMietenstufenCsv(text: string, file: string): ParsedList {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').split('\n');
  const rows: ParsedList['rows'] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const header = (lines[0] ?? '').toLowerCase();
  if (!/^\s*"?ags"?\s*[;,]\s*"?mietenstufe"?/.test(header)) {
    problems.push({ path: `${file}:1`, message: 'Kopfzeile „AGS;Mietenstufe“ erwartet' });
    return { rows, problems };
  }
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (line.trim() === '' || line.startsWith('#')) return;
    const [rawKey, rawStufe, ...rest] = line.split(/[;,]/).map((s) => s.trim().replace(/^"|"$/g, ''));
    const where = `${file}:${lineNo}`;
    if (!rawKey || !/^(\d{8}|\d{5})$/.test(rawKey)) return void problems.push({ path: where, message: `Gemeindeschlüssel „${rawKey ?? ''}“ muss 8 Ziffern (Gemeinde) oder 5 Ziffern (Kreis) haben` });
    const roman: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7 };
    const stufe = rawStufe && /^[1-7]$/.test(rawStufe) ? Number(rawStufe) : roman[(rawStufe ?? '').toUpperCase()];
    if (!stufe) return void problems.push({ path: where, message: `Mietenstufe „${rawStufe ?? ''}“ muss 1 bis 7 (oder I bis VII) sein` });
    if (seen.has(rawKey)) return void problems.push({ path: where, message: `Gemeindeschlüssel ${rawKey} steht schon in Zeile ${seen.get(rawKey)}` });
    seen.set(rawKey, lineNo);
    rows.push({ key: rawKey, stufe, name: rest.join(' ').trim() });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ path: file, message: 'keine Einträge' });
  return { rows, problems };
}

export function register(program: Command): void {
  const cmd = program.command('mietenstufen').description('Mietenstufen der Gemeinden (WoGV-Anlage) verwalten');
  cmd
    .command('import')
    .description('Vollständige Liste einer Behörde als neue Fassung einspielen (CSV „AGS;Mietenstufe“)')
    .argument('<datei>', 'CSV-Datei')
    .requiredOption('--valid-from <datum>', 'gilt ab (JJJJ-MM-TT)')
    .requiredOption('--source <text>', 'Quelle, z. B. „Anlage zu § 1 Abs. 3 WoGV ab 01.01.2027, BGBl. …“')
    .option('--pack <pack>', 'Regelwerk', 'wohngeld')
    .action((file: string, opts: { validFrom: string; source: string; pack: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.validFrom)) throw new AmtsklarError('invalid_input', '--valid-from muss ein Datum JJJJ-MM-TT sein', [{ path: '--valid-from', message: 'ungültiges Datum' }]);
      const parsed = parseMietenstufenCsv(readText(file), file);
      if (parsed.problems.length > 0) throw new AmtsklarError('invalid_input', `Die Liste ${file} ist fehlerhaft (${parsed.problems.length} Fehler); nichts wurde übernommen`, parsed.problems);
      const dir = packDir(opts.pack);
      const yamlPath = join(dir, 'lookups', 'mietenstufen.yaml');
      const yaml = readFileSync(yamlPath, 'utf8');
      const versions = [...yaml.matchAll(/valid_from: (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]!);
      if (versions.some((v) => v >= opts.validFrom)) {
        throw new AmtsklarError('invalid_input', `Es gibt schon eine Fassung ab ${versions.at(-1)}; die neue muss später beginnen`, [{ path: '--valid-from', message: 'nicht nach der letzten Fassung' }]);
      }
      const dayBefore = new Date(`${opts.validFrom}T00:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      const csvName = `mietenstufen-${opts.validFrom}.csv`;
      const csv = ['AGS;Mietenstufe;Gemeinde', ...parsed.rows.map((r) => `${r.key};${r.stufe};${r.name}`)].join('\n');
      const updated = `${yaml.replace(/valid_to: null(?![\s\S]*valid_to: null)/, `valid_to: ${dayBefore.toISOString().slice(0, 10)}`).trimEnd()}\n    - valid_from: ${opts.validFrom}\n      valid_to: null\n      file: ${csvName}\n      source: ${JSON.stringify(opts.source)}\n`;
      // Check the pack with the new version before anything is written.
      const files = readPackFiles(dir);
      files.set('lookups/mietenstufen.yaml', updated);
      files.set(`lookups/${csvName}`, csv);
      const report = checkPack(files);
      if (!report.ok) throw new AmtsklarError('invalid_pack', 'Das Regelwerk wäre mit dieser Liste fehlerhaft; nichts wurde übernommen', report.findings.map((f) => ({ path: f.where, message: f.message })));
      writeFileSync(join(dir, 'lookups', csvName), `${csv}\n`);
      writeFileSync(yamlPath, updated);
      process.stdout.write(`${parsed.rows.length} Einträge übernommen: gültig ab ${opts.validFrom} (${csvName}); vorherige Fassung endet am ${dayBefore.toISOString().slice(0, 10)}.\n`);
    });
}
