import { describe, expect, it } from 'vitest';
import { secureRandomBytes } from './random.ts';

describe('secureRandomBytes', () => {
  it('hands out the requested number of bytes, also across pool refills and for large draws', () => {
    for (const n of [0, 1, 12, 32, 255, 256, 257, 5000]) expect(secureRandomBytes(n)).toHaveLength(n);
  });

  it('never hands out the same bytes twice (10,000 draws of 32 bytes span several refills)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(secureRandomBytes(32).toString('hex'));
    expect(seen.size).toBe(10_000);
  });

  it('returns copies: changing one draw changes no later draw', () => {
    const a = secureRandomBytes(16);
    const b = secureRandomBytes(16);
    const before = Buffer.from(b);
    a.fill(0xff);
    expect(b.equals(before)).toBe(true);
  });

  it('looks uniform: every byte value occurs, and the mean is near 127.5', () => {
    const counts = new Array<number>(256).fill(0);
    let sum = 0;
    for (let i = 0; i < 2000; i++) for (const x of secureRandomBytes(32)) {
      counts[x]!++;
      sum += x;
    }
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(Math.abs(sum / 64_000 - 127.5)).toBeLessThan(3);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => secureRandomBytes(-1)).toThrow(RangeError);
    expect(() => secureRandomBytes(1.5)).toThrow(/natürliche Zahl/);
  });
});
