/**
 * `npm run bench [-- name ...]`: runs bench/*.bench.ts (all, or those whose file name
 * contains one of the given names), prints each report and writes it to
 * bench/results/<name>.md, so the README can quote measured numbers.
 *
 * A bench module's default export returns a BenchReport. Benchmarks compare against a
 * peer run side by side in the same process where there is a peer, and report ratios.
 */
// the product's V8 settings, before anything allocates (bin/runtime-flags.mjs)
import '../bin/runtime-flags.mjs';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

export interface BenchReport {
  title: string;
  /** Markdown lines (tables, notes). */
  lines: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

mkdirSync(join(here, 'results'), { recursive: true });
const machine = `${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
let failed = false;
for (const f of files) {
  const name = basename(f, '.bench.ts');
  process.stderr.write(`\n▶ bench ${name}\n`);
  try {
    const mod = (await import(join(here, f))) as { default: () => Promise<BenchReport> };
    const report = await mod.default();
    const text = [`## ${report.title}`, '', `_${machine}_`, '', ...report.lines, ''].join('\n');
    console.log(text);
    writeFileSync(join(here, 'results', `${name}.md`), text);
  } catch (e) {
    failed = true;
    console.error(`bench ${name} failed:`, e);
  }
}
process.exit(failed ? 1 : 0);
