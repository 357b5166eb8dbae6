import type { Command } from 'commander';
import { whatIf } from '../../engine/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { readJson } from '../io.ts';

export function register(program: Command): void {
  program
    .command('what-if')
    .description('Ab welchem Wert ändert sich das Ergebnis? (z. B. „Bis zu welchem Einkommen bestünde ein Anspruch?“)')
    .argument('<pack>', 'Regelwerk')
    .requiredOption('--input <file>', 'Antrag als JSON')
    .requiredOption('--path <jsonpath>', 'Zahl-Eingabe, z. B. $.haushaltsmitglieder[0].einkuenfte[0].brutto_monat')
    .option('--output <name>', 'beobachtetes Ergebnis (Standard: Hauptergebnis des Regelwerks)')
    .option('--json', 'Ergebnis als JSON')
    .action((packRef: string, opts: { input: string; path: string; output?: string; json?: boolean }) => {
      const pack = resolvePack(packRef);
      const result = whatIf(pack, readJson(opts.input), { path: opts.path, ...(opts.output ? { output: opts.output } : {}) });
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${result.sentences.join('\n') || 'Im untersuchten Bereich ändert sich das Ergebnis nicht.'}\n`);
    });
}
