/**
 * The shape of an RFC 9162 Merkle tree, as arithmetic on leaf ranges. Hashes come later:
 * this file only says which subtrees a proof consists of, so generation (reading stored
 * subtree hashes) and verification (folding proof hashes) share one definition.
 *
 * Sizes and indices are JavaScript safe integers (< 2^53); a log of that size is far beyond
 * any municipality, and anything larger is refused rather than computed imprecisely.
 */

/** A perfect subtree: level L, index i covers leaves [i·2^L, (i+1)·2^L). Level 0 = a leaf. */
export interface NodeId {
  level: number;
  index: number;
}

/** Leaves [start, end). */
export interface Range {
  start: number;
  end: number;
}

export function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 2 ** Math.floor(Math.log2(n - 1));
  // log2 of large integers can round either way; settle exactly.
  while (k * 2 < n) k *= 2;
  while (k >= n) k /= 2;
  return k;
}

/** The smallest power of two ≥ n. */
export function bitCeil(n: number): number {
  return n <= 1 ? 1 : splitPoint(n) * 2;
}

/**
 * A subtree in the sense of RFC 9162's recursion (and the MTC draft): [start, end) with
 * start a multiple of the smallest power of two ≥ end − start. Only such ranges have a
 * Merkle tree hash of their own inside a larger tree.
 */
export function isValidSubtree(start: number, end: number): boolean {
  if (!isSize(start) || !isSize(end) || start > end) return false;
  if (start === end || start === 0) return true;
  return start % bitCeil(end - start) === 0;
}

/** The perfect subtrees that exactly cover [start, end), left to right, each as large as alignment allows. */
export function perfectNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
    out.push({ level: Math.log2(size), index: at / size });
    at += size;
  }
  return out;
}

export type Side = 'left' | 'right';

/** One step of a proof: the sibling subtree and on which side it joins the path. */
export interface ProofStep {
  sibling: Range;
  side: Side;
  /** For subtree consistency: the sibling lies inside the subtree being proven. */
  inside: boolean;
}

/**
 * PATH(m, D[0:n]) of RFC 9162 §2.1.3.1 as steps, bottom-up (the order of the proof).
 * Precondition: 0 ≤ index < size.
 */
export function inclusionSteps(index: number, size: number): ProofStep[] {
  const topDown: ProofStep[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      topDown.push({ sibling: { start: mid, end: hi }, side: 'right', inside: false });
      hi = mid;
    } else {
      topDown.push({ sibling: { start: lo, end: mid }, side: 'left', inside: false });
      lo = mid;
    }
  }
  return topDown.reverse();
}

export interface ConsistencyShape {
  /** The proof starts with the hash of this range (a part of the subtree), or with nothing. */
  base: Range | undefined;
  steps: ProofStep[];
}

/**
 * SUBPROOF of RFC 9162 §2.1.4.1, generalised to a subtree [start, end) of D[0:n] as in the
 * Merkle Tree Certificates draft (start = 0 gives exactly RFC 9162's PROOF(end, D[n])).
 * Precondition: isValidSubtree(start, end), start < end ≤ size.
 */
export function consistencyShape(start: number, end: number, size: number): ConsistencyShape {
  const topDown: ProofStep[] = [];
  let lo = 0;
  let hi = size;
  let s = start;
  let known = true; // RFC 9162's b: the verifier already knows the hash of the current node
  while (!(s === lo && end === hi)) {
    const mid = lo + splitPoint(hi - lo);
    if (end <= mid) {
      topDown.push({ sibling: { start: mid, end: hi }, side: 'right', inside: false });
      hi = mid;
    } else if (s >= mid) {
      topDown.push({ sibling: { start: lo, end: mid }, side: 'left', inside: false });
      lo = mid;
    } else {
      // The subtree straddles the split; validity forces it to start at lo.
      if (s !== lo) throw new RangeError(`[${start}, ${end}) ist kein Teilbaum`);
      topDown.push({ sibling: { start: lo, end: mid }, side: 'left', inside: true });
      lo = mid;
      s = mid;
      known = false;
    }
  }
  return { base: known ? undefined : { start: lo, end: hi }, steps: topDown.reverse() };
}

/**
 * The inner nodes (level ≥ 1) that appending the leaves [start, end) to a tree of `start`
 * leaves completes, in the order they complete: after each leaf, the nodes it closes from
 * the bottom up. What a store holds for those leaves besides the leaf hashes.
 */
export function completedNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  for (let n = start + 1; n <= end; n++) {
    for (let level = 1, width = 2; n % width === 0; level++, width *= 2) out.push({ level, index: n / width - 1 });
  }
  return out;
}

/** Every range whose hash a proof carries, in proof order. */
export function proofRanges(shape: ConsistencyShape | ProofStep[]): Range[] {
  if (Array.isArray(shape)) return shape.map((s) => s.sibling);
  return [...(shape.base ? [shape.base] : []), ...shape.steps.map((s) => s.sibling)];
}
