import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, explainText, replay, type Decision, type Pack } from '../src/engine/index.ts';
import { generatePopulation } from '../src/fairness/index.ts';
import { loadPackFromDir } from '../src/pack-files/index.ts';
import { expectEngineRefusal, slots } from '../test/fuzz.ts';

/**
 * `amtsklar replay` reads files people keep for years and may have edited, cut or mixed up:
 * decisions, receipts, `{ decision }` wrappers. Whatever part is broken, replay answers
 * (identical, or the differences and whether the record is intact) or refuses in German with a
 * JSON path — never a TypeError.
 */
const RUNS = Number(process.env.AMTSKLAR_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.AMTSKLAR_FUZZ_SEED ?? 20261128);

const root = new URL('.', import.meta.url).pathname;
const pack: Pack = loadPackFromDir(join(root, 'wohngeld'));
const population = [...generatePopulation({ seed: 'bad-records', count: 30, personalien: false })];
const records = population.map((h) => JSON.parse(JSON.stringify(decide(pack, h.wohngeld, { trace: false }))) as unknown);
// `amtsklar explain DECISION.json` reads stored decisions with their trace
const traced = population.map((h) => JSON.parse(JSON.stringify(decide(pack, h.wohngeld, { trace: true }))) as unknown);

const badValue = fc.oneof(
  fc.constantFrom<unknown>('', 'x', -1, 0, 1.5, true, null, [], {}, [null], { a: 1 }, 'sha256:' + '0'.repeat(64), 'sha256:kaputt', '2025-02-30', '__proto__'),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The record with one to three parts removed or replaced by a wrong value. */
function broken(base: unknown, changes: [number, { set: unknown } | { del: boolean }][]): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const [pick, change] of changes) {
    const all = slots(copy, 6);
    const [container, key] = all[pick % all.length]!;
    if ('set' in change) container[key] = change.set;
    else if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key];
  }
  return copy;
}

const changes = fc.array(fc.tuple(fc.nat(), fc.oneof(badValue.map((v) => ({ set: v })), fc.constant({ del: true }))), { minLength: 1, maxLength: 3 });

describe('replay of broken records (wohngeld)', () => {
  it('a record as written replays identical', () => {
    for (const r of records.slice(0, 5)) expect(replay(pack, r).identical).toBe(true);
  });

  it('answers or refuses in German with a JSON path, whatever part of the record is broken', () => {
    const seen = { answered: 0, refused: 0 };
    fc.assert(
      fc.property(fc.nat({ max: records.length - 1 }), changes, fc.constantFrom('decision', 'wrapped', 'receipt'), (i, change, shape) => {
        const base = broken(records[i], change);
        const record = shape === 'wrapped' ? { decision: base } : shape === 'receipt' ? { ...(base.receipt as object), request: base.request } : base;
        try {
          const r = replay(pack, record);
          expect(typeof r.identical).toBe('boolean');
          seen.answered++;
        } catch (err) {
          expectEngineRefusal(err, 'replay', { paths: true });
          seen.refused++;
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(seen.answered).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

describe('explanations of broken stored decisions (wohngeld)', () => {
  it('explain a decision for every audience, or refuse in German — whatever part is broken', () => {
    const seen = { explained: 0, refused: 0 };
    fc.assert(
      fc.property(fc.nat({ max: traced.length - 1 }), changes, (i, change) => {
        const decision = broken(traced[i], change) as unknown as Decision;
        for (const audience of ['citizen', 'caseworker', 'auditor'] as const) {
          try {
            expect(typeof explainText(pack, decision, audience)).toBe('string');
            seen.explained++;
          } catch (err) {
            expectEngineRefusal(err, audience, { paths: true });
            seen.refused++;
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(seen.explained).toBeGreaterThan(0);
  });
});
