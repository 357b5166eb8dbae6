import { expect } from 'vitest';
import { isAmtsklarError } from '../src/common/index.ts';
import { looksGerman } from './german.ts';

/** Helpers the property tests with broken input share. */

export type Slot = [container: Record<string | number, unknown>, key: string | number];

/** Every place in a value that can be replaced or removed: [container, key], down to `maxDepth`. */
export function slots(v: unknown, maxDepth: number, out: Slot[] = [], depth = 0): Slot[] {
  if (depth > maxDepth || v === null || typeof v !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    out.push([v as Record<string | number, unknown>, k]);
    slots(x, maxDepth, out, depth + 1);
  }
  return out;
}

/**
 * `err` is the engine's own refusal, in German — never a TypeError or another runtime error.
 * With `paths`, every problem names a JSON path (`$…`) in German too; with `code`, that code.
 */
export function expectEngineRefusal(err: unknown, what: string, opts: { code?: string; paths?: boolean } = {}): void {
  if (!isAmtsklarError(err)) throw new Error(`${what}: kein Fehler der Engine, sondern ${String(err)}\n${(err as Error)?.stack ?? ''}`);
  if (opts.code) expect(err.code, what).toBe(opts.code);
  expect(looksGerman(err.message), `nicht deutsch: ${err.message} — ${what}`).toBe(true);
  if (!opts.paths) return;
  for (const p of err.problems) {
    expect(p.path, what).toMatch(/^\$/);
    expect(looksGerman(p.message), `nicht deutsch: ${p.message} — ${what}`).toBe(true);
  }
}
