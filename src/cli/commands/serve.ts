import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../../common/index.ts';
import { configFromEnv, installedEngine, openPlatform } from '../../server/index.ts';
import { defaultDataDir } from '../../store/index.ts';
import { parsePort } from '../io.ts';
import { describeAccounts, seedMusterstadt } from '../../seed/index.ts';

/** Demo passwords live beside the embedded data folder (var/ by default), never in the repository. */
export function accountsFile(dataDir?: string): string {
  return process.env.AMTSKLAR_ACCOUNTS_FILE ?? join(dataDir ? dirname(dataDir) : join(process.cwd(), 'var'), 'demo-accounts.txt');
}

/**
 * `amtsklar serve`: the HTTP server (and, unless --no-worker, a job worker) on the embedded
 * PGlite in var/data, or on PostgreSQL when DATABASE_URL is set. Migrates, seeds Musterstadt
 * into an empty store, prints the demo accounts.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Startet den Server (Standard: http://localhost:3000, eingebettete Datenbank in var/data)')
    .option('--port <port>', 'Port', process.env.PORT ?? '3000')
    .option('--host <host>', 'Adresse', process.env.HOST ?? '127.0.0.1')
    .option('--no-worker', 'ohne Hintergrundaufträge (dafür „amtsklar worker“ getrennt starten)')
    .option('--no-seed', 'eine leere Datenbank nicht mit der Demo-Gemeinde füllen')
    .action(async (opts: { port: string; host: string; worker: boolean; seed: boolean }) => {
      const port = parsePort(opts.port);
      const env = configFromEnv();
      const store = env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() };
      const engine = installedEngine();
      const server = { publicUrl: `http://localhost:${opts.port}`, ...env.server };
      const p = await openPlatform({ store, engine, server, ...(env.oidc ? { oidc: env.oidc } : {}), worker: opts.worker });
      if (opts.seed) {
        const r = await seedMusterstadt(p.db, engine, accountsFile(store.dataDir));
        if (r.seeded) {
          // the seeded cases into the log, under a signed root: a rewrite of the log from now on
          // no longer matches a checkpoint
          await p.ledger.catchUp();
          await p.ledger.publishCheckpoint();
          console.log(`Demo-Gemeinde Musterstadt angelegt: ${r.cases} Fälle.`);
        }
      }
      try {
        await p.app!.listen({ port, host: opts.host });
      } catch (e) {
        // Without closing, the pool and the job worker would keep a half-started server alive
        // that never answers: an operator (or a supervisor) must see it end at once.
        await p.close();
        throw listenProblem(e, port, opts.host);
      }
      console.log(`Amtsklar läuft auf ${server.publicUrl} (${store.databaseUrl ? 'PostgreSQL' : `PGlite in ${store.dataDir}`}${opts.worker ? ', mit Hintergrundaufträgen' : ''}).`);
      const accounts = describeAccounts(accountsFile(store.dataDir), server.publicUrl);
      if (accounts) console.log(accounts);
      const stop = async () => {
        await p.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}

function listenProblem(e: unknown, port: number, host: string): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'EADDRINUSE') return invalidInput('--port', `Port ${port} an der Adresse ${host} ist bereits belegt (läuft Amtsklar schon?). Bitte einen freien Port wählen.`);
  if (code === 'EACCES') return invalidInput('--port', `Port ${port} darf dieses Benutzerkonto nicht öffnen. Bitte einen Port ab 1024 wählen.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return invalidInput('--host', `Die Adresse ${host} gibt es auf diesem Rechner nicht.`);
  return e;
}
