import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildPack, checkPack, decide } from '../src/engine/index.ts';
import { generatePopulation } from '../src/fairness/index.ts';
import { readPackFiles } from '../src/pack-files/index.ts';
import { expectEngineRefusal, slots } from '../test/fuzz.ts';
import { looksGerman } from '../test/german.ts';

/**
 * A rule pack as experts really edit it — with a slip: a line deleted or doubled, a file cut
 * off, a value of the wrong type, a key misspelt or missing, an expression that does not parse
 * or names nothing, a date that does not exist. `amtsklar check` must report each slip in
 * German, naming the file (and line where there is one); loading must refuse it with the
 * engine's own error; a pack that still loads must decide or refuse, never crash.
 */
const RUNS = Number(process.env.AMTSKLAR_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.AMTSKLAR_FUZZ_SEED ?? 20261128);

const root = new URL('.', import.meta.url).pathname;
const population = [...generatePopulation({ seed: 'bad-pack-files', count: 40, personalien: false })];
const PACKS = {
  'kita-beitrag': { runs: RUNS, applications: population.flatMap((h) => (h.kita ? [h.kita] : [])) },
  // larger and slower to check (its own test cases run on every slip): fewer runs
  wohngeld: { runs: Math.ceil(RUNS / 5), applications: population.map((h) => h.wohngeld) },
};

const badValue = fc.constantFrom<unknown>('', null, 0, -1, 1.5, true, [], {}, [null], { x: 1 }, 'x'.repeat(300), '2025-02-30', '1 +', 'foo(', 'unbekannter_name * 2', 'if then else', '"ein Text"', 'date("nie")', '[1..', 'for x in 1 return', '@"P1X"', 'sum(', '}{', 'ä€😀');

type Slip =
  | { kind: 'set'; file: string; pick: number; value: unknown }
  | { kind: 'delete'; file: string; pick: number }
  | { kind: 'rename'; file: string; pick: number; to: string }
  | { kind: 'line'; file: string; pick: number; op: 'delete' | 'double' | 'cut' | 'tab' | 'colon' };

function slipsFor(yamlFiles: string[], textFiles: string[]): fc.Arbitrary<Slip> {
  return fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), file: fc.constantFrom(...yamlFiles), pick: fc.nat(), value: badValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.constantFrom(...yamlFiles), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), file: fc.constantFrom(...yamlFiles), pick: fc.nat(), to: fc.constantFrom('valid_form', 'nrom', 'exp', 'unbekannt', '') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('line' as const), file: fc.constantFrom(...textFiles), pick: fc.nat(), op: fc.constantFrom('delete' as const, 'double' as const, 'cut' as const, 'tab' as const, 'colon' as const) }) },
  );
}

function apply(files: Map<string, string>, s: Slip): Map<string, string> {
  const out = new Map(files);
  const text = files.get(s.file)!;
  if (s.kind === 'line') {
    const lines = text.split('\n');
    const i = s.pick % lines.length;
    if (s.op === 'delete') lines.splice(i, 1);
    else if (s.op === 'double') lines.splice(i, 0, lines[i]!);
    else if (s.op === 'cut') return out.set(s.file, text.slice(0, s.pick % (text.length + 1)));
    else if (s.op === 'tab') lines[i] = `\t${lines[i]!}`;
    else lines[i] = `${lines[i]!}:`;
    return out.set(s.file, lines.join('\n'));
  }
  let doc: unknown;
  try {
    doc = parse(text, { logLevel: 'error' });
  } catch {
    return out; // an earlier slip already broke the file's syntax
  }
  const all = slots(doc, 12);
  if (all.length === 0) return out;
  const [container, key] = all[s.pick % all.length]!;
  if (s.kind === 'set') container[key] = s.value;
  else if (s.kind === 'delete') {
    if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key];
  } else if (!Array.isArray(container)) {
    const v = container[key];
    delete container[key];
    container[s.to] = v;
  }
  return out.set(s.file, stringify(doc));
}

describe.each(Object.keys(PACKS) as (keyof typeof PACKS)[])('pack files with a slip (%s)', (packId) => {
  const original = readPackFiles(join(root, packId));
  const { runs, applications } = PACKS[packId];
  const slip = slipsFor(
    [...original.keys()].filter((f) => f.endsWith('.yaml')),
    [...original.keys()].filter((f) => /\.(ya?ml|csv)$/.test(f)),
  );

  it('the unchanged pack passes its checks (so every finding below comes from the slip)', () => {
    expect(checkPack(original).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('check reports in German with the file named, loading refuses with the engine error, a loadable pack decides or refuses', () => {
    const seen = { reported: 0, loaded: 0 };
    fc.assert(
      fc.property(fc.array(slip, { minLength: 1, maxLength: 2 }), (slips) => {
        let files = original;
        for (const s of slips) files = apply(files, s);
        const what = JSON.stringify(slips).slice(0, 300);
        let report: ReturnType<typeof checkPack>;
        try {
          report = checkPack(files);
        } catch (err) {
          throw new Error(`${what}: check brach ab: ${String(err)}\n${(err as Error)?.stack ?? ''}`);
        }
        for (const f of report.findings) {
          expect(looksGerman(f.message), `nicht deutsch: ${f.message} — ${what}`).toBe(true);
          expect(f.where.length, what).toBeGreaterThan(0);
        }
        const errors = report.findings.filter((f) => f.severity === 'error');
        if (errors.length > 0) seen.reported++;
        // a finding of the compile step names the file it is in
        for (const f of errors.filter((x) => x.check === 'compile')) expect(f.where, what).toMatch(/\.(ya?ml|csv)\b|pack\.yaml|Regelwerk/);
        let pack: ReturnType<typeof buildPack> | null = null;
        try {
          pack = buildPack(files);
        } catch (err) {
          expectEngineRefusal(err, `laden: ${what}`);
        }
        if (!pack) return;
        seen.loaded++;
        for (const a of applications.slice(0, 5)) {
          try {
            decide(pack, a, { trace: true });
          } catch (err) {
            expectEngineRefusal(err, `entscheiden: ${what}`);
          }
        }
      }),
      { numRuns: runs, seed: SEED },
    );
    expect(seen.reported).toBeGreaterThan(runs / 4);
    expect(seen.loaded).toBeGreaterThan(0);
  }, 30_000 + runs * 250);
});
