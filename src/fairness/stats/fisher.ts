/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], two-sided.
 *
 * Conditional on the margins, a follows the hypergeometric distribution. The two-sided
 * p-value sums the probabilities of all tables no more likely than the observed one,
 * with the relative tolerance 1 + 1e-7 that R's `fisher.test` uses so that tables of
 * equal probability are not lost to rounding. Probabilities are built in log space by
 * the exact ratio recurrence P(x+1)/P(x) = (r1−x)(c1−x) / ((x+1)(r2−c1+x+1)) and
 * normalised by their sum, so large counts neither overflow nor lose precision.
 */
export function fisherExact(a: number, b: number, c: number, d: number): { p: number } {
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError('Zellen einer 2×2-Tafel müssen ganze Zahlen ≥ 0 sein');
  }
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  if (hi === lo) return { p: 1 };
  const size = hi - lo + 1;
  const logd = new Float64Array(size);
  let max = 0;
  for (let i = 1; i < size; i++) {
    const x = lo + i - 1;
    logd[i] = logd[i - 1]! + Math.log(((r1 - x) * (c1 - x)) / ((x + 1) * (r2 - c1 + x + 1)));
    if (logd[i]! > max) max = logd[i]!;
  }
  const observed = logd[a - lo]! + Math.log1p(1e-7);
  let total = 0;
  let tail = 0;
  for (let i = 0; i < size; i++) {
    const w = Math.exp(logd[i]! - max);
    total += w;
    if (logd[i]! <= observed) tail += w;
  }
  return { p: Math.min(1, tail / total) };
}
