import pg from 'pg';
import type { Db, Sql } from './db.ts';

/** A PostgreSQL server through a pg pool; several processes may share one database. */
export async function openPostgres(connectionString: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max, application_name: 'amtsklar' });
  // An idle client's network error must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const wrap = (c: pg.Pool | pg.PoolClient): Sql => {
    // A transaction's client runs one statement at a time; statements asked for while one runs
    // (a read issued ahead) wait here instead of in pg's deprecated internal queue.
    let tail: Promise<unknown> = Promise.resolve();
    const run = <R>(send: () => Promise<R>): Promise<R> => {
      if (c instanceof pg.Pool) return send();
      const p = tail.then(send);
      tail = p.catch(() => undefined);
      return p;
    };
    return {
      async query<T>(text: string, params: readonly unknown[] = []) {
        const r = await run(() => c.query(text, params as unknown[]));
        return r.rows as T[];
      },
      async queryArrays<T>(text: string, params: readonly unknown[] = []) {
        const r = await run(() => c.query({ text, values: params as unknown[], rowMode: 'array' }));
        return r.rows as T[];
      },
    };
  };
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    queryArrays: base.queryArrays,
    async exec(text) {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
