import jStat from 'jstat';
import { upperRegGamma } from './gamma.ts';

/** Two-sided critical value of the standard normal distribution for confidence `level`. */
export function zCritical(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError('Konfidenzniveau muss zwischen 0 und 1 liegen');
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}

/** P(Z > z), with full relative precision in the far tail: Φ̄(z) = Q(1/2, z²/2) / 2 for z ≥ 0. */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  return 0.5 * upperRegGamma(0.5, (z * z) / 2);
}

/** Two-sided p-value of a standard normal statistic. */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}
