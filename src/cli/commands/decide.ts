import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { decide, explainText } from '../../engine/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { readJson } from '../io.ts';

const OUTCOME_TEXT = {
  decided: 'entschieden',
  missing_inputs: 'Angaben fehlen',
  needs_human: 'Entscheidung durch einen Menschen erforderlich',
} as const;

export function register(program: Command): void {
  program
    .command('decide')
    .description('Entscheidet einen Antrag nach einem Regelwerk')
    .argument('<pack>', 'Regelwerk (Kennung, z. B. wohngeld, oder Verzeichnis)')
    .requiredOption('--input <file>', 'Antrag als JSON-Datei („-“ liest die Standardeingabe)')
    .option('--json', 'Entscheidung als JSON ausgeben (mit Rechenweg und Quittung)')
    .option('--no-trace', 'ohne Rechenweg (schneller)')
    .option('--fuer <zielgruppe>', 'Erklärung für: buerger, sachbearbeitung, pruefung', 'sachbearbeitung')
    .action((packRef: string, opts: { input: string; json?: boolean; trace: boolean; fuer: string }) => {
      if (!['buerger', 'sachbearbeitung', 'pruefung'].includes(opts.fuer)) {
        throw new AmtsklarError('invalid_input', `Unbekannte Zielgruppe „${opts.fuer}“ (möglich: buerger, sachbearbeitung, pruefung)`, [{ path: '--fuer', message: 'unbekannt' }]);
      }
      const pack = resolvePack(packRef);
      const input = readJson(opts.input);
      const decision = decide(pack, input, { trace: opts.trace });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
        return;
      }
      const audience = opts.fuer === 'buerger' ? 'citizen' : opts.fuer === 'pruefung' ? 'auditor' : 'caseworker';
      if (audience === 'auditor') {
        // JSON for tools, nothing around it
        process.stdout.write(explainText(pack, decision, audience));
        return;
      }
      const lines = [
        `Regelwerk: ${pack.title} (${decision.pack} ${decision.packVersion})`,
        `Stichtag: ${decision.asOf ?? '–'}${decision.aktenzeichen ? ` · Aktenzeichen ${decision.aktenzeichen}` : ''}`,
        `Ergebnis: ${OUTCOME_TEXT[decision.outcome]}`,
        '',
      ];
      process.stdout.write(`${lines.join('\n')}${explainText(pack, decision, audience)}\nQuittung: ${decision.receipt.resultHash}\n`);
    });
}
