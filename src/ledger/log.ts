import { CompactRange } from './compact.ts';
import { EMPTY_ROOT, hashChildren, hashLeaf, type Hash } from './hash.ts';
import type { LeafRecord, LedgerAppender, LedgerReader, LedgerStorage, StoredNode } from './storage.ts';
import {
  consistencyShape,
  inclusionSteps,
  isSize,
  isValidSubtree,
  perfectNodes,
  proofRanges,
  type NodeId,
  type Range,
} from './tree.ts';

export class LedgerProofError extends Error {
  override readonly name = 'LedgerProofError';
}

/** MTH of a subtree range: its perfect nodes folded right to left (RFC 9162 §2.1.1). */
function foldRange(hashes: readonly Hash[]): Hash {
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = hashChildren(hashes[i]!, h);
  return h;
}

/** The hashes of several ranges with one storage read; a range beyond the stored log is refused. */
async function rangeHashes(reader: LedgerReader, ranges: readonly Range[]): Promise<Hash[]> {
  const perRange = ranges.map((r) => perfectNodes(r.start, r.end));
  const ids: NodeId[] = perRange.flat();
  if (ids.length === 0) return [];
  let hashes: Hash[];
  try {
    hashes = await reader.readNodes(ids);
  } catch {
    // Every subtree inside the stored log exists; a missing one means the log is shorter.
    const end = Math.max(...ranges.map((r) => r.end));
    throw new LedgerProofError(`Das Protokoll hat (noch) keine ${end} Einträge`);
  }
  let at = 0;
  return perRange.map((nodes) => {
    const slice = hashes.slice(at, at + nodes.length);
    at += nodes.length;
    return foldRange(slice);
  });
}

/** Sizes beyond the log are caught by rangeHashes (their subtrees are not stored), saving a read. */
async function checkedSize(_reader: LedgerReader, size: number): Promise<void> {
  if (!isSize(size)) throw new LedgerProofError(`Baumgröße ${size} ist keine zulässige ganze Zahl`);
}

/** The root hash of the first `size` leaves. */
export async function rootAt(reader: LedgerReader, size: number): Promise<Hash> {
  await checkedSize(reader, size);
  if (size === 0) return EMPTY_ROOT;
  const [root] = await rangeHashes(reader, [{ start: 0, end: size }]);
  return root!;
}

/** PATH(index, D[size]) — RFC 9162 §2.1.3.1. */
export async function inclusionProof(reader: LedgerReader, index: number, size: number): Promise<Hash[]> {
  await checkedSize(reader, size);
  if (!isSize(index) || index >= size) throw new LedgerProofError(`Eintrag ${index} liegt nicht im Baum der Größe ${size}`);
  return rangeHashes(reader, proofRanges(inclusionSteps(index, size)));
}

/** PROOF(size1, D[size2]) — RFC 9162 §2.1.4.1. */
export async function consistencyProof(reader: LedgerReader, size1: number, size2: number): Promise<Hash[]> {
  await checkedSize(reader, size2);
  if (!isSize(size1) || size1 === 0 || size1 > size2) {
    throw new LedgerProofError(`Kein Konsistenzbeweis von Größe ${size1} zu Größe ${size2}`);
  }
  if (size1 === size2) return [];
  return rangeHashes(reader, proofRanges(consistencyShape(0, size1, size2)));
}

/** Consistency of the subtree [start, end) with the tree of `size` leaves (MTC draft). */
export async function subtreeConsistencyProof(reader: LedgerReader, start: number, end: number, size: number): Promise<Hash[]> {
  await checkedSize(reader, size);
  if (!isValidSubtree(start, end) || start === end || end > size) {
    throw new LedgerProofError(`[${start}, ${end}) ist kein Teilbaum des Baums der Größe ${size}`);
  }
  if (start === 0 && end === size) return [];
  return rangeHashes(reader, proofRanges(consistencyShape(start, end, size)));
}

/** The hash of the subtree [start, end). */
export async function subtreeHash(reader: LedgerReader, start: number, end: number): Promise<Hash> {
  await checkedSize(reader, end);
  if (!isValidSubtree(start, end) || start === end) throw new LedgerProofError(`[${start}, ${end}) ist kein Teilbaum`);
  const [h] = await rangeHashes(reader, [{ start, end }]);
  return h!;
}

export interface AppendResult {
  /** Index of the first appended leaf. */
  first: number;
  /** Tree size after the append. */
  size: number;
  root: Hash;
  leaves: LeafRecord[];
}

/**
 * Appends the leaves as one batch inside an open append: reads the frontier (the perfect
 * subtrees covering the current tree), hashes the new leaves in, and writes each leaf and
 * each subtree that becomes complete.
 */
export async function appendWith(tx: LedgerAppender, data: readonly Uint8Array[]): Promise<AppendResult> {
  const first = await tx.treeSize();
  const frontierIds = perfectNodes(0, first);
  const range = new CompactRange(first, frontierIds.length ? await tx.readNodes(frontierIds) : []);
  const leaves: LeafRecord[] = [];
  const nodes: StoredNode[] = [];
  for (const d of data) {
    const leaf: LeafRecord = { index: range.size, data: d, hash: hashLeaf(d) };
    leaves.push(leaf);
    // Level-0 nodes are the leaves themselves; the store keeps them with the leaf.
    nodes.push(...range.push(leaf.hash).slice(1));
  }
  if (leaves.length) await tx.write(leaves, nodes);
  return { first, size: range.size, root: range.root(), leaves };
}

/** Appends the leaves as one batch, as the only writer. */
export function appendLeaves(storage: LedgerStorage, data: readonly Uint8Array[]): Promise<AppendResult> {
  return storage.append((tx) => appendWith(tx, data));
}
