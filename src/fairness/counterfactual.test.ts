import { describe, expect, it } from 'vitest';
import { parseCents } from './columns.ts';
import { runCounterfactual, summariseCounterfactual, type Outputs } from './counterfactual.ts';
import { WOHNGELD_FLIPS } from './population/flips.ts';
import { generatePopulation } from './population/generate.ts';
import type { WohngeldAntrag } from './population/types.ts';
import { Rng } from './random.ts';

/**
 * A toy decision procedure standing in for a rule pack in these harness tests (the real
 * packs are tested against the engine in phase 2). It reads only what the law lets
 * matter: incomes, deductions, the § 17 Nr. 1 allowance, rent and household size.
 */
function toyEvaluate(a: WohngeldAntrag): Outputs {
  let cents = 0;
  for (const m of a.haushaltsmitglieder) {
    if (m.ausschluss) continue;
    let member = 0;
    for (const e of m.einkuenfte ?? []) member += parseCents(e.brutto_monat, '$.einkuenfte');
    const flags = [m.abzuege_16?.steuern, m.abzuege_16?.kranken_pflege, m.abzuege_16?.rente].filter(Boolean).length;
    member = Math.round(member * (1 - 0.1 * flags));
    if (m.schwerbehindert_17_nr1) member -= 15_000;
    cents += member;
  }
  const y = Math.max(0, cents);
  const rent = parseCents(a.miete_monat, '$.miete_monat');
  const members = a.haushaltsmitglieder.filter((m) => !m.ausschluss).length;
  const amount = Math.max(0, Math.round((rent * 0.6 - y * 0.15 + members * 4000) / 100));
  return { outcome: 'decided', Y: String(y), M: String(rent), wohngeld_monat: amount < 10 ? 0 : amount, reasons: amount < 10 ? ['§ 21 Nr. 1'] : [] };
}

const inputs = (seed: string, count: number): Iterable<WohngeldAntrag> => {
  const gen = generatePopulation({ seed, count });
  return { *[Symbol.iterator]() { for (const h of gen) yield h.wohngeld; } };
};

describe('counterfactual harness', () => {
  it('passes a procedure that ignores name, nationality, gender and age, on 10 000 generated households', async () => {
    const result = await runCounterfactual({ suite: 'wohngeld-toy', inputs: inputs('cf-fair', 10_000), evaluate: toyEvaluate, flips: WOHNGELD_FLIPS });
    expect(result.cases).toBe(10_000);
    expect(result.passed).toBe(true);
    const byName = Object.fromEntries(result.attributes.map((a) => [a.attribute, a]));
    for (const a of ['name', 'staatsangehoerigkeit', 'geschlecht', 'alter_antragsteller']) {
      expect(byName[a]!.applicable).toBeGreaterThan(9_000);
      expect(byName[a]!.flips).toBe(0);
    }
    // The disability allowance changes results, legitimately (§ 17 Nr. 1 WoGG).
    expect(byName.behinderung!.allowedChanges).toBeGreaterThan(1000);
    expect(byName.behinderung!.violations).toBe(0);
    expect(byName.behinderung!.legalBasis).toContain('§ 17 Nr. 1 WoGG');
    expect(summariseCounterfactual(result).violations).toBe(0);
  });

  it('catches a procedure that lets nationality lower the amount, on 10 000 households, with counterexamples', async () => {
    const biased = (a: WohngeldAntrag): Outputs => {
      const out = toyEvaluate(a);
      if (a.personalien?.staatsangehoerigkeit !== 'DE') return { ...out, wohngeld_monat: Math.floor(Number(out.wohngeld_monat) * 0.9) };
      return out;
    };
    const result = await runCounterfactual({ suite: 'wohngeld-biased', inputs: inputs('cf-biased', 10_000), evaluate: biased, flips: WOHNGELD_FLIPS });
    expect(result.passed).toBe(false);
    const nat = result.attributes.find((a) => a.attribute === 'staatsangehoerigkeit')!;
    expect(nat.violations).toBeGreaterThan(1000);
    expect(nat.changedOutputs.wohngeld_monat).toBe(nat.violations);
    expect(nat.examples.length).toBe(5);
    const ex = nat.examples[0]!;
    expect(ex.output).toBe('wohngeld_monat');
    expect(ex.before).not.toEqual(ex.after);
    expect(ex.flipped.personalien!.staatsangehoerigkeit).not.toBe(ex.input.personalien!.staatsangehoerigkeit);
    expect(result.attributes.find((a) => a.attribute === 'name')!.violations).toBe(0);
  });

  it('catches an attribute reaching an output it may not influence, and age used as a proxy', async () => {
    const leaky = (a: WohngeldAntrag): Outputs => {
      const out = toyEvaluate(a);
      const applicant = a.haushaltsmitglieder[0]!;
      const older = Number(a.stichtag.slice(0, 4)) - Number(applicant.geburtsdatum.slice(0, 4)) >= 70;
      return { ...out, M: applicant.schwerbehindert_17_nr1 ? `${out.M as string}0` : out.M, routed: older };
    };
    const result = await runCounterfactual({ suite: 'leaky', inputs: inputs('cf-leaky', 2000), evaluate: leaky, flips: WOHNGELD_FLIPS, allowFewer: true, cases: 2000 });
    const dis = result.attributes.find((a) => a.attribute === 'behinderung')!;
    expect(dis.violations).toBe(dis.applicable);
    expect(dis.examples[0]!.output).toBe('M');
    expect(result.attributes.find((a) => a.attribute === 'alter_antragsteller')!.violations).toBeGreaterThan(50);
  });

  it('lists cases it could not evaluate instead of dropping them silently, and asks for enough cases', async () => {
    let n = 0;
    const flaky = (a: WohngeldAntrag): Outputs => {
      if (n++ === 0) throw new Error('Regelwerk nicht geladen');
      return toyEvaluate(a);
    };
    const result = await runCounterfactual({ suite: 'flaky', inputs: inputs('cf-flaky', 20), evaluate: flaky, flips: WOHNGELD_FLIPS, allowFewer: true, cases: 20 });
    expect(result.errors).toEqual([{ caseIndex: 0, message: 'Regelwerk nicht geladen' }]);
    expect(result.passed).toBe(false);
    await expect(runCounterfactual({ suite: 'few', inputs: inputs('x', 10), evaluate: toyEvaluate, flips: WOHNGELD_FLIPS, cases: 10 })).rejects.toThrow(
      /mindestens 10000 Fälle/,
    );
  });

  it('flips change only the attribute named: the rest of the application stays identical', () => {
    const rng = new Rng('flips');
    for (const a of inputs('cf-shape', 200)) {
      for (const f of WOHNGELD_FLIPS) {
        const b = f.flip(a, rng);
        if (!b) continue;
        const strip = (x: WohngeldAntrag): string =>
          JSON.stringify({ ...x, personalien: undefined, haushaltsmitglieder: x.haushaltsmitglieder.slice(1) });
        if (f.attribute !== 'alter_antragsteller' && f.attribute !== 'behinderung') {
          expect(JSON.stringify(b.haushaltsmitglieder)).toBe(JSON.stringify(a.haushaltsmitglieder));
        }
        expect(strip(b)).toBe(strip(a));
        expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
      }
    }
  });
});
