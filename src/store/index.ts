import { join } from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Db, Row, Sql } from './db.ts';
export { migrate, readMigrations, splitStatements, MIGRATIONS_DIR, type Migration } from './migrate.ts';
export { caseStore, SqlCaseUnitOfWork, recordAccess, isUuid, type Enqueue } from './case-repository.ts';
export * from './users.ts';
export * from './queries.ts';
export { openPglite, openPostgres };
export * from './ledger-public.ts';
export * from './governance-public.ts';
export * from './case-data-public.ts';
export * from './fairness-public.ts';
export * from './participation-public.ts';
export { AssistantStore, type FeedbackRow } from './assistant-store.ts';

export interface StoreConfig {
  /** postgres://… switches from the embedded store to a PostgreSQL server. */
  databaseUrl?: string;
  /** PGlite data folder; absent (and no URL) means in memory. */
  dataDir?: string;
  poolSize?: number;
}

export function defaultDataDir(root = process.cwd()): string {
  return join(root, 'var', 'data');
}

export async function openStore(cfg: StoreConfig): Promise<Db> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl, cfg.poolSize ?? 10);
  return openPglite(cfg.dataDir);
}
