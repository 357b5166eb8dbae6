import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf, toHex, type Hash } from './hash.ts';
import { appendLeaves, consistencyProof, inclusionProof, rootAt, subtreeConsistencyProof, subtreeHash } from './log.ts';
import { MemoryLedgerStorage } from './memory-storage.ts';
import { inclusionSteps, consistencyShape, splitPoint } from './tree.ts';
import { verifyConsistency, verifyInclusion, verifySubtreeConsistency } from './verify.ts';

const hex = (h: Uint8Array) => toHex(h);
const utf8 = (s: string) => new TextEncoder().encode(s);

// RFC 9162 §2.1 written down literally over the list of leaf hashes: the reference the
// stored-subtree implementation is compared with.
function mth(l: Hash[]): Hash {
  if (l.length === 0) return EMPTY_ROOT;
  if (l.length === 1) return l[0]!;
  const k = splitPoint(l.length);
  return hashChildren(mth(l.slice(0, k)), mth(l.slice(k)));
}
function path(m: number, l: Hash[]): Hash[] {
  if (l.length <= 1) return [];
  const k = splitPoint(l.length);
  return m < k ? [...path(m, l.slice(0, k)), mth(l.slice(k))] : [...path(m - k, l.slice(k)), mth(l.slice(0, k))];
}
function subproof(m: number, l: Hash[], b: boolean): Hash[] {
  if (m === l.length) return b ? [] : [mth(l)];
  const k = splitPoint(l.length);
  return m <= k ? [...subproof(m, l.slice(0, k), b), mth(l.slice(k))] : [...subproof(m - k, l.slice(k), false), mth(l.slice(0, k))];
}

async function build(leaves: Uint8Array[][]): Promise<{ store: MemoryLedgerStorage; hashes: Hash[] }> {
  const store = new MemoryLedgerStorage();
  for (const batch of leaves) await appendLeaves(store, batch);
  return { store, hashes: leaves.flat().map((d) => hashLeaf(d)) };
}

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const c = new Uint8Array(b);
  c[Math.floor(bit / 8) % c.length]! ^= 1 << bit % 8;
  return c;
}

describe('RFC 9162 hashing', () => {
  // Known answers from transparency-dev/merkle rfc6962_test.go (see governance research §4.1).
  it('matches the known answers', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(hashLeaf(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(hashLeaf(utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(hex(hashChildren(utf8('N123'), utf8('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('hashes a leaf given as text like its UTF-8 bytes, also longer than the reused input buffer', () => {
    for (const text of ['L123456', 'Straße 🏛️ €', 'ä'.repeat(5000), 'x'.repeat(9000)]) {
      expect(hex(hashLeaf(text))).toBe(hex(hashLeaf(utf8(text))));
      expect(hex(hashLeaf(text))).toBe(createHash('sha256').update(Uint8Array.of(0)).update(text, 'utf8').digest('hex'));
    }
    // The reused buffers never leak into a returned hash.
    const a = hashLeaf('a');
    hashLeaf('b');
    expect(hex(a)).toBe(hex(hashLeaf(utf8('a'))));
  });

  it('computes the same roots and proofs as the literal RFC definition, for every size up to 70', async () => {
    const data = Array.from({ length: 70 }, (_, i) => utf8(`Eintrag ${i}`));
    const store = new MemoryLedgerStorage();
    const hashes = data.map((d) => hashLeaf(d));
    for (let n = 1; n <= 70; n++) {
      await appendLeaves(store, [data[n - 1]!]);
      expect(hex(await rootAt(store, n))).toBe(hex(mth(hashes.slice(0, n))));
      for (let size = 1; size <= n; size++) {
        for (const m of [0, size >> 1, size - 1]) {
          expect((await inclusionProof(store, m, size)).map(hex)).toEqual(path(m, hashes.slice(0, size)).map(hex));
        }
        expect((await consistencyProof(store, size, n)).map(hex)).toEqual(size === n ? [] : subproof(size, hashes.slice(0, n), true).map(hex));
      }
    }
  });

  it('gives the draft examples for subtree consistency in a tree of 14', async () => {
    const { store, hashes } = await build([Array.from({ length: 14 }, (_, i) => utf8(`leaf${i}`))]);
    const m = (a: number, b: number) => hex(mth(hashes.slice(a, b)));
    expect((await subtreeConsistencyProof(store, 4, 8, 14)).map(hex)).toEqual([m(0, 4), m(8, 14)]);
    expect((await subtreeConsistencyProof(store, 8, 13, 14)).map(hex)).toEqual([m(12, 13), m(13, 14), m(8, 12), m(0, 8)]);
    const proof = await subtreeConsistencyProof(store, 8, 13, 14);
    expect(verifySubtreeConsistency(8, 13, 14, proof, await subtreeHash(store, 8, 13), await rootAt(store, 14)).ok).toBe(true);
  });

  it('writes one stored subtree per completed node and nothing else', async () => {
    const store = new MemoryLedgerStorage();
    const r = await appendLeaves(store, Array.from({ length: 7 }, (_, i) => utf8(String(i))));
    expect(r).toMatchObject({ first: 0, size: 7 });
    await expect(store.readNodes([{ level: 2, index: 0 }])).resolves.toHaveLength(1);
    await expect(store.readNodes([{ level: 1, index: 3 }])).rejects.toThrow();
    await expect(inclusionProof(store, 0, 8)).rejects.toThrow(/keine 8 Einträge/);
  });
});

// Random leaf bytes, each prefixed by its position so no two leaves are equal: with equal
// leaves, different trees can have equal roots, and a "changed" input may name the same tree.
const batches = fc
  .array(fc.array(fc.uint8Array({ minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 8 })
  .map((bs) => {
    let i = 0;
    return bs.map((b) => b.map((d) => Uint8Array.from([...utf8(`${i++}:`), ...d])));
  });

describe('properties (fast-check)', () => {
  it('every inclusion proof of a random append sequence verifies; any bit flip in leaf, proof, index or root fails', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.nat(), fc.nat(), fc.nat(255), async (b, a, c, bit) => {
        const { store, hashes } = await build(b);
        const n = hashes.length;
        const size = 1 + (a % n);
        const index = c % size;
        const root = await rootAt(store, size);
        const proof = await inclusionProof(store, index, size);
        expect(verifyInclusion(index, size, hashes[index]!, proof, root).ok).toBe(true);
        expect(verifyInclusion(index, size, flipBit(hashes[index]!, bit), proof, root).ok).toBe(false);
        expect(verifyInclusion(index, size, hashes[index]!, proof, flipBit(root, bit)).ok).toBe(false);
        proof.forEach((_, i) => {
          const bad = proof.map((p, j) => (j === i ? flipBit(p, bit) : p));
          expect(verifyInclusion(index, size, hashes[index]!, bad, root).ok).toBe(false);
        });
        for (let k = 0; k < 8; k++) {
          expect(verifyInclusion(index ^ (1 << k), size, hashes[index]!, proof, root).ok).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a changed tree size fails unless it describes the very same path (then the signed checkpoint decides)', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.nat(), fc.nat(), async (b, a, c) => {
        const { store, hashes } = await build(b);
        const size = 1 + (a % hashes.length);
        const index = c % size;
        const root = await rootAt(store, size);
        const proof = await inclusionProof(store, index, size);
        const shape = JSON.stringify(inclusionSteps(index, size).map((s) => s.side));
        for (let k = 0; k < 10; k++) {
          const other = size ^ (1 << k);
          const ok = verifyInclusion(index, other, hashes[index]!, proof, root).ok;
          const sameShape = other > index && JSON.stringify(inclusionSteps(index, other).map((s) => s.side)) === shape;
          expect(ok).toBe(sameShape);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('every consistency proof of a random append sequence verifies; any bit flip in proof or either root fails', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.nat(), fc.nat(), fc.nat(255), async (b, a, c, bit) => {
        const { store, hashes } = await build(b);
        const n = hashes.length;
        const size2 = 1 + (a % n);
        const size1 = 1 + (c % size2);
        const r1 = await rootAt(store, size1);
        const r2 = await rootAt(store, size2);
        const proof = await consistencyProof(store, size1, size2);
        expect(verifyConsistency(size1, size2, proof, r1, r2).ok).toBe(true);
        expect(verifyConsistency(size1, size2, proof, flipBit(r1, bit), r2).ok).toBe(false);
        expect(verifyConsistency(size1, size2, proof, r1, flipBit(r2, bit)).ok).toBe(false);
        proof.forEach((_, i) => {
          const bad = proof.map((p, j) => (j === i ? flipBit(p, bit) : p));
          expect(verifyConsistency(size1, size2, bad, r1, r2).ok).toBe(false);
        });
        // Sizes: a changed size fails unless the proof shape is identical.
        // What a verifier can tell apart: whether a base hash leads, and each step's side and role.
        const pattern = (a: number, b: number) => {
          const sh = consistencyShape(0, a, b);
          return JSON.stringify([!!sh.base, sh.steps.map((s) => [s.side, s.inside])]);
        };
        const shape = pattern(size1, size2);
        for (let k = 0; k < 8; k++) {
          for (const [s1, s2] of [
            [size1 ^ (1 << k), size2],
            [size1, size2 ^ (1 << k)],
          ] as const) {
            const ok = verifyConsistency(s1, s2, proof, r1, r2).ok;
            const same = s1 > 0 && s1 < s2 && pattern(s1, s2) === shape;
            expect(ok).toBe(same);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a log appended in any batching has the same roots as one appended leaf by leaf', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (b) => {
        const { store, hashes } = await build(b);
        const single = await build([b.flat()]);
        for (let size = 1; size <= hashes.length; size++) {
          expect(hex(await rootAt(store, size))).toBe(hex(await rootAt(single.store, size)));
        }
        expect(hex(await rootAt(store, hashes.length))).toBe(hex(mth(hashes)));
      }),
      { numRuns: 60 },
    );
  });
});
