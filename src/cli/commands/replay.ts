import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { replay } from '../../engine/index.ts';
import { loadInstalledPacks, resolvePack } from '../../pack-files/index.ts';
import { readJson } from '../io.ts';
import { ExitStatus } from '../run.ts';

export function register(program: Command): void {
  program
    .command('replay')
    .description('Rechnet eine Entscheidung oder Quittung nach und bestätigt den identischen resultHash')
    .argument('<file>', 'Entscheidung oder Quittung (JSON) mit eingebettetem Antrag')
    .option('--input <file>', 'Antrag, falls die Datei ihn nicht enthält')
    .option('--pack <pack>', 'Regelwerk (Standard: laut Datei)')
    .option('--json', 'Ergebnis als JSON')
    .action((file: string, opts: { input?: string; pack?: string; json?: boolean }) => {
      const record = readJson(file) as Record<string, unknown>;
      const decision = (record && typeof record === 'object' && 'decision' in record ? record.decision : record) as { pack?: string; packHash?: string; receipt?: { packHash?: string } };
      const packRef = opts.pack ?? decision?.pack;
      if (!packRef) throw new AmtsklarError('invalid_input', `${file}: Regelwerk unbekannt (Feld „pack“ fehlt; --pack angeben)`, [{ path: '$.pack', message: 'fehlt' }]);
      const hash = decision.packHash ?? decision.receipt?.packHash;
      const pack = (hash && !opts.pack ? loadInstalledPacks().byHash(hash) : undefined) ?? resolvePack(packRef);
      const result = replay(pack, record, opts.input ? readJson(opts.input) : undefined);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.identical) {
        process.stdout.write(`Bestätigt: identischer resultHash ${result.replayedResultHash}\n`);
        if (!result.recordIntact) process.stdout.write('Achtung: die Werte in der Datei passen nicht zu ihrem resultHash – die Datei wurde verändert.\n');
      } else {
        process.stdout.write(`Abweichung: aufgezeichnet ${result.recordedResultHash}, nachgerechnet ${result.replayedResultHash}\n`);
        if (!result.packHashMatches) process.stdout.write(`Regelwerk geändert: aufgezeichnet ${result.recordedPackHash}, jetzt ${result.currentPackHash}\n`);
        if (!result.recordIntact) process.stdout.write('Die Werte in der Datei passen nicht zu ihrem resultHash – die Datei wurde verändert.\n');
        for (const d of result.differences) process.stdout.write(`  ${d.field}: aufgezeichnet ${JSON.stringify(d.recorded)}, jetzt ${JSON.stringify(d.now)}\n`);
      }
      if (!result.identical || !result.recordIntact) throw new ExitStatus(1);
    });
}
