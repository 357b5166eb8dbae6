import { CompactRange } from './compact.ts';
import { hashLeaf, sameHash, toBase64, toHex, type Hash } from './hash.ts';
import type { LeafRecord, LedgerStorage, StoredNode } from './storage.ts';
import { completedNodes, type NodeId } from './tree.ts';

/** One thing a full re-check found wrong, said in German with where it is. */
export interface AuditFinding {
  /** "Eintrag 17", "Teilbaum 3/5", "Prüfpunkt bei 120 Einträgen", … */
  where: string;
  message: string;
}

export interface CheckpointRoot {
  size: number;
  root: Hash;
}

/**
 * Re-derives the whole tree from the leaf bytes, in order: every leaf hash from its data,
 * every inner node, and the root at every checkpoint size. Fed in chunks, so a log of
 * millions of entries is checked in constant memory.
 */
export class LogAudit {
  readonly findings: AuditFinding[] = [];
  private readonly range = new CompactRange();
  private readonly checkpoints: CheckpointRoot[];
  private nextCheckpoint = 0;

  constructor(checkpoints: readonly CheckpointRoot[]) {
    this.checkpoints = [...checkpoints].sort((a, b) => a.size - b.size);
    while (this.checkpoints[this.nextCheckpoint]?.size === 0) this.nextCheckpoint++;
  }

  get size(): number {
    return this.range.size;
  }

  /** Adds the next leaves; returns the inner nodes they complete, for comparison with the store. */
  addLeaves(leaves: readonly LeafRecord[]): StoredNode[] {
    const inner: StoredNode[] = [];
    for (const leaf of leaves) {
      if (leaf.index !== this.range.size) {
        this.findings.push({ where: `Eintrag ${this.range.size}`, message: `fehlt; als Nächstes steht Eintrag ${leaf.index} im Protokoll` });
        throw new Error('Lücke im Protokoll');
      }
      const computed = hashLeaf(leaf.text ?? leaf.data);
      if (!sameHash(computed, leaf.hash)) {
        this.findings.push({ where: `Eintrag ${leaf.index}`, message: `gespeicherter Blatt-Hash ${toHex(leaf.hash).slice(0, 16)}… passt nicht zum Inhalt (${toHex(computed).slice(0, 16)}…)` });
      }
      const done = this.range.push(computed);
      for (let k = 1; k < done.length; k++) inner.push(done[k]!);
      const cp = this.checkpoints[this.nextCheckpoint];
      if (cp && cp.size === this.range.size) {
        const root = this.range.root();
        for (; this.checkpoints[this.nextCheckpoint]?.size === this.range.size; this.nextCheckpoint++) {
          const c = this.checkpoints[this.nextCheckpoint]!;
          if (!sameHash(root, c.root)) {
            this.findings.push({ where: `Prüfpunkt bei ${c.size} Einträgen`, message: `signierte Wurzel ${toBase64(c.root)} passt nicht zu den gespeicherten Einträgen (${toBase64(root)})` });
          }
        }
      }
    }
    return inner;
  }

  /** Compares recomputed inner nodes with what the store holds (undefined = missing). */
  compareNodes(computed: readonly StoredNode[], stored: readonly (Hash | undefined)[]): void {
    computed.forEach((n, i) => {
      const s = stored[i];
      if (s && sameHash(s, n.hash)) return;
      const where = `Teilbaum ${n.id.level}/${n.id.index}`;
      if (!s) this.findings.push({ where, message: 'fehlt im Speicher' });
      else this.findings.push({ where, message: 'gespeicherter Hash passt nicht zu den Einträgen; Beweise daraus wären falsch' });
    });
  }

  /** Closes the check: the stored size and checkpoints beyond the data. */
  finish(storedSize: number): AuditFinding[] {
    if (storedSize !== this.range.size) {
      this.findings.push({ where: 'Protokollkopf', message: `nennt ${storedSize} Einträge, gespeichert sind ${this.range.size}` });
    }
    for (const c of this.checkpoints.slice(this.nextCheckpoint)) {
      this.findings.push({ where: `Prüfpunkt bei ${c.size} Einträgen`, message: `das Protokoll hat nur ${this.range.size} Einträge; signierte Einträge fehlen` });
    }
    return this.findings;
  }

  root(): Hash {
    return this.range.root();
  }
}

interface Chunk {
  start: number;
  end: number;
  leaves: Promise<LeafRecord[]>;
  /** The stored hashes of the nodes the chunk completes, asked for before they are computed. */
  ids: NodeId[];
  nodes: Promise<Hash[]>;
}

/**
 * Full re-check through the storage port. `onLeaf` sees every leaf (to compare entries with
 * the records they cover). Returns every finding; an empty list means the log is intact.
 *
 * The next chunk's leaves and stored nodes are asked for before the current chunk is hashed,
 * so the store reads while the check computes.
 */
export async function auditLog(
  storage: LedgerStorage,
  checkpoints: readonly CheckpointRoot[],
  opts: { chunk?: number; onLeaf?: (leaf: LeafRecord) => void | Promise<void> } = {},
): Promise<AuditFinding[]> {
  const audit = new LogAudit(checkpoints);
  const size = await storage.treeSize();
  const chunk = opts.chunk ?? 10_000;
  // The one chunk read ahead; it may never be used (the check stops at a gap), so it is
  // settled before returning and its failure is not left unhandled.
  let ahead: Promise<unknown> = Promise.resolve();
  const request = (start: number): Chunk | undefined => {
    if (start >= size) return undefined;
    const end = Math.min(size, start + chunk);
    const ids = completedNodes(start, end);
    const c: Chunk = { start, end, leaves: storage.readLeaves(start, end), ids, nodes: ids.length ? storage.readNodes(ids) : Promise.resolve([]) };
    ahead = Promise.all([c.leaves.catch(() => undefined), c.nodes.catch(() => undefined)]);
    return c;
  };
  try {
    for (let c = request(0); c; ) {
      const leaves = await c.leaves;
      const next = request(c.end);
      const inner = audit.addLeaves(leaves);
      if (leaves.length < c.end - c.start) {
        audit.findings.push({ where: `Eintrag ${audit.size}`, message: 'fehlt im Speicher' });
        break;
      }
      // Awaited only when it returns a promise: a million awaits of nothing cost as much as their checks.
      if (opts.onLeaf) {
        for (const l of leaves) {
          const r = opts.onLeaf(l);
          if (r) await r;
        }
      }
      audit.compareNodes(inner, await storedNodes(storage, c, inner));
      c = next;
    }
  } catch (e) {
    if (audit.findings.length === 0) throw e;
  } finally {
    await ahead;
  }
  return audit.finish(size);
}

/** The stored hashes for `inner`, one by one where the batch read failed (to name what is missing). */
async function storedNodes(storage: LedgerStorage, c: Chunk, inner: readonly StoredNode[]): Promise<(Hash | undefined)[]> {
  const asked = inner.length === c.ids.length && inner.every((n, i) => n.id.level === c.ids[i]!.level && n.id.index === c.ids[i]!.index);
  try {
    if (asked) return await c.nodes;
    return inner.length ? await storage.readNodes(inner.map((n) => n.id)) : [];
  } catch {
    return Promise.all(inner.map((n) => storage.readNodes([n.id]).then((h) => h[0], () => undefined)));
  }
}
