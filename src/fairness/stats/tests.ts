import { chiSquareTest } from './chisq.ts';
import { fisherExact } from './fisher.ts';
import { normalTwoSidedP } from './normal.ts';

export type TestName = 'fisher_exact' | 'chi_square' | 'mann_whitney';

export interface TestResult {
  name: TestName;
  p: number;
  statistic?: number;
}

/**
 * Test of equal rates in two independent groups, x1/n1 against x2/n2.
 * Fisher's exact test when any expected cell count is below 5 (where the χ²
 * approximation is unreliable: Cochran 1954), otherwise Pearson's χ² without continuity
 * correction: Yates' correction makes the test conservative (Campbell 2007, Stat Med
 * 26:3661) and the exact test already covers the small tables.
 */
export function testTwoRates(x1: number, n1: number, x2: number, n2: number): TestResult {
  const table = [
    [x1, n1 - x1],
    [x2, n2 - x2],
  ];
  const total = n1 + n2;
  const positives = x1 + x2;
  const minExpected = Math.min(n1, n2) * Math.min(positives, total - positives) / total;
  if (minExpected < 5) return { name: 'fisher_exact', p: fisherExact(x1, n1 - x1, x2, n2 - x2).p };
  const chi = chiSquareTest(table);
  return { name: 'chi_square', p: chi.p, statistic: chi.statistic };
}

/**
 * Mann–Whitney U test from its sufficient statistics: U (pairs x > y plus half the ties),
 * the group sizes and Σ(t³ − t) over tie blocks of the pooled sample. Normal
 * approximation with tie and continuity correction, as R's `wilcox.test(exact = FALSE,
 * correct = TRUE)`; reliable from about 10 observations per group, which suppression
 * guarantees.
 */
export function mannWhitneyFromU(u: number, n1: number, n2: number, tieSum: number): TestResult {
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1)));
  if (!(variance > 0)) return { name: 'mann_whitney', p: 1, statistic: u };
  const diff = u - mean;
  const z = (diff - Math.sign(diff) * 0.5) / Math.sqrt(variance);
  return { name: 'mann_whitney', p: normalTwoSidedP(z), statistic: u };
}

/** Mann–Whitney U test for two samples (sorting both; for report-sized data see metrics). */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>): TestResult {
  const pooled: [number, 0 | 1][] = [];
  for (let i = 0; i < x.length; i++) pooled.push([x[i]!, 0]);
  for (let i = 0; i < y.length; i++) pooled.push([y[i]!, 1]);
  pooled.sort((a, b) => a[0] - b[0]);
  let u = 0;
  let yBelow = 0;
  let tieSum = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    let xs = 0;
    let ys = 0;
    while (j < pooled.length && pooled[j]![0] === pooled[i]![0]) {
      if (pooled[j]![1] === 0) xs++;
      else ys++;
      j++;
    }
    u += xs * (yBelow + ys / 2);
    const t = xs + ys;
    tieSum += t * t * t - t;
    yBelow += ys;
    i = j;
  }
  return mannWhitneyFromU(u, x.length, y.length, tieSum);
}
