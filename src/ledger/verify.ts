import { EMPTY_ROOT, hashChildren, isHash, sameHash, type Hash } from './hash.ts';
import { consistencyShape, inclusionSteps, isSize, isValidSubtree, type ConsistencyShape } from './tree.ts';

/** The outcome of checking a proof; a failure says in German what did not fit. */
export type Verdict = { ok: true } | { ok: false; reason: string };

const OK: Verdict = { ok: true };
const fail = (reason: string): Verdict => ({ ok: false, reason });

function allHashes(proof: readonly Uint8Array[]): boolean {
  return proof.every((p) => isHash(p));
}

/** RFC 9162 §2.1.3.2: does `leafHash` sit at `index` in the tree of `size` leaves with `root`? */
export function verifyInclusion(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): Verdict {
  if (!isSize(index) || !isSize(size)) return fail('Index oder Baumgröße ist keine zulässige ganze Zahl');
  if (index >= size) return fail(`Index ${index} liegt nicht im Baum der Größe ${size}`);
  if (!isHash(leafHash)) return fail('Der Blatt-Hash hat nicht 32 Bytes');
  if (!isHash(root)) return fail('Der Wurzel-Hash hat nicht 32 Bytes');
  if (!allHashes(proof)) return fail('Ein Beweis-Hash hat nicht 32 Bytes');
  const steps = inclusionSteps(index, size);
  if (proof.length !== steps.length) return fail(`Der Beweis hat ${proof.length} Hashes, erwartet sind ${steps.length}`);
  let h: Hash = leafHash;
  steps.forEach((s, i) => {
    h = s.side === 'right' ? hashChildren(h, proof[i]!) : hashChildren(proof[i]!, h);
  });
  return sameHash(h, root) ? OK : fail('Die berechnete Wurzel stimmt nicht mit dem Prüfpunkt überein');
}

/** Inclusion of a leaf in the subtree [start, end), against that subtree's hash. */
export function verifySubtreeInclusion(
  index: number,
  start: number,
  end: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Verdict {
  if (!isSize(index) || !isValidSubtree(start, end) || start === end) return fail(`[${start}, ${end}) ist kein zulässiger Teilbaum`);
  if (index < start || index >= end) return fail(`Index ${index} liegt nicht im Teilbaum [${start}, ${end})`);
  return verifyInclusion(index - start, end - start, leafHash, proof, root);
}

/** RFC 9162 §2.1.4.2: is the tree (size1, root1) a prefix of the tree (size2, root2)? */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): Verdict {
  if (!isSize(size1) || !isSize(size2)) return fail('Eine Baumgröße ist keine zulässige ganze Zahl');
  if (size1 > size2) return fail(`Die alte Größe ${size1} ist größer als die neue ${size2}`);
  if (size1 === 0) return fail('Konsistenz zum leeren Baum ist nicht prüfbar');
  if (size1 === size2) {
    if (proof.length !== 0) return fail('Bei gleicher Größe muss der Beweis leer sein');
    return sameHash(root1, root2) ? OK : fail(`Zwei verschiedene Wurzeln für dieselbe Größe ${size1}`);
  }
  return verifyShape(consistencyShape(0, size1, size2), proof, root1, root2);
}

/** Consistency of the subtree [start, end) (hash root1) with the tree of `size` leaves (root2). */
export function verifySubtreeConsistency(
  start: number,
  end: number,
  size: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Verdict {
  if (!isSize(size) || !isValidSubtree(start, end)) return fail(`[${start}, ${end}) ist kein zulässiger Teilbaum`);
  if (end > size) return fail(`Der Teilbaum [${start}, ${end}) reicht über die Baumgröße ${size} hinaus`);
  if (start === end) {
    if (proof.length !== 0) return fail('Für einen leeren Teilbaum muss der Beweis leer sein');
    return sameHash(root1, EMPTY_ROOT) ? OK : fail('Ein leerer Teilbaum hat die Wurzel des leeren Baums');
  }
  if (start === 0 && end === size) {
    if (proof.length !== 0) return fail('Für den ganzen Baum muss der Beweis leer sein');
    return sameHash(root1, root2) ? OK : fail('Teilbaum und Baum sind gleich groß, die Wurzeln aber verschieden');
  }
  return verifyShape(consistencyShape(start, end, size), proof, root1, root2);
}

/**
 * Folds a consistency proof twice in one pass: all hashes give the new root, the hashes
 * inside the subtree give the old one. Both must match, so no element of the proof is
 * left unchecked (compare GHSA-672p-m5jq-mrh8, where a verifier skipped one half).
 */
function verifyShape(shape: ConsistencyShape, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): Verdict {
  if (!isHash(root1) || !isHash(root2)) return fail('Ein Wurzel-Hash hat nicht 32 Bytes');
  if (!allHashes(proof)) return fail('Ein Beweis-Hash hat nicht 32 Bytes');
  const offset = shape.base ? 1 : 0;
  if (proof.length !== offset + shape.steps.length) {
    return fail(`Der Beweis hat ${proof.length} Hashes, erwartet sind ${offset + shape.steps.length}`);
  }
  let old: Hash = shape.base ? proof[0]! : root1;
  let grown: Hash = old;
  shape.steps.forEach((s, i) => {
    const p = proof[offset + i]!;
    if (s.side === 'right') {
      grown = hashChildren(grown, p);
    } else {
      grown = hashChildren(p, grown);
      if (s.inside) old = hashChildren(p, old);
    }
  });
  if (!sameHash(old, root1)) return fail('Der Beweis passt nicht zur alten Wurzel');
  if (!sameHash(grown, root2)) return fail('Der Beweis passt nicht zur neuen Wurzel');
  return OK;
}
