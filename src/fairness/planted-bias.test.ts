import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from './population/generate.ts';
import { buildFairnessReport } from './report/build.ts';
import type { FairnessReport } from './report/types.ts';
import { simulateDecisions, type PlantedBias } from './simulate.ts';

/**
 * The monitor tested on data whose truth is known. Every simulation has its own seed, so
 * the simulations are independent and their counts follow a binomial law: the bounds
 * below are the 99.9 % quantiles of that law. A monitor that raises alarms on unbiased
 * data more often than α allows (e.g. without the Holm correction, or with
 * anti-conservative tests), or misses a planted disparity, fails.
 */
const ALPHA = 0.05;
const PERIOD = { from: '2025-01', to: '2026-06' };

function run(seed: string, households: number, bias: PlantedBias[] = []): FairnessReport {
  const sim = simulateDecisions(generatePopulation({ seed, count: households, personalien: false }), { seed, bias });
  return buildFairnessReport(sim.decisions, sim.surveys, { systemId: 'wohngeld', period: PERIOD, alpha: ALPHA, generatedAt: '2026-07-01T00:00:00.000Z' });
}

function womenVsMen(r: FairnessReport, metric: string): FairnessReport['disparities'][number] | undefined {
  const pair = new Set(['weiblich', 'maennlich']);
  return r.disparities.find((d) => d.metric === metric && d.grouping.join() === 'gender' && pair.has(d.group.gender!) && pair.has(d.reference.gender!));
}

/** Smallest x with P(X ≥ x) ≤ 0.001 for X ~ Bin(n, p). */
function binomialUpperBound(n: number, p: number): number {
  for (let x = 0; x <= n; x++) if (1 - jStat.binomial.cdf(x - 1, n, p) <= 0.001) return x;
  return n + 1;
}

describe('planted bias: unbiased decisions', () => {
  const R = 100;
  const reports = Array.from({ length: R }, (_, i) => run(`null-${i}`, 2000));

  it('raise a significance alarm in no more simulations than the family-wise level allows', () => {
    const withAlarm = reports.filter((r) => r.disparities.some((d) => d.alarms.includes('signifikant'))).length;
    expect(reports.every((r) => r.summary.comparisons > 100)).toBe(true);
    expect(withAlarm).toBeLessThan(binomialUpperBound(R, ALPHA));
  });

  it('give calibrated p-values for a fixed comparison of rates and of amounts (nominal level, unadjusted)', () => {
    // Women against men (whichever of the two is the larger, reference group).
    const pick = (r: FairnessReport, metric: string): number | undefined => womenVsMen(r, metric)?.test.p;
    for (const metric of ['claimRate', 'nachforderungRate', 'amount', 'processingDays']) {
      const ps = reports.map((r) => pick(r, metric)).filter((p): p is number => p !== undefined);
      expect(ps.length).toBe(R);
      const rejected = ps.filter((p) => p < ALPHA).length;
      expect(rejected, metric).toBeLessThan(binomialUpperBound(R, ALPHA));
      // And not absurdly conservative: p-values spread over (0, 1).
      expect(ps.filter((p) => p < 0.5).length, metric).toBeGreaterThan(30);
    }
  });
});

describe('planted bias: a known disparity', () => {
  it('is found when claims of non-EU nationals are refused more often (claim rate, four-fifths alarm)', () => {
    const R = 20;
    let found = 0;
    let fourFifths = 0;
    let wrongPlace = 0;
    for (let i = 0; i < R; i++) {
      // About 0.69 → 0.50 for the group: a ratio near 0.72, below four fifths.
      const r = run(`claim-bias-${i}`, 6000, [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.2 }]);
      if (r.fourFifths.some((f) => f.alarm && f.grouping.join() === 'nationalityGroup' && f.group.nationalityGroup === 'drittstaat')) fourFifths++;
      const hit = r.disparities.find(
        (d) => d.metric === 'claimRate' && d.grouping.join() === 'nationalityGroup' && d.group.nationalityGroup === 'drittstaat',
      );
      if (hit?.alarms.includes('signifikant') && hit.difference.value !== undefined && (hit.difference.value as number) < 0) found++;
      // Alarms on claim rate in single attributes other than nationality would be false.
      wrongPlace += r.disparities.some(
        (d) => d.metric === 'claimRate' && d.grouping.length === 1 && d.grouping[0] === 'gender' && d.alarms.includes('signifikant'),
      )
        ? 1
        : 0;
    }
    expect(found).toBeGreaterThanOrEqual(R - 1);
    expect(fourFifths).toBeGreaterThanOrEqual(R - 2);
    expect(wrongPlace).toBeLessThan(binomialUpperBound(R, ALPHA));
  });

  it('is found in equal opportunity when entitled disabled applicants are wrongly refused more often', () => {
    // Only refusals corrected on objection are known to be wrong (selective labels), so the
    // signal is weak: a strong planted effect and a larger population.
    const R = 8;
    let found = 0;
    for (let i = 0; i < R; i++) {
      const r = run(`eo-bias-${i}`, 10_000, [{ when: { disability: 'ja' }, wrongRefusal: 0.3 }]);
      const hit = r.disparities.find((d) => d.metric === 'equalOpportunity' && d.grouping.join() === 'disability' && d.group.disability === 'ja');
      if (hit?.alarms.includes('signifikant')) found++;
    }
    expect(found).toBeGreaterThanOrEqual(R - 1);
  });

  it('is found in amounts (Mann–Whitney) when women are granted 15 % less', () => {
    const R = 10;
    let found = 0;
    for (let i = 0; i < R; i++) {
      const r = run(`amount-bias-${i}`, 4000, [{ when: { gender: 'weiblich' }, amountFactor: 0.85 }]);
      const hit = womenVsMen(r, 'amount');
      if (hit?.alarms.includes('signifikant')) found++;
    }
    expect(found).toBeGreaterThanOrEqual(R - 1);
  });
});
