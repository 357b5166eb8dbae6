import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { decide, explainText, type Decision } from '../../engine/index.ts';
import { loadInstalledPacks, resolvePack } from '../../pack-files/index.ts';
import { readJson } from '../io.ts';

const AUDIENCES = { buerger: 'citizen', sachbearbeitung: 'caseworker', pruefung: 'auditor' } as const;

export function register(program: Command): void {
  program
    .command('explain')
    .description('Erklärt eine Entscheidung für Bürgerinnen und Bürger, die Sachbearbeitung oder die Prüfung')
    .argument('<pack-or-decision>', 'Regelwerk (mit --input) oder eine gespeicherte Entscheidung (JSON-Datei)')
    .option('--input <file>', 'Antrag als JSON, wenn ein Regelwerk angegeben ist')
    .option('--fuer <zielgruppe>', 'buerger, sachbearbeitung oder pruefung', 'buerger')
    .action((ref: string, opts: { input?: string; fuer: string }) => {
      const audience = AUDIENCES[opts.fuer as keyof typeof AUDIENCES];
      if (!audience) throw new AmtsklarError('invalid_input', `Unbekannte Zielgruppe „${opts.fuer}“ (möglich: ${Object.keys(AUDIENCES).join(', ')})`, [{ path: '--fuer', message: 'unbekannt' }]);
      if (opts.input) {
        const pack = resolvePack(ref);
        process.stdout.write(explainText(pack, decide(pack, readJson(opts.input)), audience));
        return;
      }
      const decision = readJson(ref) as Decision;
      if (!decision || typeof decision !== 'object' || typeof decision.pack !== 'string') {
        throw new AmtsklarError('invalid_input', `${ref} ist keine Entscheidung (Feld „pack“ fehlt)`, [{ path: '$.pack', message: 'fehlt' }]);
      }
      const pack = loadInstalledPacks().byHash(decision.packHash) ?? resolvePack(decision.pack);
      process.stdout.write(explainText(pack, decision, audience));
    });
}
