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

const PREPARED = new Map<string, string>();

/**
 * Marks a statement that runs on every request (a submission's read and write). The PostgreSQL
 * adapter prepares it once per connection under a name and from then on only binds and executes
 * it: parsing and planning the submission's statement each time was a quarter of the database's
 * work per submission. Only for fixed statement texts — every text marked stays prepared on every
 * connection for the process's lifetime. PGlite runs the text as before.
 */
export function prepared(text: string): string {
  if (!PREPARED.has(text)) PREPARED.set(text, `amtsklar_${PREPARED.size + 1}`);
  return text;
}

/** The name under which a statement marked with `prepared` is kept, or undefined. */
export function preparedName(text: string): string | undefined {
  return PREPARED.get(text);
}
