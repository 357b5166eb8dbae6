/**
 * The one database port of the edge: PostgreSQL dialect on both stores (embedded PGlite
 * by default, a PostgreSQL server via DATABASE_URL). Repositories and the job queue
 * talk only to this interface, so every SQL statement runs unchanged on both.
 */
export type Row = Record<string, unknown>;

export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The same, each row as an array of its columns: no object per row, for reads of many rows. */
  queryArrays<T extends unknown[] = unknown[]>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs fn in one transaction; everything fn does through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
