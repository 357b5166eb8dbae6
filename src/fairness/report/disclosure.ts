import { ATTRIBUTE_DOMAINS, type SensitiveAttribute } from '../model.ts';
import type { FairnessReport, GroupKey } from './types.ts';

export interface RecoveredCell {
  grouping: SensitiveAttribute[];
  key: GroupKey;
  n: number;
}

/**
 * The attacker's view of a published report: from the shown group sizes and the overall
 * count alone, solve every line (cells differing in one attribute) that has exactly one
 * unknown cell, until nothing more follows. Returns every hidden cell recovered this way
 * with 0 < n < k. The report builder runs this on its own output and refuses to publish
 * if anything comes back; tests and the API run it on what they serve.
 */
export function recoverableSmallCells(report: FairnessReport): RecoveredCell[] {
  if (!report.population.shown) return [];
  const known = new Map<string, Map<string, number>>();
  const codesOf = (attrs: SensitiveAttribute[]): (string | null)[][] =>
    attrs.map((a) => [...ATTRIBUTE_DOMAINS[a].values.map((v) => v.code), null]);
  const cellId = (values: (string | null)[]): string => JSON.stringify(values);
  const groupingId = (attrs: readonly string[]): string => attrs.join('×');
  for (const g of report.groupings) {
    const m = new Map<string, number>();
    for (const group of g.groups) m.set(cellId(g.attributes.map((a) => group.key[a] ?? null)), group.n);
    known.set(groupingId(g.attributes), m);
  }
  const recovered: RecoveredCell[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const g of report.groupings) {
      const mine = known.get(groupingId(g.attributes))!;
      const domains = codesOf(g.attributes);
      g.attributes.forEach((_, ai) => {
        const others = g.attributes.filter((__, j) => j !== ai);
        const parent = others.length === 0 ? null : known.get(groupingId(others));
        if (others.length > 0 && !parent) return;
        for (const fixed of product(domains.filter((__, j) => j !== ai))) {
          const total = parent ? parent.get(cellId(fixed)) : report.population.decisions;
          if (total === undefined) continue;
          const line = domains[ai]!.map((v) => {
            const values = [...fixed];
            values.splice(ai, 0, v);
            return values;
          });
          const unknown = line.filter((values) => !mine.has(cellId(values)));
          if (unknown.length !== 1) continue;
          const sum = line.reduce((s, values) => s + (mine.get(cellId(values)) ?? 0), 0);
          const n = total - sum;
          mine.set(cellId(unknown[0]!), n);
          progress = true;
          if (n > 0 && n < report.k) {
            const key: GroupKey = {};
            g.attributes.forEach((a, j) => {
              key[a] = unknown[0]![j]!;
            });
            recovered.push({ grouping: g.attributes, key, n });
          }
        }
      });
    }
  }
  return recovered;
}

function product(lists: (string | null)[][]): (string | null)[][] {
  return lists.reduce<(string | null)[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}
