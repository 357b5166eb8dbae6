import type { Command } from 'commander';
import { invalidInput } from '../../common/index.ts';
import { configFromEnv, installedEngine, openPlatform } from '../../server/index.ts';
import { defaultDataDir } from '../../store/index.ts';

/** `amtsklar worker`: only the background jobs (drafting, recalculation, reminders, retention). */
export function register(program: Command): void {
  program
    .command('worker')
    .description('Startet nur die Hintergrundaufträge (mehrere Prozesse gegen eine PostgreSQL möglich)')
    .option('--sweep-seconds <s>', 'wie oft Fristen und Aufbewahrung geprüft werden', '60')
    .action(async (opts: { sweepSeconds: string }) => {
      const sweepSeconds = Number(opts.sweepSeconds);
      // a zero, negative or unreadable interval would mean no deadline checks, or one per millisecond
      if (!/^\d+(\.\d+)?$/.test(opts.sweepSeconds) || !(sweepSeconds >= 1)) throw invalidInput('--sweep-seconds', `„${opts.sweepSeconds}“ ist keine Anzahl Sekunden ab 1`);
      const env = configFromEnv();
      const store = env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() };
      const p = await openPlatform({ store, engine: installedEngine(), http: false, worker: true, sweepEveryMs: sweepSeconds * 1000 });
      console.log(`Amtsklar-Worker ${p.worker!.id} läuft.`);
      const stop = async () => {
        await p.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
