import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPack } from '../src/engine/index.ts';
import { readPackFiles } from '../src/pack-files/index.ts';

// `amtsklar check` for every installed pack: legal references, validity periods without gaps
// or overlaps, no cycles, known names, typed inputs, declared sensitive attributes, own tests.
const root = new URL('.', import.meta.url).pathname;
const packs = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'pack.yaml')));

describe('installed rule packs', () => {
  it('are there', () => {
    expect(packs.sort()).toEqual(['kita-beitrag', 'wohngeld']);
  });

  it.each(packs)('%s passes all pack checks and its own test cases', (dir) => {
    const report = checkPack(readPackFiles(join(root, dir)));
    const problems = report.findings.map((f) => `${f.severity} [${f.check}] ${f.where}: ${f.message}`);
    expect(problems).toEqual([]);
    expect(report.tests.length).toBeGreaterThan(10);
    expect(report.tests.filter((t) => !t.passed)).toEqual([]);
  });
});
