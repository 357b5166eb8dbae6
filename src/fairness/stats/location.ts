import jStat from 'jstat';
import type { Interval } from './proportions.ts';

/** Student-t interval for a mean from n, Σx and Σx² (large-sample robust by the CLT). */
export function meanInterval(n: number, sum: number, sumSquares: number, level = 0.95): Interval | null {
  if (n < 2) return null;
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const t = jStat.studentt.inv(1 - (1 - level) / 2, n - 1);
  const half = t * Math.sqrt(variance / n);
  return [mean - half, mean + half];
}

/** Welch interval for the difference of two means (unequal variances, Welch–Satterthwaite df). */
export function welchDifference(
  a: { n: number; sum: number; sumSquares: number },
  b: { n: number; sum: number; sumSquares: number },
  level = 0.95,
): Interval | null {
  if (a.n < 2 || b.n < 2) return null;
  const ma = a.sum / a.n;
  const mb = b.sum / b.n;
  const va = Math.max(0, (a.sumSquares - a.n * ma * ma) / (a.n - 1)) / a.n;
  const vb = Math.max(0, (b.sumSquares - b.n * mb * mb) / (b.n - 1)) / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return [ma - mb, ma - mb];
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = jStat.studentt.inv(1 - (1 - level) / 2, df);
  return [ma - mb - t * se, ma - mb + t * se];
}

/**
 * Ranks (1-based) of the order statistics that bound a distribution-free confidence
 * interval for the median: [x_(j), x_(n−j+1)] with the largest j such that
 * P(B ≤ j − 1) ≤ (1 − level)/2 for B ~ Bin(n, 1/2). Exact for every n: the binomial
 * terms are summed in log space, starting ten standard deviations below the mean (the
 * mass below is under 1e-20), so the work grows with √n, not n. Null when n is too small
 * for any interval at this level.
 */
export function medianRanks(n: number, level = 0.95): { lower: number; upper: number } | null {
  if (!Number.isInteger(n) || n < 1) return null;
  const tail = (1 - level) / 2;
  let j = Math.max(0, Math.floor(n / 2 - 5 * Math.sqrt(n)));
  let logTerm = jStat.gammaln(n + 1) - jStat.gammaln(j + 1) - jStat.gammaln(n - j + 1) - n * Math.LN2;
  let cumulative = Math.exp(logTerm);
  while (cumulative <= tail && j < n) {
    j++;
    logTerm += Math.log((n - j + 1) / j);
    cumulative += Math.exp(logTerm);
  }
  // j is now the smallest value with P(B ≤ j) > tail, so P(B ≤ j − 1) ≤ tail.
  if (j < 1) return null;
  return { lower: j, upper: n - j + 1 };
}
