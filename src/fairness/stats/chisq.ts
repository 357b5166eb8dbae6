import { chiSquareUpperTail } from './gamma.ts';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  /** Smallest expected cell count: below 5 the χ² approximation is not trusted. */
  minExpected: number;
  yates: boolean;
}

/**
 * Pearson's χ² test of independence for an r×c table of counts (rows = groups, columns
 * = outcomes). With `yates` (2×2 only) each |O − E| is reduced by 0.5, not below 0, as
 * R's `chisq.test(correct = TRUE)` does. Rows or columns that are all zero are dropped
 * first; a table left with fewer than two rows or columns has no test (p = 1, df = 0).
 */
export function chiSquareTest(table: readonly (readonly number[])[], options: { yates?: boolean } = {}): ChiSquareResult {
  const cols = table[0]?.length ?? 0;
  for (const row of table) {
    if (row.length !== cols) throw new RangeError('Alle Zeilen der Kontingenztafel brauchen gleich viele Spalten');
    for (const v of row) if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError('Häufigkeiten müssen ≥ 0 sein');
  }
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const rows = table.map((_, i) => i).filter((i) => rowSums[i]! > 0);
  const keptCols = colSums.map((_, j) => j).filter((j) => colSums[j]! > 0);
  const total = rowSums.reduce((s, v) => s + v, 0);
  const df = (rows.length - 1) * (keptCols.length - 1);
  const yates = options.yates === true && rows.length === 2 && keptCols.length === 2;
  if (df <= 0) return { statistic: 0, df: 0, p: 1, minExpected: Number.NaN, yates };
  let statistic = 0;
  let minExpected = Infinity;
  for (const i of rows) {
    for (const j of keptCols) {
      const expected = (rowSums[i]! * colSums[j]!) / total;
      if (expected < minExpected) minExpected = expected;
      let dev = Math.abs(table[i]![j]! - expected);
      if (yates) dev = Math.max(0, dev - 0.5);
      statistic += (dev * dev) / expected;
    }
  }
  return { statistic, df, p: chiSquareUpperTail(statistic, df), minExpected, yates };
}
