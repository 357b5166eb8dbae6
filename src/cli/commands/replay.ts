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
      const decision = (record && typeof record === 'object' && 'decision' in record ? record.decision : record) as { pack?: string; packHash?: string; receipt?: { packHash?: string } } | null;
      if (!decision || typeof decision !== 'object') throw new AmtsklarError('invalid_input', `${file}: keine Entscheidung oder Quittung`, [{ path: '$', message: 'Objekt erwartet' }]);
      const hash = decision.packHash ?? decision.receipt?.packHash;
      const byHash = hash && !opts.pack ? loadInstalledPacks().byHash(hash) : undefined;
      const packRef = opts.pack ?? decision.pack;
      if (!byHash && !packRef) {
        throw new AmtsklarError('invalid_input', `${file}: Regelwerk unbekannt – kein installiertes Regelwerk hat den packHash ${hash ?? '(fehlt)'}; mit --pack angeben`, [{ path: '$.packHash', message: 'kein passendes Regelwerk' }]);
      }
      const pack = byHash ?? resolvePack(packRef!);
      const result = replay(pack, record, opts.input ? readJson(opts.input) : undefined);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.identical && result.recordIntact) {
        process.stdout.write(`Bestätigt: identischer resultHash ${result.replayedResultHash}\n`);
      } else {
        const sameHash = result.replayedResultHash === result.recordedResultHash;
        if (sameHash && !result.traceMatches) process.stdout.write(`Abweichung im Rechenweg (resultHash ${result.recordedResultHash} nachgerechnet identisch)\n`);
        else if (!sameHash) process.stdout.write(`Abweichung: aufgezeichnet ${result.recordedResultHash}, nachgerechnet ${result.replayedResultHash}\n`);
        else if (!result.recordIntact) process.stdout.write(`Abweichung: Die Datei wurde verändert – ihre Werte passen nicht zu ihrem resultHash ${result.recordedResultHash} (nachgerechnet: derselbe Hash).\n`);
        if (!result.inputHashMatches) process.stdout.write('Der Antrag ist nicht der, den die Quittung nennt (inputHash verschieden).\n');
        if (!result.labelsMatch) process.stdout.write('Angaben der Datei außerhalb des Ergebnisses (Aktenzeichen, Release, Quittung) passen nicht zur Nachrechnung – die Datei wurde verändert.\n');
        // with another law the Rechenweg differs without any edit: say which of the two it is
        if (!result.traceMatches)
          process.stdout.write(result.packHashMatches ? 'Der Rechenweg in der Datei ist nicht der, den das Regelwerk ergibt – die Datei wurde verändert.\n' : 'Der Rechenweg in der Datei ist nicht der, den das heutige Regelwerk ergibt: das Regelwerk wurde seitdem geändert.\n');
        if (!result.packHashMatches) process.stdout.write(`Regelwerk geändert: aufgezeichnet ${result.recordedPackHash}, jetzt ${result.currentPackHash}\n`);
        if (!result.identical && !result.recordIntact) process.stdout.write('Die Werte in der Datei passen außerdem nicht zu ihrem resultHash – die Datei wurde verändert.\n');
        for (const d of result.differences) process.stdout.write(`  ${d.field}: aufgezeichnet ${JSON.stringify(d.recorded)}, jetzt ${JSON.stringify(d.now)}\n`);
      }
      if (!result.identical || !result.recordIntact) throw new ExitStatus(1);
    });
}
