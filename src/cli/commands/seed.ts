import type { Command } from 'commander';
import { configFromEnv, installedEngine } from '../../server/index.ts';
import { defaultDataDir, migrate, openLedger, openStore } from '../../store/index.ts';
import { describeAccounts, seedMusterstadt } from '../../seed/index.ts';
import { accountsFile } from './serve.ts';

/** `amtsklar seed`: the demo municipality Musterstadt, only into an empty store. */
export function register(program: Command): void {
  program
    .command('seed')
    .description('Legt die Demo-Gemeinde Musterstadt mit Beispielfällen an (nur in eine leere Datenbank)')
    .action(async () => {
      const env = configFromEnv();
      const store = env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() };
      const db = await openStore(store);
      try {
        await migrate(db);
        const r = await seedMusterstadt(db, installedEngine(), accountsFile(store.dataDir));
        if (r.seeded) {
          // the seeded cases into the log, under a signed root (as `serve` does)
          const ledger = openLedger(db);
          await ledger.catchUp();
          await ledger.publishCheckpoint();
        }
        console.log(r.seeded ? `Musterstadt angelegt: ${r.cases} Fälle.` : 'Die Datenbank enthält schon Daten; nichts angelegt.');
        const text = describeAccounts(accountsFile(store.dataDir), env.server.publicUrl ?? 'http://localhost:3000');
        if (text) console.log(text);
      } finally {
        await db.close();
      }
    });
}
