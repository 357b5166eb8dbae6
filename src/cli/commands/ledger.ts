import type { Command } from 'commander';
import { generateKey, SIG_COSIGNATURE_V1, SIG_ED25519 } from '../../ledger/index.ts';
import { configFromEnv } from '../../server/index.ts';
import { caseKeys, defaultDataDir, migrate, openLedger, openStore } from '../../store/index.ts';
import { ExitStatus } from '../run.ts';

async function withLedger<T>(fn: (l: ReturnType<typeof openLedger>) => Promise<T>): Promise<T> {
  const env = configFromEnv();
  const db = await openStore(env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() });
  try {
    await migrate(db);
    // The commitment salts are sealed under the case keys: a missing master key is named first.
    await caseKeys().check(db);
    return await fn(openLedger(db));
  } finally {
    await db.close();
  }
}

export function register(program: Command): void {
  const ledger = program.command('ledger').description('Das manipulationssichere Protokoll (RFC 9162, C2SP-Prüfpunkte)');
  ledger
    .command('verify')
    .description('Prüft das ganze Protokoll aus der Datenbank: jeden Eintrag, jeden Teilbaum, jeden Prüfpunkt und jede abgedeckte Zeile')
    .option('--json', 'Befunde als JSON')
    .action(async (opts: { json?: boolean }) => {
      const started = Date.now();
      const { findings, size } = await withLedger(async (l) => ({ findings: await l.verify(), size: await l.storage.treeSize() }));
      if (opts.json) process.stdout.write(`${JSON.stringify({ ok: findings.length === 0, size, findings }, null, 2)}\n`);
      else if (findings.length === 0) process.stdout.write(`Protokoll intakt: ${size} Einträge geprüft (${Date.now() - started} ms).\n`);
      else {
        process.stdout.write(`${findings.length} Abweichung(en) in ${size} Einträgen:\n`);
        for (const f of findings) process.stdout.write(`✗ ${f.where}: ${f.message}\n`);
      }
      if (findings.length) throw new ExitStatus(1);
    });
  ledger
    .command('checkpoint')
    .description('Trägt Neues ein und signiert einen Prüfpunkt; gibt ihn aus')
    .action(async () => {
      const note = await withLedger(async (l) => {
        await l.catchUp();
        return (await l.publishCheckpoint()).note;
      });
      process.stdout.write(note);
    });
  ledger
    .command('keygen')
    .description('Erzeugt ein Ed25519-Schlüsselpaar (Protokoll oder Zeuge); der geheime Teil gehört in die Konfiguration')
    .argument('<name>', 'Schlüsselname, z. B. musterstadt.de/amtsklar-protokoll')
    .option('--witness', 'Zeugenschlüssel (cosignature/v1, Typ 0x04)')
    .action((name: string, opts: { witness?: boolean }) => {
      const k = generateKey(name, opts.witness ? SIG_COSIGNATURE_V1 : SIG_ED25519);
      process.stdout.write(`${k.signerKey}\n${k.verifierKey}\n`);
    });
}
