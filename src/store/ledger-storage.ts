import type { Hash, LeafRecord, LedgerAppender, LedgerStorage, NodeId, StoredNode } from '../ledger/index.ts';
import type { Db, Sql } from './db.ts';

/** What the store keeps beside a leaf: the case and the part of it the entry covers. */
export interface LeafMeta {
  entryType: string;
  caseId: string | null;
  covers: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(Buffer.from(String(v).replace(/^\\x/, ''), 'hex')));

// Both drivers accept text arrays the same way; bytea travels as hex and is decoded in SQL.
const INSERT_LEAVES = `INSERT INTO ledger_leaves (idx, data, hash, entry_type, case_id, covers)
  SELECT i, d, decode(h, 'hex'), t, c::uuid, v
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(i, d, h, t, c, v)`;
const INSERT_NODES = `INSERT INTO ledger_nodes (level, idx, hash)
  SELECT l, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS u(l, i, h)`;

/**
 * Stored subtree hashes for the given ids, in one statement. Ids are grouped per level into
 * runs of consecutive indices, each read as an index range scan: a full re-check asks for
 * whole runs, a proof for a few single nodes.
 */
async function readNodesFrom(sql: Sql, ids: readonly NodeId[]): Promise<Hash[]> {
  const runs: { level: number; lo: number; hi: number }[] = [];
  const sorted = [...ids].sort((a, b) => a.level - b.level || a.index - b.index);
  for (const id of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.level === id.level && id.index <= last.hi + 1) last.hi = Math.max(last.hi, id.index);
    else runs.push({ level: id.level, lo: id.index, hi: id.index });
  }
  // ledger_read_nodes (migration 0103): LATERAL index range scans with a cached plan.
  const rows = await sql.queryArrays<[number, string | number, unknown]>('SELECT level, idx, hash FROM ledger_read_nodes($1::smallint[], $2::bigint[], $3::bigint[])', [
    runs.map((r) => r.level),
    runs.map((r) => r.lo),
    runs.map((r) => r.hi),
  ]);
  // Keyed by one number (level < 64): a full re-check looks up about one node per leaf.
  const found = new Map<number, Hash>();
  for (const [level, idx, hash] of rows) found.set(Number(idx) * 64 + level, bytes(hash));
  return ids.map((id) => {
    const h = found.get(id.index * 64 + id.level);
    if (!h) throw new Error(`Teilbaum ${id.level}/${id.index} ist nicht gespeichert`);
    return h;
  });
}

async function sizeFrom(sql: Sql, lock: boolean): Promise<number> {
  const [row] = await sql.query<{ size: string | number }>(`SELECT size FROM ledger_head WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  if (!row) throw new Error('Das Protokoll ist nicht eingerichtet (Migration 0100 fehlt)');
  return Number(row.size);
}

/** The appender inside a transaction holding the head row lock. */
export class PgLedgerAppender implements LedgerAppender {
  /** Metadata for the leaves the next write appends, in order. */
  meta: LeafMeta[] = [];
  private size: number;

  constructor(
    private readonly sql: Sql,
    size: number,
  ) {
    this.size = size;
  }

  async treeSize(): Promise<number> {
    return this.size;
  }

  readNodes(ids: readonly NodeId[]): Promise<Hash[]> {
    return readNodesFrom(this.sql, ids);
  }

  async write(leaves: readonly LeafRecord[], nodes: readonly StoredNode[]): Promise<void> {
    if (leaves[0] && leaves[0].index !== this.size) throw new Error('Einträge müssen lückenlos angehängt werden');
    const meta = this.meta;
    this.meta = [];
    await this.sql.query(INSERT_LEAVES, [
      leaves.map((l) => l.index),
      leaves.map((l) => utf8.decode(l.data)),
      leaves.map((l) => hex(l.hash)),
      leaves.map((_, i) => meta[i]?.entryType ?? 'unknown'),
      leaves.map((_, i) => meta[i]?.caseId ?? null),
      leaves.map((_, i) => meta[i]?.covers ?? null),
    ]);
    if (nodes.length) {
      await this.sql.query(INSERT_NODES, [nodes.map((n) => n.id.level), nodes.map((n) => n.id.index), nodes.map((n) => hex(n.hash))]);
    }
    this.size += leaves.length;
    await this.sql.query('UPDATE ledger_head SET size = $1 WHERE id = 1', [this.size]);
  }
}

/**
 * A leaf as read: the bytes only when asked for (the re-check hashes and reads the text).
 * A class, not a literal with a getter: no closure per leaf. `data` lives on the prototype,
 * so a copy made with spread syntax has none; nothing here copies a read leaf.
 */
class StoredLeaf implements LeafRecord {
  constructor(
    readonly index: number,
    readonly text: string,
    readonly hash: Hash,
  ) {}

  get data(): Uint8Array {
    return Buffer.from(this.text, 'utf8');
  }
}

/**
 * The log in PostgreSQL (PGlite or a server). Appends lock the head row, so concurrent
 * writers in several processes queue up; each batch is one transaction.
 */
export class PgLedgerStorage implements LedgerStorage {
  /** Reads through `sql`; appends in a transaction of `db`, or inside `sql` when that already is one. */
  constructor(
    private readonly sql: Sql,
    private readonly db?: Db,
  ) {}

  treeSize(): Promise<number> {
    return sizeFrom(this.sql, false);
  }

  readNodes(ids: readonly NodeId[]): Promise<Hash[]> {
    return readNodesFrom(this.sql, ids);
  }

  async readLeaves(start: number, end: number): Promise<LeafRecord[]> {
    const rows = await this.sql.queryArrays<[string | number, string, unknown]>('SELECT idx, data, hash FROM ledger_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx', [start, end]);
    const out: LeafRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [idx, text, hash] = rows[i]!;
      out[i] = new StoredLeaf(Number(idx), text, bytes(hash));
    }
    return out;
  }

  append<T>(fn: (tx: PgLedgerAppender) => Promise<T>): Promise<T> {
    return this.db ? this.db.transaction((tx) => appendIn(tx, fn)) : appendIn(this.sql, fn);
  }
}

/** Appends inside a transaction someone else opened (the case's own, for example). */
export async function appendIn<T>(tx: Sql, fn: (a: PgLedgerAppender) => Promise<T>): Promise<T> {
  const size = await sizeFrom(tx, true);
  return fn(new PgLedgerAppender(tx, size));
}
