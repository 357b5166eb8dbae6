import type { Hash } from './hash.ts';
import type { NodeId } from './tree.ts';

/** One appended entry: its position, the exact bytes hashed into the leaf, and the leaf hash. */
export interface LeafRecord {
  index: number;
  /** The canonical JSON (RFC 8785) of the entry, as UTF-8 bytes. */
  data: Uint8Array;
  /** The same bytes as text, when the store already holds them decoded (saves decoding them again). */
  text?: string;
  hash: Hash;
}

export interface StoredNode {
  id: NodeId;
  hash: Hash;
}

/** What proofs need: the stored hash of any perfect subtree of the log so far. */
export interface LedgerReader {
  /** Number of leaves appended and committed. */
  treeSize(): Promise<number>;
  /**
   * The hashes of the given perfect subtrees, in the order asked (level 0 = leaf hashes).
   * Must throw when one is not stored: a proof is never made up from a gap.
   */
  readNodes(ids: readonly NodeId[]): Promise<Hash[]>;
}

/** Inside an append: read the frontier, then write the new leaves and the subtrees they complete. */
export interface LedgerAppender extends LedgerReader {
  write(leaves: readonly LeafRecord[], nodes: readonly StoredNode[]): Promise<void>;
}

/**
 * The storage port of the log. An implementation keeps the leaves and every completed
 * perfect subtree hash (about one per leaf), so a proof is O(log n) lookups in one read.
 */
export interface LedgerStorage extends LedgerReader {
  /**
   * Runs fn as the only writer of the log, all or nothing: two concurrent appends never
   * see the same size, and a failure leaves no half-written leaf or node behind.
   */
  append<T>(fn: (tx: LedgerAppender) => Promise<T>): Promise<T>;
  /** The leaves [start, end) in index order. */
  readLeaves(start: number, end: number): Promise<LeafRecord[]>;
}
