import type { Command } from 'commander';
import { configFromEnv } from '../../server/index.ts';
import { defaultDataDir, migrate, openStore } from '../../store/index.ts';

/** `amtsklar migrate`: applies every migration not yet applied (also done by serve and worker). */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('Spielt alle noch fehlenden Datenbank-Migrationen ein')
    .action(async () => {
      const env = configFromEnv();
      const db = await openStore(env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() });
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `Eingespielt: ${applied.join(', ')}` : 'Die Datenbank ist auf dem neuesten Stand.');
      } finally {
        await db.close();
      }
    });
}
