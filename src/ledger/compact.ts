import { EMPTY_ROOT, hashChildren, type Hash } from './hash.ts';
import type { StoredNode } from './storage.ts';
import { perfectNodes } from './tree.ts';

/**
 * The right frontier of a growing tree: the perfect subtrees that cover [0, size), largest
 * first. Appending a leaf merges equal-level neighbours and reports each subtree it
 * completes — what the store keeps, and what a full verification compares with the store.
 */
export class CompactRange {
  private readonly stack: StoredNode[];
  private n: number;

  constructor(size = 0, frontier: readonly Hash[] = []) {
    const ids = perfectNodes(0, size);
    if (ids.length !== frontier.length) throw new RangeError('Die Randknoten passen nicht zur Baumgröße');
    this.stack = ids.map((id, i) => ({ id, hash: frontier[i]! }));
    this.n = size;
  }

  get size(): number {
    return this.n;
  }

  /** Adds a leaf hash; returns the leaf node and every inner node it completes. */
  push(leafHash: Hash): StoredNode[] {
    const done: StoredNode[] = [{ id: { level: 0, index: this.n }, hash: leafHash }];
    this.stack.push(done[0]!);
    this.n++;
    while (this.stack.length >= 2) {
      const right = this.stack[this.stack.length - 1]!;
      const left = this.stack[this.stack.length - 2]!;
      if (left.id.level !== right.id.level) break;
      this.stack.length -= 2;
      const parent: StoredNode = { id: { level: left.id.level + 1, index: left.id.index / 2 }, hash: hashChildren(left.hash, right.hash) };
      done.push(parent);
      this.stack.push(parent);
    }
    return done;
  }

  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let h = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) h = hashChildren(this.stack[i]!.hash, h);
    return h;
  }
}
