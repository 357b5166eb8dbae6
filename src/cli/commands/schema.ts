import type { Command } from 'commander';
import { resolvePack } from '../../pack-files/index.ts';

/**
 * The application format of a pack as JSON Schema (draft 2020-12), generated from its inputs.yaml:
 * what `decide` and `simulate` accept, with the German question and legal reference of every field.
 */
export function register(program: Command): void {
  program
    .command('schema')
    .description('Zeigt das Eingabeformat (JSON Schema) eines Regelwerks mit Frage und Rechtsgrundlage je Feld')
    .argument('<pack>', 'Regelwerk (Kennung oder Verzeichnis)')
    .action((ref: string) => {
      process.stdout.write(`${JSON.stringify(resolvePack(ref).inputSchema, null, 2)}\n`);
    });
}
