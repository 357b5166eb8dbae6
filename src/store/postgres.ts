import pg from 'pg';
import { invalidInput } from '../common/index.ts';
import { preparedName, type Db, type Sql } from './db.ts';

/** A PostgreSQL server through a pg pool; several processes may share one database. */
export async function openPostgres(connectionString: string, max = 10): Promise<Db> {
  const shown = redacted(connectionString);
  const pool = new pg.Pool({ connectionString, max, application_name: 'amtsklar' });
  // An idle client's network error must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw connectionProblem(e, shown);
  }
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
        const name = preparedName(text);
        const r = await run(() => (name ? c.query({ name, text, values: params as unknown[] }) : c.query(text, params as unknown[])));
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

/** The connection string as it may be shown: without the password. */
function redacted(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw invalidInput('DATABASE_URL', 'keine gültige Adresse; erwartet wird postgres://benutzer@host:5432/datenbank');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:' && url.protocol !== 'socket:') throw invalidInput('DATABASE_URL', `Schema „${url.protocol}“ wird nicht unterstützt; erwartet wird postgres://benutzer@host:5432/datenbank`);
  if (url.password) url.password = '***';
  return url.toString();
}

/** An operator's mistake in DATABASE_URL, or a server that is down, in German; anything else as it is. */
function connectionProblem(e: unknown, shown: string): unknown {
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return invalidInput('DATABASE_URL', `Der PostgreSQL-Server unter ${shown} nimmt keine Verbindungen an (läuft er, stimmt der Port?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return invalidInput('DATABASE_URL', `Den Rechner aus ${shown} gibt es nicht (Tippfehler im Hostnamen?)`);
    case 'ETIMEDOUT':
      return invalidInput('DATABASE_URL', `Der PostgreSQL-Server unter ${shown} antwortet nicht`);
    case '3D000':
      return invalidInput('DATABASE_URL', `Die Datenbank aus ${shown} gibt es auf dem Server nicht; bitte anlegen (createdb) oder den Namen prüfen`);
    case '28P01':
    case '28000':
      return invalidInput('DATABASE_URL', `Anmeldung an ${shown} abgelehnt: Benutzer oder Passwort falsch, oder der Zugang ist nicht erlaubt (pg_hba.conf)`);
    default:
      return e;
  }
}
