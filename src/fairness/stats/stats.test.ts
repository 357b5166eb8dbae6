import { describe, expect, it } from 'vitest';
import { chiSquareTest } from './chisq.ts';
import { fisherExact } from './fisher.ts';
import { chiSquareUpperTail } from './gamma.ts';
import { holmAdjust } from './holm.ts';
import { meanInterval, medianRanks, welchDifference } from './location.ts';
import { normalUpperTail } from './normal.ts';
import { katzRatio, minimumDetectableDifference, newcombeDifference, wilsonInterval } from './proportions.ts';
import { mannWhitney, testTwoRates } from './tests.ts';

// Reference values are published ones (textbooks, papers, R documentation) where they
// exist; the remaining ones are scipy 1.17.1 outputs, named as such.

describe('Wilson score interval', () => {
  // Newcombe RG (1998) Two-sided confidence intervals for the single proportion:
  // comparison of seven methods. Stat Med 17:857–872, Table I, method 3 (score, no CC).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → [%f, %f] as in Newcombe 1998', (x, n, lo, hi) => {
    const [l, u] = wilsonInterval(x, n);
    expect(l).toBeCloseTo(lo, 4);
    expect(u).toBeCloseTo(hi, 4);
  });

  it('matches scipy binomtest(...).proportion_ci(method="wilson") to 1e-12, including x = n', () => {
    expect(wilsonInterval(81, 263)[0]).toBeCloseTo(0.2552885198782742, 12);
    expect(wilsonInterval(81, 263)[1]).toBeCloseTo(0.36620957698280004, 12);
    expect(wilsonInterval(29, 29)[0]).toBeCloseTo(0.8830302015002592, 12);
    expect(wilsonInterval(29, 29)[1]).toBe(1);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
  });
});

describe('Newcombe hybrid score interval for a difference of proportions', () => {
  // Newcombe RG (1998) Interval estimation for the difference between independent
  // proportions: comparison of eleven methods. Stat Med 17:873–890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%i/%i − %i/%i → [%f, %f]', (x1, n1, x2, n2, lo, hi) => {
    const [l, u] = newcombeDifference(x1, n1, x2, n2);
    expect(l).toBeCloseTo(lo, 4);
    expect(u).toBeCloseTo(hi, 4);
  });
});

describe('Katz log interval for a ratio of proportions', () => {
  it('matches scipy.stats.contingency.relative_risk(...).confidence_interval()', () => {
    const a = katzRatio(30, 100, 40, 100)!;
    expect(a.value).toBeCloseTo(0.75, 12);
    expect(a.ci[0]).toBeCloseTo(0.510981718633414, 10);
    expect(a.ci[1]).toBeCloseTo(1.1008221615136604, 10);
    const b = katzRatio(12, 50, 30, 60)!;
    expect(b.ci[0]).toBeCloseTo(0.27573067502203963, 10);
    expect(b.ci[1]).toBeCloseTo(0.8355979978708706, 10);
  });

  it('is undefined without events in the reference group and corrected for a zero in the group', () => {
    expect(katzRatio(3, 10, 0, 10)).toBeNull();
    const r = katzRatio(0, 10, 4, 10)!;
    expect(r.value).toBe(0);
    expect(r.corrected).toBe(true);
    expect(r.ci[0]).toBeGreaterThan(0);
  });
});

describe("Fisher's exact test (two-sided)", () => {
  it("gives p = 0.4857 for Fisher's tea-tasting table [[3,1],[1,3]] (Fisher 1935; R fisher.test)", () => {
    expect(fisherExact(3, 1, 1, 3).p).toBeCloseTo(0.4857142857142857, 12);
  });

  it("gives p = 0.0005367 for R's Convictions example (fisher.test documentation, Fisher 1962)", () => {
    // matrix(c(2, 10, 15, 3), nrow = 2): dizygotic/monozygotic twins × convicted
    expect(fisherExact(2, 15, 10, 3).p).toBeCloseTo(0.0005367241191434357, 12);
  });

  it.each([
    [1, 9, 11, 3, 0.0027594561852200836],
    [0, 5, 5, 0, 0.007936507936507938],
    [10, 990, 40, 960, 1.900947494329907e-5],
    [500, 10000, 800, 12000, 7.847090422468756e-7],
  ])('[[%i,%i],[%i,%i]] matches scipy.stats.fisher_exact (p = %f), large counts included', (a, b, c, d, p) => {
    expect(fisherExact(a, b, c, d).p / p).toBeCloseTo(1, 8);
  });

  it('is 1 for a table whose margins leave no choice, and symmetric under transposition', () => {
    expect(fisherExact(0, 0, 5, 7).p).toBe(1);
    expect(fisherExact(1, 9, 11, 3).p).toBeCloseTo(fisherExact(1, 11, 9, 3).p, 14);
  });
});

describe("Pearson's chi-square test", () => {
  it('reproduces the party identification × gender example of R chisq.test (Agresti 2007, p. 39)', () => {
    const r = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(r.statistic).toBeCloseTo(30.070149095754672, 8);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(2.9535891832117595e-7, 15);
  });

  it("reproduces R prop.test(smokers, patients) (Fleiss 1981): X² = 12.6, df = 3, p = 0.005585", () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const r = chiSquareTest(smokers.map((s, i) => [s, patients[i]! - s]));
    expect(r.statistic).toBeCloseTo(12.600411297127634, 8);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(0.005585476661627036, 12);
  });

  it("applies Yates' correction on 2×2 as R prop.test(c(15, 25), c(50, 50)): X² = 3.375, p = 0.06619", () => {
    const t = [
      [15, 35],
      [25, 25],
    ];
    const yates = chiSquareTest(t, { yates: true });
    expect(yates.statistic).toBeCloseTo(3.375, 12);
    expect(yates.p).toBeCloseTo(0.06619257972219346, 12);
    const plain = chiSquareTest(t);
    expect(plain.statistic).toBeCloseTo(4.166666666666667, 12);
    expect(plain.p).toBeCloseTo(0.041226833337163815, 12);
    expect(plain.minExpected).toBe(20);
  });

  it('keeps full relative precision for tiny upper tails (scipy.stats.chi2.sf)', () => {
    expect(chiSquareUpperTail(200, 1) / 2.0884875837625688e-45).toBeCloseTo(1, 10);
    expect(chiSquareUpperTail(1000, 5) / 6.0100776879208495e-214).toBeCloseTo(1, 10);
    expect(chiSquareUpperTail(0.5, 4)).toBeCloseTo(0.9735009788392561, 12);
    expect(normalUpperTail(10) / 7.61985302416047e-24).toBeCloseTo(1, 10);
  });

  it('drops empty rows and columns and has no test without two non-empty ones', () => {
    expect(chiSquareTest([[5, 0], [7, 0]]).df).toBe(0);
    expect(chiSquareTest([[5, 0], [7, 0]]).p).toBe(1);
    expect(chiSquareTest([[5, 3], [0, 0], [7, 9]]).df).toBe(1);
  });
});

describe('Holm–Bonferroni', () => {
  it('matches R p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")', () => {
    const adjusted = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 12));
  });

  it('keeps input order, is monotone in the sorted order, and caps at 1', () => {
    const adjusted = holmAdjust([0.5, 0.001, 0.04, 0.3]);
    [0.6, 0.004, 0.12, 0.6].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 12));
    expect(holmAdjust([0.4, 0.5])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
  });
});

describe('choice of test for two rates', () => {
  it('uses Fisher when an expected count is below 5 and chi-square otherwise', () => {
    expect(testTwoRates(1, 12, 30, 400).name).toBe('fisher_exact');
    expect(testTwoRates(1, 12, 30, 400).p).toBeCloseTo(fisherExact(1, 11, 30, 370).p, 14);
    const big = testTwoRates(300, 1000, 350, 1000);
    expect(big.name).toBe('chi_square');
    expect(big.p).toBeCloseTo(chiSquareTest([[300, 700], [350, 650]]).p, 14);
  });
});

describe('Mann–Whitney U', () => {
  it("gives W = 35 on R's wilcox.test example (Hollander & Wolfe 1973, p. 69) and scipy's asymptotic p", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitney(x, y);
    expect(r.statistic).toBe(35);
    expect(r.p).toBeCloseTo(0.24462360512698333, 10);
  });

  it('corrects for ties as scipy.stats.mannwhitneyu(method="asymptotic")', () => {
    const r = mannWhitney([1, 2, 2, 3, 3, 3, 4, 5, 5, 9, 10, 10], [2, 3, 3, 4, 6, 6, 7, 7, 8, 9, 11, 12, 12, 13]);
    expect(r.statistic).toBe(48);
    expect(r.p).toBeCloseTo(0.06640553007043713, 10);
  });
});

describe('location intervals', () => {
  it('t interval of a mean and Welch interval of a difference match scipy (jStat t quantiles: ~1e-8)', () => {
    const ci = meanInterval(10, 145, 2185)!;
    expect(ci[0]).toBeCloseTo(12.33414941033183, 7);
    expect(ci[1]).toBeCloseTo(16.665850589668167, 7);
    const w = welchDifference({ n: 10, sum: 145, sumSquares: 2185 }, { n: 8, sum: 184, sumSquares: 4316 })!;
    expect(w[0]).toBeCloseTo(-11.832430224487307, 7);
    expect(w[1]).toBeCloseTo(-5.1675697755126935, 7);
  });

  it('order-statistic ranks for the median match the binomial table (Conover 1999, Table A3)', () => {
    expect(medianRanks(10)).toEqual({ lower: 2, upper: 9 });
    expect(medianRanks(20)).toEqual({ lower: 6, upper: 15 });
    expect(medianRanks(100)).toEqual({ lower: 40, upper: 61 });
    expect(medianRanks(10_000)).toEqual({ lower: 4902, upper: 5099 });
    // Large n, exact (scipy.stats.binom): no normal approximation.
    expect(medianRanks(12_345)).toEqual({ lower: 6064, upper: 6282 });
    expect(medianRanks(1_000_000)).toEqual({ lower: 499_020, upper: 500_981 });
    expect(medianRanks(5)).toBeNull();
  });

  it('minimum detectable difference shrinks with group size', () => {
    const small = minimumDetectableDifference(0.5, 20, 1000);
    const large = minimumDetectableDifference(0.5, 2000, 1000);
    expect(small).toBeGreaterThan(0.3);
    expect(large).toBeLessThan(0.06);
  });
});
