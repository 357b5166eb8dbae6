import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stridesOf } from './cells.ts';
import { suppressSmallCells, type CellTable } from './suppression.ts';

const K = 10;

/** Builds the tables A, B and A×B from a cross table of counts (rows A, columns B). */
function tablesFrom(cross: number[][]): { tables: CellTable[]; total: number } {
  const ra = cross.length;
  const rb = cross[0]!.length;
  const ab = new Array<number>(ra * rb).fill(0);
  const a = new Array<number>(ra).fill(0);
  const b = new Array<number>(rb).fill(0);
  cross.forEach((row, i) =>
    row.forEach((n, j) => {
      ab[i + j * ra] = n;
      a[i]! += n;
      b[j]! += n;
    }),
  );
  return {
    tables: [
      { key: 'A', attributes: [0], radices: [ra], counts: a },
      { key: 'B', attributes: [1], radices: [rb], counts: b },
      { key: 'A×B', attributes: [0, 1], radices: [ra, rb], counts: ab },
    ],
    total: a.reduce((s, v) => s + v, 0),
  };
}

/**
 * An attacker who knows the published cells and the overall total and solves every
 * line equation with exactly one unknown, repeatedly. Returns every cell recovered.
 */
function attack(tables: CellTable[], shown: Map<string, Uint8Array>, total: number): Map<string, Map<number, number>> {
  const known = new Map<string, Map<number, number>>();
  for (const t of tables) {
    const m = new Map<number, number>();
    const s = shown.get(t.key)!;
    for (let c = 0; c < t.counts.length; c++) if (s[c]) m.set(c, t.counts[c]!);
    known.set(t.key, m);
  }
  const keyOf = (attrs: number[]): string | undefined => tables.find((t) => t.attributes.join() === attrs.join())?.key;
  let progress = true;
  while (progress) {
    progress = false;
    for (const t of tables) {
      const strides = stridesOf(t.radices);
      const cells = t.counts.length;
      t.attributes.forEach((_, ai) => {
        const parentAttrs = t.attributes.filter((__, j) => j !== ai);
        const parentKey = parentAttrs.length ? keyOf([...parentAttrs]) : null;
        const parent = parentKey ? tables.find((x) => x.key === parentKey)! : null;
        const lines = new Map<number, number[]>();
        for (let c = 0; c < cells; c++) {
          const digit = Math.floor(c / strides[ai]!) % t.radices[ai]!;
          const id = c - digit * strides[ai]!;
          lines.set(id, [...(lines.get(id) ?? []), c]);
        }
        for (const line of lines.values()) {
          let lineTotal: number | undefined;
          if (!parent) lineTotal = total;
          else {
            const ps = stridesOf(parent.radices);
            let code = 0;
            let pi = 0;
            t.attributes.forEach((__, j) => {
              if (j === ai) return;
              code += (Math.floor(line[0]! / strides[j]!) % t.radices[j]!) * ps[pi++]!;
            });
            lineTotal = known.get(parent.key)!.get(code);
          }
          if (lineTotal === undefined) continue;
          const mine = known.get(t.key)!;
          const unknown = line.filter((c) => !mine.has(c));
          if (unknown.length !== 1) continue;
          mine.set(unknown[0]!, lineTotal - line.filter((c) => mine.has(c)).reduce((s, c) => s + mine.get(c)!, 0));
          progress = true;
        }
      });
    }
  }
  return known;
}

describe('small-cell suppression', () => {
  it('withholds every cell below k and protects a lone small cell by a complementary one', () => {
    const { tables, total } = tablesFrom([
      [40, 35, 3],
      [50, 45, 30],
    ]);
    const { shown } = suppressSmallCells(tables, total, K);
    const ab = shown.get('A×B')!;
    expect(ab[0 + 2 * 2]).toBe(0); // the 3
    // The row of the 3 (A = 0) and its column (B = 2) each need a second withheld cell.
    const row0 = [0, 1, 2].filter((j) => !ab[0 + j * 2]);
    const col2 = [0, 1].filter((i) => !ab[i + 2 * 2]);
    expect(row0.length).toBeGreaterThanOrEqual(2);
    expect(col2.length).toBeGreaterThanOrEqual(2);
    const recovered = attack(tables, shown, total);
    expect(recovered.get('A×B')!.has(4)).toBe(false);
  });

  it('withholds the margin when a whole line is small', () => {
    const { tables, total } = tablesFrom([
      [40, 35, 30],
      [2, 3, 1],
    ]);
    const { shown } = suppressSmallCells(tables, total, K);
    expect(shown.get('A')![1]).toBe(0);
    expect(shown.get('A')![0]).toBe(0); // complement of the lone small margin
    const recovered = attack(tables, shown, total);
    for (const c of [1, 3, 5]) expect(recovered.get('A×B')!.has(c)).toBe(false);
    expect(recovered.get('A')!.has(1)).toBe(false);
  });

  it('shows nothing at all when the population is smaller than k', () => {
    const { tables, total } = tablesFrom([
      [2, 3],
      [1, 2],
    ]);
    const result = suppressSmallCells(tables, total, K);
    expect(result.totalShown).toBe(false);
    for (const mask of result.shown.values()) expect([...mask].every((v) => v === 0)).toBe(true);
  });

  it('never publishes a cell below k, and no cell below k can be recovered by subtraction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 80 })), { minLength: 20, maxLength: 20 }),
        (ra, rb, pool) => {
          const cross = Array.from({ length: ra }, (_, i) => Array.from({ length: rb }, (__, j) => pool[(i * rb + j) % pool.length]!));
          const { tables, total } = tablesFrom(cross);
          const { shown, totalShown } = suppressSmallCells(tables, total, K);
          if (!totalShown) return;
          for (const t of tables) {
            const mask = shown.get(t.key)!;
            for (let c = 0; c < t.counts.length; c++) if (mask[c]) expect(t.counts[c]).toBeGreaterThanOrEqual(K);
          }
          const recovered = attack(tables, shown, total);
          for (const t of tables) {
            for (const [c, v] of recovered.get(t.key)!) {
              expect(v).toBe(t.counts[c]);
              if (t.counts[c]! > 0) expect(t.counts[c]).toBeGreaterThanOrEqual(K);
            }
          }
        },
      ),
      { numRuns: 300, seed: 20260901 },
    );
  });
});
