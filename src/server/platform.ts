import type { FastifyInstance } from 'fastify';
import { CaseService, RecalcService, engineAdapter, type CaseEventListener, type RuleEngine } from '../cases/index.ts';
import { loadInstalledPacks, resolvePack } from '../pack-files/index.ts';
import { caseDrafter } from '../drafting/index.ts';
import { discretionOptionLabels, explain, type Decision } from '../engine/index.ts';
import { createOidcClient, type OidcConfig } from '../auth/index.ts';
import { openQueue, startWorker, type Queue, type Worker } from '../jobs/index.ts';
import { caseKeys, caseStore, migrate, openLedger, openStore, sealedSalts, sealLegacyCases, type CaseKeys, type Db, type Ledger, type StoreConfig } from '../store/index.ts';
import { buildServer, type BuildOptions } from './app.ts';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from './context.ts';

/**
 * One process of the platform: store (migrated), queue, use cases, and optionally the
 * HTTP server and a worker. `amtsklar serve` runs both, `serve --no-worker` only the API,
 * `amtsklar worker` only the worker; any number of them can share one PostgreSQL.
 */
export interface PlatformOptions {
  store: StoreConfig;
  engine: RuleEngine;
  server?: Partial<ServerConfig>;
  oidc?: OidcConfig;
  http?: boolean;
  worker?: boolean;
  sweepEveryMs?: number;
  logger?: BuildOptions['logger'];
  listeners?: CaseEventListener[];
  /** Use an already open database (tests share one PGlite). */
  db?: Db;
  /** Case keys under a given master key ring; by default from AMTSKLAR_MASTER_KEYS (or the data folder's key). */
  keys?: CaseKeys;
}

export interface Platform {
  db: Db;
  keys: CaseKeys;
  ledger: Ledger;
  queue: Queue;
  cases: CaseService;
  recalc: RecalcService;
  app: FastifyInstance | null;
  worker: Worker | null;
  close(): Promise<void>;
}

export async function openPlatform(o: PlatformOptions): Promise<Platform> {
  // The master keys are configuration: a malformed one is refused before the database is touched.
  const keys: CaseKeys = o.keys ?? caseKeys();
  const db = o.db ?? (await openStore(o.store));
  try {
    await migrate(db);
    // Refuse to start with a missing or wrong master key rather than fail case by case later.
    await keys.check(db);
    await sealLegacyCases(db, keys);
  } catch (e) {
    if (!o.db) await db.close();
    throw e;
  }
  const ledger = openLedger(db, process.env, { salts: sealedSalts(keys) });
  const queue = await openQueue(db);
  const store = caseStore(db, (tx, job) => queue.enqueue(tx, job), keys);
  const cases = new CaseService({ store, engine: o.engine, listeners: [...(o.listeners ?? [])], drafter: caseDrafter({ berechnung: caseworkerBerechnung, discretionOptions: packDiscretionOptions }) });
  const recalc = new RecalcService(store, o.engine, { listeners: [...(o.listeners ?? [])] });
  const config: ServerConfig = { ...DEFAULT_SERVER_CONFIG, ...(o.server ?? {}) };
  const oidc = o.oidc ? await createOidcClient(o.oidc) : null;
  const app = o.http === false ? null : await buildServer({ db, keys, ledger, cases, recalc, queue, oidc, config }, { logger: o.logger ?? true });
  const worker = o.worker === false ? null : await startWorker({ db, ledger, keys, queue, cases, recalc, sweepEveryMs: o.sweepEveryMs ?? 60_000 });
  return {
    db,
    keys,
    ledger,
    queue,
    cases,
    recalc,
    app,
    worker,
    async close() {
      if (app) await app.close();
      if (worker) await worker.stop();
      await queue.stop();
      if (!o.db) await db.close();
    },
  };
}

/** The engine's complete Berechnung for a Bescheid, when the decision's pack release is installed. */
function caseworkerBerechnung(d: { pack: string; packVersion: string }) {
  try {
    const pack = resolvePack(d.pack);
    return pack.release === d.packVersion ? explain(pack, d as unknown as Decision, 'caseworker') : undefined;
  } catch {
    return undefined;
  }
}

/** The labels of the decision's pack's discretion options, so the Bescheid names the choice in words. */
function packDiscretionOptions(d: { pack: string }) {
  try {
    return discretionOptionLabels(resolvePack(d.pack));
  } catch {
    return undefined;
  }
}

/** Settings from the environment (12-factor); nothing secret has a default. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): { store: StoreConfig; server: Partial<ServerConfig>; oidc?: OidcConfig } {
  const server: Partial<ServerConfig> = {};
  if (env.AMTSKLAR_MUNICIPALITY) server.defaultMunicipality = env.AMTSKLAR_MUNICIPALITY;
  if (env.AMTSKLAR_RATE_LIMIT) server.rateLimitPerMinute = Number(env.AMTSKLAR_RATE_LIMIT);
  if (env.AMTSKLAR_LOGIN_RATE_LIMIT) server.loginPerMinute = Number(env.AMTSKLAR_LOGIN_RATE_LIMIT);
  if (env.AMTSKLAR_PUBLIC_URL) server.publicUrl = env.AMTSKLAR_PUBLIC_URL;
  if (env.AMTSKLAR_SECURE_COOKIES) server.secureCookies = env.AMTSKLAR_SECURE_COOKIES === 'true';
  if (env.LOG_LEVEL) server.logLevel = env.LOG_LEVEL;
  const store: StoreConfig = { ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}), ...(env.AMTSKLAR_DATA_DIR ? { dataDir: env.AMTSKLAR_DATA_DIR } : {}) };
  if (env.AMTSKLAR_DB_POOL) store.poolSize = Number(env.AMTSKLAR_DB_POOL);
  const out: ReturnType<typeof configFromEnv> = { store, server };
  if (env.AMTSKLAR_OIDC_ISSUER && env.AMTSKLAR_OIDC_CLIENT_ID && env.AMTSKLAR_OIDC_CLIENT_SECRET) {
    out.oidc = {
      issuer: env.AMTSKLAR_OIDC_ISSUER,
      clientId: env.AMTSKLAR_OIDC_CLIENT_ID,
      clientSecret: env.AMTSKLAR_OIDC_CLIENT_SECRET,
      redirectUri: `${server.publicUrl ?? DEFAULT_SERVER_CONFIG.publicUrl}/api/auth/oidc/callback`,
      allowHttp: env.AMTSKLAR_OIDC_ALLOW_HTTP === 'true',
    };
  }
  return out;
}

/** The rule engine over the packs installed in packs/ (or AMTSKLAR_PACKS_DIR, e.g. a new release under test). */
export function installedEngine(root = process.env.AMTSKLAR_PACKS_DIR): RuleEngine {
  return engineAdapter(root ? loadInstalledPacks(root) : loadInstalledPacks());
}
