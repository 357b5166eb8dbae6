import { stridesOf } from './cells.ts';

/**
 * Small-cell suppression with complementary suppression.
 *
 * Primary: every group with fewer than k members (0 < n < k) is withheld in every output.
 * Complementary: a withheld group must not be recoverable by subtraction. Each published
 * table is a set of *lines* — the cells that differ in one attribute while the others are
 * fixed — whose total is published elsewhere (the overall count, or a cell of the table
 * with one attribute fewer). In every line the withheld cells must be either none or
 * at least two that together hold at least k people; otherwise further shown cells of the
 * line are withheld as well — first cells with "keine Angabe" (least useful for a
 * comparison), then the smallest. Where a line has nothing left to withhold, its total
 * (a cell of the coarser table) is withheld instead. This repeats over all tables until
 * nothing changes, because a cell withheld in one table opens new lines in another.
 *
 * The same pattern then applies to every metric of a cell (counts of positives are
 * additive like the group sizes), so rates cannot be differenced back either.
 *
 * What this does not guard against (documented in docs/fairness.md): interval attacks by
 * linear programming over many linked tables, which narrow a withheld cell to a range
 * but not below k at the line level; and differencing across reports of overlapping
 * periods, which the report service prevents by publishing fixed, disjoint periods only.
 */

export interface CellTable {
  /** Stable key of the table, e.g. `gender×ageGroup`. */
  key: string;
  /** Attribute indices (into a global attribute list) in ascending order. */
  attributes: readonly number[];
  /** Number of codes per attribute (domain values + 1 for "keine Angabe"). */
  radices: readonly number[];
  /** Group size per cell code (mixed radix over the attribute codes, first attribute fastest). */
  counts: ArrayLike<number>;
}

export interface SuppressionResult {
  /** Per table key: 1 where the cell may be shown (n ≥ k and not needed as a complement). */
  shown: Map<string, Uint8Array>;
  /** False when the whole population is smaller than k: nothing may be shown at all. */
  totalShown: boolean;
}

interface Line {
  cells: number[];
  /** Table key and cell code of the line total; null when the total is the overall count. */
  parent: { key: string; code: number } | null;
}

export function suppressSmallCells(tables: readonly CellTable[], total: number, k: number): SuppressionResult {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const keyOf = (attributes: readonly number[]): string | undefined =>
    tables.find((t) => t.attributes.length === attributes.length && t.attributes.every((a, i) => a === attributes[i]))?.key;

  const suppressed = new Map<string, Uint8Array>();
  for (const t of tables) {
    const mask = new Uint8Array(t.counts.length);
    for (let c = 0; c < t.counts.length; c++) if (t.counts[c]! > 0 && t.counts[c]! < k) mask[c] = 1;
    suppressed.set(t.key, mask);
  }
  if (total < k) {
    return { shown: new Map(tables.map((t) => [t.key, new Uint8Array(t.counts.length)])), totalShown: false };
  }

  const lines: { table: CellTable; line: Line }[] = [];
  for (const t of tables) {
    const strides = stridesOf(t.radices);
    t.attributes.forEach((_, ai) => {
      const parentAttributes = t.attributes.filter((__, j) => j !== ai);
      const parentKey = parentAttributes.length === 0 ? null : keyOf(parentAttributes);
      if (parentAttributes.length > 0 && parentKey === undefined) {
        throw new Error(`Tabelle ${t.key}: Randtabelle fehlt; Tabellen müssen unter Teilmengen abgeschlossen sein`);
      }
      const parent = parentKey ? byKey.get(parentKey)! : null;
      const parentStrides = parent ? stridesOf(parent.radices) : [];
      const grouped = new Map<number, number[]>();
      for (let c = 0; c < t.counts.length; c++) {
        if (!(t.counts[c]! > 0)) continue;
        const digit = Math.floor(c / strides[ai]!) % t.radices[ai]!;
        const lineId = c - digit * strides[ai]!;
        let cells = grouped.get(lineId);
        if (!cells) grouped.set(lineId, (cells = []));
        cells.push(c);
      }
      for (const cells of grouped.values()) {
        let parentRef: Line['parent'] = null;
        if (parent) {
          let code = 0;
          let pi = 0;
          t.attributes.forEach((__, j) => {
            if (j === ai) return;
            const digit = Math.floor(cells[0]! / strides[j]!) % t.radices[j]!;
            code += digit * parentStrides[pi++]!;
          });
          parentRef = { key: parent.key, code };
        }
        lines.push({ table: t, line: { cells, parent: parentRef } });
      }
    });
  }

  let changed = true;
  while (changed) {
    changed = false;
    for (const { table, line } of lines) {
      const mask = suppressed.get(table.key)!;
      let count = 0;
      let sum = 0;
      for (const c of line.cells) {
        if (mask[c]) {
          count++;
          sum += table.counts[c]!;
        }
      }
      if (count === 0) continue;
      while (count === 1 || sum < k) {
        // The complement is the smallest shown cell, preferring cells with "keine Angabe":
        // they are the least useful for comparisons.
        let best = -1;
        for (const c of line.cells) {
          if (mask[c]) continue;
          if (best < 0 || better(table, c, best)) best = c;
        }
        if (best < 0) {
          if (line.parent) {
            const parentMask = suppressed.get(line.parent.key)!;
            if (!parentMask[line.parent.code]) {
              parentMask[line.parent.code] = 1;
              changed = true;
            }
          }
          break;
        }
        mask[best] = 1;
        count++;
        sum += table.counts[best]!;
        changed = true;
      }
    }
  }

  const shown = new Map<string, Uint8Array>();
  for (const t of tables) {
    const mask = suppressed.get(t.key)!;
    const out = new Uint8Array(t.counts.length);
    for (let c = 0; c < t.counts.length; c++) out[c] = t.counts[c]! >= k && !mask[c] ? 1 : 0;
    shown.set(t.key, out);
  }
  return { shown, totalShown: true };
}

function better(table: CellTable, c: number, than: number): boolean {
  const a = notStated(table, c);
  const b = notStated(table, than);
  if (a !== b) return a;
  return table.counts[c]! < table.counts[than]!;
}

/** Code 0 of any attribute is "keine Angabe". */
function notStated(table: CellTable, code: number): boolean {
  let rest = code;
  for (const r of table.radices) {
    if (rest % r === 0) return true;
    rest = Math.floor(rest / r);
  }
  return false;
}
