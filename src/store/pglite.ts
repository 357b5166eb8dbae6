import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Sql } from './db.ts';

/**
 * Embedded PostgreSQL (WASM). One instance serves one process; PGlite runs one statement
 * at a time and its transaction() holds the instance, so no interleaving can happen.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const wrap = (q: Pick<PGlite, 'query'>): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async queryArrays<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[], { rowMode: 'array' });
      return r.rows;
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    queryArrays: base.queryArrays,
    async exec(text) {
      await pg.exec(text);
    },
    async transaction(fn) {
      return pg.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
