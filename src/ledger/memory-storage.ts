import type { Hash } from './hash.ts';
import type { LeafRecord, LedgerAppender, LedgerStorage, StoredNode } from './storage.ts';
import type { NodeId } from './tree.ts';

/**
 * The log in memory: for a witness's or a verifier's own copy, tests and benchmarks.
 * Appends are serialised through a promise chain, so it keeps the port's one-writer rule.
 */
export class MemoryLedgerStorage implements LedgerStorage {
  private readonly levels: Hash[][] = [];
  private readonly leafData: Uint8Array[] = [];
  private size = 0;
  private queue: Promise<unknown> = Promise.resolve();

  async treeSize(): Promise<number> {
    return this.size;
  }

  async readNodes(ids: readonly NodeId[]): Promise<Hash[]> {
    return ids.map((id) => {
      const h = this.levels[id.level]?.[id.index];
      if (!h || (id.index + 1) * 2 ** id.level > this.size) throw new Error(`Teilbaum ${id.level}/${id.index} ist nicht gespeichert`);
      return h;
    });
  }

  async readLeaves(start: number, end: number): Promise<LeafRecord[]> {
    const out: LeafRecord[] = [];
    for (let i = start; i < Math.min(end, this.size); i++) out.push({ index: i, data: this.leafData[i]!, hash: this.levels[0]![i]! });
    return out;
  }

  append<T>(fn: (tx: LedgerAppender) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.transact(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transact<T>(fn: (tx: LedgerAppender) => Promise<T>): Promise<T> {
    const staged = new Map<string, Hash>();
    const stagedLeaves: LeafRecord[] = [];
    let stagedSize = this.size;
    const tx: LedgerAppender = {
      treeSize: async () => stagedSize,
      readNodes: async (ids) => {
        const missing = ids.filter((id) => !staged.has(`${id.level}/${id.index}`));
        const committed = new Map(missing.map((id, i) => [id, i]));
        const found = missing.length ? await this.readNodes(missing) : [];
        return ids.map((id) => staged.get(`${id.level}/${id.index}`) ?? found[committed.get(id)!]!);
      },
      write: async (leaves: readonly LeafRecord[], nodes: readonly StoredNode[]) => {
        if (leaves[0] && leaves[0].index !== stagedSize) throw new Error('Einträge müssen lückenlos angehängt werden');
        for (const l of leaves) {
          stagedLeaves.push(l);
          staged.set(`0/${l.index}`, l.hash);
        }
        for (const n of nodes) staged.set(`${n.id.level}/${n.id.index}`, n.hash);
        stagedSize += leaves.length;
      },
    };
    const out = await fn(tx);
    // Commit only after fn succeeded: all or nothing.
    for (const l of stagedLeaves) this.leafData[l.index] = l.data;
    for (const [key, hash] of staged) {
      const [level, index] = key.split('/').map(Number) as [number, number];
      (this.levels[level] ??= [])[index] = hash;
    }
    this.size = stagedSize;
    return out;
  }
}
