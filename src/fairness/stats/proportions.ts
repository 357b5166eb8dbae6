import { zCritical } from './normal.ts';

export type Interval = readonly [number, number];

/**
 * Wilson score interval for a binomial proportion x/n (Wilson 1927; method 3 in
 * Newcombe 1998, Stat Med 17:857). Unlike the Wald interval it stays inside [0, 1] and
 * keeps close to its nominal coverage for small n and rates near 0 or 1.
 */
export function wilsonInterval(x: number, n: number, level = 0.95): Interval {
  checkCount(x, n);
  if (n === 0) return [0, 1];
  const z = zCritical(level);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval for p1 − p2 of two independent proportions
 * (Newcombe 1998, Stat Med 17:873, method 10), built from the two Wilson intervals.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, level = 0.95): Interval {
  checkCount(x1, n1);
  checkCount(x2, n2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1, level);
  const [l2, u2] = wilsonInterval(x2, n2, level);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/**
 * Ratio p1 / p2 with the log (Katz 1978) interval. A zero count makes the log undefined;
 * then 0.5 is added to both counts and 1 to both denominators (the usual continuity
 * correction), and the result says so. Returns null when p2 = 0 (ratio undefined).
 */
export function katzRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): { value: number; ci: Interval; corrected: boolean } | null {
  checkCount(x1, n1);
  checkCount(x2, n2);
  if (n1 === 0 || n2 === 0 || x2 === 0) return null;
  const value = x1 / n1 / (x2 / n2);
  const corrected = x1 === 0 || x2 === 0;
  const a = corrected ? x1 + 0.5 : x1;
  const b = corrected ? x2 + 0.5 : x2;
  const m1 = corrected ? n1 + 1 : n1;
  const m2 = corrected ? n2 + 1 : n2;
  const logRatio = Math.log(a / m1 / (b / m2));
  const se = Math.sqrt(1 / a - 1 / m1 + 1 / b - 1 / m2);
  const z = zCritical(level);
  return { value, ci: [Math.exp(logRatio - z * se), Math.exp(logRatio + z * se)], corrected };
}

/**
 * Smallest difference of two rates that a two-sided test at `alpha` detects with the
 * given power (normal approximation around the pooled rate). Reported next to every
 * comparison so that "no significant difference" is never read as "no difference".
 */
export function minimumDetectableDifference(pooledRate: number, n1: number, n2: number, alpha = 0.05, power = 0.8): number {
  const zA = zCritical(1 - alpha);
  const zB = zCritical(2 * power - 1);
  const p = Math.min(Math.max(pooledRate, 1e-9), 1 - 1e-9);
  return (zA + zB) * Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
}

function checkCount(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`ungültige Häufigkeit ${x} von ${n}`);
  }
}
