import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPack, checkPack } from '../engine/index.ts';
import { parseCents } from './columns.ts';
import type { SensitiveFlip } from './counterfactual.ts';
import { MIN_COUNTERFACTUAL_CASES } from './counterfactual.ts';
import { PACK_ADAPTERS, runPackCounterfactual, type PackFairnessAdapter } from './packs.ts';
import type { SyntheticHousehold } from './population/types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The pack's source files as the engine wants them (what src/pack-files does at the edge). */
function packFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|csv|md|dmn)$/.test(name)) files.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const packDirs = readdirSync(join(root, 'packs'))
  .map((name) => join(root, 'packs', name))
  .filter((dir) => statSync(dir).isDirectory() && readdirSync(dir).includes('pack.yaml'));

// Engine speed decides how long this takes: (1 + flips) × 10 000 decisions per pack.
const TIMEOUT = 1_800_000;

describe('counterfactual tests of every rule pack in packs/', () => {
  it('finds the packs', () => {
    expect(packDirs.length).toBeGreaterThanOrEqual(2);
  });

  for (const dir of packDirs) {
    const name = relative(join(root, 'packs'), dir);
    it(
      `${name}: on ${MIN_COUNTERFACTUAL_CASES} generated applications, flipping a protected attribute changes only what the pack declares`,
      async () => {
        const pack = buildPack(packFiles(dir));
        expect(PACK_ADAPTERS[pack.id], `Testeingaben für ${pack.id} fehlen in PACK_ADAPTERS`).toBeDefined();
        const result = await runPackCounterfactual(pack);
        const summary = result.attributes.map((a) => `${a.attribute}: ${a.applicable} geprüft, ${a.violations} unzulässig`).join('; ');
        expect(result.errors, summary).toEqual([]);
        expect(result.cases).toBe(MIN_COUNTERFACTUAL_CASES);
        for (const a of result.attributes) {
          expect(a.violations, `${a.attribute}: ${JSON.stringify(a.examples[0] ? { output: a.examples[0].output, before: a.examples[0].before, after: a.examples[0].after } : null)}`).toBe(0);
          // Every flip was really tried on a large share of the cases.
          expect(a.applicable, a.attribute).toBeGreaterThan(1000);
        }
        // Each declared attribute of the pack is flipped, and at least one of them matters.
        for (const s of pack.def.sensitiveAttributes) expect(result.attributes.map((a) => a.attribute)).toContain(s.input);
        expect(result.attributes.some((a) => a.allowedChanges > 0)).toBe(true);
        expect(result.passed).toBe(true);
      },
      TIMEOUT,
    );
  }
});

/** The test packs' input, built from a generated household. */
const zuschussAdapter: PackFairnessAdapter<unknown> = {
  input: (h: SyntheticHousehold) => {
    let cents = 0;
    for (const m of h.wohngeld.haushaltsmitglieder) for (const e of m.einkuenfte ?? []) cents += parseCents(e.brutto_monat, '$.einkuenfte');
    return {
      stichtag: h.wohngeld.stichtag,
      miete: h.wohngeld.miete_monat,
      einkommen: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      personen: h.wohngeld.haushaltsmitglieder.length,
      schwerbehindert: h.wohngeld.haushaltsmitglieder[0]!.schwerbehindert_17_nr1 === true,
      pass_land: h.wohngeld.personalien!.staatsangehoerigkeit,
    };
  },
  protectedFlips: [
    {
      attribute: 'staatsangehoerigkeit',
      flip: (input, rng) => {
        const a = input as { pass_land: string };
        return { ...a, pass_land: a.pass_land === 'DE' ? rng.pick(['TR', 'UA', 'PL', 'SY']) : 'DE' };
      },
    },
  ] as SensitiveFlip<unknown>[],
};

describe('a deliberately biased test pack is caught', () => {
  const fair = buildPack(packFiles(join(root, 'src/fairness/testdata/zuschuss-fair')));
  const biased = buildPack(packFiles(join(root, 'src/fairness/testdata/zuschuss-biased')));

  it('the proxy "pass_land" passes the engine\'s static check (its name gives nothing away) …', () => {
    for (const dir of ['zuschuss-fair', 'zuschuss-biased']) {
      const report = checkPack(packFiles(join(root, 'src/fairness/testdata', dir)));
      expect(report.findings.filter((f) => f.severity === 'error'), dir).toEqual([]);
    }
  });

  it('… while an openly named nationality input fails it', () => {
    const files = new Map([...packFiles(join(root, 'src/fairness/testdata/zuschuss-biased'))].map(([k, v]) => [k, v.replaceAll('pass_land', 'staatsangehoerigkeit')]));
    const report = checkPack(files);
    expect(report.findings.some((f) => f.check === 'sensitive' && f.message.includes('staatsangehoerigkeit'))).toBe(true);
  });

  it('the fair twin passes the counterfactual test on 10 000 households', async () => {
    const result = await runPackCounterfactual(fair, { adapter: zuschussAdapter, seed: 'zuschuss' });
    expect(result.passed).toBe(true);
    const disability = result.attributes.find((a) => a.attribute === 'schwerbehindert')!;
    expect(disability.allowedChanges).toBeGreaterThan(5000);
  }, TIMEOUT);

  it('the biased pack is caught: flipping nationality changes the Zuschuss, with counterexamples', async () => {
    const result = await runPackCounterfactual(biased, { adapter: zuschussAdapter, seed: 'zuschuss' });
    expect(result.passed).toBe(false);
    const nationality = result.attributes.find((a) => a.attribute === 'staatsangehoerigkeit')!;
    expect(nationality.violations).toBeGreaterThan(5000);
    expect(nationality.changedOutputs.zuschuss).toBe(nationality.violations);
    const ex = nationality.examples[0]!;
    expect(ex.output).toBe('zuschuss');
    expect((ex.input as { pass_land: string }).pass_land).not.toBe((ex.flipped as { pass_land: string }).pass_land);
    expect(result.attributes.find((a) => a.attribute === 'schwerbehindert')!.violations).toBe(0);
  }, TIMEOUT);
});


