import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable } from './random.ts';

describe('seeded random numbers', () => {
  it('reproduce the same sequence for the same seed and differ between seeds', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('are uniform, normal and weighted as claimed (moments within 5 standard errors)', () => {
    const rng = new Rng('moments');
    const n = 100_000;
    let sum = 0;
    let sumNormal = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const z = rng.normal();
      sumNormal += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumNormal / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
    ]);
    let b = 0;
    for (let i = 0; i < n; i++) if (table.draw(rng) === 'b') b++;
    expect(Math.abs(b / n - 0.75)).toBeLessThan(5 * Math.sqrt(0.75 * 0.25 / n));
    expect(new Rng('h').hex128()).toMatch(/^[0-9a-f]{32}$/);
  });
});
