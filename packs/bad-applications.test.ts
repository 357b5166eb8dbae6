import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, explainText, needsEvidence, parsePath, requiredEvidence, whatIf, type Pack } from '../src/engine/index.ts';
import { generatePopulation } from '../src/fairness/index.ts';
import { loadPackFromDir } from '../src/pack-files/index.ts';
import { expectEngineRefusal } from '../test/fuzz.ts';

/**
 * Applications as people and programs really send them — a valid application with one part
 * broken: a value of the wrong type, out of range, absurdly long or deep, a field removed or
 * added, a list where an object belongs — through every entry point of the engine (decide,
 * explanation, what-if, evidence checklist). Each either answers in the contract's format or
 * refuses with the engine's own error: German, naming the JSON path. Never a TypeError, a
 * RangeError or a stack overflow.
 */
const root = new URL('.', import.meta.url).pathname;
const packs: Record<string, Pack> = { wohngeld: loadPackFromDir(join(root, 'wohngeld')), 'kita-beitrag': loadPackFromDir(join(root, 'kita-beitrag')) };
const population = [...generatePopulation({ seed: 'bad-applications', count: 60, personalien: false })];
const valid: Record<string, unknown[]> = {
  wohngeld: population.map((h) => h.wohngeld),
  'kita-beitrag': population.flatMap((h) => (h.kita ? [h.kita] : [])),
};

// a fixed seed for CI; AMTSKLAR_FUZZ_SEED / AMTSKLAR_FUZZ_RUNS explore further by hand
const RUNS = Number(process.env.AMTSKLAR_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.AMTSKLAR_FUZZ_SEED ?? 20261128);

let deep: unknown = 1;
for (let i = 0; i < 100_000; i++) deep = [deep];
// fast-check prints a counterexample recursively; this one names itself
Object.defineProperty(deep, fc.toStringMethod, { value: () => '[[[…] 100 000 Ebenen tief]]]' });

const badValue = fc.oneof(
  fc.constantFrom<unknown>('', ' ', -1, -0.01, 0, 0.001, 1e21, 1e308, -1e308, 2 ** 53 + 1, '1e5', '12,50', '1.234,56', 'NaN', 'Infinity', true, false, null, [], {}, [null], ['a'], { a: 1 }),
  fc.constantFrom<unknown>('2025-02-30', '2025-13-01', '0000-01-01', '9999-12-31', '01.03.2025', '2025-3-1', 'x'.repeat(100_000), 'ä€😀\u0000', '__proto__', 'constructor', deep),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value in `v`, objects and lists included. */
function paths(v: unknown, at = '$', out: string[] = [], depth = 0): string[] {
  out.push(at);
  // an application is a few levels deep; a planted deep value need not be walked
  if (depth > 8) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, `${at}[${i}]`, out, depth + 1));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) paths(x, `${at}.${k}`, out, depth + 1);
  return out;
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: badValue.map((value) => ({ kind: 'set' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unbekannt', '__proto__', 'constructor', 'toString', 'id'), badValue).map(([key, value]) => ({ kind: 'add' as const, key, value })) },
);

/** A copy down to the depth paths() walks; deeper parts (a planted deep value) are shared. */
function clone(v: unknown, depth = 0): unknown {
  if (depth > 9 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: clone(x, depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}

function mutate(input: unknown, at: string, m: Mutation): unknown {
  if (at === '$') return m.kind === 'set' ? m.value : clone(input);
  const copy = clone(input);
  const segs = parsePath(at);
  const last = segs[segs.length - 1]!;
  let parent: unknown = copy;
  for (const s of segs.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[s];
  if (parent === null || typeof parent !== 'object') return copy;
  const p = parent as Record<string | number, unknown>;
  if (m.kind === 'set') p[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete p[String(last)];
  } else {
    const target = p[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function show(v: unknown): string {
  try {
    return String(JSON.stringify(v)).slice(0, 100);
  } catch {
    return '(zu tief verschachtelt zum Zeigen)';
  }
}

describe.each(Object.keys(packs))('bad applications (%s)', (packId) => {
  const pack = packs[packId]!;
  const apps = valid[packId]!;
  // one to three changes, each at a path of the application as the earlier ones left it
  const broken = fc.tuple(fc.nat({ max: apps.length - 1 }), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 })).map(([i, changes]) => {
    let input: unknown = apps[i];
    const done: string[] = [];
    let last: { at: string; m: Mutation } = { at: '$', m: { kind: 'delete' } };
    for (const [pick, m] of changes) {
      const all = paths(input);
      const at = all[pick % all.length]!;
      input = mutate(input, at, m);
      done.push(`${at} ${m.kind}`);
      last = { at: done.join('; '), m };
    }
    return { ...last, input };
  });

  it('has valid applications to start from', () => {
    expect(apps.length).toBeGreaterThan(10);
  });

  it('decide, explanation, evidence and what-if answer or refuse in German with a JSON path — nothing else', () => {
    const seen = { decided: 0, refused: 0, whatIf: 0 };
    fc.assert(
      fc.property(broken, ({ at, m, input }) => {
        const what = `${at} ${m.kind} ${show('value' in m ? m.value : null)}`;
        let decision: ReturnType<typeof decide> | null = null;
        try {
          decision = decide(pack, input, { trace: true });
        } catch (err) {
          expectEngineRefusal(err, what, { code: 'invalid_input', paths: true });
          seen.refused++;
        }
        if (decision) {
          seen.decided++;
          expect(['decided', 'missing_inputs', 'needs_human'], what).toContain(decision.outcome);
          expect(decision.receipt.resultHash, what).toMatch(/^sha256:[0-9a-f]{64}$/);
          for (const x of decision.missing) {
            expect(x.input, what).toMatch(/^\$/);
            expect(x.question.length, what).toBeGreaterThan(0);
          }
          expect(explainText(pack, decision, 'citizen').length, what).toBeGreaterThan(0);
          expect(explainText(pack, decision, 'caseworker').length, what).toBeGreaterThan(0);
        }
        for (const run of [() => requiredEvidence(pack, input), () => needsEvidence(pack, input)]) {
          try {
            run();
          } catch (err) {
            expectEngineRefusal(err, `evidence ${what}`, { code: 'invalid_input', paths: true });
          }
        }
        if (decision && decision.outcome !== 'missing_inputs') {
          const numeric = packId === 'wohngeld' ? '$.miete_monat' : '$.kind.betreuungsstunden_woche';
          seen.whatIf++;
          try {
            whatIf(pack, input, { path: numeric });
          } catch (err) {
            expectEngineRefusal(err, `what-if ${what}`, { code: 'invalid_input', paths: true });
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // both ways out were taken: the mutations reach the checks and also leave applications valid
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
    expect(seen.decided).toBeGreaterThan(RUNS / 10);
    expect(seen.whatIf).toBeGreaterThan(0);
  });

  it('refuses anything that is not an application object, naming $', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (input) => {
        try {
          const d = decide(pack, input, { trace: false });
          expect(['decided', 'missing_inputs', 'needs_human']).toContain(d.outcome);
        } catch (err) {
          expectEngineRefusal(err, show(input));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
