import canonicalizeLib from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, MAX_JSON_DEPTH } from './canonical.ts';
import { isAmtsklarError } from './errors.ts';

const oracle = canonicalizeLib as unknown as (v: unknown) => string | undefined;

describe('canonicalJson (RFC 8785)', () => {
  it('writes values nested up to its limit, and refuses deeper ones in German, naming where the nesting starts', () => {
    const nest = (levels: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    expect(canonicalJson({ x: nest(MAX_JSON_DEPTH - 1) })).toBe(`{"x":${'['.repeat(MAX_JSON_DEPTH - 1)}1${']'.repeat(MAX_JSON_DEPTH - 1)}}`);
    // JSON.parse takes any depth; 100 000 levels overflowed the stack before
    for (const levels of [MAX_JSON_DEPTH, 100_000]) {
      let err: unknown;
      try {
        canonicalJson({ a: 1, tief: { x: nest(levels) } });
      } catch (e) {
        err = e;
      }
      expect(isAmtsklarError(err) && err.code).toBe('invalid_input');
      const problem = (err as { problems: { path: string; message: string }[] }).problems[0]!;
      expect(problem.path).toBe('$.tief.x');
      expect(problem.message).toMatch(/zu tief verschachtelt/);
    }
  });

  it('agrees with the canonicalize library on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(oracle(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on objects whose keys need sorting by UTF-16 code units, not by code points', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.integer(), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }))), (v) => {
        expect(canonicalJson(v)).toBe(oracle(v));
      }),
      { numRuns: 1000 },
    );
    // U+1F600 (surrogates D83D DE00) sorts before U+FB01 by code units, after it by code points
    expect(canonicalJson({ '\uFB01': 1, '\u{1F600}': 2 })).toBe('{"\u{1F600}":2,"\uFB01":1}');
  });

  it('agrees on repeated key layouts (remembered sort orders), also when layouts share their first key', () => {
    const keys = fc.uniqueArray(fc.constantFrom('z', 'a', 'm', 'b', 'y', 'ä', 'A', '_', 'x1', 'x10', 'x2'), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, fc.array(fc.integer(), { minLength: 8, maxLength: 8 })), { minLength: 1, maxLength: 40 }), (layouts) => {
        for (const [ks, vals] of layouts) {
          const v = Object.fromEntries(ks.map((k, i) => [k, vals[i]]));
          expect(canonicalJson(v)).toBe(oracle(v));
          expect(canonicalJson([v, { nested: v }])).toBe(oracle([v, { nested: v }]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes the RFC 8785 § 3.2.2.3 sample numbers as the RFC does', () => {
    // the RFC writes 333333333.33333329, which is the same double as 333333333.3333333
    expect(canonicalJson([333333333.3333333, 1e30, 4.5, 0.002, 1e-27, -0, 1e21, 1e-7])).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27,0,1e+21,1e-7]');
    expect(canonicalJson({ numbers: [333333333.3333333, 1e30, 4.5, 2e-3, 0.000000000000000000000000001], string: '€$\u000F\nA\'B"\\\\"/', literals: [null, true, false] })).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('leaves out undefined members, honours toJSON and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: undefined, a: { toJSON: () => 'x' } })).toBe('{"a":"x"}');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow();
    expect(() => canonicalJson(undefined)).toThrow('nicht als JSON darstellbar');
  });

  it('hashes the canonical form, so key order does not change a content hash', () => {
    expect(contentHash({ a: 1, b: [2, 3] })).toBe(contentHash({ b: [2, 3], a: 1 }));
    expect(contentHash({ a: 1 })).toBe('sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});
