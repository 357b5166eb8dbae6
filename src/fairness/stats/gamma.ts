import jStat from 'jstat';

/**
 * Upper regularised incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
 * jStat offers the lower function P(a, x); 1 − P loses every digit once P is within
 * 1e-16 of 1, so for x > a + 1 the upper tail is taken directly from its continued
 * fraction (modified Lentz, Numerical Recipes §6.2), which keeps full relative precision
 * for the tiny p-values of large samples.
 */
export function upperRegGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError('a muss > 0 sein');
  if (!(x >= 0)) throw new RangeError('x muss ≥ 0 sein');
  if (x === 0) return 1;
  if (x < a + 1) return Math.max(0, 1 - jStat.lowRegGamma(a, x));
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - jStat.gammaln(a)) * h;
}

/** P(χ²_df > x). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError('Freiheitsgrade müssen > 0 sein');
  return upperRegGamma(df / 2, Math.max(0, x) / 2);
}
