import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './hash.ts';
import { verifyConsistency, verifyInclusion, verifySubtreeConsistency, verifySubtreeInclusion } from './verify.ts';

// transparency-dev/merkle's JSON vectors, read in place from the shared conformance folder.
const ROOT = join(import.meta.dirname, '../../../shared/conformance/merkle-vectors/testdata');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
  });
}

// The vectors give bytes as base64; a decoder that refused one would turn a negative
// into a pass for the wrong reason, so every value must decode (the verifier judges it).
function bytes(b64: string | null): Uint8Array {
  const b = fromBase64(b64 ?? '');
  if (!b) throw new Error(`kein Base64: ${b64}`);
  return b;
}
const list = (p: string[] | null) => (p ?? []).map(bytes);

interface Vector {
  desc: string;
  wantErr: boolean;
  [k: string]: unknown;
}

function run(kind: string, check: (v: Vector) => boolean) {
  const all = files(join(ROOT, kind));
  describe(`${kind} (${all.length} vectors)`, () => {
    it('has vectors', () => expect(all.length).toBeGreaterThan(10));
    for (const f of all) {
      const v = JSON.parse(readFileSync(f, 'utf8')) as Vector;
      it(`${relative(ROOT, f)}: ${v.wantErr ? 'rejects' : 'accepts'}`, () => {
        expect(check(v)).toBe(!v.wantErr);
      });
    }
  });
}

const n = (x: unknown) => x as number;

run('inclusion', (v) => verifyInclusion(n(v.leafIdx), n(v.treeSize), bytes(v.leafHash as string), list(v.proof as string[]), bytes(v.root as string)).ok);
run('consistency', (v) => verifyConsistency(n(v.size1), n(v.size2), list(v.proof as string[]), bytes(v.root1 as string), bytes(v.root2 as string)).ok);
run(
  'subtreeinclusion',
  (v) => verifySubtreeInclusion(n(v.leafIdx), n(v.start), n(v.end), bytes(v.leafHash as string), list(v.proof as string[]), bytes(v.root as string)).ok,
);
run(
  'subtreeconsistency',
  (v) => verifySubtreeConsistency(n(v.start), n(v.end), n(v.size), list(v.proof as string[]), bytes(v.root1 as string), bytes(v.root2 as string)).ok,
);
