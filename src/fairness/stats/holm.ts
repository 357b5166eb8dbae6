/**
 * Holm's step-down adjustment (Holm 1979): the family-wise error rate stays at α under
 * any dependence between the tests, and it is uniformly more powerful than Bonferroni.
 * Returns adjusted p-values in input order, as R's `p.adjust(p, "holm")`.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
