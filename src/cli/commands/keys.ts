import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { configFromEnv } from '../../server/index.ts';
import { caseKeys, defaultDataDir, migrate, newMasterKeySpec, openStore, sealLegacyCases } from '../../store/index.ts';

async function withKeys<T>(fn: (db: Awaited<ReturnType<typeof openStore>>, keys: ReturnType<typeof caseKeys>) => Promise<T>): Promise<T> {
  const env = configFromEnv();
  const db = await openStore(env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() });
  try {
    await migrate(db);
    return await fn(db, caseKeys());
  } finally {
    await db.close();
  }
}

/**
 * `amtsklar keys`: the master keys that wrap every case's data key (docs/privacy.md).
 * Rotation: put a new key first in AMTSKLAR_MASTER_KEYS (`new:…,old:…`), run `keys rotate`,
 * then remove the old key once `keys status` shows no case under it.
 */
export function register(program: Command): void {
  const keys = program.command('keys').description('Hauptschlüssel der Fallschlüssel (Verschlüsselung personenbezogener Daten)');
  keys
    .command('rotate')
    .description('Verpackt alle Fallschlüssel neu unter dem aktuellen (ersten) Hauptschlüssel aus AMTSKLAR_MASTER_KEYS')
    .action(async () => {
      const r = await withKeys(async (db, k) => {
        // Every old master key must still be configured to unwrap what it wrapped.
        await k.check(db);
        await sealLegacyCases(db, k);
        return k.rotate(db);
      });
      process.stdout.write(`${r.rewrapped} Fallschlüssel neu verpackt unter „${r.current}“.\n`);
    });
  keys
    .command('status')
    .description('Wie viele Fallschlüssel jeder Hauptschlüssel verpackt')
    .action(async () => {
      const rows = await withKeys((db, k) => k.status(db));
      if (rows.length === 0) process.stdout.write('Keine Fallschlüssel gespeichert.\n');
      for (const r of rows) {
        process.stdout.write(`${r.masterKeyId}: ${r.cases} ${r.cases === 1 ? 'Fall' : 'Fälle'}${r.current ? ' (aktuell)' : ''}${r.configured ? '' : ' — NICHT konfiguriert: diese Fälle sind so nicht lesbar'}\n`);
      }
    });
  keys
    .command('new')
    .description('Erzeugt einen neuen Hauptschlüssel im Format id:base64 (für AMTSKLAR_MASTER_KEYS; nicht ins Repository)')
    .argument('<id>', 'Kennung, z. B. 2027-01')
    .action((id: string) => {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
        throw new AmtsklarError('invalid_input', 'Die Kennung des Hauptschlüssels besteht aus A–Z, a–z, 0–9, _ und - (1–64 Zeichen).', [{ path: 'id', message: 'ungültige Kennung' }]);
      }
      process.stdout.write(`${newMasterKeySpec(id)}\n`);
    });
}
