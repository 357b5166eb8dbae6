import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Test support only (not exported from index.ts): the database every `*.db.test.ts` runs against. */
export const PG_ADMIN_URL = process.env.AMTSKLAR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export type StoreKind = 'pglite' | 'postgres';
export const STORES: StoreKind[] = process.env.AMTSKLAR_TEST_STORES ? (process.env.AMTSKLAR_TEST_STORES.split(',') as StoreKind[]) : ['pglite', 'postgres'];

/** A fresh database: PGlite in memory, or `amtsklar_t_<random>` on the server (dropped by `drop`). */
export async function testDatabase(kind: StoreKind, poolSize = 4): Promise<{ db: Db; url: string | null; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, url: null, drop: () => db.close() };
  }
  const name = `amtsklar_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(PG_ADMIN_URL, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await openPostgres(url, poolSize);
  return {
    db,
    url,
    async drop() {
      await db.close().catch(() => undefined);
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
